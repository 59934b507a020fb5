//! The onboarding funnel for operators (`AVA_ADMIN_EMAILS`): who may see
//! it, what it counts as owners move through the wizard, and its period.

use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

use crate::helpers::{
    OPERATOR_EMAIL, Owner, TestApp, VAPI_KEY, assert_problem, error_fields, json_body, spawn_app,
};

const FUNNEL: &str = "/api/v1/admin/funnel";
const ONBOARDING: &str = "/api/v1/user/onboarding";
const PROFILE: &str = "/api/v1/user/profile";

async fn patch_ok(app: &TestApp, path: &str, owner: &Owner, body: Value) {
    json_body(app.patch(path, &owner.token, body).await, StatusCode::OK).await;
}

async fn complete_profile(app: &TestApp, owner: &Owner) {
    let profile = json!({"organization_name": "Acme Dental", "industry": "dental",
        "timezone": "Asia/Jerusalem", "accept_terms": true});
    patch_ok(app, PROFILE, owner, profile).await;
}

/// Each step's `(reached, completed, skipped)`, in wizard order.
fn counts(funnel: &Value) -> Vec<(String, u64, u64, u64)> {
    funnel["steps"]
        .as_array()
        .expect("the steps")
        .iter()
        .map(|step| {
            let count = |name: &str| step[name].as_u64().expect("a count");
            (
                step["step"].as_str().expect("a step").to_owned(),
                count("reached"),
                count("completed"),
                count("skipped"),
            )
        })
        .collect()
}

fn median(funnel: &Value, step: &str) -> Value {
    funnel["steps"]
        .as_array()
        .and_then(|steps| steps.iter().find(|s| s["step"] == step))
        .map(|s| s["median_seconds"].clone())
        .expect("the step")
}

#[tokio::test]
async fn only_operators_see_the_funnel_and_know_they_are_operators() {
    let app = spawn_app().await;
    let anonymous = app.request(Method::GET, FUNNEL, None, None).await;
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;

    let owner = app.sign_up().await;
    let refused = app.get(FUNNEL, &owner.token).await;
    assert_problem(refused, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(
        app.get_ok("/api/v1/auth/me", &owner.token).await["operator"],
        false
    );

    // The address is listed in another case than the operator typed it.
    let operator = app.sign_up_as(&OPERATOR_EMAIL.to_uppercase()).await;
    assert_eq!(
        app.get_ok("/api/v1/auth/me", &operator.token).await["operator"],
        true
    );
    let funnel = app.get_ok(FUNNEL, &operator.token).await;
    assert_eq!(funnel["started"], 2);
}

#[tokio::test]
async fn owners_who_stop_at_different_steps_and_skip_some() {
    let app = spawn_app().await;
    // Signs up and stops at the profile.
    let operator = app.sign_up_as(OPERATOR_EMAIL).await;

    // Completes the profile, skips Vapi, stops at the persona.
    let skipper = app.sign_up().await;
    complete_profile(&app, &skipper).await;
    patch_ok(&app, ONBOARDING, &skipper, json!({"current_step": "vapi"})).await;
    let skip = json!({"current_step": "persona", "vapi_skipped": true});
    patch_ok(&app, ONBOARDING, &skipper, skip).await;

    // Connects Vapi, skips Twilio, stops at telephony.
    let connector = app.sign_up().await;
    complete_profile(&app, &connector).await;
    patch_ok(
        &app,
        ONBOARDING,
        &connector,
        json!({"current_step": "vapi"}),
    )
    .await;
    let vapi = app
        .post(
            "/api/v1/vapi-settings",
            &connector.token,
            json!({"vapi_api_key": VAPI_KEY}),
        )
        .await;
    assert_eq!(vapi.status(), StatusCode::OK);
    patch_ok(
        &app,
        ONBOARDING,
        &connector,
        json!({"current_step": "persona"}),
    )
    .await;
    let skip = json!({"current_step": "telephony", "twilio_skipped": true});
    patch_ok(&app, ONBOARDING, &connector, skip).await;
    // Going back changes nothing: the funnel keeps the furthest step.
    patch_ok(
        &app,
        ONBOARDING,
        &connector,
        json!({"current_step": "profile"}),
    )
    .await;

    // Chooses a plan and launches Ava straight away.
    let launcher = app.sign_up().await;
    complete_profile(&app, &launcher).await;
    patch_ok(
        &app,
        "/api/v1/studio/config",
        &launcher,
        json!({"plan": "free"}),
    )
    .await;
    let launched = app
        .request(
            Method::POST,
            "/api/v1/user/complete-onboarding",
            Some(&launcher.token),
            None,
        )
        .await;
    assert_eq!(launched.status(), StatusCode::OK);
    // Launching again records nothing more.
    let again = app
        .request(
            Method::POST,
            "/api/v1/user/complete-onboarding",
            Some(&launcher.token),
            None,
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);

    let funnel = app.get_ok(FUNNEL, &operator.token).await;
    assert_eq!(
        (funnel["started"].as_u64(), funnel["completed"].as_u64()),
        (Some(4), Some(1))
    );
    let expected = [
        ("profile", 4, 3, 0),
        ("vapi", 3, 1, 1),
        ("persona", 3, 0, 0),
        ("twilio", 2, 0, 1),
        ("telephony", 2, 0, 0),
        ("integrations", 1, 0, 0),
        ("assistant", 1, 0, 0),
        ("plan", 1, 1, 0),
        ("done", 1, 1, 0),
    ];
    let expected: Vec<(String, u64, u64, u64)> = expected
        .iter()
        .map(|&(step, reached, completed, skipped)| (step.to_owned(), reached, completed, skipped))
        .collect();
    assert_eq!(counts(&funnel), expected, "{funnel}");
    for step in ["profile", "vapi", "done"] {
        let seconds = median(&funnel, step).as_f64();
        assert!(
            seconds.is_some_and(|s| (0.0..60.0).contains(&s)),
            "{step}: {funnel}"
        );
    }
    for step in ["persona", "telephony", "plan"] {
        assert!(median(&funnel, step).is_null(), "{step}: nobody left it");
    }
}

/// Moves the owner's milestones, sign-up included, to `at`.
async fn backdate(app: &TestApp, owner: &Owner, at: &str) {
    let at: chrono::DateTime<chrono::Utc> = at.parse().expect("a time");
    let owner_id = uuid::Uuid::parse_str(&owner.id).expect("a user id");
    let database = app.database().await;
    let backend = database.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => "UPDATE onboarding_events SET at = ? WHERE user_id = ?",
        _ => "UPDATE onboarding_events SET at = $1 WHERE user_id = $2",
    };
    let updated = database
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [at.into(), owner_id.into()],
        ))
        .await
        .expect("the update runs");
    assert!(updated.rows_affected() > 0, "the owner has milestones");
}

#[tokio::test]
async fn the_period_counts_the_owners_who_signed_up_in_it_whole_utc_days() {
    let app = spawn_app().await;
    let operator = app.sign_up_as(OPERATOR_EMAIL).await;
    backdate(&app, &operator, "2026-01-10T12:00:00Z").await;
    let early = app.sign_up().await;
    complete_profile(&app, &early).await;
    patch_ok(&app, ONBOARDING, &early, json!({"current_step": "vapi"})).await;
    backdate(&app, &early, "2026-01-15T23:59:59Z").await;
    let later = app.sign_up().await;
    backdate(&app, &later, "2026-01-16T00:00:00Z").await;
    // And one more today.
    app.sign_up().await;

    let funnel = async |query: &str| {
        app.get_ok(&format!("{FUNNEL}{query}"), &operator.token)
            .await
    };
    let reached_vapi = |funnel: &Value| funnel["steps"][1]["reached"].as_u64();
    let january = funnel("?from=2026-01-11&to=2026-01-31").await;
    assert_eq!(january["started"], 2, "early and later");
    assert_eq!(reached_vapi(&january), Some(1));
    let one_day = funnel("?from=2026-01-15&to=2026-01-15").await;
    assert_eq!(one_day["started"], 1, "the last second of the day is in it");
    assert_eq!(reached_vapi(&one_day), Some(1));
    assert_eq!(funnel("?from=2026-01-16&to=2026-01-16").await["started"], 1);
    assert_eq!(funnel("?to=2026-01-10").await["started"], 1);
    assert_eq!(funnel("?to=2025-12-31").await["started"], 0);
    let since = funnel("?from=2026-01-16").await;
    assert_eq!(since["started"], 2, "later and today");
    assert_eq!(reached_vapi(&since), Some(0));
    assert_eq!(funnel("").await["started"], 4);
}

#[tokio::test]
async fn a_bad_period_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    let operator = app.sign_up_as(OPERATOR_EMAIL).await;
    for (query, field) in [
        ("?from=yesterday", "from"),
        ("?to=2026-02-30", "to"),
        ("?from=2026-01-01T00:00:00Z", "from"),
        ("?from=2026-02-01&to=2026-01-31", "to"),
        ("?from=2026-01-01&from=2026-01-02", "query"),
    ] {
        let response = app.get(&format!("{FUNNEL}{query}"), &operator.token).await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), [field], "{query}: {problem}");
    }
}
