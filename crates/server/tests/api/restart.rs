//! Nothing that matters lives in one process's memory: a restart keeps it all.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TWILIO_NUMBER, example_studio, json_body, spawn_app};

#[tokio::test]
async fn a_restart_keeps_studio_progress_credentials_and_sessions() {
    let mut app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    let mut studio = example_studio();
    studio["phone_number"] = json!(TWILIO_NUMBER);
    app.patch("/api/v1/studio/config", &owner.token, studio)
        .await;
    let step = json!({"current_step": "integrations", "skipped_steps": ["plan"]});
    app.patch("/api/v1/user/onboarding", &owner.token, step)
        .await;
    let assistant = json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    let paths = [
        "/api/v1/auth/me",
        "/api/v1/user/profile",
        "/api/v1/user/onboarding",
        "/api/v1/studio/config",
        "/api/v1/vapi-settings",
        "/api/v1/twilio-settings",
        "/api/v1/assistants",
    ];
    let mut before = Vec::new();
    for path in paths {
        before.push(app.get_ok(path, &owner.token).await);
    }
    assert_eq!(before[3]["persona"], "Maya, the front desk of Acme Dental");

    app.restart().await;

    for (path, was) in paths.iter().zip(&before) {
        assert_eq!(
            &app.get_ok(path, &owner.token).await,
            was,
            "{path} after the restart"
        );
    }
    // The stored secrets still open: Twilio lists the numbers, Vapi takes the sync.
    let numbers = app
        .get_ok("/api/v1/twilio-settings/numbers", &owner.token)
        .await;
    assert_eq!(numbers["numbers"][0]["phone_number"], TWILIO_NUMBER);
    let sync = format!(
        "/api/v1/assistants/{}/sync",
        assistant["id"].as_str().unwrap()
    );
    let response = app
        .request(Method::POST, &sync, Some(&owner.token), None)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}
