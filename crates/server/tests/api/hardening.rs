//! Hostile input and unkind providers: control characters, huge invalid
//! bodies, a provider that rate-limits, and proxies from the environment.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use axum::{Router, http::StatusCode as AxumStatus, response::IntoResponse, routing::any};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TWILIO_SID, TWILIO_TOKEN, VAPI_KEY, assert_problem, error_fields, spawn_app};

/// A loopback server answering every request with 429 and `Retry-After: 17`,
/// as Vapi and Twilio do when Ava calls too often.
async fn rate_limiting_provider() -> String {
    let router = Router::new().fallback(any(|| async {
        (
            AxumStatus::TOO_MANY_REQUESTS,
            [("retry-after", "17"), ("content-type", "application/json")],
            r#"{"message":"Too Many Requests","statusCode":429}"#,
        )
            .into_response()
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("a bound address"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

#[tokio::test]
async fn control_characters_are_refused_by_field_everywhere_text_enters() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    for (path, body, field) in [
        (
            "/api/v1/user/profile",
            json!({"full_name": "a\u{0}b"}),
            "full_name",
        ),
        (
            "/api/v1/studio/config",
            json!({"persona": "Maya\u{7}"}),
            "persona",
        ),
        (
            "/api/v1/studio/config",
            json!({"closures": [{"date": "2026-12-25", "label": "x\u{1b}[31m"}]}),
            "closures.0.label",
        ),
        (
            "/api/v1/vapi-settings",
            json!({"vapi_api_key": "key\u{0}"}),
            "vapi_api_key",
        ),
    ] {
        let method = if path.ends_with("settings") {
            Method::POST
        } else {
            Method::PATCH
        };
        let response = app
            .request(method, path, Some(&owner.token), Some(body))
            .await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), [field], "{path}");
        assert_eq!(problem["errors"][0]["code"], "control_characters");
    }
    for path in ["/api/v1/auth/login", "/api/v1/auth/signup"] {
        let body =
            json!({"email": "dana\u{0}@acme.test", "password": "correct horse battery staple"});
        let response = app.request(Method::POST, path, None, Some(body)).await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), ["email"], "{path}");
    }
    // Line breaks and tabs are text.
    let guidelines = json!({"guidelines": "Be kind.\n\tNo medical advice.\r\n"});
    let response = app
        .patch("/api/v1/studio/config", &owner.token, guidelines)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_huge_invalid_body_answers_a_small_problem() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    // 800 KB: under the body limit, one bad entry after another.
    let workspace = vec!["x"; 200_000];
    let response = app
        .patch(
            "/api/v1/studio/config",
            &owner.token,
            json!({"integrations": {"workspace": workspace}}),
        )
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["integrations.workspace"]);

    let closures: Vec<_> = (0..100)
        .map(|i| json!({"date": format!("bad-{i}")}))
        .collect();
    let response = app
        .patch(
            "/api/v1/studio/config",
            &owner.token,
            json!({"closures": closures}),
        )
        .await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem).len(), 20);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|detail| detail.contains("first 20 of 100")),
        "{problem}"
    );
    assert!(problem.to_string().len() < 8 * 1024);
}

#[tokio::test]
async fn a_provider_that_rate_limits_is_busy_not_a_refusal_of_the_credentials() {
    let mut app = spawn_app().await;
    let busy = rate_limiting_provider().await;
    let mut config = app.config(&app.encryption_key.clone());
    config.vapi_base_url = busy.clone();
    config.twilio_base_url = busy;
    app.restart_with_config(config).await.unwrap();
    let owner = app.sign_up().await;

    let vapi = app
        .post(
            "/api/v1/vapi-settings",
            &owner.token,
            json!({"vapi_api_key": VAPI_KEY}),
        )
        .await;
    assert_eq!(vapi.headers()["retry-after"], "17");
    let problem = assert_problem(vapi, StatusCode::SERVICE_UNAVAILABLE, "vapi_busy").await;
    assert!(
        error_fields(&problem).is_empty(),
        "no field is blamed: {problem}"
    );

    let twilio = app
        .post(
            "/api/v1/twilio-settings",
            &owner.token,
            json!({"account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN}),
        )
        .await;
    assert_eq!(twilio.headers()["retry-after"], "17");
    assert_problem(twilio, StatusCode::SERVICE_UNAVAILABLE, "twilio_busy").await;
    let status = app.get_ok("/api/v1/vapi-settings", &owner.token).await;
    assert_eq!(status["configured"], false, "nothing stored");
}

#[tokio::test]
async fn proxies_from_the_environment_never_see_a_provider_call() {
    // A "proxy" that counts who connects to it.
    let connections = Arc::new(AtomicUsize::new(0));
    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let seen = connections.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = proxy.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    let app = spawn_app().await;
    let proxies = [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ]
    .map(|name| (name, proxy_url.as_str()));
    let (_server, base) = server_process(&app, &proxies, std::process::Stdio::null()).await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let signup = json!({"email": "proxy@acme.test", "password": "correct horse battery staple"});
    let token = client
        .post(format!("{base}/api/v1/auth/signup"))
        .json(&signup)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let response = client
        .post(format!("{base}/api/v1/vapi-settings"))
        .bearer_auth(&token)
        .json(&json!({"vapi_api_key": VAPI_KEY}))
        .send()
        .await
        .unwrap();

    assert_eq!(
        response.status(),
        StatusCode::OK,
        "Vapi was reached directly"
    );
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "the proxy saw the call"
    );
}

struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn password_guessing_is_throttled_per_account_with_retry_after() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let guess = |password: &str| json!({"email": owner.email.to_uppercase(), "password": password});
    let mut statuses = Vec::new();
    for attempt in 0..25 {
        let response = app
            .request(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(guess(&format!("wrong guess {attempt}"))),
            )
            .await;
        statuses.push(response.status());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let retry_after: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=12).contains(&retry_after), "{retry_after}");
            assert_problem(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
        }
    }
    assert!(
        statuses[..5].iter().all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    assert!(
        statuses[5..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // Even the right password waits: the account is being guessed.
    let right = app
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(guess(crate::helpers::PASSWORD)),
        )
        .await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another account is not slowed down.
    let other = app.sign_up().await;
    let body = json!({"email": other.email, "password": crate::helpers::PASSWORD});
    let response = app
        .request(Method::POST, "/api/v1/auth/login", None, Some(body))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn one_address_cannot_spray_accounts_even_claiming_others() {
    let app = spawn_app().await;
    // 30 at once, then one every 2 s: the limit comes within a few more
    // (each refused login costs a password hash's time).
    let mut allowed = 0;
    for attempt in 0..45 {
        // Without AVA_TRUSTED_PROXY_HEADER, a claimed address is ignored.
        let response = reqwest::Client::new()
            .post(app.url("/api/v1/auth/login"))
            .header("x-forwarded-for", format!("198.51.100.{attempt}"))
            .json(&json!({"email": format!("nobody-{attempt}@acme.test"), "password": "whatever it is"}))
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
        allowed += 1;
    }
    assert!((30..40).contains(&allowed), "{allowed} attempts allowed");
}

#[tokio::test]
async fn sign_ups_and_credential_checks_are_throttled() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        let response = app
            .post(
                "/api/v1/vapi-settings",
                &owner.token,
                json!({"vapi_api_key": VAPI_KEY}),
            )
            .await;
        statuses.push(response.status());
    }
    assert!(
        statuses[..10].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(statuses[10], StatusCode::TOO_MANY_REQUESTS);

    // 30 a minute per address (one used above), then one every 2 s.
    let mut signed_up = 1;
    for serial in 0..45 {
        let body = json!({"email": format!("new-{serial}@acme.test"), "password": crate::helpers::PASSWORD});
        let status = app
            .request(Method::POST, "/api/v1/auth/signup", None, Some(body))
            .await
            .status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        assert_eq!(status, StatusCode::CREATED);
        signed_up += 1;
    }
    assert!(
        (30..40).contains(&signed_up),
        "{signed_up} sign-ups allowed"
    );
}

/// An empty database of the backend under test.
enum FreshDatabase {
    Sqlite(tempfile::TempDir),
    Postgres {
        admin: sea_orm::DatabaseConnection,
        name: String,
        url: String,
    },
}

impl FreshDatabase {
    async fn create() -> Self {
        use sea_orm::ConnectionTrait;
        if std::env::var("AVA_TEST_DATABASE").as_deref() != Ok("postgres") {
            return Self::Sqlite(tempfile::tempdir().expect("a temporary directory"));
        }
        let admin_url = std::env::var("AVA_TEST_POSTGRES_URL").unwrap_or_else(|_| {
            "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable".to_owned()
        });
        let admin = sea_orm::Database::connect(&admin_url)
            .await
            .expect("PostgreSQL answers");
        let name = format!("ava_fresh_{}", uuid::Uuid::new_v4().simple());
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("a new database");
        let mut url = reqwest::Url::parse(&admin_url).expect("a URL");
        url.set_path(&name);
        Self::Postgres {
            admin,
            name,
            url: url.to_string(),
        }
    }

    fn url(&self) -> String {
        match self {
            Self::Sqlite(dir) => ava_server::config::sqlite_url(dir.path()),
            Self::Postgres { url, .. } => url.clone(),
        }
    }

    async fn drop_it(self) {
        use sea_orm::ConnectionTrait;
        if let Self::Postgres { admin, name, .. } = self {
            admin
                .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
                .await
                .expect("the database is dropped");
        }
    }
}

#[tokio::test]
async fn three_replicas_start_together_on_a_fresh_database() {
    let fresh = FreshDatabase::create().await;
    let app = spawn_app().await;
    let mut config = app.config(&app.encryption_key.clone());
    config.database_url = fresh.url();
    let build = || ava_server::startup::Application::build(&config);

    let (first, second, third) = tokio::join!(build(), build(), build());

    for (replica, started) in [first, second, third].into_iter().enumerate() {
        assert!(
            started.is_ok(),
            "replica {replica}: {:?}",
            started.err().map(|e| e.to_string())
        );
    }
    fresh.drop_it().await;
}

#[tokio::test]
async fn reset_links_and_password_changes_are_throttled() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let reset = |email: &str| json!({"email": email});
    // Three links every 15 minutes per address, account or not: no inbox is flooded.
    for email in [owner.email.as_str(), "nobody@acme.test"] {
        for attempt in 0..3 {
            let response = app
                .request(
                    Method::POST,
                    "/api/v1/auth/password-reset",
                    None,
                    Some(reset(email)),
                )
                .await;
            assert_eq!(
                response.status(),
                StatusCode::ACCEPTED,
                "{email} #{attempt}"
            );
        }
        let fourth = app
            .request(
                Method::POST,
                "/api/v1/auth/password-reset",
                None,
                Some(reset(email)),
            )
            .await;
        assert_problem(fourth, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    }

    let change =
        json!({"current_password": "not the password", "new_password": "a brand new password"});
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            app.post("/api/v1/auth/password", &owner.token, change.clone())
                .await
                .status(),
        );
    }
    assert!(
        statuses[..5]
            .iter()
            .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn security_headers_and_the_production_cookie() {
    let mut app = spawn_app().await;
    let owner = app.sign_up().await;
    let me = app.get("/api/v1/auth/me", &owner.token).await;
    assert_eq!(
        me.headers()["cache-control"],
        "no-store",
        "API answers are never cached"
    );
    let policy = me.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    for directive in [
        "script-src 'self' 'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ] {
        assert!(policy.contains(directive), "{policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(
        me.headers().get("strict-transport-security").is_none(),
        "not over plain HTTP"
    );

    let mut production = app.config(&app.encryption_key.clone());
    production.environment = ava_server::config::Environment::Production;
    app.restart_with_config(production).await.unwrap();
    let body = json!({"email": "prod@acme.test", "password": crate::helpers::PASSWORD});
    let signup = app
        .request(Method::POST, "/api/v1/auth/signup", None, Some(body))
        .await;
    assert_eq!(signup.status(), StatusCode::CREATED);
    assert!(
        signup.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
    assert_eq!(
        signup.headers()["cache-control"],
        "no-store",
        "a token is in the body"
    );
    let cookie = signup.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-ava_session="), "{cookie}");
    assert!(cookie.contains("; Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"));
    let token = cookie["__Host-ava_session=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let by_cookie = reqwest::Client::new()
        .get(app.url("/api/v1/auth/me"))
        .header("cookie", format!("__Host-ava_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_cookie.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_burst_of_saves_and_reads_queues_instead_of_failing() {
    let app = spawn_app().await;
    let mut owners = Vec::new();
    for _ in 0..20 {
        owners.push(app.sign_up().await);
    }
    let mut requests = tokio::task::JoinSet::new();
    for (serial, owner) in owners.iter().enumerate() {
        for kind in 0..3 {
            let (url, token) = (app.url("/api/v1/studio/config"), owner.token.clone());
            requests.spawn(async move {
                let client = reqwest::Client::new();
                let request = if kind == 0 {
                    client
                        .patch(&url)
                        .json(&json!({"persona": format!("Maya {serial}")}))
                } else {
                    client.get(&url)
                };
                request
                    .bearer_auth(token)
                    .send()
                    .await
                    .expect("an answer")
                    .status()
            });
        }
    }
    let mut statuses = Vec::new();
    while let Some(status) = requests.join_next().await {
        statuses.push(status.expect("a request task"));
    }
    assert_eq!(statuses.len(), 60);
    assert!(statuses.iter().all(StatusCode::is_success), "{statuses:?}");
}

#[tokio::test]
async fn a_development_key_file_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let mut app = spawn_app().await;
    let mut config = app.config(&app.encryption_key.clone());
    config.encryption_key = None;
    // The first start makes the key file, readable by its owner only.
    app.restart_with_config(config.clone()).await.unwrap();
    let key_file = app.data_dir.path().join("encryption.key");
    let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let refusal = app.restart_with_config(config.clone()).await.unwrap_err();
    assert!(refusal.contains("chmod 600"), "{refusal}");
    assert!(
        !refusal.contains(
            &std::fs::read_to_string(&key_file)
                .unwrap()
                .trim()
                .to_owned()
        )
    );

    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    app.restart_with_config(config).await.unwrap();
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: ava\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    // The server closes the connection after its header-read timeout (10 s).
    let read = tokio::time::timeout(
        ava_server::serve::HEADER_READ_TIMEOUT + std::time::Duration::from_secs(5),
        slow.read_to_end(&mut answer),
    )
    .await;
    assert!(
        read.is_ok(),
        "still connected after {:?}",
        started.elapsed()
    );
    assert!(
        started.elapsed()
            >= ava_server::serve::HEADER_READ_TIMEOUT - std::time::Duration::from_secs(1)
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
}

/// `ava-server serve` as its own process (for what only a process shows:
/// its environment, its output), on the fakes of `app`, with `env` added;
/// answers it (killed when dropped) and its base URL once it is ready.
async fn server_process(
    app: &crate::helpers::TestApp,
    env: &[(&str, &str)],
    stdout: std::process::Stdio,
) -> (KillOnDrop, String) {
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port");
    let data = app.data_dir.path().join(format!("process-{}", addr.port()));
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_ava-server"));
    server
        .arg("serve")
        .env("AVA_ADDR", addr.to_string())
        .env("AVA_DATA_DIR", &data)
        .env("AVA_STATIC_DIR", data.join("no-app"))
        .env("ENCRYPTION_KEY", &app.encryption_key)
        .env("VAPI_BASE_URL", app.providers.vapi_url())
        .env("TWILIO_BASE_URL", app.providers.twilio_url())
        .env_remove("DATABASE_URL")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("RUST_LOG")
        .envs(env.iter().copied())
        .stdout(stdout)
        .stderr(std::process::Stdio::null());
    let child = KillOnDrop(server.spawn().expect("ava-server starts"));
    let base = format!("http://{addr}");
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client");
    for _ in 0..200 {
        let ready = client.get(format!("{base}/readyz")).send().await;
        if ready.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (child, base)
}

#[tokio::test]
async fn json_logs_are_one_object_a_line_with_the_request_id() {
    use std::io::Read;
    let app = spawn_app().await;
    let (mut server, base) = server_process(
        &app,
        &[("AVA_LOG_FORMAT", "json")],
        std::process::Stdio::piped(),
    )
    .await;
    let answer = reqwest::get(format!("{base}/api/v1/meta")).await.unwrap();
    let request_id = answer.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    server.0.kill().unwrap();
    let mut output = String::new();
    server
        .0
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut output)
        .unwrap();

    let lines: Vec<serde_json::Value> = output
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line:?}")))
        .collect();
    assert!(!lines.is_empty());
    assert!(!output.contains('\u{1b}'), "no terminal colours");
    assert!(
        lines
            .iter()
            .any(|line| line["span"]["id"] == request_id.as_str()
                && line["span"]["path"] == "/api/v1/meta"),
        "{output}"
    );
}
