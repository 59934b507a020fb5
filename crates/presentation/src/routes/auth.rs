//! Sign-up, log-in, log-out and the signed-in user.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::IntoResponse,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{
    auth::{AuthResponse, LoginRequest, SignupRequest, User},
    problem::Problem,
};
use ava_application::auth::SignedIn;

use super::account::device;
use crate::{
    convert,
    error::{ApiError, ApiResult},
    extract::{CurrentUser, ValidJson, session_cookie_name},
    state::AppState,
    throttle::ClientIp,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(signup))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
}

/// The session cookie: HttpOnly (no script reads it), SameSite=Lax (no
/// cross-site request carries it), Secure and `__Host-` behind HTTPS.
fn session_cookie(state: &AppState, value: &str, max_age_seconds: i64) -> HeaderMap {
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let name = session_cookie_name(state.settings.secure_cookies);
    let cookie = format!(
        "{name}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_seconds}{secure}"
    );
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, value);
    }
    headers
}

fn signed_in(state: &AppState, signed_in: SignedIn) -> (HeaderMap, Json<AuthResponse>) {
    let lifetime = state.services.auth.session_lifetime().num_seconds();
    let cookie = session_cookie(state, signed_in.token.expose(), lifetime);
    let body = AuthResponse {
        token: signed_in.token.expose().to_owned(),
        user: convert::user(
            &signed_in.user,
            state.services.funnel.is_operator(&signed_in.user),
        ),
    };
    (cookie, Json(body))
}

/// Creates an account and signs it in.
#[utoipa::path(
    post, path = "/auth/signup", tag = "auth",
    request_body = SignupRequest,
    responses(
        (status = 201, description = "Signed up and signed in; the session cookie is set", body = AuthResponse),
        (status = 409, description = "`email_taken`", body = Problem),
        (status = 422, description = "`validation_failed`", body = Problem),
        (status = 429, description = "`too_many_requests`: 30 sign-ups a minute per address; `Retry-After`", body = Problem),
        (status = 503, description = "`server_busy`: too many passwords being hashed; `Retry-After`", body = Problem),
    )
)]
async fn signup(
    State(state): State<AppState>,
    ClientIp(address): ClientIp,
    headers: HeaderMap,
    ValidJson(request): ValidJson<SignupRequest>,
) -> ApiResult<impl IntoResponse> {
    state.throttles.signup(address)?;
    let request = convert::sign_up(request).map_err(|errors| ApiError::invalid(&errors))?;
    let session = state
        .services
        .auth
        .sign_up(request, device(&headers))
        .await?;
    Ok((StatusCode::CREATED, signed_in(&state, session)))
}

/// Signs in with email and password.
#[utoipa::path(
    post, path = "/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = AuthResponse),
        (status = 401, description = "`invalid_credentials`", body = Problem),
        (status = 422, description = "`validation_failed`", body = Problem),
        (status = 429, description = "`too_many_requests`: 5 tries a minute per account, 30 per address; `Retry-After`", body = Problem),
        (status = 503, description = "`server_busy`: too many passwords being hashed; `Retry-After`", body = Problem),
    )
)]
async fn login(
    State(state): State<AppState>,
    ClientIp(address): ClientIp,
    headers: HeaderMap,
    ValidJson(request): ValidJson<LoginRequest>,
) -> ApiResult<impl IntoResponse> {
    // Before the password is checked: a throttled guess costs no hashing.
    state.throttles.login(address, &request.email)?;
    let (email, password) =
        convert::log_in(request).map_err(|errors| ApiError::invalid(&errors))?;
    let session = state
        .services
        .auth
        .log_in(&email, password, device(&headers))
        .await?;
    Ok(signed_in(&state, session))
}

/// Revokes the session and clears the cookie.
#[utoipa::path(
    post, path = "/auth/logout", tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "`unauthorized`", body = Problem),
    )
)]
async fn logout(State(state): State<AppState>, user: CurrentUser) -> ApiResult<impl IntoResponse> {
    state.services.auth.log_out(&user.token).await?;
    Ok((StatusCode::NO_CONTENT, session_cookie(&state, "", 0)))
}

/// The signed-in user.
#[utoipa::path(
    get, path = "/auth/me", tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, body = User),
        (status = 401, description = "`unauthorized`", body = Problem),
    )
)]
async fn me(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<User>> {
    let user = state.services.auth.me(user.id).await?;
    let operator = state.services.funnel.is_operator(&user);
    Ok(Json(convert::user(&user, operator)))
}
