//! The harness: each test gets the real application on port 0 with an
//! empty, migrated database of its own (a new SQLite file, or, with
//! `AVA_TEST_DATABASE=postgres`, a PostgreSQL database claimed from a pool
//! and emptied) and its own fake Vapi and Twilio on loopback.

use std::{
    io::Write,
    net::SocketAddr,
    path::PathBuf,
    sync::{Arc, Mutex, OnceLock},
    time::Duration,
};

use reqwest::{Method, Response, StatusCode};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::{sync::oneshot, task::JoinHandle};

use ava_application::funnel::Operators;
use ava_infrastructure::{cipher::FernetCipher, persistence::Store};
use ava_provider_fake::{AccountStatus, FakeProviders, SmtpSink};
use ava_server::{
    config::{Config, Environment, sqlite_url},
    startup::Application,
};

pub const PASSWORD: &str = "correct horse battery staple";
pub const VAPI_KEY: &str = "5b0f6c0e-2d1a-4c55-9d0e-7a3a5c1e9b21";
pub const VAPI_PUBLIC_KEY: &str = "0c7e4d1f-8a2b-4f6e-b3c5-9d8e7f6a5b4c";
pub const TWILIO_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const TWILIO_TOKEN: &str = "f00dfacef00dfacef00dfacef00dface";
pub const TWILIO_NUMBER: &str = "+14155550123";
/// The operator of every test app (`AVA_ADMIN_EMAILS`); no account has it
/// until a test signs up with it.
pub const OPERATOR_EMAIL: &str = "operator@ava.test";

/// What every test process writes its logs into (debug level), so that a
/// test can assert what never reaches them.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(
        &log_buffer()
            .lock()
            .unwrap_or_else(|poison| poison.into_inner()),
    )
    .into_owned()
}

fn log_buffer() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER.get_or_init(Default::default)
}

#[derive(Clone)]
struct BufferWriter(Arc<Mutex<Vec<u8>>>);

impl Write for BufferWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn init_logs() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        let writer = BufferWriter(log_buffer().clone());
        let _ = tracing_subscriber::fmt()
            .with_env_filter("debug")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .try_init();
    });
}

/// Where this test's data lives; kept for the life of the test.
pub enum TestDatabase {
    Sqlite {
        dir: TempDir,
        url: String,
    },
    /// `_claim` is the session that holds this test's claim on the database.
    Postgres {
        url: String,
        _claim: DatabaseConnection,
    },
}

impl TestDatabase {
    async fn create() -> Self {
        if std::env::var("AVA_TEST_DATABASE").as_deref() == Ok("postgres") {
            // No TLS on loopback: in a debug build the handshake is most of
            // what a connection costs.
            let admin = std::env::var("AVA_TEST_POSTGRES_URL").unwrap_or_else(|_| {
                "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable".to_owned()
            });
            let (claim, url) = claim_postgres_database(&admin).await;
            Self::Postgres { url, _claim: claim }
        } else {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let url = sqlite_url(dir.path());
            Self::Sqlite { dir, url }
        }
    }

    pub fn url(&self) -> &str {
        match self {
            Self::Sqlite { url, .. } | Self::Postgres { url, .. } => url,
        }
    }

    /// The SQLite file (PostgreSQL keeps its files to itself).
    pub fn sqlite_file(&self) -> Option<PathBuf> {
        match self {
            Self::Sqlite { dir, .. } => Some(dir.path().join("ava.db")),
            Self::Postgres { .. } => None,
        }
    }
}

// ---- PostgreSQL: a pool of databases, reused from one test to the next ----
//
// Creating a database per test leaks them, and dropping them is slow
// (PostgreSQL 15 forces a checkpoint at every DROP DATABASE). So a test
// claims a free slot `ava_test_{build}_{n}` with a session advisory lock
// (held until the test ends, or its process dies), empties it, and uses it.
// Slots are copies of a template migrated once per build of the tests.

/// Advisory lock keys: the template's, and the namespace of the slots'.
const TEMPLATE_LOCK: i64 = 0x4156_4154;
const SLOT_LOCKS: i32 = 0x4156_4153;

/// Claims a free, empty, migrated database; answers the claiming session
/// (keep it open) and the database's URL.
async fn claim_postgres_database(admin_url: &str) -> (DatabaseConnection, String) {
    let url_of = |name: &str| {
        let mut url = reqwest::Url::parse(admin_url).expect("AVA_TEST_POSTGRES_URL is a URL");
        url.set_path(name);
        url.to_string()
    };
    // One session, never recycled: the claim lives as long as it does.
    let mut options = ConnectOptions::new(admin_url.to_owned());
    options
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .sqlx_logging(false);
    let claim = Database::connect(options)
        .await
        .expect("PostgreSQL for the tests is reachable");
    let build = build_id();
    let template = format!("ava_template_{build}");
    postgres_template(&claim, &template, &url_of(&template)).await;
    for slot in 0.. {
        let claimed = scalar(
            &claim,
            &format!("SELECT pg_try_advisory_lock({SLOT_LOCKS}, {slot})::int AS value"),
        )
        .await;
        if claimed != Some(1) {
            continue;
        }
        let name = format!("ava_test_{build}_{slot}");
        if exists(&claim, &name).await {
            let database = Database::connect(url_of(&name))
                .await
                .expect("the test database answers");
            database
                .execute_unprepared(EMPTY_ALL_TABLES)
                .await
                .expect("the test database is emptied");
            let _ = database.close().await;
        } else {
            retry_while_busy(
                &claim,
                &format!("CREATE DATABASE {name} TEMPLATE {template}"),
            )
            .await;
        }
        return (claim, url_of(&name));
    }
    unreachable!("there is always another slot")
}

/// Everything but the migrations' own table.
const EMPTY_ALL_TABLES: &str = "DO $$ DECLARE tables text; BEGIN
    SELECT string_agg(format('%I', tablename), ', ') INTO tables
        FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'seaql_migrations';
    IF tables IS NOT NULL THEN EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE'; END IF;
END $$";

/// Names this build of the tests (the binary embeds the migrations), so
/// that a change of schema gets a new template and new slots.
fn build_id() -> String {
    let executable = std::env::current_exe().expect("the test binary");
    let built = std::fs::metadata(&executable)
        .and_then(|meta| meta.modified())
        .expect("the test binary's date");
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&(executable, built), &mut hasher);
    format!("{:016x}", std::hash::Hasher::finish(&hasher))
}

/// Makes the migrated template once per build (one test process builds it,
/// the others wait), and drops what earlier builds left unused.
async fn postgres_template(claim: &DatabaseConnection, template: &str, template_url: &str) {
    claim
        .execute_unprepared(&format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})"))
        .await
        .expect("the template lock");
    if !exists(claim, template).await {
        let building = format!("{template}_building");
        claim
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
            .await
            .expect("drop");
        claim
            .execute_unprepared(&format!("CREATE DATABASE {building}"))
            .await
            .expect("the template is created");
        let store = Store::connect(&template_url.replace(template, &building))
            .await
            .expect("the template answers");
        store.migrate().await.expect("the migrations apply");
        store.close().await.expect("the template connection closes");
        retry_while_busy(
            claim,
            &format!("ALTER DATABASE {building} RENAME TO {template}"),
        )
        .await;
        let stale = claim
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                format!(
                    "SELECT datname::text AS name FROM pg_database \
                     WHERE datname ~ '^(ava_template_[0-9a-f]{{16}}(_building)?|ava_test_[0-9a-f]{{16}}_[0-9]+)$' \
                     AND datname NOT LIKE '%{}%'",
                    &template["ava_template_".len()..]
                ),
            ))
            .await
            .unwrap_or_default();
        for name in stale
            .iter()
            .filter_map(|row| row.try_get::<String>("", "name").ok())
        {
            drop_unclaimed(claim, &name).await;
        }
    }
    claim
        .execute_unprepared(&format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})"))
        .await
        .expect("the unlock");
}

/// Drops a database of an earlier build, unless a test still holds it (a
/// template in use refuses to go: harmless, it goes next time).
async fn drop_unclaimed(claim: &DatabaseConnection, name: &str) {
    let slot = name
        .strip_prefix("ava_test_")
        .and_then(|rest| rest.rsplit('_').next());
    if let Some(slot) = slot {
        let lock = format!("pg_try_advisory_lock({SLOT_LOCKS}, {slot})");
        if scalar(claim, &format!("SELECT {lock}::int AS value")).await != Some(1) {
            return;
        }
    }
    let _ = claim
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await;
    if let Some(slot) = slot {
        let unlock = format!("SELECT pg_advisory_unlock({SLOT_LOCKS}, {slot})");
        let _ = claim.execute_unprepared(&unlock).await;
    }
}

async fn scalar(connection: &DatabaseConnection, sql: &str) -> Option<i32> {
    let row = connection
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .expect(sql)?;
    row.try_get("", "value").ok()
}

async fn exists(connection: &DatabaseConnection, database: &str) -> bool {
    let sql = format!("SELECT 1 AS value FROM pg_database WHERE datname = '{database}'");
    scalar(connection, &sql).await.is_some()
}

/// Runs a statement that PostgreSQL refuses while a connection to the
/// database involved, just closed, is still going away.
async fn retry_while_busy(connection: &DatabaseConnection, sql: &str) {
    for attempt in 0.. {
        match connection.execute_unprepared(sql).await {
            Ok(_) => return,
            Err(error)
                if attempt < 100 && error.to_string().contains("being accessed by other users") =>
            {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(error) => panic!("{sql}: {error}"),
        }
    }
}

pub struct TestApp {
    pub address: String,
    /// `http://…` of `GET /metrics`'s own address, when the config sets one.
    pub metrics_address: Option<String>,
    pub providers: FakeProviders,
    /// The SMTP server Ava sends its mails to (`AVA_SMTP_URL`).
    pub mail: SmtpSink,
    pub database: TestDatabase,
    pub encryption_key: String,
    pub data_dir: TempDir,
    /// `AVA_PUBLIC_URL`, and the address it names (kept across restarts).
    live: Option<(SocketAddr, String)>,
    client: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
}

pub async fn spawn_app() -> TestApp {
    spawn(false).await
}

/// An app that Vapi reaches at its public URL: numbers ask it about each call.
pub async fn spawn_live_app() -> TestApp {
    spawn(true).await
}

async fn spawn(live: bool) -> TestApp {
    init_logs();
    let providers = FakeProviders::start()
        .await
        .expect("the fake providers start");
    providers.add_vapi_org_with_key(VAPI_KEY);
    let org = providers
        .vapi_org_of_key(VAPI_KEY)
        .expect("the org just added");
    providers.add_vapi_key(&org, VAPI_PUBLIC_KEY, ava_provider_fake::KeyKind::Public);
    providers.add_twilio_account(TWILIO_SID, TWILIO_TOKEN, AccountStatus::Active);
    providers.add_twilio_number(TWILIO_SID, TWILIO_NUMBER, true);
    let mut app = TestApp {
        address: String::new(),
        metrics_address: None,
        providers,
        mail: SmtpSink::start().await.expect("the SMTP sink starts"),
        database: TestDatabase::create().await,
        encryption_key: FernetCipher::generate_key(),
        data_dir: tempfile::tempdir().expect("a temporary directory"),
        live: live.then(|| {
            // A port the app can listen on again after a restart.
            let free = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|listener| listener.local_addr())
                .expect("a free port");
            (free, format!("http://{free}"))
        }),
        client: reqwest::Client::new(),
        shutdown: None,
        server: None,
    };
    let key = app.encryption_key.clone();
    app.start(&app.config(&key))
        .await
        .expect("the application starts");
    app
}

/// An owner signed up through the API.
pub struct Owner {
    pub id: String,
    pub email: String,
    pub token: String,
}

/// The studio configuration of the API documentation's example (phone
/// number typed with separators, as people do), with the going-live fields.
pub fn example_studio() -> Value {
    json!({
        "persona": "Maya, the front desk of Acme Dental",
        "job_to_be_done": "book and move cleaning appointments",
        "languages": ["he", "en"],
        "tone": "warm",
        "guidelines": "Never give medical advice.",
        "first_message": "Hello, you have reached Acme Dental",
        "voice": {"provider": "vapi", "voice_id": "Elliot"},
        "model": {"provider": "openai", "model": "gpt-4o-mini"},
        "phone_number": "+972 50-123-4567",
        "business_hours": {"timezone": "Asia/Jerusalem",
            "days": {"sun": [["08:00", "17:00"]], "mon": [["08:00", "12:00"], ["13:00", "17:00"]]}},
        "integrations": {"calendar": "google", "crm": null, "workspace": ["slack"]},
        "plan": "free",
        "handoff_number": "+972507654321",
        "after_hours": {"mode": "take_message", "forward_to": null},
        "closures": [{"date": "2026-12-25", "label": "Christmas"}]
    })
}

/// The JSON body of an answer, once its status is checked (the body is
/// shown when the status is not the expected one).
pub async fn json_body(response: Response, status: StatusCode) -> Value {
    let actual = response.status();
    let text = response.text().await.expect("a body");
    assert_eq!(actual, status, "unexpected answer: {text}");
    serde_json::from_str(&text).expect("a JSON body")
}

/// A loopback address where nothing listens: the socket holds the port
/// (bound, never listening) so connections to it are refused for as long
/// as it lives.
pub fn closed_port() -> (tokio::net::TcpSocket, String) {
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket
        .bind("127.0.0.1:0".parse().expect("a socket address"))
        .expect("a free port");
    let url = format!("http://{}", socket.local_addr().expect("a bound address"));
    (socket, url)
}

impl TestApp {
    /// The configuration `ava-server serve` would read, for this test.
    pub fn config(&self, encryption_key: &str) -> Config {
        Config {
            environment: Environment::Development,
            addr: self.live.as_ref().map_or_else(
                || "127.0.0.1:0".parse().expect("a socket address"),
                |live| live.0,
            ),
            database_url: self.database.url().to_owned(),
            data_dir: self.data_dir.path().to_owned(),
            encryption_key: Some(encryption_key.to_owned()),
            vapi_base_url: self.providers.vapi_url(),
            twilio_base_url: self.providers.twilio_url(),
            // Short, so that the "slow provider" tests are quick.
            provider_timeout: Duration::from_secs(1),
            static_dir: None,
            demo: false,
            public_url: self.live.as_ref().map(|live| live.1.clone()),
            smtp_url: Some(self.mail.url().into()),
            mail_from: "Ava <no-reply@ava.test>".to_owned(),
            operators: Operators::parse(OPERATOR_EMAIL).expect("an email address"),
            trusted_proxy_header: None,
            metrics_addr: None,
        }
    }

    async fn start(&mut self, config: &Config) -> Result<(), String> {
        let app = Application::build(config)
            .await
            .map_err(|error| error.to_string())?;
        self.address = format!("http://{}", app.local_addr().expect("a bound address"));
        self.metrics_address = app.metrics_addr().map(|addr| format!("http://{addr}"));
        let (shutdown, stopped) = oneshot::channel::<()>();
        self.shutdown = Some(shutdown);
        self.server = Some(tokio::spawn(async move {
            let _ = app
                .run_until(async {
                    let _ = stopped.await;
                })
                .await;
        }));
        Ok(())
    }

    /// Stops the server and starts it again on the same database and key
    /// (what a deploy or a crash does).
    pub async fn restart(&mut self) {
        let key = self.encryption_key.clone();
        self.restart_with_key(&key)
            .await
            .expect("the application starts again");
    }

    /// Stops the server and starts it with other encryption keys; answers
    /// why it refused to start, if it did.
    pub async fn restart_with_key(&mut self, encryption_key: &str) -> Result<(), String> {
        let config = self.config(encryption_key);
        self.restart_with_config(config).await
    }

    /// Stops the server and starts it with this configuration (e.g. other
    /// provider URLs); answers why it refused to start, if it did.
    pub async fn restart_with_config(&mut self, config: Config) -> Result<(), String> {
        self.stop().await;
        self.start(&config).await?;
        if let Some(key) = config.encryption_key {
            self.encryption_key = key;
        }
        Ok(())
    }

    /// A connection to the test's database, to look at what is stored.
    pub async fn database(&self) -> DatabaseConnection {
        Database::connect(self.database.url())
            .await
            .expect("the test database answers")
    }

    /// The Vapi organization of [`VAPI_KEY`] in the fake.
    pub fn vapi_org(&self) -> String {
        self.providers
            .vapi_org_of_key(VAPI_KEY)
            .expect("the seeded organization")
    }

    async fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// A request with the owner's bearer token, if any.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("the request reaches the app")
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::POST, path, Some(token), Some(body))
            .await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Response {
        self.request(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.request(Method::DELETE, path, Some(token), None).await
    }

    /// A `GET` that must answer 200; its JSON body.
    pub async fn get_ok(&self, path: &str, token: &str) -> Value {
        json_body(self.get(path, token).await, StatusCode::OK).await
    }

    /// `POST /assistants` (it takes no body).
    pub async fn create_assistant(&self, token: &str) -> Response {
        self.request(Method::POST, "/api/v1/assistants", Some(token), None)
            .await
    }

    pub async fn sign_up_as(&self, email: &str) -> Owner {
        let response = self
            .request(
                Method::POST,
                "/api/v1/auth/signup",
                None,
                Some(json!({"email": email, "password": PASSWORD, "full_name": "Dana Levi", "locale": "he"})),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "sign-up of {email}");
        let body: Value = response.json().await.expect("a JSON body");
        Owner {
            id: body["user"]["id"].as_str().expect("a user id").to_owned(),
            email: email.to_owned(),
            token: body["token"].as_str().expect("a token").to_owned(),
        }
    }

    pub async fn sign_up(&self) -> Owner {
        self.sign_up_as(&format!(
            "owner-{}@acme.test",
            uuid::Uuid::new_v4().simple()
        ))
        .await
    }

    /// An owner with a complete profile and connected Vapi and Twilio accounts.
    pub async fn onboarded_owner(&self) -> Owner {
        let owner = self.sign_up().await;
        let profile = json!({"full_name": "Dana Levi", "organization_name": "Acme Dental",
            "industry": "dental", "timezone": "Asia/Jerusalem", "accept_terms": true});
        assert_eq!(
            self.patch("/api/v1/user/profile", &owner.token, profile)
                .await
                .status(),
            StatusCode::OK
        );
        let vapi = self
            .post(
                "/api/v1/vapi-settings",
                &owner.token,
                json!({"vapi_api_key": VAPI_KEY}),
            )
            .await;
        assert_eq!(vapi.status(), StatusCode::OK);
        let twilio = json!({"account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN, "phone_number": TWILIO_NUMBER});
        assert_eq!(
            self.post("/api/v1/twilio-settings", &owner.token, twilio)
                .await
                .status(),
            StatusCode::OK
        );
        owner
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The body of a problem answer, checked to be problem+json.
pub async fn problem(response: Response) -> Value {
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        content_type, "application/problem+json",
        "errors are problem+json"
    );
    let body: Value = response.json().await.expect("a JSON body");
    assert!(
        body["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("urn:ava:problem:"))
    );
    assert!(body["title"].is_string() && body["status"].is_number());
    body
}

/// Asserts a problem's status and code, and answers its body.
pub async fn assert_problem(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "status of a `{code}` problem");
    let body = problem(response).await;
    assert_eq!(body["code"], code, "problem code in {body}");
    assert_eq!(body["status"], status.as_u16());
    body
}

/// The fields named by a 422's per-field errors.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
