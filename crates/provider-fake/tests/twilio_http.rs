//! The fake Twilio API over HTTP: basic auth, 404 rules, pagination, XML.

use std::time::{Duration, Instant};

use ava_provider_fake::{
    AccountStatus, Behaviour, Capabilities, DEMO_TWILIO_ACCOUNT_NAME, DEMO_TWILIO_ACCOUNT_SID,
    DEMO_TWILIO_AUTH_TOKEN, DEMO_TWILIO_SMS_ONLY_NUMBER, DEMO_TWILIO_SUSPENDED_ACCOUNT_SID,
    DEMO_TWILIO_SUSPENDED_AUTH_TOKEN, DEMO_TWILIO_VOICE_NUMBERS, FakeProviders, Provider,
};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const WRONG_TOKEN: &str = "00000000000000000000000000000000";

async fn get(fake: &FakeProviders, path: &str, auth: Option<(&str, &str)>) -> (StatusCode, Value) {
    let mut request = Client::new().get(format!("{}{path}", fake.twilio_url()));
    if let Some((user, password)) = auth {
        request = request.basic_auth(user, Some(password));
    }
    let response = request.send().await.expect("the fake answers");
    let status = response.status();
    let text = response.text().await.expect("a readable body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn authenticate_error() -> Value {
    json!({"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401})
}

fn account_path(sid: &str) -> String {
    format!("/2010-04-01/Accounts/{sid}.json")
}

fn numbers_path(sid: &str) -> String {
    format!("/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json")
}

#[tokio::test]
async fn wrong_or_missing_credentials_answer_20003() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let path = account_path(DEMO_TWILIO_ACCOUNT_SID);
    for auth in [
        None,
        Some((DEMO_TWILIO_ACCOUNT_SID, WRONG_TOKEN)),
        Some((SID, DEMO_TWILIO_AUTH_TOKEN)),
        Some((DEMO_TWILIO_ACCOUNT_SID, "")),
    ] {
        let (status, body) = get(&fake, &path, auth).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(body, authenticate_error());
    }
    let response = Client::new()
        .get(format!("{}{path}", fake.twilio_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["www-authenticate"],
        "Basic realm=\"Twilio API\""
    );
    // A token with stray spaces is another token.
    let padded = format!(" {DEMO_TWILIO_AUTH_TOKEN}");
    let (status, _) = get(&fake, &path, Some((DEMO_TWILIO_ACCOUNT_SID, &padded))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_account_is_fetched_with_its_status_and_token() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let (status, body) = get(
        &fake,
        &account_path(DEMO_TWILIO_ACCOUNT_SID),
        Some((DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_AUTH_TOKEN)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["sid"], DEMO_TWILIO_ACCOUNT_SID);
    assert_eq!(body["friendly_name"], DEMO_TWILIO_ACCOUNT_NAME);
    assert_eq!(body["status"], "active");
    assert_eq!(body["type"], "Full");
    assert_eq!(body["auth_token"], DEMO_TWILIO_AUTH_TOKEN);
    assert_eq!(body["uri"], account_path(DEMO_TWILIO_ACCOUNT_SID));
    assert!(body["date_created"].as_str().unwrap().ends_with("+0000"));
    assert!(body["subresource_uris"]["incoming_phone_numbers"].is_string());
}

#[tokio::test]
async fn another_accounts_sid_is_not_found() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let auth = Some((DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_AUTH_TOKEN));
    for path in [
        account_path(DEMO_TWILIO_SUSPENDED_ACCOUNT_SID),
        numbers_path(DEMO_TWILIO_SUSPENDED_ACCOUNT_SID),
        account_path(SID),
        format!("/2010-04-01/Accounts/{DEMO_TWILIO_ACCOUNT_SID}/Nothing.json"),
        format!("/2010-04-01/Accounts/{DEMO_TWILIO_ACCOUNT_SID}/IncomingPhoneNumbers/PN0.json"),
    ] {
        let (status, body) = get(&fake, &path, auth).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            body,
            json!({
                "code": 20404,
                "message": format!("The requested resource {path} was not found"),
                "more_info": "https://www.twilio.com/docs/errors/20404",
                "status": 404
            })
        );
    }
}

#[tokio::test]
async fn a_suspended_account_reads_its_status_and_nothing_else() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let auth = Some((
        DEMO_TWILIO_SUSPENDED_ACCOUNT_SID,
        DEMO_TWILIO_SUSPENDED_AUTH_TOKEN,
    ));
    let (status, body) = get(
        &fake,
        &account_path(DEMO_TWILIO_SUSPENDED_ACCOUNT_SID),
        auth,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "suspended");
    assert_eq!(body["type"], "Trial");
    let (status, body) = get(
        &fake,
        &numbers_path(DEMO_TWILIO_SUSPENDED_ACCOUNT_SID),
        auth,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, authenticate_error());

    // A closed account still reads itself, to learn it is closed.
    fake.add_twilio_account(SID, TOKEN, AccountStatus::Closed);
    let (status, body) = get(&fake, &account_path(SID), Some((SID, TOKEN))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "closed");
    let (status, body) = get(&fake, &numbers_path(SID), Some((SID, TOKEN))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, authenticate_error());
    // Rotating the token: the old one stops working.
    fake.add_twilio_account(SID, "f".repeat(32).as_str(), AccountStatus::Active);
    let (status, _) = get(&fake, &account_path(SID), Some((SID, TOKEN))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = get(&fake, &account_path(SID), Some((SID, &"f".repeat(32)))).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_demo_numbers_are_listed_with_their_capabilities() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let (status, body) = get(
        &fake,
        &numbers_path(DEMO_TWILIO_ACCOUNT_SID),
        Some((DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_AUTH_TOKEN)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["page"], 0);
    assert_eq!(body["page_size"], 50);
    assert_eq!(body["start"], 0);
    assert_eq!(body["end"], 3);
    assert_eq!(body["next_page_uri"], Value::Null);
    assert_eq!(body["previous_page_uri"], Value::Null);
    assert_eq!(
        body["first_page_uri"],
        format!(
            "{}?PageSize=50&Page=0",
            numbers_path(DEMO_TWILIO_ACCOUNT_SID)
        )
    );
    let numbers = body["incoming_phone_numbers"].as_array().unwrap();
    let listed: Vec<(&str, bool)> = numbers
        .iter()
        .map(|n| {
            (
                n["phone_number"].as_str().unwrap(),
                n["capabilities"]["voice"].as_bool().unwrap(),
            )
        })
        .collect();
    let mut expected: Vec<(&str, bool)> = DEMO_TWILIO_VOICE_NUMBERS
        .iter()
        .map(|n| (*n, true))
        .collect();
    expected.push((DEMO_TWILIO_SMS_ONLY_NUMBER, false));
    assert_eq!(listed, expected);
    for number in numbers {
        let sid = number["sid"].as_str().unwrap();
        assert!(
            sid.len() == 34
                && sid.starts_with("PN")
                && sid[2..].chars().all(|c| c.is_ascii_hexdigit())
        );
        assert!(number["friendly_name"].is_string());
        for capability in ["voice", "sms", "mms", "fax"] {
            assert!(number["capabilities"][capability].is_boolean());
        }
    }
    assert_eq!(numbers[0]["friendly_name"], "(415) 555-0123");
}

#[tokio::test]
async fn pages_follow_next_page_uri_to_the_end() {
    let fake = FakeProviders::start().await.unwrap();
    fake.add_twilio_account(SID, TOKEN, AccountStatus::Active);
    let mut added = Vec::new();
    for i in 0..7 {
        let number = format!("+1415555{i:04}");
        let capabilities = if i == 3 {
            Capabilities::SMS_ONLY
        } else {
            Capabilities::VOICE
        };
        fake.add_twilio_number_with(SID, &number, capabilities)
            .unwrap();
        added.push(number);
    }
    let auth = Some((SID, TOKEN));
    let mut path = format!("{}?PageSize=3", numbers_path(SID));
    let mut listed = Vec::new();
    let mut pages = Vec::new();
    loop {
        let (status, body) = get(&fake, &path, auth).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        pages.push(body.clone());
        for number in body["incoming_phone_numbers"].as_array().unwrap() {
            listed.push(number["phone_number"].as_str().unwrap().to_owned());
        }
        match body["next_page_uri"].as_str() {
            Some(next) => path = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(listed, added);
    assert_eq!(pages.len(), 3);
    let fields = |page: &Value| {
        (
            page["page"].clone(),
            page["start"].clone(),
            page["end"].clone(),
        )
    };
    assert_eq!(fields(&pages[0]), (json!(0), json!(0), json!(2)));
    assert_eq!(fields(&pages[1]), (json!(1), json!(3), json!(5)));
    assert_eq!(fields(&pages[2]), (json!(2), json!(6), json!(6)));
    assert!(pages.iter().all(|page| page["page_size"] == 3));
    assert!(
        pages[1]["next_page_uri"]
            .as_str()
            .unwrap()
            .contains("PageToken=PA")
    );
    assert_eq!(pages[0]["previous_page_uri"], Value::Null);

    // previous_page_uri leads back to the same numbers.
    let previous = pages[2]["previous_page_uri"].as_str().unwrap();
    let (_, back) = get(&fake, previous, auth).await;
    assert_eq!(
        back["incoming_phone_numbers"],
        pages[1]["incoming_phone_numbers"]
    );
    // Page alone works too, and a page past the end is empty.
    let (_, second) = get(
        &fake,
        &format!("{}?PageSize=3&Page=1", numbers_path(SID)),
        auth,
    )
    .await;
    assert_eq!(
        second["incoming_phone_numbers"],
        pages[1]["incoming_phone_numbers"]
    );
    let (_, past) = get(
        &fake,
        &format!("{}?PageSize=3&Page=9", numbers_path(SID)),
        auth,
    )
    .await;
    assert_eq!(past["incoming_phone_numbers"], json!([]));
    assert_eq!(past["next_page_uri"], Value::Null);
    // Filters.
    let (_, filtered) = get(
        &fake,
        &format!("{}?PhoneNumber=%2B14155550005", numbers_path(SID)),
        auth,
    )
    .await;
    assert_eq!(
        filtered["incoming_phone_numbers"].as_array().unwrap().len(),
        1
    );
    let (status, _) = get(&fake, &format!("{}?PageSize=0", numbers_path(SID)), auth).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn one_number_is_fetched_by_its_sid() {
    let fake = FakeProviders::start().await.unwrap();
    fake.add_twilio_account(SID, TOKEN, AccountStatus::Active);
    let pn = fake.add_twilio_number(SID, "+33612345678", true).unwrap();
    assert!(
        fake.add_twilio_number("ACffffffffffffffffffffffffffffffff", "+33612345679", true)
            .is_none()
    );
    let (status, body) = get(
        &fake,
        &format!("/2010-04-01/Accounts/{SID}/IncomingPhoneNumbers/{pn}.json"),
        Some((SID, TOKEN)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["sid"], pn.as_str());
    assert_eq!(body["phone_number"], "+33612345678");
    assert_eq!(fake.twilio_numbers(SID), vec![body]);
}

#[tokio::test]
async fn paths_without_json_answer_xml() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let client = Client::new();
    let url = format!(
        "{}/2010-04-01/Accounts/{DEMO_TWILIO_ACCOUNT_SID}",
        fake.twilio_url()
    );
    let response = client
        .get(&url)
        .basic_auth(DEMO_TWILIO_ACCOUNT_SID, Some(DEMO_TWILIO_AUTH_TOKEN))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("xml")
    );
    let text = response.text().await.unwrap();
    assert!(text.starts_with("<?xml"));
    assert!(text.contains(&format!("<Sid>{DEMO_TWILIO_ACCOUNT_SID}</Sid>")));
    assert!(text.contains("<Status>active</Status>"));

    let response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let text = response.text().await.unwrap();
    assert!(text.contains("<RestException><Code>20003</Code>"));

    let response = client
        .get(format!("{url}/IncomingPhoneNumbers"))
        .basic_auth(DEMO_TWILIO_ACCOUNT_SID, Some(DEMO_TWILIO_AUTH_TOKEN))
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    assert!(text.contains("<IncomingPhoneNumbers page=\"0\""));
    assert_eq!(text.matches("<IncomingPhoneNumber>").count(), 4);
    assert!(text.contains("<PhoneNumber>+972501234567</PhoneNumber>"));
}

#[tokio::test]
async fn only_reads_are_allowed() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let response = Client::new()
        .post(format!(
            "{}{}",
            fake.twilio_url(),
            account_path(DEMO_TWILIO_ACCOUNT_SID)
        ))
        .basic_auth(DEMO_TWILIO_ACCOUNT_SID, Some(DEMO_TWILIO_AUTH_TOKEN))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], 20004);
}

#[tokio::test]
async fn behaviours_are_per_provider() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let auth = Some((DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_AUTH_TOKEN));
    let path = account_path(DEMO_TWILIO_ACCOUNT_SID);

    fake.set_behaviour(Provider::Twilio, Behaviour::ServerError);
    let (status, body) = get(&fake, &path, auth).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["status"], 500);
    // Vapi is untouched.
    let vapi = Client::new()
        .get(format!("{}/assistant?limit=1", fake.vapi_url()))
        .bearer_auth(ava_provider_fake::DEMO_VAPI_PRIVATE_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(vapi.status(), StatusCode::OK);

    fake.set_twilio_behaviour(Behaviour::Garbage);
    let (status, body) = get(&fake, &path, auth).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.is_string(), "not JSON: {body}");

    fake.set_twilio_behaviour(Behaviour::Slow(Duration::from_millis(300)));
    let started = Instant::now();
    let (status, _) = get(&fake, &path, auth).await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));

    fake.set_twilio_behaviour(Behaviour::Normal);
    let (status, _) = get(&fake, &path, auth).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fake.twilio_requests().len(), 4);
    assert_eq!(fake.twilio_requests()[0].path, path);
}

#[tokio::test]
async fn the_listeners_stop_on_drop() {
    let fake = FakeProviders::start().await.unwrap();
    let url = fake.twilio_url();
    assert!(url.starts_with("http://127.0.0.1:"));
    assert_ne!(fake.vapi_url(), url);
    drop(fake);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let client = Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    assert!(
        client
            .get(format!("{url}/2010-04-01/Accounts.json"))
            .send()
            .await
            .is_err()
    );
}

#[test]
fn the_fake_can_be_shared_across_tasks() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<FakeProviders>();
}
