//! The owner's assistants in Vapi.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{
    assistants::{Assistant, AssistantList},
    codes,
    problem::Problem,
};
use ava_domain::ids::AssistantId;

use crate::{
    convert,
    error::{ApiError, ApiResult},
    extract::CurrentUser,
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_assistants, create_assistant))
        .routes(routes!(sync_assistant))
}

/// The owner's assistants and their phone numbers, oldest first.
#[utoipa::path(
    get, path = "/assistants", tag = "assistants",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = AssistantList), (status = 401, body = Problem))
)]
async fn list_assistants(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<AssistantList>> {
    let assistants = state.services.assistants.list(user.id).await?;
    Ok(Json(AssistantList {
        assistants: assistants.iter().map(convert::assistant).collect(),
    }))
}

/// Creates the assistant in Vapi from the studio configuration and, with
/// Twilio connected and a number chosen, binds that number to it.
#[utoipa::path(
    post, path = "/assistants", tag = "assistants",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, body = Assistant),
        (status = 409, description = "`vapi_not_connected`", body = Problem),
        (status = 422, description = "`vapi_key_rejected` or `vapi_request_rejected`; nothing kept", body = Problem),
        (status = 502, description = "`vapi_bad_response`; nothing kept", body = Problem),
        (status = 503, description = "`vapi_unavailable` or `vapi_busy` (`Retry-After`); nothing kept", body = Problem),
        (status = 504, description = "`vapi_timeout`; nothing kept", body = Problem),
    )
)]
async fn create_assistant(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<(StatusCode, Json<Assistant>)> {
    let assistant = state.services.assistants.create(user.id).await?;
    Ok((StatusCode::CREATED, Json(convert::assistant(&assistant))))
}

/// Pushes the current studio configuration to the assistant in Vapi.
#[utoipa::path(
    post, path = "/assistants/{id}/sync", tag = "assistants",
    security(("bearer" = []), ("cookie" = [])),
    params(("id" = String, Path, description = "The assistant's id in Ava")),
    responses(
        (status = 200, body = Assistant),
        (status = 404, description = "`assistant_not_found`", body = Problem),
        (status = 409, description = "`vapi_not_connected`", body = Problem),
        (status = 422, description = "`vapi_key_rejected` or `vapi_request_rejected`; nothing changed", body = Problem),
        (status = 502, description = "`vapi_bad_response`; nothing changed", body = Problem),
        (status = 503, description = "`vapi_unavailable` or `vapi_busy` (`Retry-After`); nothing changed", body = Problem),
        (status = 504, description = "`vapi_timeout`; nothing changed", body = Problem),
    )
)]
async fn sync_assistant(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Assistant>> {
    let id = AssistantId::parse(&id).ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, codes::ASSISTANT_NOT_FOUND)
            .detail("There is no such assistant.")
    })?;
    let assistant = state.services.assistants.sync(user.id, id).await?;
    Ok(Json(convert::assistant(&assistant)))
}
