//! Prints how fast Ava answers Vapi's `assistant-request` (Vapi gives up
//! after a few seconds; Ava should answer well under one): 64 calls at a
//! time, each authenticated by the owner's secret and decided by the
//! owner's hours and closures. Figures only, no pass/fail:
//!
//!     cargo bench -p ava-server --bench assistant_request
//!
//! The real app in-process on a temporary SQLite database (`DATABASE_URL`
//! for PostgreSQL), the fake Vapi and Twilio on loopback.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use ava_infrastructure::cipher::FernetCipher;
use ava_provider_fake::{AccountStatus, FakeProviders};
use ava_server::{
    config::{Config, Environment, sqlite_url},
    startup::Application,
};

const CONCURRENT: usize = 64;
const PER_WORKER: usize = 100;
const VAPI_KEY: &str = "5b0f6c0e-2d1a-4c55-9d0e-7a3a5c1e9b21";
const TWILIO_SID: &str = "AC0123456789abcdef0123456789abcdef";
const TWILIO_TOKEN: &str = "f00dfacef00dfacef00dfacef00dface";
const NUMBER: &str = "+14155550123";

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

async fn expect_ok(request: reqwest::RequestBuilder) -> Value {
    let response = request.send().await.expect("the app answers");
    let status = response.status();
    let body = response.text().await.expect("a body");
    assert!(status.is_success(), "{status}: {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

#[tokio::main]
async fn main() {
    let providers = FakeProviders::start()
        .await
        .expect("the fake providers start");
    let org = providers.add_vapi_org_with_key(VAPI_KEY);
    providers.add_twilio_account(TWILIO_SID, TWILIO_TOKEN, AccountStatus::Active);
    providers.add_twilio_number(TWILIO_SID, NUMBER, true);
    let data = tempfile::tempdir().expect("a temporary directory");
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port");
    let config = Config {
        environment: Environment::Development,
        addr,
        database_url: std::env::var("DATABASE_URL").unwrap_or_else(|_| sqlite_url(data.path())),
        data_dir: data.path().to_owned(),
        encryption_key: Some(FernetCipher::generate_key()),
        vapi_base_url: providers.vapi_url(),
        twilio_base_url: providers.twilio_url(),
        provider_timeout: Duration::from_secs(5),
        static_dir: None,
        demo: false,
        public_url: Some(format!("http://{addr}")),
        smtp_url: None,
        mail_from: ava_server::config::DEFAULT_MAIL_FROM.to_owned(),
        trusted_proxy_header: None,
        metrics_addr: None,
        operators: Default::default(),
    };
    let app = Application::build(&config).await.expect("the app starts");
    tokio::spawn(app.run_until(std::future::pending()));
    let base = format!("http://{addr}/api/v1");
    let client = reqwest::Client::new();

    let signup = json!({"email": "bench@acme.test", "password": "correct horse battery"});
    let token = expect_ok(client.post(format!("{base}/auth/signup")).json(&signup)).await["token"]
        .as_str()
        .expect("a token")
        .to_owned();
    let profile = json!({"full_name": "Dana Levi", "organization_name": "Acme Dental",
        "industry": "dental", "timezone": "Asia/Jerusalem", "accept_terms": true});
    expect_ok(
        client
            .patch(format!("{base}/user/profile"))
            .bearer_auth(&token)
            .json(&profile),
    )
    .await;
    expect_ok(
        client
            .post(format!("{base}/vapi-settings"))
            .bearer_auth(&token)
            .json(&json!({"vapi_api_key": VAPI_KEY})),
    )
    .await;
    let twilio =
        json!({"account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN, "phone_number": NUMBER});
    expect_ok(
        client
            .post(format!("{base}/twilio-settings"))
            .bearer_auth(&token)
            .json(&twilio),
    )
    .await;
    let day = json!([["08:00", "12:00"], ["13:00", "19:00"]]);
    let studio = json!({"business_hours": {"timezone": "Asia/Jerusalem",
        "days": {"sun": day, "mon": day, "tue": day, "wed": day, "thu": day}},
        "closures": (1..=30).map(|d| json!({"date": format!("2027-01-{d:02}")})).collect::<Vec<_>>()});
    expect_ok(
        client
            .patch(format!("{base}/studio/config"))
            .bearer_auth(&token)
            .json(&studio),
    )
    .await;
    expect_ok(
        client
            .post(format!("{base}/assistants"))
            .bearer_auth(&token),
    )
    .await;
    let number = providers
        .phone_numbers(&org)
        .into_iter()
        .find(|number| number["number"] == NUMBER)
        .expect("the imported number");
    let url = number["server"]["url"]
        .as_str()
        .expect("a server URL")
        .to_owned();
    let secret = number["server"]["headers"]["x-ava-secret"]
        .as_str()
        .expect("the secret header")
        .to_owned();
    let message = json!({"message": {"type": "assistant-request",
        "call": {"id": "bench", "type": "inboundPhoneCall", "customer": {"number": "+33612345678"}},
        "phoneNumber": {"id": number["id"], "number": NUMBER}}});

    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENT)
        .map(|_| {
            let (client, url, secret, message) =
                (client.clone(), url.clone(), secret.clone(), message.clone());
            tokio::spawn(async move {
                let mut samples = Vec::with_capacity(PER_WORKER);
                for _ in 0..PER_WORKER {
                    let start = Instant::now();
                    let answer = expect_ok(
                        client
                            .post(&url)
                            .header("x-ava-secret", &secret)
                            .json(&message),
                    )
                    .await;
                    assert!(
                        answer.get("assistantId").is_some() || answer.get("destination").is_some()
                    );
                    samples.push(start.elapsed());
                }
                samples
            })
        })
        .collect();
    let mut samples = Vec::with_capacity(CONCURRENT * PER_WORKER);
    for worker in workers {
        samples.extend(worker.await.expect("a worker"));
    }
    let elapsed = started.elapsed();
    samples.sort();
    println!(
        "database: {}",
        if config.database_url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    println!(
        "assistant-request, {CONCURRENT} at a time: n={} p50={:.2?} p99={:.2?} max={:.2?} ({:.0}/s)",
        samples.len(),
        percentile(&samples, 0.50),
        percentile(&samples, 0.99),
        samples[samples.len() - 1],
        samples.len() as f64 / elapsed.as_secs_f64(),
    );
}
