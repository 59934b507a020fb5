//! The studio configuration the assistant is built from.

use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{
    problem::Problem,
    studio::{StudioConfig, StudioConfigPatch},
};

use crate::{
    convert,
    error::{ApiError, ApiResult},
    extract::{CurrentUser, ValidJson},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_config, patch_config))
}

/// Persona, telephony, integrations, voice, model and plan (defaults until first saved).
#[utoipa::path(
    get, path = "/studio/config", tag = "studio",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = StudioConfig), (status = 401, body = Problem))
)]
async fn get_config(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<StudioConfig>> {
    let config = state.services.studio.get(user.id).await?;
    Ok(Json(convert::studio(&config)))
}

/// Changes any subset, with the version last read.
#[utoipa::path(
    patch, path = "/studio/config", tag = "studio",
    security(("bearer" = []), ("cookie" = [])),
    request_body = StudioConfigPatch,
    responses(
        (status = 200, body = StudioConfig),
        (status = 409, description = "`version_conflict`, with `current`", body = Problem),
        (status = 422, description = "`validation_failed`", body = Problem),
    )
)]
async fn patch_config(
    State(state): State<AppState>,
    user: CurrentUser,
    ValidJson(patch): ValidJson<StudioConfigPatch>,
) -> ApiResult<Json<StudioConfig>> {
    let (changes, version) =
        convert::studio_changes(patch).map_err(|errors| ApiError::invalid(&errors))?;
    let config = state
        .services
        .studio
        .update(user.id, changes, version)
        .await?;
    Ok(Json(convert::studio(&config)))
}
