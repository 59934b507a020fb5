//! The owner's sessions and password: the session list and ending sessions,
//! changing the password, and resetting it by email (through a real SMTP
//! conversation with the test's mail sink).

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode, header};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

use crate::helpers::{
    Owner, PASSWORD, TestApp, assert_problem, captured_logs, error_fields, json_body, spawn_app,
};

const NEW_PASSWORD: &str = "a new and longer passphrase";
const CHROME_ON_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 \
                               (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const MAIL_WAIT: Duration = Duration::from_secs(10);

/// Logs in with `password` from a client that says it is `user_agent`.
async fn log_in(app: &TestApp, email: &str, password: &str, user_agent: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .header(header::USER_AGENT, user_agent)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("the request reaches the app")
}

/// A second session of `owner`; its token.
async fn second_session(app: &TestApp, owner: &Owner) -> String {
    let body = json_body(
        log_in(app, &owner.email, PASSWORD, CHROME_ON_LINUX).await,
        StatusCode::OK,
    )
    .await;
    body["token"].as_str().expect("a token").to_owned()
}

async fn sessions(app: &TestApp, token: &str) -> Vec<Value> {
    let body = app.get_ok("/api/v1/auth/sessions", token).await;
    body["sessions"].as_array().expect("a list").clone()
}

async fn is_signed_in(app: &TestApp, token: &str) -> bool {
    app.get("/api/v1/auth/me", token).await.status() == StatusCode::OK
}

/// Runs `sql` with one timestamp bound to it (`$1`).
async fn execute_at(app: &TestApp, sql: &str, at: chrono::DateTime<chrono::Utc>) {
    let database = app.database().await;
    let backend = database.get_database_backend();
    let sql = if backend == DbBackend::Sqlite {
        sql.replace("$1", "?")
    } else {
        sql.to_owned()
    };
    database
        .execute_raw(Statement::from_sql_and_values(backend, sql, [at.into()]))
        .await
        .expect("the update runs");
}

async fn request_reset(app: &TestApp, email: &str) -> reqwest::Response {
    app.request(
        Method::POST,
        "/api/v1/auth/password-reset",
        None,
        Some(json!({"email": email})),
    )
    .await
}

async fn confirm_reset(app: &TestApp, token: &str, new_password: &str) -> reqwest::Response {
    app.request(
        Method::POST,
        "/api/v1/auth/password-reset/confirm",
        None,
        Some(json!({"token": token, "new_password": new_password})),
    )
    .await
}

/// Waits for the `count`th mail to `email`; answers its text.
async fn mail_text(app: &TestApp, email: &str, count: usize) -> String {
    let mails = app
        .mail
        .wait_for(email, count, MAIL_WAIT)
        .await
        .unwrap_or_else(|| panic!("mail {count} to {email} arrives"));
    mails[count - 1].text()
}

/// The token of the link in a reset mail.
fn token_in(text: &str) -> String {
    text.split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a link with a token")
        .to_owned()
}

#[tokio::test]
async fn an_owner_sees_their_sessions_with_a_device_hint_and_never_a_token() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let second = second_session(&app, &owner).await;

    let listed = sessions(&app, &second).await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    // Newest first: the log-in from Chrome, which is the one asking.
    assert_eq!(listed[0]["current"], true);
    assert_eq!(listed[0]["device"], "Chrome on Linux");
    assert_eq!(listed[1]["current"], false);
    assert_eq!(
        listed[1]["device"],
        Value::Null,
        "reqwest sends no User-Agent"
    );
    for session in &listed {
        let mut keys: Vec<&str> = session
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["created_at", "current", "device", "id", "last_used_at"]
        );
        assert!(uuid::Uuid::parse_str(session["id"].as_str().expect("an id")).is_ok());
        assert_eq!(session["created_at"], session["last_used_at"]);
    }
    let text = app
        .get("/api/v1/auth/sessions", &owner.token)
        .await
        .text()
        .await
        .expect("a body");
    assert!(!text.contains(&owner.token) && !text.contains(&second));
    let database = app.database().await;
    let hashes = database
        .query_all_raw(Statement::from_string(
            database.get_database_backend(),
            "SELECT token_hash FROM sessions",
        ))
        .await
        .expect("the sessions");
    for row in hashes {
        let hash: String = row.try_get("", "token_hash").expect("a hash");
        assert!(!text.contains(&hash), "the list shows a token hash");
    }
    assert_eq!(
        app.request(Method::GET, "/api/v1/auth/sessions", None, None)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_device_hint_names_only_a_known_browser_and_system() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let hostile = format!("<img src=x onerror=alert(1)> {}", "A".repeat(8_000));
    let token = json_body(
        log_in(&app, &owner.email, PASSWORD, &hostile).await,
        StatusCode::OK,
    )
    .await["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 \
                  (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    json_body(
        log_in(&app, &owner.email, PASSWORD, iphone).await,
        StatusCode::OK,
    )
    .await;
    let listed = sessions(&app, &token).await;
    let devices: Vec<&Value> = listed.iter().map(|session| &session["device"]).collect();
    assert_eq!(
        devices,
        [&json!("Safari on iOS"), &Value::Null, &Value::Null]
    );
}

#[tokio::test]
async fn last_use_is_recorded_at_most_once_a_minute() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let created = sessions(&app, &owner.token).await[0]["last_used_at"].clone();
    for _ in 0..3 {
        app.get_ok("/api/v1/auth/me", &owner.token).await;
    }
    assert_eq!(
        sessions(&app, &owner.token).await[0]["last_used_at"],
        created,
        "not written on every request"
    );

    let long_ago = chrono::Utc::now() - chrono::Duration::minutes(5);
    execute_at(&app, "UPDATE sessions SET last_used_at = $1", long_ago).await;
    // A change made behind the process's back (as by another replica) is
    // seen once the session it read is a second old.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    app.get_ok("/api/v1/auth/me", &owner.token).await;
    let used: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(sessions(&app, &owner.token).await[0]["last_used_at"].clone())
            .expect("a timestamp");
    assert!(used >= before, "{used} is the last use");
}

#[tokio::test]
async fn an_owner_ends_one_of_their_sessions_but_never_another_owners() {
    let app = spawn_app().await;
    let dana = app.sign_up().await;
    let dana_chrome = second_session(&app, &dana).await;
    let noa = app.sign_up().await;

    let noas = sessions(&app, &noa.token).await;
    assert_eq!(noas.len(), 1, "one owner never sees another's sessions");
    let noas_id = noas[0]["id"].as_str().expect("an id").to_owned();
    let refused = app
        .delete(&format!("/api/v1/auth/sessions/{noas_id}"), &dana.token)
        .await;
    assert_problem(refused, StatusCode::NOT_FOUND, "session_not_found").await;
    assert!(is_signed_in(&app, &noa.token).await);
    for unknown in [uuid::Uuid::new_v4().to_string(), "not-an-id".to_owned()] {
        let response = app
            .delete(&format!("/api/v1/auth/sessions/{unknown}"), &dana.token)
            .await;
        assert_problem(response, StatusCode::NOT_FOUND, "session_not_found").await;
    }

    let danas = sessions(&app, &dana.token).await;
    let chrome = danas
        .iter()
        .find(|session| session["current"] == false)
        .expect("the other session");
    let ended = app
        .delete(
            &format!(
                "/api/v1/auth/sessions/{}",
                chrome["id"].as_str().expect("an id")
            ),
            &dana.token,
        )
        .await;
    assert_eq!(ended.status(), StatusCode::NO_CONTENT);
    assert!(!is_signed_in(&app, &dana_chrome).await);
    assert!(is_signed_in(&app, &dana.token).await);
    assert_eq!(sessions(&app, &dana.token).await.len(), 1);
    assert!(is_signed_in(&app, &noa.token).await);
}

#[tokio::test]
async fn signing_out_everywhere_else_keeps_only_this_session() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let second = second_session(&app, &owner).await;
    let third = second_session(&app, &owner).await;
    let other = app.sign_up().await;
    let body = json_body(
        app.request(
            Method::POST,
            "/api/v1/auth/sessions/revoke-others",
            Some(&second),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(body, json!({"ended": 2}));
    assert!(is_signed_in(&app, &second).await);
    assert!(!is_signed_in(&app, &owner.token).await);
    assert!(!is_signed_in(&app, &third).await);
    assert!(is_signed_in(&app, &other.token).await);
}

#[tokio::test]
async fn changing_the_password_proves_the_current_one_and_ends_the_other_sessions() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let second = second_session(&app, &owner).await;
    let other = app.sign_up().await;

    let wrong = app
        .post(
            "/api/v1/auth/password",
            &second,
            json!({"current_password": "not the password", "new_password": NEW_PASSWORD}),
        )
        .await;
    let problem = assert_problem(wrong, StatusCode::UNPROCESSABLE_ENTITY, "wrong_password").await;
    assert_eq!(error_fields(&problem), ["current_password"]);
    assert_eq!(problem["errors"][0]["code"], "wrong_password");
    assert!(is_signed_in(&app, &owner.token).await, "nothing changed");

    let short = app
        .post(
            "/api/v1/auth/password",
            &second,
            json!({"current_password": PASSWORD, "new_password": "short"}),
        )
        .await;
    let problem =
        assert_problem(short, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(error_fields(&problem), ["new_password"]);
    assert_eq!(problem["errors"][0]["code"], "too_short");
    let missing = app.post("/api/v1/auth/password", &second, json!({})).await;
    assert_problem(
        missing,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;

    let changed = app
        .post(
            "/api/v1/auth/password",
            &second,
            json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    assert!(is_signed_in(&app, &second).await, "this session stays");
    assert!(!is_signed_in(&app, &owner.token).await, "the others end");
    assert!(is_signed_in(&app, &other.token).await);
    assert_eq!(
        log_in(&app, &owner.email, PASSWORD, "test").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        log_in(&app, &owner.email, NEW_PASSWORD, "test")
            .await
            .status(),
        StatusCode::OK
    );
    let logs = captured_logs();
    assert!(!logs.contains(NEW_PASSWORD) && !logs.contains(PASSWORD));
}

#[tokio::test]
async fn a_reset_is_answered_the_same_whether_or_not_the_account_exists() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;

    let started = Instant::now();
    let unknown = request_reset(&app, "nobody@acme.test").await;
    let unknown_took = started.elapsed();
    let unknown_status = unknown.status();
    let unknown_body = unknown.text().await.expect("a body");
    let started = Instant::now();
    let known = request_reset(&app, &owner.email).await;
    let known_took = started.elapsed();
    assert_eq!(unknown_status, StatusCode::ACCEPTED);
    assert_eq!(known.status(), StatusCode::ACCEPTED);
    assert_eq!(known.text().await.expect("a body"), unknown_body);
    // The mail is sent after the answer: neither waits for SMTP.
    assert!(
        unknown_took < Duration::from_millis(500) && known_took < Duration::from_millis(500),
        "{unknown_took:?} and {known_took:?}"
    );

    mail_text(&app, &owner.email, 1).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.mail.mails().len(), 1, "no mail for an unknown email");

    let invalid = request_reset(&app, "not an email").await;
    let problem = assert_problem(
        invalid,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["email"]);
}

#[tokio::test]
async fn the_reset_link_arrives_by_smtp_in_the_owners_language_and_works_once() {
    let app = spawn_app().await;
    // `sign_up_as` signs up in Hebrew.
    let owner = app.sign_up_as("Dana@Acme.test").await;
    let second = second_session(&app, &owner).await;
    let accepted = request_reset(&app, "  dana@ACME.test ").await;
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);

    let mails = app
        .mail
        .wait_for("Dana@Acme.test", 1, MAIL_WAIT)
        .await
        .expect("the mail arrives");
    let mail = &mails[0];
    assert_eq!(mail.from, "no-reply@ava.test");
    assert_eq!(mail.subject(), "איפוס הסיסמה שלך ב־Ava");
    let text = mail.text();
    let link_start = format!("{}/he/reset-password?token=", app.address);
    assert!(text.contains(&link_start), "{link_start} in the mail");
    assert!(text.contains("30"), "the mail says how long the link works");
    let token = token_in(&text);
    assert_eq!(token.len(), 43);

    let confirmed = confirm_reset(&app, &token, NEW_PASSWORD).await;
    assert_eq!(confirmed.status(), StatusCode::NO_CONTENT);
    assert!(
        !is_signed_in(&app, &owner.token).await,
        "every session ends"
    );
    assert!(!is_signed_in(&app, &second).await);
    assert_eq!(
        log_in(&app, &owner.email, PASSWORD, "test").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        log_in(&app, &owner.email, NEW_PASSWORD, "test")
            .await
            .status(),
        StatusCode::OK
    );

    let again = confirm_reset(&app, &token, "yet another passphrase").await;
    let problem = assert_problem(
        again,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_reset_token",
    )
    .await;
    assert_eq!(error_fields(&problem), ["token"]);
    assert_eq!(problem["errors"][0]["code"], "reset_token_used");
    assert_eq!(
        log_in(&app, &owner.email, NEW_PASSWORD, "test")
            .await
            .status(),
        StatusCode::OK,
        "a used token changes nothing"
    );

    let logs = captured_logs();
    assert!(!logs.contains(&token), "the token never reaches the logs");
    assert!(!logs.contains(NEW_PASSWORD));
    let database = app.database().await;
    let stored = database
        .query_all_raw(Statement::from_string(
            database.get_database_backend(),
            "SELECT token_hash FROM password_resets",
        ))
        .await
        .expect("the resets");
    assert_eq!(stored.len(), 1);
    let hash: String = stored[0].try_get("", "token_hash").expect("a hash");
    assert_ne!(hash, token, "only a hash of the token is stored");
}

#[tokio::test]
async fn a_newer_reset_supersedes_the_older_link() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    assert_eq!(
        request_reset(&app, &owner.email).await.status(),
        StatusCode::ACCEPTED
    );
    let first = token_in(&mail_text(&app, &owner.email, 1).await);
    assert_eq!(
        request_reset(&app, &owner.email).await.status(),
        StatusCode::ACCEPTED
    );
    let second = token_in(&mail_text(&app, &owner.email, 2).await);
    assert_ne!(first, second);

    let superseded = confirm_reset(&app, &first, NEW_PASSWORD).await;
    let problem = assert_problem(
        superseded,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_reset_token",
    )
    .await;
    assert_eq!(problem["errors"][0]["code"], "reset_token_unknown");
    assert_eq!(
        confirm_reset(&app, &second, NEW_PASSWORD).await.status(),
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn an_expired_unknown_or_malformed_token_is_refused() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    assert_eq!(
        request_reset(&app, &owner.email).await.status(),
        StatusCode::ACCEPTED
    );
    let token = token_in(&mail_text(&app, &owner.email, 1).await);

    let short = confirm_reset(&app, &token, "short").await;
    let problem =
        assert_problem(short, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(error_fields(&problem), ["new_password"]);

    // Thirty minutes pass.
    let database = app.database().await;
    database
        .execute_unprepared("UPDATE password_resets SET expires_at = created_at")
        .await
        .expect("the update runs");
    let expired = confirm_reset(&app, &token, NEW_PASSWORD).await;
    let problem = assert_problem(
        expired,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_reset_token",
    )
    .await;
    assert_eq!(problem["errors"][0]["code"], "reset_token_expired");
    assert!(is_signed_in(&app, &owner.token).await, "nothing changed");

    let unknown = confirm_reset(&app, &"x".repeat(43), NEW_PASSWORD).await;
    let problem = assert_problem(
        unknown,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_reset_token",
    )
    .await;
    assert_eq!(problem["errors"][0]["code"], "reset_token_unknown");
    for malformed in ["", "not a token!", &"x".repeat(500)] {
        let response = confirm_reset(&app, malformed, NEW_PASSWORD).await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), ["token"]);
    }
}
