//! One owner never sees, nor changes, another owner's data.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TWILIO_NUMBER, assert_problem, example_studio, json_body, spawn_app};

#[tokio::test]
async fn a_second_owner_sees_none_of_the_first_owners_data() {
    let app = spawn_app().await;
    let first = app.onboarded_owner().await;
    let mut studio = example_studio();
    studio["phone_number"] = json!(TWILIO_NUMBER);
    app.patch("/api/v1/studio/config", &first.token, studio)
        .await;
    app.patch(
        "/api/v1/user/onboarding",
        &first.token,
        json!({"current_step": "assistant", "skipped_steps": ["integrations"]}),
    )
    .await;
    let assistant = json_body(
        app.create_assistant(&first.token).await,
        StatusCode::CREATED,
    )
    .await;
    app.request(
        Method::POST,
        "/api/v1/user/complete-onboarding",
        Some(&first.token),
        None,
    )
    .await;

    let second = app.sign_up().await;
    let profile = app.get_ok("/api/v1/user/profile", &second.token).await;
    assert_eq!(profile["email"], second.email.as_str());
    assert!(profile["organization_name"].is_null() && profile["terms_accepted_at"].is_null());
    let onboarding = app.get_ok("/api/v1/user/onboarding", &second.token).await;
    assert_eq!(onboarding["current_step"], "profile");
    assert_eq!(onboarding["completed"], false);
    assert_eq!(onboarding["assistant_created"], false);
    assert_eq!(onboarding["skipped_steps"], json!([]));
    assert_eq!(onboarding["steps"]["vapi"], "pending");
    let config = app.get_ok("/api/v1/studio/config", &second.token).await;
    assert!(
        config["persona"].is_null()
            && config["phone_number"].is_null()
            && config["business_hours"].is_null()
    );
    assert_eq!(config["version"], 0);
    assert_eq!(
        app.get_ok("/api/v1/vapi-settings", &second.token).await,
        json!({"configured": false, "preview": null})
    );
    assert_eq!(
        app.get_ok("/api/v1/twilio-settings", &second.token).await,
        json!({"configured": false, "account_sid_preview": null, "phone_number": null, "preview": null})
    );
    let numbers = app
        .get("/api/v1/twilio-settings/numbers", &second.token)
        .await;
    assert_problem(numbers, StatusCode::CONFLICT, "twilio_not_connected").await;
    assert_eq!(
        app.get_ok("/api/v1/assistants", &second.token).await,
        json!({"assistants": []})
    );
    let path = format!(
        "/api/v1/assistants/{}/sync",
        assistant["id"].as_str().unwrap()
    );
    let response = app
        .request(Method::POST, &path, Some(&second.token), None)
        .await;
    assert_problem(response, StatusCode::NOT_FOUND, "assistant_not_found").await;
    let response = app.create_assistant(&second.token).await;
    assert_problem(response, StatusCode::CONFLICT, "vapi_not_connected").await;
}

#[tokio::test]
async fn a_second_owners_writes_leave_the_first_owners_data_alone() {
    let app = spawn_app().await;
    let first = app.onboarded_owner().await;
    let mut studio = example_studio();
    studio["phone_number"] = json!(TWILIO_NUMBER);
    app.patch("/api/v1/studio/config", &first.token, studio)
        .await;
    let snapshot = |token: String| {
        let app = &app;
        async move {
            let mut all = Vec::<Value>::new();
            for path in [
                "/api/v1/user/profile",
                "/api/v1/user/onboarding",
                "/api/v1/studio/config",
                "/api/v1/vapi-settings",
                "/api/v1/twilio-settings",
                "/api/v1/assistants",
            ] {
                all.push(app.get_ok(path, &token).await);
            }
            all
        }
    };
    let before = snapshot(first.token.clone()).await;

    let second = app.sign_up().await;
    let writes = [
        (
            "/api/v1/user/profile",
            json!({"organization_name": "Intruder Inc", "timezone": "UTC", "accept_terms": true}),
        ),
        (
            "/api/v1/user/onboarding",
            json!({"current_step": "plan", "twilio_skipped": true}),
        ),
        (
            "/api/v1/studio/config",
            json!({"persona": "Intruder", "phone_number": "+14155550100"}),
        ),
    ];
    for (path, body) in writes {
        let response = app.patch(path, &second.token, body).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    assert_eq!(
        app.delete("/api/v1/vapi-settings", &second.token)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete("/api/v1/twilio-settings", &second.token)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let launch = app
        .request(
            Method::POST,
            "/api/v1/user/complete-onboarding",
            Some(&second.token),
            None,
        )
        .await;
    assert_eq!(launch.status(), StatusCode::OK);

    assert_eq!(
        snapshot(first.token.clone()).await,
        before,
        "the first owner's data is untouched"
    );
}
