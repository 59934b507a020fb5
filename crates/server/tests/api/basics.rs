//! Probes, unknown routes and the refusals every JSON route shares.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{assert_problem, error_fields, spawn_app};

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let health = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let ready = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(
        ready.json::<serde_json::Value>().await.unwrap()["status"],
        "ready"
    );
}

#[tokio::test]
async fn unknown_api_routes_and_methods_are_problems() {
    let app = spawn_app().await;
    let missing = app
        .request(Method::GET, "/api/v1/nothing-here", None, None)
        .await;
    assert_problem(missing, StatusCode::NOT_FOUND, "not_found").await;
    let wrong_method = app
        .request(Method::PUT, "/api/v1/auth/login", None, None)
        .await;
    assert_problem(
        wrong_method,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
}

#[tokio::test]
async fn malformed_json_is_400_not_500() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/auth/signup"))
        .header("content-type", "application/json")
        .body(r#"{"email": "dana@acme.test", "password": "#)
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::BAD_REQUEST, "malformed_json").await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("email=dana@acme.test")
        .send()
        .await
        .unwrap();
    assert_problem(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

#[tokio::test]
async fn bodies_over_one_mebibyte_are_413() {
    let app = spawn_app().await;
    let huge = json!({"email": "dana@acme.test", "password": "x".repeat(1024 * 1024 + 1)});
    let response = app
        .request(Method::POST, "/api/v1/auth/signup", None, Some(huge))
        .await;
    assert_problem(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_named_without_echoing_its_value() {
    let app = spawn_app().await;
    let body = json!({"email": "dana@acme.test", "password": 1234567890123_i64});
    let response = app
        .request(Method::POST, "/api/v1/auth/signup", None, Some(body))
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["password"]);
    assert!(!problem.to_string().contains("1234567890123"), "{problem}");
}

#[tokio::test]
async fn unknown_fields_are_refused_by_name() {
    let app = spawn_app().await;
    let owner = app_owner(&app).await;
    let response = app
        .patch("/api/v1/user/profile", &owner, json!({"nickname": "Dee"}))
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["nickname"]);
    assert_eq!(problem["errors"][0]["code"], "unknown_field");
}

async fn app_owner(app: &crate::helpers::TestApp) -> String {
    app.sign_up().await.token
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .json(&json!({"email": "dana@acme.test", "password": "whatever it is"}))
        .send()
        .await
        .unwrap();
    assert_problem(response, StatusCode::FORBIDDEN, "cross_site_request").await;
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = spawn_app().await;
    let document: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths = document["paths"].as_object().expect("paths");
    for path in [
        "/api/v1/auth/signup",
        "/api/v1/auth/login",
        "/api/v1/auth/logout",
        "/api/v1/auth/me",
        "/api/v1/user/profile",
        "/api/v1/user/onboarding",
        "/api/v1/user/complete-onboarding",
        "/api/v1/vapi-settings",
        "/api/v1/twilio-settings",
        "/api/v1/twilio-settings/numbers",
        "/api/v1/studio/config",
        "/api/v1/assistants",
        "/api/v1/assistants/{id}/sync",
        "/api/v1/catalog",
        "/api/v1/meta",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    let docs = reqwest::get(app.url("/api/docs/")).await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(
        docs.text().await.unwrap().contains("swagger"),
        "the interactive docs page is served"
    );
}
