//! Secrets never leave in clear: not in the database, not in the logs, not
//! in an answer.

use reqwest::{Method, Response, StatusCode};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

use crate::helpers::{
    PASSWORD, TWILIO_NUMBER, TWILIO_SID, TWILIO_TOKEN, TestApp, VAPI_KEY, VAPI_PUBLIC_KEY,
    captured_logs, example_studio, spawn_app,
};

/// Every answer of the flow, as text.
#[derive(Default)]
struct Answers(Vec<(String, String)>);

impl Answers {
    async fn keep(&mut self, what: &str, response: Response, status: StatusCode) -> Value {
        let actual = response.status();
        let text = response.text().await.expect("a body");
        assert_eq!(actual, status, "{what}: {text}");
        self.0.push((what.to_owned(), text.clone()));
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
}

/// Everything the database holds, as text: the SQLite files byte for byte,
/// or every row of every table of PostgreSQL.
async fn database_contents(app: &TestApp) -> String {
    if let Some(file) = app.database.sqlite_file() {
        let mut bytes = std::fs::read(&file).expect("the SQLite file");
        let wal = file.with_extension("db-wal");
        if wal.exists() {
            bytes.extend(std::fs::read(&wal).expect("the SQLite WAL"));
        }
        assert!(bytes.len() > 4096, "the database file is where the data is");
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let database = app.database().await;
    let tables = database
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public'",
        ))
        .await
        .expect("the tables are listed");
    let mut contents = String::new();
    for table in tables {
        let name: String = table.try_get("", "name").expect("a table name");
        let rows = database
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                format!(r#"SELECT row_to_json(t)::text AS row FROM "{name}" t"#),
            ))
            .await
            .expect("the rows as JSON");
        for row in rows {
            contents.push_str(&row.try_get::<String>("", "row").expect("a row as JSON"));
            contents.push('\n');
        }
    }
    assert!(contents.contains("Acme Dental"), "the dump holds the data");
    contents
}

#[tokio::test]
async fn after_a_full_onboarding_no_secret_is_stored_logged_or_answered_in_clear() {
    let app = spawn_app().await;
    let mut answers = Answers::default();

    let signup = json!({"email": "dana@acme.test", "password": PASSWORD, "full_name": "Dana Levi", "locale": "he"});
    let signed_up = app
        .request(Method::POST, "/api/v1/auth/signup", None, Some(signup))
        .await;
    let signed_up = answers.keep("signup", signed_up, StatusCode::CREATED).await;
    let token = signed_up["token"].as_str().unwrap().to_owned();
    let login = json!({"email": "dana@acme.test", "password": PASSWORD});
    let logged_in = app
        .request(Method::POST, "/api/v1/auth/login", None, Some(login))
        .await;
    let second_session = answers.keep("login", logged_in, StatusCode::OK).await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = token.as_str();

    let profile = json!({"organization_name": "Acme Dental", "industry": "dental", "timezone": "Asia/Jerusalem",
        "accept_terms": true});
    answers
        .keep(
            "profile",
            app.patch("/api/v1/user/profile", token, profile).await,
            StatusCode::OK,
        )
        .await;
    answers
        .keep(
            "onboarding",
            app.get("/api/v1/user/onboarding", token).await,
            StatusCode::OK,
        )
        .await;

    let public = app
        .post(
            "/api/v1/vapi-settings",
            token,
            json!({"vapi_api_key": VAPI_PUBLIC_KEY}),
        )
        .await;
    answers
        .keep("public key", public, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let vapi = app
        .post(
            "/api/v1/vapi-settings",
            token,
            json!({"vapi_api_key": VAPI_KEY}),
        )
        .await;
    answers.keep("vapi", vapi, StatusCode::OK).await;
    answers
        .keep(
            "vapi status",
            app.get("/api/v1/vapi-settings", token).await,
            StatusCode::OK,
        )
        .await;

    let wrong = json!({"account_sid": TWILIO_SID, "auth_token": "wrong-token-wrong-token-0001"});
    answers
        .keep(
            "wrong twilio",
            app.post("/api/v1/twilio-settings", token, wrong).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    let twilio = json!({"account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN, "phone_number": TWILIO_NUMBER});
    answers
        .keep(
            "twilio",
            app.post("/api/v1/twilio-settings", token, twilio).await,
            StatusCode::OK,
        )
        .await;
    answers
        .keep(
            "twilio status",
            app.get("/api/v1/twilio-settings", token).await,
            StatusCode::OK,
        )
        .await;
    answers
        .keep(
            "numbers",
            app.get("/api/v1/twilio-settings/numbers", token).await,
            StatusCode::OK,
        )
        .await;

    let mut studio = example_studio();
    studio["phone_number"] = json!(TWILIO_NUMBER);
    answers
        .keep(
            "studio",
            app.patch("/api/v1/studio/config", token, studio).await,
            StatusCode::OK,
        )
        .await;
    let move_on = json!({"current_step": "assistant"});
    answers
        .keep(
            "step",
            app.patch("/api/v1/user/onboarding", token, move_on).await,
            StatusCode::OK,
        )
        .await;
    let assistant = answers
        .keep(
            "assistant",
            app.create_assistant(token).await,
            StatusCode::CREATED,
        )
        .await;
    let sync = format!(
        "/api/v1/assistants/{}/sync",
        assistant["id"].as_str().unwrap()
    );
    answers
        .keep(
            "sync",
            app.request(Method::POST, &sync, Some(token), None).await,
            StatusCode::OK,
        )
        .await;
    answers
        .keep(
            "assistants",
            app.get("/api/v1/assistants", token).await,
            StatusCode::OK,
        )
        .await;
    let launch = app
        .request(
            Method::POST,
            "/api/v1/user/complete-onboarding",
            Some(token),
            None,
        )
        .await;
    let launched = answers.keep("launch", launch, StatusCode::OK).await;
    assert_eq!(launched["completed"], true);
    answers
        .keep(
            "me",
            app.get("/api/v1/auth/me", token).await,
            StatusCode::OK,
        )
        .await;
    // The Twilio token really travelled to Vapi, which echoes it: proof the
    // flow handled it, so its absence below means something.
    assert_eq!(
        app.providers.phone_numbers(&app.vapi_org())[0]["twilioAuthToken"],
        TWILIO_TOKEN
    );

    for (what, body) in &answers.0 {
        for secret in [
            VAPI_KEY,
            VAPI_PUBLIC_KEY,
            TWILIO_TOKEN,
            "wrong-token-wrong-token-0001",
            PASSWORD,
        ] {
            assert!(
                !body.contains(secret),
                "the answer to {what} contains a secret: {body}"
            );
        }
    }

    let stored = database_contents(&app).await;
    for (name, secret) in [
        ("the Vapi key", VAPI_KEY),
        ("the Twilio auth token", TWILIO_TOKEN),
        ("the password", PASSWORD),
        ("the session token", token),
        ("the second session token", second_session.as_str()),
    ] {
        assert!(
            !stored.contains(secret),
            "the database holds {name} in clear"
        );
    }
    let database = app.database().await;
    let backend = database.get_database_backend();
    let sealed = database
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT kind, ciphertext, preview FROM secrets ORDER BY kind",
        ))
        .await
        .unwrap();
    assert_eq!(
        sealed.len(),
        2,
        "the Vapi key and the Twilio token are stored"
    );
    for row in &sealed {
        let ciphertext: String = row.try_get("", "ciphertext").unwrap();
        assert!(ciphertext.starts_with("gAAAAA"), "a Fernet token");
        for secret in [VAPI_KEY, TWILIO_TOKEN] {
            assert!(!ciphertext.contains(secret));
        }
    }
    let previews: Vec<String> = sealed
        .iter()
        .map(|row| row.try_get("", "preview").unwrap())
        .collect();
    assert_eq!(
        previews,
        ["****face", "****9b21"],
        "twilio_auth_token, then vapi_api_key"
    );

    let logs = captured_logs();
    assert!(logs.contains("assistant created"), "the logs were captured");
    for (name, secret) in [
        ("the Vapi key", VAPI_KEY),
        ("the public Vapi key", VAPI_PUBLIC_KEY),
        ("the Twilio auth token", TWILIO_TOKEN),
        ("the wrong Twilio token", "wrong-token-wrong-token-0001"),
        ("the password", PASSWORD),
        ("the session token", token),
        ("the second session token", second_session.as_str()),
    ] {
        assert!(!logs.contains(secret), "the logs hold {name}");
    }
}
