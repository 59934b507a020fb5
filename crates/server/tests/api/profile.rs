//! Step 1: the owner's profile.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{assert_problem, error_fields, json_body, spawn_app};

const PROFILE: &str = "/api/v1/user/profile";

#[tokio::test]
async fn a_new_profile_has_what_sign_up_gave_and_is_incomplete() {
    let app = spawn_app().await;
    let owner = app.sign_up_as("dana@acme.test").await;
    let profile = app.get_ok(PROFILE, &owner.token).await;
    assert_eq!(profile["email"], "dana@acme.test");
    assert_eq!(profile["full_name"], "Dana Levi");
    assert_eq!(profile["locale"], "he");
    for field in [
        "organization_name",
        "industry",
        "timezone",
        "terms_accepted_at",
    ] {
        assert!(profile[field].is_null(), "{field} is empty: {profile}");
    }
    assert_eq!(profile["marketing_opt_in"], false);
    assert_eq!(profile["complete"], false);
    assert!(profile["version"].is_i64());
}

#[tokio::test]
async fn filling_the_profile_and_accepting_the_terms_completes_it() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let before = Utc::now();
    let body = json!({"full_name": "Dana Levi", "organization_name": "Acme Dental", "industry": "dental",
        "timezone": "Asia/Jerusalem", "locale": "fr", "marketing_opt_in": true, "accept_terms": true});
    let profile = json_body(app.patch(PROFILE, &owner.token, body).await, StatusCode::OK).await;
    let after = Utc::now();
    assert_eq!(profile["organization_name"], "Acme Dental");
    assert_eq!(profile["industry"], "dental");
    assert_eq!(profile["timezone"], "Asia/Jerusalem");
    assert_eq!(profile["locale"], "fr");
    assert_eq!(profile["marketing_opt_in"], true);
    assert_eq!(profile["complete"], true);
    let accepted: DateTime<Utc> =
        serde_json::from_value(profile["terms_accepted_at"].clone()).unwrap();
    assert!(
        before - chrono::Duration::seconds(1) <= accepted && accepted <= after,
        "{accepted}"
    );
    assert_eq!(
        app.get_ok(PROFILE, &owner.token).await,
        profile,
        "what was answered is what is stored"
    );
}

#[tokio::test]
async fn accepting_the_terms_again_keeps_the_first_date_and_they_cannot_be_withdrawn() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let first = json_body(
        app.patch(PROFILE, &owner.token, json!({"accept_terms": true}))
            .await,
        StatusCode::OK,
    )
    .await;
    let again = json_body(
        app.patch(PROFILE, &owner.token, json!({"accept_terms": true}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(first["terms_accepted_at"].is_string());
    assert_eq!(again["terms_accepted_at"], first["terms_accepted_at"]);
    let withdraw = app
        .patch(PROFILE, &owner.token, json!({"accept_terms": false}))
        .await;
    let problem = assert_problem(
        withdraw,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["accept_terms"]);
    assert_eq!(problem["errors"][0]["code"], "cannot_be_undone");
    assert_eq!(
        app.get_ok(PROFILE, &owner.token).await["terms_accepted_at"],
        first["terms_accepted_at"]
    );
}

#[tokio::test]
async fn complete_needs_name_organization_timezone_and_terms() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let full = json!({"full_name": "Dana Levi", "organization_name": "Acme Dental",
        "timezone": "Asia/Jerusalem", "accept_terms": true});
    assert_eq!(
        json_body(app.patch(PROFILE, &owner.token, full).await, StatusCode::OK).await["complete"],
        true
    );
    for field in ["full_name", "organization_name", "timezone"] {
        let cleared = json_body(
            app.patch(PROFILE, &owner.token, json!({field: null})).await,
            StatusCode::OK,
        )
        .await;
        assert!(cleared[field].is_null(), "null clears {field}");
        assert_eq!(cleared["complete"], false, "without {field}");
        let restore = match field {
            "full_name" => "Dana Levi",
            "organization_name" => "Acme Dental",
            _ => "Asia/Jerusalem",
        };
        let restored = app
            .patch(PROFILE, &owner.token, json!({field: restore}))
            .await;
        assert_eq!(json_body(restored, StatusCode::OK).await["complete"], true);
    }
    let without_terms = app.sign_up().await;
    let no_terms = json!({"full_name": "Dana Levi", "organization_name": "Acme Dental", "timezone": "Asia/Jerusalem"});
    let profile = json_body(
        app.patch(PROFILE, &without_terms.token, no_terms).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(profile["complete"], false, "terms are required");
}

#[tokio::test]
async fn null_clears_a_field_and_an_absent_one_is_left_alone() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let body = json!({"organization_name": "Acme Dental", "industry": "dental", "timezone": "Europe/Paris"});
    app.patch(PROFILE, &owner.token, body).await;
    let profile = json_body(
        app.patch(PROFILE, &owner.token, json!({"industry": null}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(profile["industry"].is_null());
    assert_eq!(profile["organization_name"], "Acme Dental");
    assert_eq!(profile["timezone"], "Europe/Paris");
    assert_eq!(profile["full_name"], "Dana Levi");
    assert!(app.get_ok(PROFILE, &owner.token).await["industry"].is_null());
}

#[tokio::test]
async fn an_unknown_timezone_or_industry_is_named_and_nothing_is_stored() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let before = app.get_ok(PROFILE, &owner.token).await;
    let body = json!({"organization_name": "Acme Dental", "timezone": "Mars/Olympus_Mons", "industry": "piracy"});
    let response = app.patch(PROFILE, &owner.token, body).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(fields, ["industry", "timezone"]);
    let code_of = |field: &str| {
        problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["field"] == field)
            .unwrap()["code"]
            .clone()
    };
    assert_eq!(code_of("timezone"), "invalid_timezone");
    assert_eq!(code_of("industry"), "unknown_choice");
    assert_eq!(
        app.get_ok(PROFILE, &owner.token).await,
        before,
        "a refused change changes nothing"
    );
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_with_the_current_profile_and_overwrites_nothing() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let read = app.get_ok(PROFILE, &owner.token).await;
    let version = read["version"].as_i64().unwrap();
    // Another tab saves first, with the version it read.
    let first = json!({"organization_name": "Acme Dental", "version": version});
    let saved = json_body(
        app.patch(PROFILE, &owner.token, first).await,
        StatusCode::OK,
    )
    .await;
    assert!(
        saved["version"].as_i64().unwrap() > version,
        "a save bumps the version"
    );
    // This tab saves with the version it read before.
    let stale = json!({"organization_name": "Other Clinic", "timezone": "Europe/Paris", "version": version});
    let response = app.patch(PROFILE, &owner.token, stale).await;
    let problem = assert_problem(response, StatusCode::CONFLICT, "version_conflict").await;
    assert_eq!(
        problem["current"], saved,
        "the conflict shows the profile as it is now"
    );
    let now: Value = app.get_ok(PROFILE, &owner.token).await;
    assert_eq!(now, saved, "nothing was overwritten");
    // With the current version, the write goes through.
    let fresh = json!({"timezone": "Europe/Paris", "version": saved["version"]});
    let after = json_body(
        app.patch(PROFILE, &owner.token, fresh).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(after["timezone"], "Europe/Paris");
    assert_eq!(after["organization_name"], "Acme Dental");
}

#[tokio::test]
async fn the_signed_in_user_shows_the_profiles_name_and_locale() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let change = json!({"full_name": "Dana Cohen", "locale": "en"});
    json_body(
        app.patch(PROFILE, &owner.token, change).await,
        StatusCode::OK,
    )
    .await;
    let me = app.get_ok("/api/v1/auth/me", &owner.token).await;
    assert_eq!(me["full_name"], "Dana Cohen");
    assert_eq!(me["locale"], "en");
    assert_eq!(me["id"], owner.id.as_str());
}

#[tokio::test]
async fn the_email_is_not_a_profile_field() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let response = app
        .patch(PROFILE, &owner.token, json!({"email": "someone@else.test"}))
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["email"]);
    assert_eq!(
        app.get_ok(PROFILE, &owner.token).await["email"],
        owner.email.as_str()
    );
}
