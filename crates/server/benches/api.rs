//! Prints how fast the API answers what the wizard does most: an autosave
//! (`PATCH /studio/config`) and a read of the progress, plus a sign-up
//! (argon2id dominates). Figures only, no pass/fail:
//!
//!     cargo bench -p ava-server --bench api
//!
//! Runs the real app in-process on a temporary SQLite database
//! (`DATABASE_URL` to bench PostgreSQL instead), with the fake providers.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use ava_infrastructure::cipher::FernetCipher;
use ava_provider_fake::FakeProviders;
use ava_server::{
    config::{Config, Environment, sqlite_url},
    startup::Application,
};

const ROUNDS: usize = 300;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let total: Duration = samples.iter().sum();
    println!(
        "{name:<28} n={:<4} p50={:>8.2?} p95={:>8.2?} max={:>8.2?} ({:.0}/s sequential)",
        samples.len(),
        percentile(&samples, 0.50),
        percentile(&samples, 0.95),
        samples[samples.len() - 1],
        samples.len() as f64 / total.as_secs_f64(),
    );
}

async fn timed<F: Future<Output = reqwest::Result<reqwest::Response>>>(request: F) -> Duration {
    let start = Instant::now();
    let response = request.await.expect("the app answers");
    assert!(response.status().is_success(), "{}", response.status());
    let _ = response.bytes().await;
    start.elapsed()
}

#[tokio::main]
async fn main() {
    let providers = FakeProviders::start()
        .await
        .expect("the fake providers start");
    let data = tempfile::tempdir().expect("a temporary directory");
    let config = Config {
        environment: Environment::Development,
        addr: "127.0.0.1:0".parse().expect("an address"),
        database_url: std::env::var("DATABASE_URL").unwrap_or_else(|_| sqlite_url(data.path())),
        data_dir: data.path().to_owned(),
        encryption_key: Some(FernetCipher::generate_key()),
        vapi_base_url: providers.vapi_url(),
        twilio_base_url: providers.twilio_url(),
        provider_timeout: Duration::from_secs(5),
        static_dir: None,
        demo: false,
        public_url: None,
        smtp_url: None,
        mail_from: ava_server::config::DEFAULT_MAIL_FROM.to_owned(),
        trusted_proxy_header: None,
        metrics_addr: None,
        operators: Default::default(),
    };
    let app = Application::build(&config).await.expect("the app starts");
    let base = format!("http://{}/api/v1", app.local_addr().expect("an address"));
    tokio::spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::new();

    let mut signups = Vec::new();
    let mut token = String::new();
    for round in 0..20 {
        let body = json!({"email": format!("bench-{round}@acme.test"), "password": "correct horse battery"});
        let start = Instant::now();
        let response = client
            .post(format!("{base}/auth/signup"))
            .json(&body)
            .send()
            .await
            .expect("sign-up");
        let answer: Value = response.json().await.expect("JSON");
        signups.push(start.elapsed());
        token = answer["token"].as_str().expect("a token").to_owned();
    }

    let mut autosaves = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let patch = json!({"persona": format!("Maya, draft {round}"), "guidelines": "Never give medical advice.",
            "business_hours": {"timezone": "Asia/Jerusalem", "days": {"sun": [["08:00", "17:00"]]}}});
        autosaves.push(
            timed(
                client
                    .patch(format!("{base}/studio/config"))
                    .bearer_auth(&token)
                    .json(&patch)
                    .send(),
            )
            .await,
        );
    }
    let mut reads = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        reads.push(
            timed(
                client
                    .get(format!("{base}/user/onboarding"))
                    .bearer_auth(&token)
                    .send(),
            )
            .await,
        );
    }

    println!(
        "database: {}",
        if config.database_url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    report("POST /auth/signup", signups);
    report("PATCH /studio/config", autosaves);
    report("GET /user/onboarding", reads);
}
