//! Two drills against `ava-server` running as its own process, printing
//! figures (no pass/fail):
//!
//! - login flood: 120 logins at once for unknown emails; the server's peak
//!   memory (VmHWM) before and after. Password hashing runs on a bounded
//!   pool, so the peak stays flat; the surplus is answered 503 or 429.
//! - kill -9: 16 owners autosave as fast as they can; the server is killed
//!   with SIGKILL mid-flight and started again; every save it acknowledged
//!   must be there.
//!
//!     cargo bench -p ava-server --bench drills
//!
//! On SQLite in a temporary folder, fsynced as in production.

use std::{
    collections::BTreeMap,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use serde_json::{Value, json};

use ava_infrastructure::cipher::FernetCipher;

struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(data: &std::path::Path, key: &str) -> Self {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port");
        let mut command = Command::new(env!("CARGO_BIN_EXE_ava-server"));
        command
            .arg("serve")
            .env("AVA_ADDR", addr.to_string())
            .env("AVA_DATA_DIR", data)
            .env("AVA_STATIC_DIR", data.join("no-web-app"))
            .env("ENCRYPTION_KEY", key)
            .env("RUST_LOG", "warn")
            .env_remove("DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let server = Self {
            child: command.spawn().expect("ava-server starts"),
            base: format!("http://{addr}"),
        };
        let client = reqwest::Client::new();
        for _ in 0..400 {
            let ready = client.get(format!("{}/readyz", server.base)).send().await;
            if ready.is_ok_and(|answer| answer.status().is_success()) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("ava-server did not become ready");
    }

    /// Peak and current resident memory, in MiB.
    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|line| line.starts_with(name))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
                .map_or(0.0, |kib| kib / 1024.0)
        };
        (field("VmHWM:"), field("VmRSS:"))
    }

    fn kill(&mut self) {
        // SIGKILL: no shutdown, no flush: what a crash does.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

async fn sign_up(client: &reqwest::Client, base: &str, email: &str) -> String {
    let body = json!({"email": email, "password": "correct horse battery staple"});
    let answer: Value = client
        .post(format!("{base}/api/v1/auth/signup"))
        .json(&body)
        .send()
        .await
        .expect("sign-up")
        .json()
        .await
        .expect("JSON");
    answer["token"].as_str().expect("a token").to_owned()
}

async fn login_flood(data: &std::path::Path, key: &str) {
    let server = Server::start(data, key).await;
    let (_, idle) = server.memory();
    let client = reqwest::Client::new();
    let started = Instant::now();
    let logins: Vec<_> = (0..120)
        .map(|serial| {
            let (client, url) = (client.clone(), format!("{}/api/v1/auth/login", server.base));
            tokio::spawn(async move {
                let body = json!({"email": format!("nobody-{serial}@acme.test"), "password": "a wrong password"});
                client
                    .post(url)
                    .json(&body)
                    .send()
                    .await
                    .map(|answer| answer.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for login in logins {
        *statuses.entry(login.await.unwrap_or(0)).or_default() += 1;
    }
    let (peak, now) = server.memory();
    println!(
        "login flood: 120 at once in {:.2?}; answers {statuses:?}; RSS idle {idle:.1} MiB, peak {peak:.1} MiB, after {now:.1} MiB",
        started.elapsed()
    );
}

async fn kill_drill(data: &std::path::Path, key: &str) {
    let mut server = Server::start(data, key).await;
    let client = reqwest::Client::new();
    let mut owners = Vec::new();
    for serial in 0..16 {
        owners.push(sign_up(&client, &server.base, &format!("drill-{serial}@acme.test")).await);
    }
    // The last persona each owner's save was acknowledged with.
    let acknowledged: Arc<Mutex<BTreeMap<usize, u64>>> = Arc::default();
    let savers: Vec<_> = owners
        .iter()
        .enumerate()
        .map(|(owner, token)| {
            let (client, token, acknowledged) =
                (client.clone(), token.clone(), acknowledged.clone());
            let url = format!("{}/api/v1/studio/config", server.base);
            tokio::spawn(async move {
                for save in 1u64.. {
                    let body = json!({"persona": format!("draft {save}")});
                    let answer = client
                        .patch(&url)
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await;
                    match answer {
                        Ok(answer) if answer.status().is_success() => {
                            acknowledged.lock().expect("a lock").insert(owner, save);
                        }
                        Ok(_) => {}
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(3)).await;
    server.kill();
    for saver in savers {
        let _ = saver.await;
    }
    let acknowledged = acknowledged.lock().expect("a lock").clone();
    let server = Server::start(data, key).await;
    let mut lost = 0;
    for (owner, token) in owners.iter().enumerate() {
        let config: Value = client
            .get(format!("{}/api/v1/studio/config", server.base))
            .bearer_auth(token)
            .send()
            .await
            .expect("the config")
            .json()
            .await
            .expect("JSON");
        let stored: u64 = config["persona"]
            .as_str()
            .and_then(|persona| persona.strip_prefix("draft "))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        // A save in flight at the kill may be stored unacknowledged: never less.
        if stored < acknowledged.get(&owner).copied().unwrap_or(0) {
            lost += 1;
        }
    }
    println!(
        "kill -9 drill: {} saves acknowledged before SIGKILL by {} owners; owners whose acknowledged save was lost after restart: {lost}",
        acknowledged.values().sum::<u64>(),
        owners.len()
    );
}

#[tokio::main]
async fn main() {
    let key = FernetCipher::generate_key();
    let flood = tempfile::tempdir().expect("a temporary directory");
    login_flood(flood.path(), &key).await;
    let drill = tempfile::tempdir().expect("a temporary directory");
    kill_drill(drill.path(), &key).await;
}
