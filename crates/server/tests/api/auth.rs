//! Sign-up, log-in, log-out, sessions.

use reqwest::{Method, StatusCode, header};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, assert_problem, error_fields, spawn_app};

#[tokio::test]
async fn sign_up_answers_a_token_and_sets_a_safe_session_cookie() {
    let app = spawn_app().await;
    let response = app
        .request(
            Method::POST,
            "/api/v1/auth/signup",
            None,
            Some(json!({"email": "Dana@Acme.test", "password": PASSWORD, "full_name": "Dana Levi", "locale": "he"})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert!(cookie.starts_with(&format!("ava_session={token};")));
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age="] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert_eq!(body["user"]["email"], "Dana@Acme.test");
    assert_eq!(body["user"]["full_name"], "Dana Levi");
    assert_eq!(body["user"]["locale"], "he");
    assert!(body["user"].get("password").is_none() && body["user"].get("password_hash").is_none());
}

#[tokio::test]
async fn the_session_works_as_bearer_token_and_as_cookie() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let by_bearer = app.get("/api/v1/auth/me", &owner.token).await;
    assert_eq!(by_bearer.status(), StatusCode::OK);
    assert_eq!(
        by_bearer.json::<Value>().await.unwrap()["email"],
        owner.email
    );
    let by_cookie = reqwest::Client::new()
        .get(app.url("/api/v1/auth/me"))
        .header(header::COOKIE, format!("ava_session={}", owner.token))
        .send()
        .await
        .unwrap();
    assert_eq!(by_cookie.status(), StatusCode::OK);
}

#[tokio::test]
async fn emails_are_unique_whatever_their_case() {
    let app = spawn_app().await;
    app.sign_up_as("dana@acme.test").await;
    let again = json!({"email": "DANA@acme.TEST", "password": PASSWORD});
    let response = app
        .request(Method::POST, "/api/v1/auth/signup", None, Some(again))
        .await;
    let problem = assert_problem(response, StatusCode::CONFLICT, "email_taken").await;
    assert_eq!(error_fields(&problem), ["email"]);
}

#[tokio::test]
async fn sign_up_names_every_invalid_field() {
    let app = spawn_app().await;
    let body =
        json!({"email": "not-an-email", "password": "tiny-pw", "full_name": "x".repeat(121)});
    let response = app
        .request(Method::POST, "/api/v1/auth/signup", None, Some(body))
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["email", "password", "full_name"]);
    assert_eq!(problem["errors"][0]["code"], "invalid_email");
    assert_eq!(problem["errors"][1]["code"], "too_short");
    assert_eq!(problem["errors"][2]["code"], "too_long");
    assert!(
        !problem.to_string().contains("tiny-pw"),
        "the password is not echoed: {problem}"
    );
}

#[tokio::test]
async fn a_missing_field_is_required_by_name() {
    let app = spawn_app().await;
    let response = app
        .request(
            Method::POST,
            "/api/v1/auth/signup",
            None,
            Some(json!({"email": "a@b.test"})),
        )
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["password"]);
    assert_eq!(problem["errors"][0]["code"], "required");
}

#[tokio::test]
async fn log_in_accepts_the_email_in_any_case() {
    let app = spawn_app().await;
    app.sign_up_as("dana@acme.test").await;
    let response = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": " Dana@ACME.test ", "password": PASSWORD})),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key(header::SET_COOKIE));
    let body: Value = response.json().await.unwrap();
    assert!(
        body["token"]
            .as_str()
            .is_some_and(|token| token.len() >= 43)
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    app.sign_up_as("dana@acme.test").await;
    let wrong_password = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "dana@acme.test", "password": "not the password"})),
        )
        .await;
    let first = assert_problem(
        wrong_password,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let unknown = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "nobody@acme.test", "password": "not the password"})),
        )
        .await;
    let second = assert_problem(unknown, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    assert_eq!(first, second);
}

#[tokio::test]
async fn log_in_requires_both_fields() {
    let app = spawn_app().await;
    let response = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": " ", "password": ""})),
        )
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["email", "password"]);
}

#[tokio::test]
async fn log_out_revokes_the_session_and_clears_the_cookie() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let response = app
        .request(
            Method::POST,
            "/api/v1/auth/logout",
            Some(&owner.token),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("ava_session=;") && cookie.contains("Max-Age=0"),
        "{cookie}"
    );
    let after = app.get("/api/v1/auth/me", &owner.token).await;
    assert_problem(after, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn other_sessions_survive_a_log_out() {
    let app = spawn_app().await;
    let owner = app.sign_up_as("dana@acme.test").await;
    let second = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"email": "dana@acme.test", "password": PASSWORD})),
        )
        .await
        .json::<Value>()
        .await
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.request(
        Method::POST,
        "/api/v1/auth/logout",
        Some(&owner.token),
        None,
    )
    .await;
    assert_eq!(
        app.get("/api/v1/auth/me", &second).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn requests_without_a_valid_session_are_401() {
    let app = spawn_app().await;
    let anonymous = app
        .request(Method::GET, "/api/v1/auth/me", None, None)
        .await;
    assert_problem(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let made_up = app.get("/api/v1/user/profile", "made-up-token").await;
    assert_problem(made_up, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let basic = reqwest::Client::new()
        .get(app.url("/api/v1/auth/me"))
        .basic_auth("dana", Some("password"))
        .send()
        .await
        .unwrap();
    assert_problem(basic, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn an_expired_session_no_longer_signs_in() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let database = Database::connect(app.database.url()).await.unwrap();
    database
        .execute_unprepared("UPDATE sessions SET expires_at = created_at")
        .await
        .unwrap();
    let response = app.get("/api/v1/auth/me", &owner.token).await;
    assert_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn sessions_survive_a_restart() {
    let mut app = spawn_app().await;
    let owner = app.sign_up().await;
    app.restart().await;
    assert_eq!(
        app.get("/api/v1/auth/me", &owner.token).await.status(),
        StatusCode::OK
    );
}

/// Sessions are checked from each process's memory for at most a second: a
/// log-out is refused at once by the replica that did it, and by another
/// replica on the same database within a second.
#[tokio::test]
async fn a_log_out_reaches_every_replica_within_a_second() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let replica = ava_server::startup::Application::build(&app.config(&app.encryption_key))
        .await
        .expect("a second replica starts");
    let replica_url = format!("http://{}", replica.local_addr().expect("an address"));
    tokio::spawn(replica.run_until(std::future::pending()));
    let me = |base: &str| {
        reqwest::Client::new()
            .get(format!("{base}/api/v1/auth/me"))
            .bearer_auth(&owner.token)
            .send()
    };
    for base in [app.url(""), replica_url.clone()] {
        assert_eq!(me(&base).await.unwrap().status(), StatusCode::OK, "{base}");
    }

    let logout = app
        .post("/api/v1/auth/logout", &owner.token, json!({}))
        .await;
    assert!(logout.status().is_success(), "{}", logout.status());
    let logged_out = std::time::Instant::now();
    let here = me(&app.url("")).await.unwrap();
    assert_problem(here, StatusCode::UNAUTHORIZED, "unauthorized").await;
    loop {
        let there = me(&replica_url).await.unwrap().status();
        if there == StatusCode::UNAUTHORIZED {
            break;
        }
        assert_eq!(there, StatusCode::OK);
        assert!(
            logged_out.elapsed() < std::time::Duration::from_millis(1_500),
            "the other replica still signs in {:?} after the log-out",
            logged_out.elapsed()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
