//! Autosave under load, against `ava-server` running as its own process
//! (the release build cargo made for this bench), printing figures, not
//! pass/fail:
//!
//!     cargo bench -p ava-server --bench load
//!
//! 1. A bare axum handler, served by this process on its own runtime and
//!    driven by the same client: the ceiling of this machine.
//! 2. `ava-server` on SQLite (a temporary folder, fsynced as in
//!    production): its memory idle and after 1,000 sign-ups, then 64
//!    owners autosaving (`PATCH /api/v1/studio/config` with the persona
//!    step's fields and the version last read, as the web app does) over
//!    64 keep-alive connections; its memory under that load.
//! 3. The same on PostgreSQL, in a database made for the run at
//!    `AVA_TEST_POSTGRES_URL` (default
//!    `postgres://postgres@127.0.0.1:5432/postgres`); skipped, with a
//!    notice, where none answers.
//!
//! `AVA_LOAD_SECS` sets how long each load lasts (default 10 s, after a
//! 2 s warm-up). The client is hyper over 64 connections on one thread, so
//! that it takes as little of the machine as it can; the CPU time the
//! server and the client spent per request is printed too. Sign-ups come
//! from distinct addresses through `X-Forwarded-For` (the server trusts it
//! here), so the per-address sign-up throttle does not refuse them.

use std::{
    net::SocketAddr,
    process::{Child, Command, Stdio},
    sync::{
        Arc,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Method, Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use sea_orm::{ConnectionTrait, Database};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::net::TcpStream;

use ava_infrastructure::cipher::FernetCipher;

const CONNECTIONS: usize = 64;
const SIGN_UPS: usize = 1_000;
const AUTOSAVE_PATH: &str = "/api/v1/studio/config";
const PASSWORD: &str = "correct horse battery staple";

fn load_duration() -> Duration {
    let seconds = std::env::var("AVA_LOAD_SECS")
        .ok()
        .and_then(|secs| secs.parse().ok())
        .unwrap_or(10);
    Duration::from_secs(seconds)
}

// ------------------------------------------------------------ the server

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts `ava-server serve` on `database_url` (SQLite in `data` when `None`).
    async fn start(data: &std::path::Path, key: &str, database_url: Option<&str>) -> Self {
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
            .env("AVA_TRUSTED_PROXY_HEADER", "x-forwarded-for")
            .env("RUST_LOG", "warn")
            .env_remove("AVA_DEMO")
            .env_remove("AVA_PUBLIC_URL")
            .env_remove("DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        if let Some(url) = database_url {
            command.env("DATABASE_URL", url);
        }
        let server = Self {
            child: command.spawn().expect("ava-server starts"),
            addr,
        };
        let client = reqwest::Client::new();
        for _ in 0..400 {
            let ready = client.get(format!("http://{addr}/readyz")).send().await;
            if ready.is_ok_and(|answer| answer.status().is_success()) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("ava-server did not become ready");
    }

    fn memory(&self) -> Memory {
        Memory::of(&format!("/proc/{}/status", self.child.id()))
    }

    /// User plus system CPU time the server has used.
    fn cpu(&self) -> Duration {
        cpu_of(&format!("/proc/{}/stat", self.child.id()))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Resident memory, in MiB: now (VmRSS) and at its peak (VmHWM).
#[derive(Clone, Copy, Default)]
struct Memory {
    rss: f64,
    peak: f64,
}

impl Memory {
    fn of(status_file: &str) -> Self {
        let status = std::fs::read_to_string(status_file).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|line| line.starts_with(name))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
                .map_or(0.0, |kib| kib / 1024.0)
        };
        Self {
            rss: field("VmRSS:"),
            peak: field("VmHWM:"),
        }
    }
}

fn cpu_of(stat_file: &str) -> Duration {
    let stat = std::fs::read_to_string(stat_file).unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|value| value.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime (fields 14 and 15), in clock ticks of 1/100 s on Linux.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

/// CPU time used by the PostgreSQL server's processes on this machine
/// (the backends serving `ava-server`'s pool live as long as it does).
fn postgres_cpu() -> Duration {
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return Duration::ZERO;
    };
    processes
        .filter_map(Result::ok)
        .filter(|entry| {
            let comm = std::fs::read_to_string(entry.path().join("comm")).unwrap_or_default();
            comm.trim_end() == "postgres"
        })
        .map(|entry| cpu_of(&entry.path().join("stat").to_string_lossy()))
        .sum()
}

// -------------------------------------------------------------- sign-ups

/// Signs up `count` owners, 8 at a time (the hashing pool's queue holds
/// more; a 503 is retried), each from its own address. Answers their tokens.
async fn sign_up(addr: SocketAddr, count: usize) -> (Vec<String>, Duration) {
    let client = reqwest::Client::new();
    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let (client, next) = (client.clone(), next.clone());
            tokio::spawn(async move {
                let mut tokens = Vec::new();
                loop {
                    let serial = next.fetch_add(1, Ordering::Relaxed);
                    if serial >= count {
                        return tokens;
                    }
                    tokens.push((serial, sign_up_one(&client, addr, serial).await));
                }
            })
        })
        .collect();
    let mut tokens = Vec::with_capacity(count);
    for worker in workers {
        tokens.extend(worker.await.expect("a sign-up worker"));
    }
    tokens.sort();
    (
        tokens.into_iter().map(|(_, token)| token).collect(),
        started.elapsed(),
    )
}

async fn sign_up_one(client: &reqwest::Client, addr: SocketAddr, serial: usize) -> String {
    let body = json!({"email": format!("load-{serial}@acme.test"), "password": PASSWORD});
    let address = format!(
        "10.{}.{}.{}",
        serial >> 16,
        (serial >> 8) & 255,
        serial & 255
    );
    for _ in 0..100 {
        let answer = client
            .post(format!("http://{addr}/api/v1/auth/signup"))
            .header("x-forwarded-for", &address)
            .json(&body)
            .send()
            .await
            .expect("sign-up answers");
        if answer.status() == reqwest::StatusCode::SERVICE_UNAVAILABLE {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        }
        assert!(answer.status().is_success(), "sign-up: {}", answer.status());
        let answer: Value = answer.json().await.expect("JSON");
        return answer["token"].as_str().expect("a token").to_owned();
    }
    panic!("sign-up stayed busy");
}

// ------------------------------------------------------------------ load

/// What one load printed.
struct Figures {
    requests: usize,
    non_2xx: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Figures {
    fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        let index = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies.get(index).copied().unwrap_or_default()
    }

    fn line(&self) -> String {
        format!(
            "{:>7.0} req/s, p50 {:>6.2} ms, p99 {:>6.2} ms, max {:>7.2} ms, non-2xx {} (of {})",
            self.per_second(),
            self.percentile(0.50).as_secs_f64() * 1e3,
            self.percentile(0.99).as_secs_f64() * 1e3,
            self.latencies
                .last()
                .copied()
                .unwrap_or_default()
                .as_secs_f64()
                * 1e3,
            self.non_2xx,
            self.requests,
        )
    }
}

/// The answer's `version`: the next save carries it, as the web app's does.
#[derive(Deserialize)]
struct Saved {
    version: i64,
}

/// The persona step's autosave, as the web app sends it.
fn autosave_body(save: u64, version: i64) -> Bytes {
    Bytes::from(
        json!({
            "persona": format!("Maya, the front desk of Acme Dental (draft {save})"),
            "job_to_be_done": "Book, move and cancel cleanings; answer questions about prices and insurance.",
            "languages": ["en", "he"],
            "tone": "warm",
            "guidelines": "Never give medical advice. Offer the first free slot.",
            "first_message": "Hello, Acme Dental, Maya speaking. How can I help?",
            "version": version,
        })
        .to_string(),
    )
}

/// One keep-alive connection saving as fast as the server answers, for
/// `duration`, as the owner of `token`.
async fn connection(addr: SocketAddr, token: String, duration: Duration) -> Figures {
    let stream = TcpStream::connect(addr).await.expect("a connection");
    stream.set_nodelay(true).expect("no delay");
    let (mut sender, driver) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("an HTTP/1.1 connection");
    tokio::spawn(driver);
    let authorization = format!("Bearer {token}");
    let host = addr.to_string();
    // The web app reads the configuration, then saves on top of its version.
    let read = Request::builder()
        .uri(AUTOSAVE_PATH)
        .header(header::HOST, &host)
        .header(header::AUTHORIZATION, &authorization)
        .body(Full::new(Bytes::new()))
        .expect("a request");
    let answer = sender.send_request(read).await.expect("an answer");
    let body = answer
        .into_body()
        .collect()
        .await
        .expect("the body")
        .to_bytes();
    let mut version = serde_json::from_slice::<Saved>(&body).map_or(0, |read| read.version);
    let (mut figures, mut save) = (Figures::empty(), 0u64);
    let started = Instant::now();
    while started.elapsed() < duration {
        save += 1;
        let request = Request::builder()
            .method(Method::PATCH)
            .uri(AUTOSAVE_PATH)
            .header(header::HOST, &host)
            .header(header::AUTHORIZATION, &authorization)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(autosave_body(save, version)))
            .expect("a request");
        let sent = Instant::now();
        let answer = sender.send_request(request).await.expect("an answer");
        let status = answer.status();
        let body = answer
            .into_body()
            .collect()
            .await
            .expect("the body")
            .to_bytes();
        figures.latencies.push(sent.elapsed());
        figures.requests += 1;
        if status.is_success() {
            if let Ok(saved) = serde_json::from_slice::<Saved>(&body) {
                version = saved.version;
            }
        } else {
            figures.non_2xx += 1;
            if status == StatusCode::CONFLICT {
                // Start again from what is stored, as the web app would.
                version = serde_json::from_slice::<Value>(&body)
                    .ok()
                    .and_then(|problem| problem["current"]["version"].as_i64())
                    .unwrap_or(version);
            }
        }
    }
    figures.elapsed = started.elapsed();
    figures
}

impl Figures {
    fn empty() -> Self {
        Self {
            requests: 0,
            non_2xx: 0,
            elapsed: Duration::ZERO,
            latencies: Vec::new(),
        }
    }

    fn merge(parts: Vec<Figures>) -> Self {
        let mut all = Self::empty();
        for part in parts {
            all.requests += part.requests;
            all.non_2xx += part.non_2xx;
            all.elapsed = all.elapsed.max(part.elapsed);
            all.latencies.extend(part.latencies);
        }
        all.latencies.sort_unstable();
        all
    }
}

/// 64 connections, one per token, for `duration`.
async fn load(addr: SocketAddr, tokens: &[String], duration: Duration) -> Figures {
    let tasks: Vec<_> = tokens
        .iter()
        .take(CONNECTIONS)
        .map(|token| tokio::spawn(connection(addr, token.clone(), duration)))
        .collect();
    let mut parts = Vec::with_capacity(tasks.len());
    for task in tasks {
        parts.push(task.await.expect("a connection task"));
    }
    Figures::merge(parts)
}

/// A 2-second warm-up, then the measured load; the server's highest RSS
/// while it runs, and the CPU time the server, this process and (when
/// `on_postgres`) PostgreSQL spent per request.
async fn measured_load(
    server: Option<&Server>,
    addr: SocketAddr,
    tokens: &[String],
    on_postgres: bool,
) -> (Figures, f64, String) {
    load(addr, tokens, Duration::from_secs(2)).await;
    let (server_cpu, client_cpu) = (server.map(Server::cpu), cpu_of("/proc/self/stat"));
    let database_cpu = on_postgres.then(postgres_cpu);
    let highest_kib = Arc::new(AtomicU64::new(0));
    let sampling = server.map(|server| {
        let (status_file, highest_kib) = (
            format!("/proc/{}/status", server.child.id()),
            highest_kib.clone(),
        );
        tokio::spawn(async move {
            loop {
                let kib = (Memory::of(&status_file).rss * 1024.0) as u64;
                highest_kib.fetch_max(kib, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    });
    let figures = load(addr, tokens, load_duration()).await;
    if let Some(sampling) = sampling {
        sampling.abort();
    }
    let per_request = |spent: Duration| spent.as_secs_f64() * 1e6 / figures.requests.max(1) as f64;
    let mut cpu = format!(
        "CPU per request: server {:.0} µs, client {:.0} µs",
        server
            .zip(server_cpu)
            .map_or(0.0, |(server, before)| per_request(
                server.cpu().saturating_sub(before)
            )),
        per_request(cpu_of("/proc/self/stat").saturating_sub(client_cpu)),
    );
    if let Some(before) = database_cpu {
        let spent = per_request(postgres_cpu().saturating_sub(before));
        cpu.push_str(&format!(", PostgreSQL {spent:.0} µs"));
    }
    let highest = highest_kib.load(Ordering::Relaxed) as f64 / 1024.0;
    (figures, highest, cpu)
}

// ------------------------------------------------------------- the ceiling

/// A bare axum handler on a runtime of its own with as many workers as
/// `ava-server` has (one per core): it reads the body and answers a
/// constant JSON.
fn ceiling() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.set_nonblocking(true).expect("non-blocking");
    let addr = listener.local_addr().expect("an address");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let app = axum::Router::new().route(
                AUTOSAVE_PATH,
                axum::routing::patch(|_body: Bytes| async {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        r#"{"version":1}"#,
                    )
                }),
            );
            let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
            axum::serve(listener, app)
                .await
                .expect("the ceiling serves");
        });
    });
    addr
}

// ------------------------------------------------------------ PostgreSQL

/// A fresh database for the run, if PostgreSQL answers: its URL and a
/// connection to drop it with afterwards.
async fn postgres_database() -> Option<(String, sea_orm::DatabaseConnection, String)> {
    let admin_url = std::env::var("AVA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let mut options = sea_orm::ConnectOptions::new(admin_url.clone());
    options
        .connect_timeout(Duration::from_secs(3))
        .sqlx_logging(false);
    let admin = match Database::connect(options).await {
        Ok(admin) => admin,
        Err(error) => {
            println!("PostgreSQL: skipped, nothing answers at {admin_url} ({error})");
            return None;
        }
    };
    let name = format!("ava_load_{}", std::process::id());
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await
        .ok()?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("the bench's database is created");
    let (base, _) = admin_url.rsplit_once('/').expect("a database in the URL");
    Some((format!("{base}/{name}"), admin, name))
}

// ------------------------------------------------------------------ main

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|load| {
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let cores = std::thread::available_parallelism().map_or(0, |cores| cores.get());
    println!(
        "load: {CONNECTIONS} keep-alive connections, {:?} each after a 2 s warm-up; {cores} cores, load average {}",
        load_duration(),
        load_average()
    );
    let key = FernetCipher::generate_key();
    let ceiling_addr = ceiling();
    let ceiling_tokens = vec![String::new(); CONNECTIONS];
    let (ceiling_figures, _, ceiling_cpu) =
        measured_load(None, ceiling_addr, &ceiling_tokens, false).await;
    println!(
        "ceiling (bare axum handler):     {}; {ceiling_cpu}",
        ceiling_figures.line()
    );

    let data = tempfile::tempdir().expect("a temporary directory");
    let server = Server::start(data.path(), &key, None).await;
    let idle = server.memory();
    let (tokens, took) = sign_up(server.addr, SIGN_UPS).await;
    let signed_up = server.memory();
    println!(
        "SQLite: {SIGN_UPS} sign-ups in {took:.1?} ({:.0}/s); RSS idle {:.1} MiB, after the sign-ups {:.1} MiB (peak {:.1} MiB)",
        SIGN_UPS as f64 / took.as_secs_f64(),
        idle.rss,
        signed_up.rss,
        signed_up.peak
    );
    let (figures, under_load, cpu) =
        measured_load(Some(&server), server.addr, &tokens, false).await;
    println!("SQLite autosave:                 {}; {cpu}", figures.line());
    println!(
        "SQLite: RSS under load up to {under_load:.1} MiB, after {:.1} MiB (peak since start {:.1} MiB); autosave/ceiling {:.1} %; load average {}",
        server.memory().rss,
        server.memory().peak,
        100.0 * figures.per_second() / ceiling_figures.per_second(),
        load_average()
    );
    drop(server);

    if let Some((url, admin, name)) = postgres_database().await {
        let server = Server::start(data.path(), &key, Some(&url)).await;
        let (tokens, _) = sign_up(server.addr, CONNECTIONS).await;
        let (figures, under_load, cpu) =
            measured_load(Some(&server), server.addr, &tokens, true).await;
        println!("PostgreSQL autosave:             {}; {cpu}", figures.line());
        println!(
            "PostgreSQL: RSS under load up to {under_load:.1} MiB; load average {}",
            load_average()
        );
        drop(server);
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
    }
}
