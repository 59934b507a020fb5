//! The Twilio adapter against recorded answers (wiremock): exactly what it
//! sends, how it reads and pages, and how every failure is mapped.

mod support;

use std::time::Duration;

use ava_application::ports::{
    IncomingNumber, ProviderError, TwilioAccount, TwilioClient, TwilioCredentials,
};
use ava_domain::credentials::{TwilioAccountSid, TwilioAuthToken};
use ava_infrastructure::providers::TwilioHttpClient;
use base64::Engine;
use serde_json::json;
use support::{TIMEOUT, closed_port_url, fixture, silent_server};
use wiremock::{
    Mock, MockServer, Request, ResponseTemplate,
    matchers::{basic_auth, method, path, query_param},
};

const SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "5f4dcc3b5aa765d61d8327deb882cf99";

fn credentials() -> TwilioCredentials {
    TwilioCredentials {
        account_sid: TwilioAccountSid::parse(SID).expect("valid test input"),
        auth_token: TwilioAuthToken::parse(TOKEN).expect("valid test input"),
    }
}

fn client(base_url: &str) -> TwilioHttpClient {
    TwilioHttpClient::new(base_url, TIMEOUT).expect("valid test input")
}

fn account_path() -> String {
    format!("/2010-04-01/Accounts/{SID}.json")
}

fn numbers_path() -> String {
    format!("/2010-04-01/Accounts/{SID}/IncomingPhoneNumbers.json")
}

fn json_answer(status: u16, fixture_name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_raw(fixture(fixture_name), "application/json; charset=utf-8")
}

fn assert_basic_auth(request: &Request) {
    let expected = base64::engine::general_purpose::STANDARD.encode(format!("{SID}:{TOKEN}"));
    assert_eq!(
        request
            .headers
            .get("authorization")
            .expect("an Authorization header")
            .to_str()
            .expect("a visible ASCII header"),
        format!("Basic {expected}")
    );
}

fn number(sid: &str, phone_number: &str, friendly_name: &str, voice: bool) -> IncomingNumber {
    IncomingNumber {
        sid: sid.to_owned(),
        phone_number: phone_number.to_owned(),
        friendly_name: Some(friendly_name.to_owned()),
        voice,
    }
}

/// The four numbers of the recorded pages, in order.
fn recorded_numbers() -> Vec<IncomingNumber> {
    vec![
        number(
            "PN1a2b3c4d5e6f708192a3b4c5d6e7f809",
            "+14155550123",
            "(415) 555-0123",
            true,
        ),
        number(
            "PN2b3c4d5e6f708192a3b4c5d6e7f8091a",
            "+972501234567",
            "Tel Aviv office",
            true,
        ),
        number(
            "PN3c4d5e6f708192a3b4c5d6e7f8091a2b",
            "+33612345678",
            "+33612345678",
            true,
        ),
        number(
            "PN4d5e6f708192a3b4c5d6e7f8091a2b3c",
            "+14155550199",
            "(415) 555-0199",
            false,
        ),
    ]
}

#[tokio::test]
async fn fetch_account_reads_the_account_with_basic_auth() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(account_path()))
        .and(basic_auth(SID, TOKEN))
        .respond_with(json_answer(200, "twilio/account.json"))
        .expect(1)
        .mount(&server)
        .await;
    let account = client(&server.uri())
        .fetch_account(&credentials())
        .await
        .unwrap();
    assert_eq!(
        account,
        TwilioAccount {
            status: "active".to_owned(),
            friendly_name: Some("Acme Dental".to_owned())
        }
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.query(), None);
    assert!(requests[0].body.is_empty());
    assert_basic_auth(&requests[0]);
}

#[tokio::test]
async fn a_suspended_account_is_read_as_such() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_answer(200, "twilio/account_suspended.json"))
        .mount(&server)
        .await;
    let account = client(&server.uri())
        .fetch_account(&credentials())
        .await
        .unwrap();
    assert_eq!(account.status, "suspended");
}

#[tokio::test]
async fn an_account_needs_a_status() {
    for body in [
        r#"{"sid":"AC0123456789abcdef0123456789abcdef"}"#,
        r#"{"status":""}"#,
        "<Response/>",
        "[]",
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        assert_eq!(
            client(&server.uri()).fetch_account(&credentials()).await,
            Err(ProviderError::BadResponse),
            "{body}"
        );
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"status":"closed"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri()).fetch_account(&credentials()).await,
        Ok(TwilioAccount {
            status: "closed".to_owned(),
            friendly_name: None
        })
    );
}

#[tokio::test]
async fn wrong_credentials_and_unknown_accounts_are_mapped() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(account_path()))
        .respond_with(json_answer(401, "twilio/error_401_authenticate.json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(numbers_path()))
        .respond_with(json_answer(404, "twilio/error_404_not_found.json"))
        .mount(&server)
        .await;
    let twilio = client(&server.uri());
    assert_eq!(
        twilio.fetch_account(&credentials()).await,
        Err(ProviderError::Unauthorized)
    );
    assert_eq!(
        twilio.incoming_numbers(&credentials()).await,
        Err(ProviderError::NotFound)
    );
}

#[tokio::test]
async fn one_page_is_read_with_the_largest_page_size() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(numbers_path()))
        .and(basic_auth(SID, TOKEN))
        .respond_with(json_answer(200, "twilio/numbers_single_page.json"))
        .expect(1)
        .mount(&server)
        .await;
    let numbers = client(&server.uri())
        .incoming_numbers(&credentials())
        .await
        .unwrap();
    assert_eq!(numbers, recorded_numbers());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("PageSize=1000"));
}

#[tokio::test]
async fn every_next_page_uri_is_followed() {
    let server = MockServer::start().await;
    let next_token = "PAPN2b3c4d5e6f708192a3b4c5d6e7f8091a";
    Mock::given(method("GET"))
        .and(path(numbers_path()))
        .and(query_param("Page", "1"))
        .and(query_param("PageToken", next_token))
        .and(basic_auth(SID, TOKEN))
        .respond_with(json_answer(200, "twilio/numbers_page_1.json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(numbers_path()))
        .and(query_param("PageSize", "2"))
        .and(basic_auth(SID, TOKEN))
        .respond_with(json_answer(200, "twilio/numbers_page_0.json"))
        .expect(1)
        .mount(&server)
        .await;
    let twilio = client(&server.uri()).with_page_size(2);
    let numbers = twilio.incoming_numbers(&credentials()).await.unwrap();
    assert_eq!(numbers, recorded_numbers());
    let requests = server.received_requests().await.unwrap();
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        vec![
            Some("PageSize=2"),
            Some(format!("PageSize=2&Page=1&PageToken={next_token}").as_str())
        ]
    );
    for request in &requests {
        assert_eq!(request.url.path(), numbers_path());
        assert_basic_auth(request);
    }
}

#[tokio::test]
async fn pages_are_followed_under_a_base_path_too() {
    let server = MockServer::start().await;
    let page = json!({
        "incoming_phone_numbers": [],
        "next_page_uri": format!("{}?PageSize=1000&Page=1&PageToken=PAPN00", numbers_path()),
    });
    Mock::given(method("GET"))
        .and(path(format!("/twilio{}", numbers_path())))
        .and(query_param("Page", "1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"incoming_phone_numbers": [], "next_page_uri": null})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/twilio{}", numbers_path())))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(1)
        .mount(&server)
        .await;
    let numbers = client(&format!("{}/twilio", server.uri()))
        .incoming_numbers(&credentials())
        .await
        .unwrap();
    assert!(numbers.is_empty());
}

#[tokio::test]
async fn a_next_page_elsewhere_is_not_followed_with_the_credentials() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"incoming_phone_numbers": []})),
        )
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "incoming_phone_numbers": [],
            "next_page_uri": format!("{}{}?Page=1", elsewhere.uri(), numbers_path()),
        })))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri()).incoming_numbers(&credentials()).await,
        Err(ProviderError::BadResponse)
    );
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_next_page_of_the_same_origin_may_be_absolute() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("Page", "1"))
        .respond_with(json_answer(200, "twilio/numbers_page_1.json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "incoming_phone_numbers": [],
            "next_page_uri": format!("{}{}?PageSize=2&Page=1", server.uri(), numbers_path()),
        })))
        .mount(&server)
        .await;
    let numbers = client(&server.uri())
        .incoming_numbers(&credentials())
        .await
        .unwrap();
    assert_eq!(numbers.len(), 2);
}

#[tokio::test]
async fn pages_that_link_in_circles_are_a_bad_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "incoming_phone_numbers": [],
            "next_page_uri": format!("{}?PageSize=1000", numbers_path()),
        })))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri()).incoming_numbers(&credentials()).await,
        Err(ProviderError::BadResponse)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// Unknown fields are ignored; a number without a phone number is left out
/// (there is nothing to offer), not a reason to refuse the whole page.
#[tokio::test]
async fn numbers_are_read_tolerantly() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "incoming_phone_numbers": [
                {"sid": "PN01", "phone_number": "+14155550100"},
                {"sid": "PN02", "phone_number": "+14155550101", "friendly_name": null,
                 "capabilities": {"voice": null, "SMS": true}, "new_field": {"nested": [1, 2]}},
                {"sid": "PN03", "phone_number": "+14155550102", "capabilities": {"voice": true}},
                {"sid": "PN04", "phone_number": null, "capabilities": {"voice": true}},
                {"sid": "PN05", "capabilities": {"voice": true}}
            ],
            "some_new_paging_field": 3
        })))
        .mount(&server)
        .await;
    let numbers = client(&server.uri())
        .incoming_numbers(&credentials())
        .await
        .unwrap();
    assert_eq!(
        numbers,
        vec![
            IncomingNumber {
                sid: "PN01".into(),
                phone_number: "+14155550100".into(),
                friendly_name: None,
                voice: false
            },
            IncomingNumber {
                sid: "PN02".into(),
                phone_number: "+14155550101".into(),
                friendly_name: None,
                voice: false
            },
            IncomingNumber {
                sid: "PN03".into(),
                phone_number: "+14155550102".into(),
                friendly_name: None,
                voice: true
            },
        ]
    );
}

#[tokio::test]
async fn a_page_that_is_not_a_page_of_numbers_is_a_bad_response() {
    for body in [
        json!({"incoming_phone_numbers": [{"phone_number": "+14155550100"}]}),
        json!({"numbers": []}),
        json!({"incoming_phone_numbers": "none"}),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
            .mount(&server)
            .await;
        assert_eq!(
            client(&server.uri()).incoming_numbers(&credentials()).await,
            Err(ProviderError::BadResponse),
            "{body}"
        );
    }
}

#[tokio::test]
async fn twilio_errors_are_mapped() {
    let cases = [
        (
            401,
            fixture("twilio/error_401_authenticate.json"),
            ProviderError::Unauthorized,
        ),
        (
            403,
            r#"{"code":20403,"message":"Forbidden","status":403}"#.to_owned(),
            ProviderError::Unauthorized,
        ),
        (
            404,
            fixture("twilio/error_404_not_found.json"),
            ProviderError::NotFound,
        ),
        (
            400,
            fixture("twilio/error_400_invalid_page_size.json"),
            ProviderError::Rejected {
                message: "Invalid PageSize".to_owned(),
            },
        ),
        (
            429,
            fixture("twilio/error_429_rfc9457.json"),
            // Slowing down is not a refusal of the credentials.
            ProviderError::Busy {
                retry_after_seconds: None,
            },
        ),
        (
            500,
            fixture("twilio/error_500.json"),
            ProviderError::ServerError,
        ),
        (
            503,
            "Service Unavailable".to_owned(),
            ProviderError::ServerError,
        ),
    ];
    for (status, body, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let twilio = client(&server.uri());
        assert_eq!(
            twilio.fetch_account(&credentials()).await,
            Err(expected.clone()),
            "HTTP {status}"
        );
        assert_eq!(
            twilio.incoming_numbers(&credentials()).await,
            Err(expected),
            "HTTP {status}"
        );
    }
}

#[tokio::test]
async fn rejection_messages_never_carry_the_token_or_the_auth_header() {
    let header = base64::engine::general_purpose::STANDARD.encode(format!("{SID}:{TOKEN}"));
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": 21218,
            "message": format!("Invalid credentials {TOKEN} (Basic {header})"),
            "status": 400
        })))
        .mount(&server)
        .await;
    let error = client(&server.uri())
        .fetch_account(&credentials())
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ProviderError::Rejected {
            message: "Invalid credentials [redacted] (Basic [redacted])".to_owned()
        }
    );
}

#[tokio::test]
async fn garbage_is_a_bad_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<html>It works!</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let twilio = client(&server.uri());
    assert_eq!(
        twilio.fetch_account(&credentials()).await,
        Err(ProviderError::BadResponse)
    );
    assert_eq!(
        twilio.incoming_numbers(&credentials()).await,
        Err(ProviderError::BadResponse)
    );
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            json_answer(200, "twilio/account.json").set_delay(TIMEOUT + Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri()).fetch_account(&credentials()).await,
        Err(ProviderError::Timeout)
    );
}

#[tokio::test]
async fn a_slow_second_page_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("Page", "1"))
        .respond_with(
            json_answer(200, "twilio/numbers_page_1.json")
                .set_delay(TIMEOUT + Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json_answer(200, "twilio/numbers_page_0.json"))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri())
            .with_page_size(2)
            .incoming_numbers(&credentials())
            .await,
        Err(ProviderError::Timeout)
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let (url, _server) = silent_server().await;
    assert_eq!(
        client(&url).incoming_numbers(&credentials()).await,
        Err(ProviderError::Timeout)
    );
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let url = closed_port_url().await;
    let twilio = client(&url);
    assert_eq!(
        twilio.fetch_account(&credentials()).await,
        Err(ProviderError::Unreachable)
    );
    assert_eq!(
        twilio.incoming_numbers(&credentials()).await,
        Err(ProviderError::Unreachable)
    );
}
