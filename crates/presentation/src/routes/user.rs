//! The owner's profile and wizard progress.

use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{
    onboarding::{Onboarding, OnboardingPatch},
    problem::Problem,
    profile::{Profile, ProfilePatch},
};

use crate::{
    convert,
    error::{ApiError, ApiResult},
    extract::{CurrentUser, ValidJson},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_profile, patch_profile))
        .routes(routes!(get_onboarding, patch_onboarding))
        .routes(routes!(complete_onboarding))
}

/// The fields of the Profile step.
#[utoipa::path(
    get, path = "/user/profile", tag = "onboarding",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = Profile), (status = 401, body = Problem))
)]
async fn get_profile(State(state): State<AppState>, user: CurrentUser) -> ApiResult<Json<Profile>> {
    let profile = state.services.profile.get(user.id).await?;
    Ok(Json(convert::profile(&profile)))
}

/// Changes any subset of the profile; `accept_terms: true` records the acceptance.
#[utoipa::path(
    patch, path = "/user/profile", tag = "onboarding",
    security(("bearer" = []), ("cookie" = [])),
    request_body = ProfilePatch,
    responses(
        (status = 200, body = Profile),
        (status = 409, description = "`version_conflict`, with `current`", body = Problem),
        (status = 422, description = "`validation_failed`", body = Problem),
    )
)]
async fn patch_profile(
    State(state): State<AppState>,
    user: CurrentUser,
    ValidJson(patch): ValidJson<ProfilePatch>,
) -> ApiResult<Json<Profile>> {
    let (changes, version) =
        convert::profile_changes(patch).map_err(|errors| ApiError::invalid(&errors))?;
    let profile = state
        .services
        .profile
        .update(user.id, changes, version)
        .await?;
    Ok(Json(convert::profile(&profile)))
}

/// Where the owner is in the wizard, each step's status derived from the data.
#[utoipa::path(
    get, path = "/user/onboarding", tag = "onboarding",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = Onboarding), (status = 401, body = Problem))
)]
async fn get_onboarding(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Onboarding>> {
    let view = state.services.onboarding.get(user.id).await?;
    Ok(Json(convert::onboarding(&view)))
}

/// Moves the owner (`current_step`) and records skips, with the version last read.
#[utoipa::path(
    patch, path = "/user/onboarding", tag = "onboarding",
    security(("bearer" = []), ("cookie" = [])),
    request_body = OnboardingPatch,
    responses(
        (status = 200, body = Onboarding),
        (status = 409, description = "`version_conflict`, with `current`", body = Problem),
        (status = 422, description = "`validation_failed`", body = Problem),
    )
)]
async fn patch_onboarding(
    State(state): State<AppState>,
    user: CurrentUser,
    ValidJson(patch): ValidJson<OnboardingPatch>,
) -> ApiResult<Json<Onboarding>> {
    let (changes, version) = convert::onboarding_changes(patch);
    let view = state
        .services
        .onboarding
        .update(user.id, changes, version)
        .await?;
    Ok(Json(convert::onboarding(&view)))
}

/// "Launch Ava": completes the onboarding. Idempotent.
#[utoipa::path(
    post, path = "/user/complete-onboarding", tag = "onboarding",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, body = Onboarding),
        (status = 422, description = "`profile_incomplete`, naming the missing fields", body = Problem),
    )
)]
async fn complete_onboarding(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Onboarding>> {
    let view = state.services.onboarding.complete(user.id).await?;
    Ok(Json(convert::onboarding(&view)))
}
