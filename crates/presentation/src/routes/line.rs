//! The owner's line once live: its true status, the calls it took, a test
//! call, and the webhook secret.

use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    http::StatusCode,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{
    calls::{CallList, CallStarted, TestCallRequest},
    codes::{self, field},
    line::LineStatus,
    problem::Problem,
};
use ava_application::line::MAX_PAGE;
use ava_domain::{ids::CallId, phone::PhoneNumber};

use crate::{
    convert,
    error::{ApiError, ApiResult},
    extract::{CurrentUser, ValidJson},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(line_status))
        .routes(routes!(list_calls))
        .routes(routes!(test_call))
        .routes(routes!(rotate_webhook_secret))
}

/// Whether a call to the owner's number reaches Ava right now (checked with
/// Vapi), and what is missing or weak.
#[utoipa::path(
    get, path = "/line/status", tag = "line",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = LineStatus), (status = 401, body = Problem))
)]
async fn line_status(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<LineStatus>> {
    let status = state.services.line.status(user.id).await?;
    Ok(Json(convert::line_status(&status)))
}

const DEFAULT_PAGE: u64 = 20;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct CallsQuery {
    /// 1 to 100 (default 20).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    /// The `next` of the previous page.
    #[param(format = Uuid)]
    cursor: Option<String>,
}

/// The owner's calls, newest first, a page at a time.
#[utoipa::path(
    get, path = "/calls", tag = "line",
    security(("bearer" = []), ("cookie" = [])),
    params(CallsQuery),
    responses(
        (status = 200, body = CallList),
        (status = 401, body = Problem),
        (status = 422, description = "`validation_failed`: `limit` or `cursor`", body = Problem),
    )
)]
async fn list_calls(
    State(state): State<AppState>,
    user: CurrentUser,
    query: Result<Query<CallsQuery>, QueryRejection>,
) -> ApiResult<Json<CallList>> {
    let Query(query) = query.map_err(|_| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::VALIDATION_FAILED)
            .detail("The query string could not be read.")
            .field(
                "query",
                field::INVALID,
                "the query string could not be read",
            )
    })?;
    let invalid = |name: &str, detail: &str| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::VALIDATION_FAILED)
            .detail("Some fields are invalid.")
            .field(name, field::INVALID, detail)
    };
    let limit = match query.limit.as_deref() {
        None => DEFAULT_PAGE,
        Some(raw) => raw
            .parse::<u64>()
            .ok()
            .filter(|limit| (1..=MAX_PAGE).contains(limit))
            .ok_or_else(|| invalid("limit", "limit is a whole number from 1 to 100"))?,
    };
    let before = query
        .cursor
        .as_deref()
        .map(|raw| {
            CallId::parse(raw)
                .ok_or_else(|| invalid("cursor", "cursor is not a `next` of this list"))
        })
        .transpose()?;
    let (calls, next) = state.services.line.calls(user.id, limit, before).await?;
    Ok(Json(CallList {
        calls: calls.iter().map(convert::call).collect(),
        next: next.map(|id| id.to_string()),
    }))
}

/// Vapi calls `number` (the owner's own phone) with the owner's assistant,
/// from the owner's imported number.
#[utoipa::path(
    post, path = "/assistants/test-call", tag = "line",
    security(("bearer" = []), ("cookie" = [])),
    request_body = TestCallRequest,
    responses(
        (status = 202, body = CallStarted),
        (status = 401, body = Problem),
        (status = 409, description = "`line_not_ready` (no assistant or no imported number) or `vapi_not_connected`", body = Problem),
        (status = 422, description = "`validation_failed` (`number`) or `vapi_request_rejected`", body = Problem),
        (status = 503, description = "`vapi_unavailable`", body = Problem),
        (status = 504, description = "`vapi_timeout`", body = Problem),
    )
)]
async fn test_call(
    State(state): State<AppState>,
    user: CurrentUser,
    ValidJson(request): ValidJson<TestCallRequest>,
) -> ApiResult<(StatusCode, Json<CallStarted>)> {
    let number = PhoneNumber::parse(&request.number).map_err(|invalid| {
        ApiError::invalid(&ava_domain::FieldErrors::single("number", invalid))
    })?;
    let call_id = state.services.line.test_call(user.id, number).await?;
    Ok((StatusCode::ACCEPTED, Json(CallStarted { call_id })))
}

/// A new secret for Vapi's messages; the owner's number is given it at once.
#[utoipa::path(
    post, path = "/line/webhook-secret", tag = "line",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Rotated"),
        (status = 401, body = Problem),
        (status = 503, description = "`vapi_unavailable`: the number kept the old secret; try again", body = Problem),
    )
)]
async fn rotate_webhook_secret(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<StatusCode> {
    state.services.line.rotate_webhook_secret(user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
