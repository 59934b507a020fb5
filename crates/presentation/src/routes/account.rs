//! The owner's sessions and password: list and end sessions, change the
//! password, reset it by email.

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::IntoResponse,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{
    account::{
        PasswordChangeRequest, PasswordResetAccepted, PasswordResetConfirm, PasswordResetRequest,
        SessionInfo, SessionList, SessionsEnded,
    },
    problem::Problem,
};
use ava_application::{AppError, account::SessionView};
use ava_domain::{
    FieldErrors, Invalid,
    email::EmailAddress,
    ids::SessionId,
    password::Password,
    session::{DeviceHint, ResetToken},
};

use crate::{
    error::{ApiError, ApiResult},
    extract::{CurrentUser, ValidJson},
    state::AppState,
    throttle::ClientIp,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sessions))
        .routes(routes!(end_session))
        .routes(routes!(end_other_sessions))
        .routes(routes!(change_password))
        .routes(routes!(request_password_reset))
        .routes(routes!(confirm_password_reset))
}

/// The hint of the device a request comes from, for the owner's list of
/// sessions.
pub(super) fn device(headers: &HeaderMap) -> Option<DeviceHint> {
    headers
        .get(header::USER_AGENT)
        .and_then(|agent| agent.to_str().ok())
        .and_then(DeviceHint::from_user_agent)
}

fn session(view: SessionView) -> SessionInfo {
    SessionInfo {
        id: view.id.to_string(),
        created_at: view.created_at,
        last_used_at: view.last_used_at,
        device: view.device.map(|device| device.as_str().to_owned()),
        current: view.current,
    }
}

/// A password offered to prove who one is: checked against the hash only.
fn attempt(errors: &mut FieldErrors, field: &str, raw: String) -> Option<Password> {
    if raw.is_empty() {
        errors.add(field, Invalid::Required);
        return None;
    }
    errors.check(field, Password::attempt(raw))
}

/// The longest token accepted: Ava's are 43 characters.
const MAX_TOKEN_LENGTH: usize = 128;

fn reset_token(errors: &mut FieldErrors, raw: &str) -> Option<ResetToken> {
    let raw = raw.trim();
    if raw.is_empty() {
        errors.add("token", Invalid::Required);
        None
    } else if raw.len() > MAX_TOKEN_LENGTH
        || !raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        errors.add("token", Invalid::Malformed);
        None
    } else {
        Some(ResetToken::presented(raw))
    }
}

/// The owner's sessions, newest first; `current` marks this one.
#[utoipa::path(
    get, path = "/auth/sessions", tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, body = SessionList),
        (status = 401, description = "`unauthorized`", body = Problem),
    )
)]
async fn list_sessions(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<SessionList>> {
    let sessions = state
        .services
        .account
        .sessions(user.id, &user.token)
        .await?;
    Ok(Json(SessionList {
        sessions: sessions.into_iter().map(session).collect(),
    }))
}

/// Ends one of the owner's sessions (this one too: that signs out).
#[utoipa::path(
    delete, path = "/auth/sessions/{id}", tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = String, Path, description = "The session's id, from the list")),
    responses(
        (status = 204, description = "The session ended"),
        (status = 401, description = "`unauthorized`", body = Problem),
        (status = 404, description = "`session_not_found`: not one of the owner's sessions", body = Problem),
    )
)]
async fn end_session(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = SessionId::parse(&id).ok_or_else(|| ApiError::from(AppError::SessionNotFound))?;
    state.services.account.end_session(user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends every session of the owner but this one ("sign out everywhere else").
#[utoipa::path(
    post, path = "/auth/sessions/revoke-others", tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, body = SessionsEnded),
        (status = 401, description = "`unauthorized`", body = Problem),
    )
)]
async fn end_other_sessions(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<SessionsEnded>> {
    let ended = state
        .services
        .account
        .end_other_sessions(user.id, &user.token)
        .await?;
    Ok(Json(SessionsEnded { ended }))
}

/// Changes the password; every other session of the owner ends.
#[utoipa::path(
    post, path = "/auth/password", tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    request_body = PasswordChangeRequest,
    responses(
        (status = 204, description = "Changed; the other sessions ended, this one stays"),
        (status = 401, description = "`unauthorized`", body = Problem),
        (status = 422, description = "`wrong_password` (`current_password`) or `validation_failed` (`new_password` too short…)", body = Problem),
        (status = 429, description = "`too_many_requests`: 5 a minute; `Retry-After`", body = Problem),
    )
)]
async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    ValidJson(request): ValidJson<PasswordChangeRequest>,
) -> ApiResult<StatusCode> {
    state.throttles.password_change(user.id)?;
    let mut errors = FieldErrors::new();
    let current = attempt(&mut errors, "current_password", request.current_password);
    let new = errors.check("new_password", Password::new(request.new_password));
    let (Some(current), Some(new)) = (current, new) else {
        return Err(ApiError::invalid(&errors));
    };
    state
        .services
        .account
        .change_password(user.id, &user.token, current, new)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What `POST /auth/password-reset` always answers.
const RESET_ACCEPTED: &str = "If an account has this email, a link to choose a new password is on its way. It works once, for 30 minutes.";

/// Emails a single-use link to choose a new password. The answer is the
/// same, and as quick, whether or not an account has the email: the work
/// happens after it.
#[utoipa::path(
    post, path = "/auth/password-reset", tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Accepted, whether or not an account has the email", body = PasswordResetAccepted),
        (status = 422, description = "`validation_failed` (`email` is not an address)", body = Problem),
        (status = 429, description = "`too_many_requests`: 3 links every 15 minutes per email, 10 requests a minute per address; `Retry-After`", body = Problem),
    )
)]
async fn request_password_reset(
    State(state): State<AppState>,
    ClientIp(address): ClientIp,
    ValidJson(request): ValidJson<PasswordResetRequest>,
) -> ApiResult<impl IntoResponse> {
    let email = EmailAddress::parse(request.email.trim())
        .map_err(|invalid| ApiError::invalid(&FieldErrors::single("email", invalid)))?;
    // The same for every address, account or not: it tells nothing.
    state.throttles.password_reset(address, email.as_str())?;
    let services = state.services.clone();
    tokio::spawn(async move {
        if let Err(error) = services
            .account
            .request_password_reset(email.as_str())
            .await
        {
            tracing::error!(%error, "the password-reset email failed");
        }
    });
    Ok((
        StatusCode::ACCEPTED,
        Json(PasswordResetAccepted {
            detail: RESET_ACCEPTED.to_owned(),
        }),
    ))
}

/// Sets a new password with the emailed token; every session of the owner
/// ends (sign in again with the new password).
#[utoipa::path(
    post, path = "/auth/password-reset/confirm", tag = "auth",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "The password is set; every session ended"),
        (status = 422, description = "`invalid_reset_token` (`token`: `reset_token_unknown`, `reset_token_used` or `reset_token_expired`) or `validation_failed`", body = Problem),
    )
)]
async fn confirm_password_reset(
    State(state): State<AppState>,
    ValidJson(request): ValidJson<PasswordResetConfirm>,
) -> ApiResult<StatusCode> {
    let mut errors = FieldErrors::new();
    let token = reset_token(&mut errors, &request.token);
    let new = errors.check("new_password", Password::new(request.new_password));
    let (Some(token), Some(new)) = (token, new) else {
        return Err(ApiError::invalid(&errors));
    };
    state
        .services
        .account
        .confirm_password_reset(&token, new)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
