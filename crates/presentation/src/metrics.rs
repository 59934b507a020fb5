//! Prometheus metrics at `GET /metrics`: every request by route template
//! and status with its latency, the calls to the providers, conflicting
//! saves, the going-live counters, and the sessions signed in. Names start
//! with `ava_`.

use std::{
    sync::OnceLock,
    time::{Duration, Instant},
};

use axum::{
    extract::{MatchedPath, Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::state::AppState;

/// Seconds: from a fast read to a provider call that times out.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process's recorder, installed once (a process may build several
/// apps, as the tests do).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        // Histograms (not summaries), so replicas' latencies can be summed.
        let recorder = PrometheusBuilder::new()
            .set_buckets(&LATENCY_BUCKETS)
            .map(PrometheusBuilder::build_recorder)
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        let handle = recorder.handle();
        // Another recorder may be installed already (a test harness): then
        // this one only renders nothing, which is still a valid answer.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Counts and times each request under its route template (`/calls`, not
/// `/calls?cursor=…`), so labels stay bounded.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("", MatchedPath::as_str)
        .to_owned();
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("ava_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("ava_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// A scrape does not wait longer than this for the database.
const COUNT_LIMIT: Duration = Duration::from_secs(2);

/// `GET /metrics`, in Prometheus' text format.
pub async fn render(State(state): State<AppState>) -> Response {
    count_active_sessions(&state).await;
    let mut response = handle().render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4"),
    );
    response
}

/// `ava_active_sessions`: counted in the database at each scrape rather
/// than kept up to date by every path that opens or ends a session (sign-up,
/// log-in, log-out, ending one or all sessions, a password reset) and by
/// expiry, which no request marks. So it is exact, survives restarts, and
/// every replica reports the same total (aggregate with `max`, not `sum`).
/// A count that fails keeps the last value and is logged.
async fn count_active_sessions(state: &AppState) {
    match tokio::time::timeout(COUNT_LIMIT, state.services.auth.active_sessions()).await {
        Ok(Ok(count)) => metrics::gauge!("ava_active_sessions").set(count as f64),
        Ok(Err(error)) => tracing::warn!(%error, "active sessions not counted"),
        Err(_) => {
            tracing::warn!("active sessions not counted: the database did not answer in time")
        }
    }
}
