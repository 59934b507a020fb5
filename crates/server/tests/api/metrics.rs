//! `GET /metrics`: Prometheus' text format, counters that move.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, VAPI_KEY, json_body, spawn_app};

/// The value of the sample whose line starts with `series` (name and
/// labels, as Prometheus writes them), if any.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|line| line.starts_with(series))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

async fn metrics(app: &crate::helpers::TestApp) -> String {
    let response = app.request(Method::GET, "/metrics", None, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .is_ok_and(|kind| kind.starts_with("text/plain; version=0.0.4"))
    );
    response.text().await.expect("the metrics")
}

#[tokio::test]
async fn requests_and_provider_calls_are_counted_by_route_template() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    for _ in 0..3 {
        app.get("/api/v1/studio/config", &owner.token).await;
    }
    app.post(
        "/api/v1/vapi-settings",
        &owner.token,
        json!({"vapi_api_key": VAPI_KEY}),
    )
    .await;
    let unknown = app
        .request(
            Method::POST,
            "/api/v1/assistants/not-an-id/sync",
            Some(&owner.token),
            None,
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let text = metrics(&app).await;

    let studio =
        r#"ava_http_requests_total{method="GET",route="/api/v1/studio/config",status="200"}"#;
    assert_eq!(sample(&text, studio), Some(3.0), "{text}");
    assert!(
        text.contains(r#"route="/api/v1/assistants/{id}/sync""#),
        "path parameters stay templates: {text}"
    );
    assert!(!text.contains("not-an-id"));
    assert!(
        text.contains(r#"ava_http_request_duration_seconds_bucket{method="GET",route="/api/v1/studio/config",le="0.005"}"#),
        "latency as a histogram: {text}"
    );
    let vapi = r#"ava_provider_calls_total{provider="vapi",outcome="ok"}"#;
    assert_eq!(sample(&text, vapi), Some(1.0), "{text}");

    app.get("/api/v1/studio/config", &owner.token).await;
    let again = metrics(&app).await;
    assert_eq!(sample(&again, studio), Some(4.0));
}

#[tokio::test]
async fn conflicting_saves_are_counted() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    app.patch(
        "/api/v1/studio/config",
        &owner.token,
        json!({"persona": "Maya"}),
    )
    .await;
    let stale = json!({"persona": "Dana", "version": 0});
    let response = app
        .patch("/api/v1/studio/config", &owner.token, stale)
        .await;
    assert_eq!(response.status(), StatusCode::CONFLICT);

    let text = metrics(&app).await;

    assert_eq!(
        sample(&text, "ava_version_conflicts_total"),
        Some(1.0),
        "{text}"
    );
}

#[tokio::test]
async fn active_sessions_move_with_log_in_and_log_out() {
    let app = spawn_app().await;
    let owner = app.sign_up_as("dana@acme.test").await;
    let gauge = |text: &str| sample(text, "ava_active_sessions ");
    assert_eq!(gauge(&metrics(&app).await), Some(1.0));

    let login = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "dana@acme.test", "password": PASSWORD})),
        )
        .await;
    let second: Value = json_body(login, StatusCode::OK).await;
    assert_eq!(gauge(&metrics(&app).await), Some(2.0));

    for token in [&owner.token, second["token"].as_str().expect("a token")] {
        let logout = app
            .request(Method::POST, "/api/v1/auth/logout", Some(token), None)
            .await;
        assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    }
    let text = metrics(&app).await;
    assert_eq!(gauge(&text), Some(0.0), "{text}");
    assert!(text.contains("# TYPE ava_active_sessions gauge"), "{text}");
}

#[tokio::test]
async fn with_a_metrics_address_the_public_one_does_not_answer_metrics() {
    let mut app = spawn_app().await;
    let mut config = app.config(&app.encryption_key.clone());
    config.metrics_addr = Some("127.0.0.1:0".parse().expect("a socket address"));
    app.restart_with_config(config)
        .await
        .expect("the application starts");
    app.sign_up().await;

    let public = app.request(Method::GET, "/metrics", None, None).await;
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    assert!(!public.text().await.expect("a body").contains("ava_"));

    let own = app
        .metrics_address
        .clone()
        .expect("the metrics address is bound");
    let response = reqwest::get(format!("{own}/metrics"))
        .await
        .expect("the metrics address answers");
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.expect("the metrics");
    let signup =
        r#"ava_http_requests_total{method="POST",route="/api/v1/auth/signup",status="201"}"#;
    assert_eq!(sample(&text, signup), Some(1.0), "{text}");
    assert_eq!(sample(&text, "ava_active_sessions "), Some(1.0), "{text}");
    let elsewhere = reqwest::get(format!("{own}/api/v1/meta"))
        .await
        .expect("the metrics address answers");
    assert_eq!(
        elsewhere.status(),
        StatusCode::NOT_FOUND,
        "only /metrics there"
    );
}
