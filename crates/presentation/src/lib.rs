//! Ava's HTTP face: the JSON API under `/api/v1` (problem+json errors,
//! bearer or cookie sessions, OpenAPI at `/api/v1/openapi.json`, Swagger UI
//! at `/api/docs`), the health probes, and the built SPA.

mod convert;
mod error;
mod extract;
mod metrics;
mod openapi;
mod routes;
mod spa;
mod state;
pub mod throttle;

use std::{any::Any, time::Duration};

use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, State},
    http::{HeaderName, HeaderValue, Request, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{any, get},
};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    csrf::CsrfLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    sensitive_headers::SetSensitiveHeadersLayer,
    set_header::SetResponseHeaderLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

use ava_api_types::codes;

pub use error::ApiError;
pub use extract::SESSION_COOKIE;
pub use state::{AppState, HttpSettings, Readiness};
#[cfg(feature = "demo")]
pub use state::{CallSimulator, DemoMailbox};

/// JSON bodies above this are refused with 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The OpenAPI document of the API, as served at `/api/v1/openapi.json`.
pub fn openapi() -> serde_json::Value {
    api_router().1
}

fn api_router() -> (Router<AppState>, serde_json::Value) {
    let (router, document) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .nest("/api/v1", routes::api())
        .split_for_parts();
    (router, openapi::finish(document))
}

/// The whole application, ready to serve.
pub fn app(state: AppState) -> Router {
    let (api, openapi) = api_router();
    let static_dir = state.settings.static_dir.clone();
    let production = state.settings.secure_cookies;
    metrics::handle();
    // Answers carry tokens, secret previews and owners' data: never cached.
    let api = api.layer(SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    ));
    // Swagger UI's page runs inline scripts: its own, looser policy.
    let docs = Router::from(
        SwaggerUi::new("/api/docs").external_url_unchecked("/api/v1/openapi.json", openapi),
    )
    .layer(SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(DOCS_CONTENT_SECURITY_POLICY),
    ));
    let router = Router::new()
        .merge(api)
        .merge(docs)
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz));
    // Unless operators serve it on an address of its own (`metrics_app`).
    let router = if state.settings.public_metrics {
        router.route("/metrics", get(metrics::render))
    } else {
        router
    };
    let router = router
        // Matched routes only: their template is known, so labels stay bounded.
        .route_layer(axum::middleware::from_fn(metrics::track))
        .method_not_allowed_fallback(method_not_allowed);
    let router = match static_dir {
        Some(dir) => router.merge(spa::router(&dir)),
        None => router.fallback(|| async { StatusCode::NOT_FOUND }),
    };
    router
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(
            ServiceBuilder::new()
                .layer(SetSensitiveHeadersLayer::new([header::AUTHORIZATION, header::COOKIE, header::SET_COOKIE]))
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|request: &Request<_>| {
                            let id = request.headers().get(REQUEST_ID).and_then(|id| id.to_str().ok()).unwrap_or("");
                            // The path only: queries and headers stay out of the logs.
                            tracing::info_span!("request", method = %request.method(), path = request.uri().path(), id)
                        })
                        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(CatchPanicLayer::custom(panic_response))
                .layer(axum::middleware::from_fn(request_deadline))
                .layer(CompressionLayer::new())
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("same-origin"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CONTENT_SECURITY_POLICY),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::STRICT_TRANSPORT_SECURITY,
                    // Behind HTTPS only: in development the browser would pin plain HTTP away.
                    production.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
                ))
                .layer(CsrfLayer::new().with_rejection_response(cross_site_response)),
        )
        .with_state(state)
}

/// `GET /metrics` alone, to serve on an address of its own that only the
/// operators' network reaches (`AVA_METRICS_ADDR`).
pub fn metrics_app(state: AppState) -> Router {
    metrics::handle();
    Router::new()
        .route("/metrics", get(metrics::render))
        .with_state(state)
}

/// The web app's policy: scripts and styles from this origin only (no
/// inline script; `'wasm-unsafe-eval'` lets the page compile its own
/// WebAssembly), no framing, no plugins, requests to this origin only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const DOCS_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'unsafe-inline'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
    frame-ancestors 'none'";

/// The longest a request may take, body included: above the provider calls
/// of the longest use case (an assistant with its number: up to five calls
/// to Vapi of 10 s each), far below a client that trickles its body forever.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(60);

async fn request_deadline(
    request: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> Response {
    match tokio::time::timeout(REQUEST_DEADLINE, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, codes::REQUEST_TIMEOUT)
            .detail("The request took too long and was stopped. Please try again.")
            .into_response(),
    }
}

async fn api_not_found() -> ApiError {
    ApiError::not_found()
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, codes::METHOD_NOT_ALLOWED)
        .detail("This method is not allowed here.")
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: its database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    match tokio_timeout(state.readiness.check()).await {
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({"status": "ready"}))).into_response(),
        Err(cause) => {
            tracing::warn!(%cause, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
}

/// A readiness probe must answer even when the database hangs.
async fn tokio_timeout(check: impl Future<Output = Result<(), String>>) -> Result<(), String> {
    const LIMIT: Duration = Duration::from_secs(3);
    tokio::time::timeout(LIMIT, check)
        .await
        .unwrap_or_else(|_| Err("the database did not answer in time".to_owned()))
}

fn panic_response(_payload: Box<dyn Any + Send + 'static>) -> Response {
    // The payload may quote anything the code held: it is not logged.
    tracing::error!("a request handler panicked");
    ApiError::internal().into_response()
}

fn cross_site_response(_error: tower_http::csrf::ProtectionError) -> Response {
    ApiError::new(StatusCode::FORBIDDEN, codes::CROSS_SITE_REQUEST)
        .detail("Requests from other sites are refused.")
        .into_response()
}
