//! Connecting the owner's Vapi account: checked live, stored sealed, shown
//! masked; a provider that is down, slow or answering garbage changes nothing.

use std::time::{Duration, Instant};

use ava_provider_fake::Behaviour;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, VAPI_KEY, VAPI_PUBLIC_KEY, assert_problem, closed_port, error_fields, json_body,
    spawn_app,
};

const VAPI: &str = "/api/v1/vapi-settings";

/// How many secrets the database holds, whoever owns them.
pub async fn stored_secrets(app: &TestApp) -> i64 {
    let database = app.database().await;
    let backend = database.get_database_backend();
    let row = database
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) AS n FROM secrets",
        ))
        .await
        .expect("the secrets table answers")
        .expect("a count");
    row.try_get::<i64>("", "n").expect("a count")
}

async fn assert_not_configured(app: &TestApp, token: &str) {
    assert_eq!(
        app.get_ok(VAPI, token).await,
        json!({"configured": false, "preview": null})
    );
    assert_eq!(stored_secrets(app).await, 0, "nothing stored");
}

#[tokio::test]
async fn a_valid_key_is_checked_with_vapi_and_only_its_preview_comes_back() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    assert_not_configured(&app, &owner.token).await;
    let response = app
        .post(
            VAPI,
            &owner.token,
            json!({"vapi_api_key": format!("  {VAPI_KEY}\n")}),
        )
        .await;
    let text = response.text().await.unwrap();
    assert!(
        !text.contains(VAPI_KEY),
        "the key is never sent back: {text}"
    );
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body, json!({"configured": true, "preview": "****9b21"}));
    assert_eq!(app.get_ok(VAPI, &owner.token).await, body);
    assert_eq!(stored_secrets(&app).await, 1);
    let checks: Vec<_> = app
        .providers
        .vapi_requests()
        .into_iter()
        .filter(|r| r.path == "/assistant")
        .collect();
    assert_eq!(checks.len(), 1, "one cheap check");
    assert_eq!(
        (checks[0].method.as_str(), checks[0].query.as_deref()),
        ("GET", Some("limit=1"))
    );
}

#[tokio::test]
async fn a_public_key_is_rejected_with_a_field_error_and_nothing_is_stored() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let response = app
        .post(VAPI, &owner.token, json!({"vapi_api_key": VAPI_PUBLIC_KEY}))
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "vapi_key_rejected",
    )
    .await;
    assert_eq!(error_fields(&problem), ["vapi_api_key"]);
    assert_eq!(problem["errors"][0]["code"], "rejected_by_provider");
    assert!(
        problem["detail"].as_str().unwrap().contains("private"),
        "says which key to use: {problem}"
    );
    assert!(!problem.to_string().contains(VAPI_PUBLIC_KEY));
    assert_not_configured(&app, &owner.token).await;
}

#[tokio::test]
async fn a_rejected_key_does_not_replace_the_stored_one() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    app.post(VAPI, &owner.token, json!({"vapi_api_key": VAPI_KEY}))
        .await;
    let response = app
        .post(
            VAPI,
            &owner.token,
            json!({"vapi_api_key": "an-unknown-key-1234"}),
        )
        .await;
    assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "vapi_key_rejected",
    )
    .await;
    assert_eq!(
        app.get_ok(VAPI, &owner.token).await,
        json!({"configured": true, "preview": "****9b21"})
    );
}

#[tokio::test]
async fn an_empty_or_spaced_key_is_refused_before_asking_vapi() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    for (key, code) in [("   ", "required"), ("sk live 1234567890", "invalid")] {
        let response = app
            .post(VAPI, &owner.token, json!({"vapi_api_key": key}))
            .await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), ["vapi_api_key"]);
        assert_eq!(problem["errors"][0]["code"], code);
    }
    assert!(
        app.providers.vapi_requests().is_empty(),
        "Vapi was not asked"
    );
    assert_not_configured(&app, &owner.token).await;
}

#[tokio::test]
async fn sending_the_preview_back_keeps_the_stored_key() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let connected = json_body(
        app.post(VAPI, &owner.token, json!({"vapi_api_key": VAPI_KEY}))
            .await,
        StatusCode::OK,
    )
    .await;
    let calls = app.providers.vapi_requests().len();
    let again = app
        .post(
            VAPI,
            &owner.token,
            json!({"vapi_api_key": connected["preview"]}),
        )
        .await;
    assert_eq!(json_body(again, StatusCode::OK).await, connected);
    assert_eq!(
        app.providers.vapi_requests().len(),
        calls,
        "nothing new to check with Vapi"
    );
    // The stored key is the real one still: it creates an assistant.
    assert_eq!(
        app.create_assistant(&owner.token).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(app.providers.assistants(&app.vapi_org()).len(), 1);
}

#[tokio::test]
async fn the_preview_without_a_stored_key_is_a_missing_key() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let response = app
        .post(VAPI, &owner.token, json!({"vapi_api_key": "****9b21"}))
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["vapi_api_key"]);
    assert_eq!(problem["errors"][0]["code"], "required");
    assert_not_configured(&app, &owner.token).await;
}

#[tokio::test]
async fn disconnecting_forgets_the_key() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    app.post(VAPI, &owner.token, json!({"vapi_api_key": VAPI_KEY}))
        .await;
    let response = app.delete(VAPI, &owner.token).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_not_configured(&app, &owner.token).await;
    // Twice is fine.
    assert_eq!(
        app.delete(VAPI, &owner.token).await.status(),
        StatusCode::NO_CONTENT
    );
    let response = app.create_assistant(&owner.token).await;
    assert_problem(response, StatusCode::CONFLICT, "vapi_not_connected").await;
}

async fn connect_while(behaviour: Behaviour, status: StatusCode, code: &str) -> Duration {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    app.providers.set_vapi_behaviour(behaviour);
    let started = Instant::now();
    let response = app
        .post(VAPI, &owner.token, json!({"vapi_api_key": VAPI_KEY}))
        .await;
    let elapsed = started.elapsed();
    let problem = assert_problem(response, status, code).await;
    assert!(
        problem["detail"]
            .as_str()
            .expect("a detail")
            .contains("Vapi"),
        "{problem}"
    );
    assert!(!problem.to_string().contains(VAPI_KEY));
    app.providers.set_vapi_behaviour(Behaviour::Normal);
    assert_not_configured(&app, &owner.token).await;
    elapsed
}

#[tokio::test]
async fn vapi_down_is_503_and_nothing_is_stored() {
    connect_while(
        Behaviour::ServerError,
        StatusCode::SERVICE_UNAVAILABLE,
        "vapi_unavailable",
    )
    .await;
}

#[tokio::test]
async fn vapi_slow_is_504_after_the_timeout_and_nothing_is_stored() {
    let elapsed = connect_while(
        Behaviour::Slow(Duration::from_secs(2)),
        StatusCode::GATEWAY_TIMEOUT,
        "vapi_timeout",
    )
    .await;
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_millis(1900),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn vapi_answering_garbage_is_502_and_nothing_is_stored() {
    connect_while(
        Behaviour::Garbage,
        StatusCode::BAD_GATEWAY,
        "vapi_bad_response",
    )
    .await;
}

#[tokio::test]
async fn vapi_unreachable_is_503_and_nothing_is_stored() {
    let mut app = spawn_app().await;
    let (_reserved, url) = closed_port();
    let mut config = app.config(&app.encryption_key.clone());
    config.vapi_base_url = url;
    app.restart_with_config(config).await.unwrap();
    let owner = app.sign_up().await;
    let response = app
        .post(VAPI, &owner.token, json!({"vapi_api_key": VAPI_KEY}))
        .await;
    assert_problem(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "vapi_unavailable",
    )
    .await;
    assert_not_configured(&app, &owner.token).await;
}
