//! The wizard's progress: statuses derived from the data, skips, the
//! version rule and "Launch Ava".

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{VAPI_KEY, assert_problem, error_fields, json_body, spawn_app};

const ONBOARDING: &str = "/api/v1/user/onboarding";
const COMPLETE: &str = "/api/v1/user/complete-onboarding";
const STEPS: [&str; 9] = [
    "profile",
    "vapi",
    "persona",
    "twilio",
    "telephony",
    "integrations",
    "assistant",
    "plan",
    "done",
];

fn statuses(onboarding: &Value) -> Vec<(String, String)> {
    STEPS
        .iter()
        .map(|step| {
            (
                (*step).to_owned(),
                onboarding["steps"][step]
                    .as_str()
                    .unwrap_or("<missing>")
                    .to_owned(),
            )
        })
        .collect()
}

fn status<'a>(onboarding: &'a Value, step: &str) -> &'a str {
    onboarding["steps"][step].as_str().unwrap_or("<missing>")
}

#[tokio::test]
async fn a_new_owner_starts_on_the_profile_with_everything_else_pending() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let onboarding = app.get_ok(ONBOARDING, &owner.token).await;
    assert_eq!(onboarding["current_step"], "profile");
    assert_eq!(onboarding["completed"], false);
    assert!(onboarding["completed_at"].is_null());
    assert_eq!(onboarding["vapi_skipped"], false);
    assert_eq!(onboarding["twilio_skipped"], false);
    assert_eq!(onboarding["assistant_created"], false);
    assert!(onboarding["version"].is_i64());
    let steps = statuses(&onboarding);
    // Sign-up gave the full name: the profile is started.
    assert_eq!(steps[0], ("profile".to_owned(), "in_progress".to_owned()));
    for (step, status) in &steps[1..] {
        assert_eq!(status, "pending", "{step}");
    }
}

#[tokio::test]
async fn step_statuses_follow_the_data() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    let onboarding = app.get_ok(ONBOARDING, &owner.token).await;
    assert_eq!(status(&onboarding, "profile"), "complete");
    assert_eq!(
        status(&onboarding, "vapi"),
        "complete",
        "connecting Vapi completes its step"
    );
    assert_eq!(status(&onboarding, "twilio"), "complete");
    assert_eq!(status(&onboarding, "persona"), "pending");

    let persona = json!({"persona": "Maya", "guidelines": "Be kind."});
    app.patch("/api/v1/studio/config", &owner.token, persona)
        .await;
    assert_eq!(
        status(&app.get_ok(ONBOARDING, &owner.token).await, "persona"),
        "in_progress"
    );
    let rest = json!({"job_to_be_done": "book appointments", "languages": ["en"], "phone_number": "+14155550123",
        "integrations": {"calendar": "google", "crm": null, "workspace": []}, "plan": "free"});
    app.patch("/api/v1/studio/config", &owner.token, rest).await;
    let onboarding = app.get_ok(ONBOARDING, &owner.token).await;
    assert_eq!(status(&onboarding, "persona"), "complete");
    assert_eq!(
        status(&onboarding, "telephony"),
        "in_progress",
        "a number but no business hours yet"
    );
    assert_eq!(status(&onboarding, "integrations"), "complete");
    assert_eq!(status(&onboarding, "plan"), "complete");
    assert_eq!(status(&onboarding, "assistant"), "pending");
    let hours = json!({"business_hours": {"timezone": "America/New_York", "days": {"mon": [["09:00", "17:00"]]}}});
    app.patch("/api/v1/studio/config", &owner.token, hours)
        .await;
    assert_eq!(
        json_body(
            app.create_assistant(&owner.token).await,
            StatusCode::CREATED
        )
        .await["phone_number"],
        "+14155550123"
    );
    let onboarding = app.get_ok(ONBOARDING, &owner.token).await;
    assert_eq!(status(&onboarding, "telephony"), "complete");
    assert_eq!(status(&onboarding, "assistant"), "complete");
    assert_eq!(onboarding["assistant_created"], true);
    assert_eq!(status(&onboarding, "done"), "pending");

    // Disconnecting Vapi makes its step pending again: statuses are derived, not stored.
    assert_eq!(
        app.delete("/api/v1/vapi-settings", &owner.token)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        status(&app.get_ok(ONBOARDING, &owner.token).await, "vapi"),
        "pending"
    );
}

#[tokio::test]
async fn connecting_vapi_completes_its_step_even_after_a_skip() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let skipped = app
        .patch(ONBOARDING, &owner.token, json!({"vapi_skipped": true}))
        .await;
    let skipped = json_body(skipped, StatusCode::OK).await;
    assert_eq!(status(&skipped, "vapi"), "skipped");
    assert_eq!(skipped["vapi_skipped"], true);
    let connect = app
        .post(
            "/api/v1/vapi-settings",
            &owner.token,
            json!({"vapi_api_key": VAPI_KEY}),
        )
        .await;
    assert_eq!(connect.status(), StatusCode::OK);
    let onboarding = app.get_ok(ONBOARDING, &owner.token).await;
    assert_eq!(status(&onboarding, "vapi"), "complete");
    assert_eq!(
        onboarding["vapi_skipped"], true,
        "the owner's decision is still recorded"
    );
}

#[tokio::test]
async fn skipping_twilio_is_recorded_and_shown() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let read = app.get_ok(ONBOARDING, &owner.token).await;
    let body =
        json!({"current_step": "telephony", "twilio_skipped": true, "version": read["version"]});
    let onboarding = json_body(
        app.patch(ONBOARDING, &owner.token, body).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(onboarding["twilio_skipped"], true);
    assert_eq!(onboarding["vapi_skipped"], false);
    assert_eq!(onboarding["skipped_steps"], json!(["twilio"]));
    assert_eq!(status(&onboarding, "twilio"), "skipped");
    assert_eq!(onboarding["current_step"], "telephony");
    assert_eq!(
        status(&onboarding, "telephony"),
        "in_progress",
        "the step the owner is on"
    );
    assert!(onboarding["version"].as_i64().unwrap() > read["version"].as_i64().unwrap());
    assert_eq!(
        app.get_ok(ONBOARDING, &owner.token).await,
        onboarding,
        "stored as answered"
    );

    // Un-skipping takes it back.
    let body = json!({"twilio_skipped": false, "version": onboarding["version"]});
    let unskipped = json_body(
        app.patch(ONBOARDING, &owner.token, body).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(unskipped["twilio_skipped"], false);
    assert_eq!(status(&unskipped, "twilio"), "pending");
}

#[tokio::test]
async fn skipped_steps_replace_the_set_and_reach_the_flags() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let body = json!({"skipped_steps": ["vapi", "integrations", "plan"]});
    let onboarding = json_body(
        app.patch(ONBOARDING, &owner.token, body).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(onboarding["vapi_skipped"], true);
    assert_eq!(onboarding["twilio_skipped"], false);
    assert_eq!(
        onboarding["skipped_steps"],
        json!(["vapi", "integrations", "plan"])
    );
    for step in ["vapi", "integrations", "plan"] {
        assert_eq!(status(&onboarding, step), "skipped", "{step}");
    }
    let body = json!({"skipped_steps": ["twilio"]});
    let replaced = json_body(
        app.patch(ONBOARDING, &owner.token, body).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(replaced["skipped_steps"], json!(["twilio"]));
    assert_eq!(replaced["vapi_skipped"], false);
    assert_eq!(replaced["twilio_skipped"], true);
}

#[tokio::test]
async fn the_profile_cannot_be_skipped() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let before = app.get_ok(ONBOARDING, &owner.token).await;
    let body = json!({"skipped_steps": ["vapi", "profile"], "current_step": "persona"});
    let response = app.patch(ONBOARDING, &owner.token, body).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["skipped_steps"]);
    assert_eq!(problem["errors"][0]["code"], "not_skippable");
    assert_eq!(
        app.get_ok(ONBOARDING, &owner.token).await,
        before,
        "nothing of the refused change is stored"
    );
}

#[tokio::test]
async fn an_unknown_step_is_refused_by_name() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let response = app
        .patch(ONBOARDING, &owner.token, json!({"current_step": "payment"}))
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["current_step"]);
    assert!(
        !problem.to_string().contains("payment"),
        "the value is not echoed: {problem}"
    );
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_with_the_current_progress_and_overwrites_nothing() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let read = app.get_ok(ONBOARDING, &owner.token).await;
    let first = json!({"current_step": "vapi", "vapi_skipped": true, "version": read["version"]});
    let saved = json_body(
        app.patch(ONBOARDING, &owner.token, first).await,
        StatusCode::OK,
    )
    .await;
    let stale =
        json!({"current_step": "twilio", "twilio_skipped": true, "version": read["version"]});
    let response = app.patch(ONBOARDING, &owner.token, stale).await;
    let problem = assert_problem(response, StatusCode::CONFLICT, "version_conflict").await;
    assert_eq!(problem["current"], saved);
    let now = app.get_ok(ONBOARDING, &owner.token).await;
    assert_eq!(now, saved, "nothing was overwritten");
    assert_eq!(now["current_step"], "vapi");
    assert_eq!(now["twilio_skipped"], false);
}

#[tokio::test]
async fn launching_with_an_incomplete_profile_names_what_is_missing() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    app.patch(
        "/api/v1/user/profile",
        &owner.token,
        json!({"full_name": null}),
    )
    .await;
    let response = app
        .request(Method::POST, COMPLETE, Some(&owner.token), None)
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "profile_incomplete",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        ["full_name", "organization_name", "timezone", "accept_terms"]
    );
    assert!(
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["code"] == "required")
    );

    let some = json!({"full_name": "Dana Levi", "organization_name": "Acme Dental"});
    app.patch("/api/v1/user/profile", &owner.token, some).await;
    let response = app
        .request(Method::POST, COMPLETE, Some(&owner.token), None)
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "profile_incomplete",
    )
    .await;
    assert_eq!(error_fields(&problem), ["timezone", "accept_terms"]);
    let onboarding = app.get_ok(ONBOARDING, &owner.token).await;
    assert_eq!(
        onboarding["completed"], false,
        "a refused launch launches nothing"
    );
    assert!(onboarding["completed_at"].is_null());
}

#[tokio::test]
async fn launching_completes_the_onboarding_once() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let profile = json!({"organization_name": "Acme Dental", "timezone": "Asia/Jerusalem", "accept_terms": true});
    app.patch("/api/v1/user/profile", &owner.token, profile)
        .await;
    let response = app
        .request(Method::POST, COMPLETE, Some(&owner.token), None)
        .await;
    let launched = json_body(response, StatusCode::OK).await;
    assert_eq!(launched["completed"], true);
    assert!(launched["completed_at"].is_string());
    assert_eq!(launched["current_step"], "done");
    assert_eq!(status(&launched, "done"), "complete");
    assert_eq!(app.get_ok(ONBOARDING, &owner.token).await, launched);

    let response = app
        .request(Method::POST, COMPLETE, Some(&owner.token), None)
        .await;
    let again = json_body(response, StatusCode::OK).await;
    assert_eq!(
        again["completed_at"], launched["completed_at"],
        "idempotent: the first launch date is kept"
    );
    assert_eq!(
        again, launched,
        "launching again changes nothing, not even the version"
    );
}
