//! The HTTP client of `/api/v1`: same-origin fetch with the session cookie,
//! typed with `ava-api-types`, errors as problem details.

use std::{cell::RefCell, rc::Rc};

use ava_api_types::{
    Meta,
    assistants::{Assistant, AssistantList},
    auth::{AuthResponse, LoginRequest, SignupRequest, User},
    calls::{CallList, CallStarted, TestCallRequest},
    catalog::Catalog,
    codes,
    funnel::Funnel,
    line::{LineStatus, SimulateCallRequest, SimulatedCall},
    onboarding::{Onboarding, OnboardingPatch},
    problem::{FieldError, Problem},
    profile::{Profile, ProfilePatch},
    providers::{
        TwilioNumbers, TwilioSettings, TwilioSettingsRequest, VapiSettings, VapiSettingsRequest,
    },
    studio::{StudioConfig, StudioConfigPatch},
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{Serialize, de::DeserializeOwned};
use web_sys::RequestCredentials;

const BASE: &str = "/api/v1";

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer at all: offline, connection reset, server down.
    Network,
    /// No session, or it expired.
    Unauthorized,
    /// A problem+json answer, or one made up for an answer that was not.
    Problem(Problem),
    /// A 429 or 503 problem (throttled, busy, too slow): worth trying again
    /// later, after `retry_after` seconds when the server said so.
    Later {
        problem: Problem,
        retry_after: Option<u64>,
    },
}

impl ApiError {
    pub fn code(&self) -> &str {
        match self {
            ApiError::Network => "network",
            ApiError::Unauthorized => codes::UNAUTHORIZED,
            ApiError::Problem(problem) | ApiError::Later { problem, .. } => &problem.code,
        }
    }

    /// The server's `Retry-After`, in seconds, when it gave one.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Later { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Problem(problem) => &problem.errors,
            _ => &[],
        }
    }

    /// Worth retrying later without the owner doing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network | ApiError::Later { .. } => true,
            ApiError::Problem(problem) => {
                problem.code == codes::INTERNAL_ERROR
                    || (problem.code == "http" && problem.status >= 500)
            }
            ApiError::Unauthorized => false,
        }
    }

    fn made_up(status: u16) -> Self {
        ApiError::Problem(Problem {
            type_uri: "about:blank".to_owned(),
            title: String::new(),
            status,
            detail: None,
            code: "http".to_owned(),
            errors: Vec::new(),
            current: None,
        })
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

thread_local! {
    static ON_UNAUTHORIZED: RefCell<Option<Rc<dyn Fn()>>> = RefCell::new(None);
}

/// What to do when a request finds the session gone (the app signs the
/// visitor out, which sends private pages to the login page).
pub fn set_on_unauthorized(handler: impl Fn() + 'static) {
    ON_UNAUTHORIZED.with(|slot| *slot.borrow_mut() = Some(Rc::new(handler)));
}

fn unauthorized() {
    let handler = ON_UNAUTHORIZED.with(|slot| slot.borrow().clone());
    if let Some(handler) = handler {
        handler();
    }
}

async fn problem_of(response: &Response) -> ApiError {
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.trim().parse::<u64>().ok());
    match response.json::<Problem>().await {
        Ok(problem) if status == 429 || status == 503 => ApiError::Later {
            problem,
            retry_after,
        },
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::made_up(status),
    }
}

/// Sends a request; `expect_session` says whether a 401 means the session
/// ended (everywhere but the sign-in forms and the first `me`).
async fn send(
    builder: RequestBuilder,
    body: Option<String>,
    expect_session: bool,
) -> ApiResult<Response> {
    let builder = builder
        .credentials(RequestCredentials::SameOrigin)
        .header("Accept", "application/json");
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return Ok(response);
    }
    if response.status() == 401 {
        if expect_session {
            unauthorized();
            return Err(ApiError::Unauthorized);
        }
        return Err(problem_of(&response).await);
    }
    Err(problem_of(&response).await)
}

async fn json<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    let status = response.status();
    response
        .json::<T>()
        .await
        .map_err(|_| ApiError::made_up(status))
}

fn encode<B: Serialize>(body: &B) -> ApiResult<String> {
    serde_json::to_string(body).map_err(|_| ApiError::made_up(0))
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    json(send(Request::get(&url(path)), None, true).await?).await
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    json(send(Request::post(&url(path)), Some(encode(body)?), true).await?).await
}

async fn post_empty<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    json(send(Request::post(&url(path)), Some("{}".to_owned()), true).await?).await
}

async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> ApiResult<T> {
    json(send(Request::patch(&url(path)), Some(encode(body)?), true).await?).await
}

async fn delete(path: &str) -> ApiResult<()> {
    send(Request::delete(&url(path)), None, true)
        .await
        .map(|_| ())
}

// ---- auth ----------------------------------------------------------------

pub async fn signup(body: &SignupRequest) -> ApiResult<AuthResponse> {
    json(
        send(
            Request::post(&url("/auth/signup")),
            Some(encode(body)?),
            false,
        )
        .await?,
    )
    .await
}

pub async fn login(body: &LoginRequest) -> ApiResult<AuthResponse> {
    json(
        send(
            Request::post(&url("/auth/login")),
            Some(encode(body)?),
            false,
        )
        .await?,
    )
    .await
}

pub async fn request_password_reset(
    body: &ava_api_types::account::PasswordResetRequest,
) -> ApiResult<()> {
    send(
        Request::post(&url("/auth/password-reset")),
        Some(encode(body)?),
        false,
    )
    .await
    .map(|_| ())
}

pub async fn confirm_password_reset(
    body: &ava_api_types::account::PasswordResetConfirm,
) -> ApiResult<()> {
    send(
        Request::post(&url("/auth/password-reset/confirm")),
        Some(encode(body)?),
        false,
    )
    .await
    .map(|_| ())
}

pub async fn sessions() -> ApiResult<ava_api_types::account::SessionList> {
    get("/auth/sessions").await
}

pub async fn end_session(id: &str) -> ApiResult<()> {
    delete(&format!("/auth/sessions/{id}")).await
}

pub async fn end_other_sessions() -> ApiResult<ava_api_types::account::SessionsEnded> {
    post_empty("/auth/sessions/revoke-others").await
}

pub async fn change_password(
    body: &ava_api_types::account::PasswordChangeRequest,
) -> ApiResult<()> {
    send(
        Request::post(&url("/auth/password")),
        Some(encode(body)?),
        true,
    )
    .await
    .map(|_| ())
}

pub async fn logout() -> ApiResult<()> {
    send(Request::post(&url("/auth/logout")), None, false)
        .await
        .map(|_| ())
}

/// The signed-in user, `None` when signed out.
pub async fn me() -> ApiResult<Option<User>> {
    match send(Request::get(&url("/auth/me")), None, false).await {
        Ok(response) => json(response).await.map(Some),
        Err(ApiError::Problem(problem)) if problem.status == 401 => Ok(None),
        Err(error) => Err(error),
    }
}

pub async fn meta() -> ApiResult<Meta> {
    json(send(Request::get(&url("/meta")), None, false).await?).await
}

// ---- the owner's data ----------------------------------------------------

pub async fn profile() -> ApiResult<Profile> {
    get("/user/profile").await
}

pub async fn patch_profile(body: &ProfilePatch) -> ApiResult<Profile> {
    patch("/user/profile", body).await
}

pub async fn onboarding() -> ApiResult<Onboarding> {
    get("/user/onboarding").await
}

pub async fn patch_onboarding(body: &OnboardingPatch) -> ApiResult<Onboarding> {
    patch("/user/onboarding", body).await
}

pub async fn complete_onboarding() -> ApiResult<Onboarding> {
    post_empty("/user/complete-onboarding").await
}

pub async fn studio() -> ApiResult<StudioConfig> {
    get("/studio/config").await
}

pub async fn patch_studio(body: &StudioConfigPatch) -> ApiResult<StudioConfig> {
    patch("/studio/config", body).await
}

pub async fn catalog() -> ApiResult<Catalog> {
    get("/catalog").await
}

// ---- providers -----------------------------------------------------------

pub async fn vapi_settings() -> ApiResult<VapiSettings> {
    get("/vapi-settings").await
}

pub async fn save_vapi(body: &VapiSettingsRequest) -> ApiResult<VapiSettings> {
    post("/vapi-settings", body).await
}

pub async fn delete_vapi() -> ApiResult<()> {
    delete("/vapi-settings").await
}

pub async fn twilio_settings() -> ApiResult<TwilioSettings> {
    get("/twilio-settings").await
}

pub async fn save_twilio(body: &TwilioSettingsRequest) -> ApiResult<TwilioSettings> {
    post("/twilio-settings", body).await
}

pub async fn delete_twilio() -> ApiResult<()> {
    delete("/twilio-settings").await
}

pub async fn twilio_numbers() -> ApiResult<TwilioNumbers> {
    get("/twilio-settings/numbers").await
}

// ---- assistants ----------------------------------------------------------

pub async fn assistants() -> ApiResult<AssistantList> {
    get("/assistants").await
}

pub async fn create_assistant() -> ApiResult<Assistant> {
    post_empty("/assistants").await
}

pub async fn sync_assistant(id: &str) -> ApiResult<Assistant> {
    let id = crate::routes::encode_query_value(id);
    post_empty(&format!("/assistants/{id}/sync")).await
}

/// Vapi calls `number` (the owner's own phone) with the owner's assistant.
pub async fn test_call(body: &TestCallRequest) -> ApiResult<CallStarted> {
    post("/assistants/test-call", body).await
}

// ---- the line and its calls ----------------------------------------------

pub async fn line_status() -> ApiResult<LineStatus> {
    get("/line/status").await
}

/// A page of calls, newest first, from `cursor` (the previous page's `next`).
pub async fn calls(limit: u32, cursor: Option<&str>) -> ApiResult<CallList> {
    let after = cursor
        .map(|cursor| format!("&cursor={}", crate::routes::encode_query_value(cursor)))
        .unwrap_or_default();
    get(&format!("/calls?limit={limit}{after}")).await
}

/// Demo mode only: the simulated Vapi places a call to the owner's number.
pub async fn simulate_call(body: &SimulateCallRequest) -> ApiResult<SimulatedCall> {
    post("/demo/simulate-call", body).await
}

// ---- operators ------------------------------------------------------------

/// The onboarding funnel of the owners who signed up from `from` to `to`
/// (`YYYY-MM-DD`, either optional); `403 forbidden` unless an operator.
pub async fn funnel(from: Option<&str>, to: Option<&str>) -> ApiResult<Funnel> {
    let query: Vec<String> = [("from", from), ("to", to)]
        .into_iter()
        .filter_map(|(name, value)| {
            value.map(|value| format!("{name}={}", crate::routes::encode_query_value(value)))
        })
        .collect();
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", query.join("&"))
    };
    get(&format!("/admin/funnel{query}")).await
}
