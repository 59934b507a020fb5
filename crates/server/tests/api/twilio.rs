//! Connecting the owner's Twilio account: an active account that owns the
//! chosen voice number; its numbers, every page of them.

use std::time::{Duration, Instant};

use ava_provider_fake::{AccountStatus, Behaviour};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{
        TWILIO_NUMBER, TWILIO_SID, TWILIO_TOKEN, TestApp, assert_problem, error_fields, json_body,
        spawn_app,
    },
    vapi::stored_secrets,
};

const TWILIO: &str = "/api/v1/twilio-settings";
const NUMBERS: &str = "/api/v1/twilio-settings/numbers";

fn connect(phone_number: Option<&str>) -> Value {
    let mut body = json!({"account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN});
    if let Some(number) = phone_number {
        body["phone_number"] = json!(number);
    }
    body
}

async fn assert_not_configured(app: &TestApp, token: &str) {
    let settings = app.get_ok(TWILIO, token).await;
    assert_eq!(
        settings,
        json!({"configured": false, "account_sid_preview": null, "phone_number": null, "preview": null})
    );
    assert_eq!(stored_secrets(app).await, 0, "nothing stored");
}

#[tokio::test]
async fn a_valid_account_and_number_are_stored_and_shown_masked() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    assert_not_configured(&app, &owner.token).await;
    let response = app
        .post(TWILIO, &owner.token, connect(Some(TWILIO_NUMBER)))
        .await;
    let text = response.text().await.unwrap();
    assert!(
        !text.contains(TWILIO_TOKEN),
        "the token is never sent back: {text}"
    );
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        body,
        json!({"configured": true, "account_sid_preview": "AC…cdef", "phone_number": TWILIO_NUMBER, "preview": "****face"})
    );
    assert_eq!(app.get_ok(TWILIO, &owner.token).await, body);
    assert_eq!(stored_secrets(&app).await, 1);
    let paths: Vec<String> = app
        .providers
        .twilio_requests()
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(
        paths,
        [
            format!("/2010-04-01/Accounts/{TWILIO_SID}.json"),
            format!("/2010-04-01/Accounts/{TWILIO_SID}/IncomingPhoneNumbers.json")
        ],
        "the account is checked, then the number"
    );
}

#[tokio::test]
async fn an_account_without_a_number_is_fine() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let body = json_body(
        app.post(TWILIO, &owner.token, connect(None)).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["configured"], true);
    assert!(body["phone_number"].is_null());
}

#[tokio::test]
async fn a_wrong_token_or_unknown_account_is_rejected_and_nothing_is_stored() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let wrong_token =
        json!({"account_sid": TWILIO_SID, "auth_token": "0123456789abcdef0123456789abcdef"});
    let response = app.post(TWILIO, &owner.token, wrong_token).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "twilio_credentials_rejected",
    )
    .await;
    assert_eq!(error_fields(&problem), ["auth_token"]);
    assert!(
        !problem
            .to_string()
            .contains("0123456789abcdef0123456789abcdef")
    );
    let unknown_account =
        json!({"account_sid": "ACffffffffffffffffffffffffffffffff", "auth_token": TWILIO_TOKEN});
    let response = app.post(TWILIO, &owner.token, unknown_account).await;
    assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "twilio_credentials_rejected",
    )
    .await;
    assert_not_configured(&app, &owner.token).await;
}

#[tokio::test]
async fn suspended_and_closed_accounts_are_refused() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let sid = "AC99999999999999999999999999999999";
    for (status, word) in [
        (AccountStatus::Suspended, "suspended"),
        (AccountStatus::Closed, "closed"),
    ] {
        app.providers
            .add_twilio_account(sid, "inactive-token-00001", status);
        let response = app
            .post(
                TWILIO,
                &owner.token,
                json!({"account_sid": sid, "auth_token": "inactive-token-00001"}),
            )
            .await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "twilio_account_inactive",
        )
        .await;
        assert!(
            problem["detail"].as_str().unwrap().contains(word),
            "{problem}"
        );
        assert_not_configured(&app, &owner.token).await;
    }
}

#[tokio::test]
async fn a_number_the_account_does_not_own_or_that_cannot_take_calls_is_refused() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let other_sid = "AC11111111111111111111111111111111";
    app.providers
        .add_twilio_account(other_sid, "other-token-00000001", AccountStatus::Active);
    app.providers
        .add_twilio_number(other_sid, "+14155550999", true);
    app.providers
        .add_twilio_number(TWILIO_SID, "+14155550777", false);
    for number in ["+14155550999", "+14155550777", "+442071838750"] {
        let response = app.post(TWILIO, &owner.token, connect(Some(number))).await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "twilio_number_not_on_account",
        )
        .await;
        assert_eq!(error_fields(&problem), ["phone_number"], "{number}");
    }
    assert_not_configured(&app, &owner.token).await;
}

#[tokio::test]
async fn a_malformed_account_sid_or_number_is_refused_before_asking_twilio() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    for sid in [
        "AC123",
        "SK0123456789abcdef0123456789abcdef",
        "AC0123456789abcdef0123456789abcdeg",
    ] {
        let response = app
            .post(
                TWILIO,
                &owner.token,
                json!({"account_sid": sid, "auth_token": TWILIO_TOKEN}),
            )
            .await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), ["account_sid"], "{sid}");
        assert_eq!(problem["errors"][0]["code"], "invalid_account_sid");
    }
    let body = json!({"account_sid": TWILIO_SID, "auth_token": "", "phone_number": "555-0123"});
    let response = app.post(TWILIO, &owner.token, body).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["auth_token", "phone_number"]);
    assert!(
        app.providers.twilio_requests().is_empty(),
        "Twilio was not asked"
    );
    assert_not_configured(&app, &owner.token).await;
}

#[tokio::test]
async fn numbers_need_a_connected_account() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let response = app.get(NUMBERS, &owner.token).await;
    let problem = assert_problem(response, StatusCode::CONFLICT, "twilio_not_connected").await;
    assert!(problem["detail"].as_str().unwrap().contains("Twilio"));
}

#[tokio::test]
async fn every_voice_number_is_listed_across_pages() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    // The adapter asks for Twilio's largest page (1000): 2101 numbers take
    // three pages.
    let mut expected = vec![TWILIO_NUMBER.to_owned()];
    for index in 0..2100 {
        let number = format!("+1212555{index:04}");
        let voice = index % 100 != 7;
        app.providers.add_twilio_number(TWILIO_SID, &number, voice);
        if voice {
            expected.push(number);
        }
    }
    let last = expected.last().unwrap().clone();
    // Connecting with a number of the last page finds it.
    let connected = json_body(
        app.post(TWILIO, &owner.token, connect(Some(&last))).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(connected["phone_number"], last.as_str());

    let before = app.providers.twilio_requests().len();
    let listed = app.get_ok(NUMBERS, &owner.token).await;
    let numbers = listed["numbers"].as_array().unwrap();
    let listed_numbers: Vec<&str> = numbers
        .iter()
        .map(|n| n["phone_number"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed_numbers, expected,
        "every voice number, in order, none of the SMS-only ones"
    );
    assert!(
        numbers
            .iter()
            .all(|n| n["sid"].as_str().unwrap().starts_with("PN"))
    );
    assert_eq!(numbers[0]["friendly_name"], "(415) 555-0123");
    let pages: Vec<_> = app.providers.twilio_requests()[before..].to_vec();
    assert_eq!(pages.len(), 3, "three pages were read: {pages:?}");
    assert!(
        pages
            .iter()
            .all(|page| page.path.ends_with("/IncomingPhoneNumbers.json"))
    );
    assert_eq!(pages[0].query.as_deref(), Some("PageSize=1000"));
    for (index, page) in pages.iter().enumerate().skip(1) {
        let query = page.query.as_deref().unwrap_or_default();
        assert!(
            query.contains(&format!("Page={index}")) && query.contains("PageToken="),
            "the next page link was followed: {query}"
        );
    }
}

#[tokio::test]
async fn sending_the_preview_back_keeps_the_stored_token() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let connected = json_body(
        app.post(TWILIO, &owner.token, connect(Some(TWILIO_NUMBER)))
            .await,
        StatusCode::OK,
    )
    .await;
    app.providers
        .add_twilio_number(TWILIO_SID, "+14155550188", true);
    let body = json!({"account_sid": TWILIO_SID, "auth_token": connected["preview"], "phone_number": "+14155550188"});
    let changed = json_body(app.post(TWILIO, &owner.token, body).await, StatusCode::OK).await;
    assert_eq!(changed["phone_number"], "+14155550188");
    assert_eq!(changed["preview"], "****face");
    // The stored token still opens the account.
    let listed = app.get_ok(NUMBERS, &owner.token).await;
    assert_eq!(listed["numbers"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn disconnecting_forgets_the_account() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    app.post(TWILIO, &owner.token, connect(Some(TWILIO_NUMBER)))
        .await;
    assert_eq!(
        app.delete(TWILIO, &owner.token).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_not_configured(&app, &owner.token).await;
    assert_problem(
        app.get(NUMBERS, &owner.token).await,
        StatusCode::CONFLICT,
        "twilio_not_connected",
    )
    .await;
}

#[tokio::test]
async fn a_token_changed_at_twilio_is_reported_when_listing_numbers() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    app.post(TWILIO, &owner.token, connect(None)).await;
    app.providers
        .add_twilio_account(TWILIO_SID, "a-brand-new-token-0001", AccountStatus::Active);
    let response = app.get(NUMBERS, &owner.token).await;
    assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "twilio_credentials_rejected",
    )
    .await;
}

async fn connect_while(behaviour: Behaviour, status: StatusCode, code: &str) -> Duration {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    app.providers.set_twilio_behaviour(behaviour);
    let started = Instant::now();
    let response = app
        .post(TWILIO, &owner.token, connect(Some(TWILIO_NUMBER)))
        .await;
    let elapsed = started.elapsed();
    let problem = assert_problem(response, status, code).await;
    assert!(!problem.to_string().contains(TWILIO_TOKEN));
    app.providers.set_twilio_behaviour(Behaviour::Normal);
    assert_not_configured(&app, &owner.token).await;
    elapsed
}

#[tokio::test]
async fn twilio_down_is_503_and_nothing_is_stored() {
    connect_while(
        Behaviour::ServerError,
        StatusCode::SERVICE_UNAVAILABLE,
        "twilio_unavailable",
    )
    .await;
}

#[tokio::test]
async fn twilio_slow_is_504_after_the_timeout_and_nothing_is_stored() {
    let elapsed = connect_while(
        Behaviour::Slow(Duration::from_secs(2)),
        StatusCode::GATEWAY_TIMEOUT,
        "twilio_timeout",
    )
    .await;
    assert!(elapsed < Duration::from_millis(1900), "{elapsed:?}");
}

#[tokio::test]
async fn twilio_answering_garbage_is_502_and_nothing_is_stored() {
    connect_while(
        Behaviour::Garbage,
        StatusCode::BAD_GATEWAY,
        "twilio_bad_response",
    )
    .await;
}

#[tokio::test]
async fn a_number_typed_with_separators_is_found_and_kept_in_e164() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let connected = app
        .post(TWILIO, &owner.token, connect(Some("+1 (415) 555-0123")))
        .await;
    assert_eq!(
        json_body(connected, StatusCode::OK).await["phone_number"],
        TWILIO_NUMBER
    );
}

#[tokio::test]
async fn a_new_token_is_handed_to_vapi_for_the_imported_number() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    app.patch(
        "/api/v1/studio/config",
        &owner.token,
        json!({"phone_number": TWILIO_NUMBER}),
    )
    .await;
    assert_eq!(
        app.create_assistant(&owner.token).await.status(),
        StatusCode::CREATED
    );
    // The owner rotates the token in the Twilio console, then here.
    let new_token = "a-brand-new-token-0002";
    app.providers
        .add_twilio_account(TWILIO_SID, new_token, AccountStatus::Active);
    let body =
        json!({"account_sid": TWILIO_SID, "auth_token": new_token, "phone_number": TWILIO_NUMBER});
    let updated = json_body(app.post(TWILIO, &owner.token, body).await, StatusCode::OK).await;
    assert_eq!(updated["preview"], "****0002");
    let numbers = app.providers.phone_numbers(&app.vapi_org());
    assert_eq!(
        numbers[0]["twilioAuthToken"], new_token,
        "Vapi would fail the calls with the old token"
    );
}
