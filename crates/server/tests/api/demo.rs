//! Demo mode (the `demo` feature): the fakes of Vapi, Twilio and SMTP start
//! in the process and Ava's real clients are pointed at them.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use ava_provider_fake::DEMO_VAPI_PRIVATE_KEY;

use crate::helpers::{json_body, spawn_app};

#[tokio::test]
async fn demo_mode_reaches_its_own_fakes_and_keeps_its_mails() {
    let mut app = spawn_app().await;
    let mut config = app.config(&app.encryption_key.clone());
    config.demo = true;
    app.restart_with_config(config)
        .await
        .expect("demo mode starts");

    let meta = app.request(Method::GET, "/api/v1/meta", None, None).await;
    let meta: Value = json_body(meta, StatusCode::OK).await;
    assert_eq!(meta["demo"], true);

    // The test's fake Vapi does not know the demo key: only the demo's does.
    let owner = app.sign_up_as("dana@acme.test").await;
    let vapi = app
        .post(
            "/api/v1/vapi-settings",
            &owner.token,
            json!({"vapi_api_key": DEMO_VAPI_PRIVATE_KEY}),
        )
        .await;
    assert_eq!(json_body(vapi, StatusCode::OK).await["configured"], true);
    assert!(
        app.providers.vapi_requests().is_empty(),
        "nothing reached the test's fake"
    );

    let reset = app
        .request(
            Method::POST,
            "/api/v1/auth/password-reset",
            None,
            Some(json!({"email": "dana@acme.test"})),
        )
        .await;
    assert!(reset.status().is_success(), "{}", reset.status());
    // The mail is sent after the answer: wait for it, a bounded while.
    let mut mails = Value::Null;
    for _ in 0..100 {
        let response = app
            .request(Method::GET, "/api/v1/demo/mails", None, None)
            .await;
        mails = json_body(response, StatusCode::OK).await;
        if mails["mails"]
            .as_array()
            .is_some_and(|mails| !mails.is_empty())
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        mails["mails"][0]["to"],
        json!(["dana@acme.test"]),
        "{mails}"
    );
    assert!(
        app.mail.mails().is_empty(),
        "the configured SMTP server got nothing"
    );
}

#[tokio::test]
async fn outside_demo_mode_its_routes_answer_404() {
    let app = spawn_app().await;
    let mails = app
        .request(Method::GET, "/api/v1/demo/mails", None, None)
        .await;
    assert_eq!(mails.status(), StatusCode::NOT_FOUND);
}
