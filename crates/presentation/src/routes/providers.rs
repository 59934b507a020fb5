//! The owner's Vapi key and Twilio account.

use axum::{Json, extract::State, http::StatusCode};
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{
    problem::Problem,
    providers::{
        TwilioNumber, TwilioNumbers, TwilioSettings, TwilioSettingsRequest, VapiSettings,
        VapiSettingsRequest,
    },
};

use crate::{
    convert,
    error::{ApiError, ApiResult},
    extract::{CurrentUser, ValidJson},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_vapi, connect_vapi, disconnect_vapi))
        .routes(routes!(get_twilio, connect_twilio, disconnect_twilio))
        .routes(routes!(twilio_numbers))
}

/// Whether a Vapi key is stored, and its masked preview.
#[utoipa::path(
    get, path = "/vapi-settings", tag = "providers",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = VapiSettings), (status = 401, body = Problem))
)]
async fn get_vapi(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<VapiSettings>> {
    let status = state.services.credentials.vapi_status(user.id).await?;
    Ok(Json(convert::vapi_settings(status)))
}

/// Checks the key with Vapi, then stores it encrypted. The masked preview sent back keeps the stored key.
#[utoipa::path(
    post, path = "/vapi-settings", tag = "providers",
    security(("bearer" = []), ("cookie" = [])),
    request_body = VapiSettingsRequest,
    responses(
        (status = 200, body = VapiSettings),
        (status = 422, description = "`vapi_key_rejected` or `validation_failed`; nothing stored", body = Problem),
        (status = 502, description = "`vapi_bad_response`; nothing stored", body = Problem),
        (status = 429, description = "`too_many_requests`: 10 checks a minute per owner; `Retry-After`", body = Problem),
        (status = 503, description = "`vapi_unavailable`, `vapi_busy` (`Retry-After`) or `server_busy`; nothing stored", body = Problem),
        (status = 504, description = "`vapi_timeout`; nothing stored", body = Problem),
    )
)]
async fn connect_vapi(
    State(state): State<AppState>,
    user: CurrentUser,
    ValidJson(request): ValidJson<VapiSettingsRequest>,
) -> ApiResult<Json<VapiSettings>> {
    let key = convert::vapi_key(&request).map_err(|errors| ApiError::invalid(&errors))?;
    state.throttles.provider_check(user.id)?;
    let status = state
        .services
        .credentials
        .connect_vapi(user.id, key)
        .await?;
    Ok(Json(convert::vapi_settings(status)))
}

/// Forgets the Vapi key.
#[utoipa::path(
    delete, path = "/vapi-settings", tag = "providers",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Disconnected; the owner's number left Vapi first"),
        (status = 401, body = Problem),
        (status = 502, description = "`vapi_bad_response`: the number could not be taken out of Vapi; still connected", body = Problem),
        (status = 503, description = "`vapi_unavailable` or `vapi_busy`: the number could not be taken out of Vapi; still connected", body = Problem),
        (status = 504, description = "`vapi_timeout`: still connected", body = Problem),
    )
)]
async fn disconnect_vapi(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<StatusCode> {
    state.services.credentials.disconnect_vapi(user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether a Twilio account is connected, masked.
#[utoipa::path(
    get, path = "/twilio-settings", tag = "providers",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, body = TwilioSettings), (status = 401, body = Problem))
)]
async fn get_twilio(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<TwilioSettings>> {
    let status = state.services.credentials.twilio_status(user.id).await?;
    Ok(Json(convert::twilio_settings(status)))
}

/// Checks the account with Twilio (active, owning the number), then stores the token encrypted.
#[utoipa::path(
    post, path = "/twilio-settings", tag = "providers",
    security(("bearer" = []), ("cookie" = [])),
    request_body = TwilioSettingsRequest,
    responses(
        (status = 200, body = TwilioSettings),
        (status = 422, description = "`twilio_credentials_rejected`, `twilio_account_inactive`, \
            `twilio_number_not_on_account` or `validation_failed`; nothing stored", body = Problem),
        (status = 502, description = "`twilio_bad_response`", body = Problem),
        (status = 429, description = "`too_many_requests`: 10 checks a minute per owner; `Retry-After`", body = Problem),
        (status = 503, description = "`twilio_unavailable` or `twilio_busy` (`Retry-After`)", body = Problem),
        (status = 504, description = "`twilio_timeout`", body = Problem),
    )
)]
async fn connect_twilio(
    State(state): State<AppState>,
    user: CurrentUser,
    ValidJson(request): ValidJson<TwilioSettingsRequest>,
) -> ApiResult<Json<TwilioSettings>> {
    let request = convert::twilio_connect(&request).map_err(|errors| ApiError::invalid(&errors))?;
    state.throttles.provider_check(user.id)?;
    let status = state
        .services
        .credentials
        .connect_twilio(user.id, request)
        .await?;
    Ok(Json(convert::twilio_settings(status)))
}

/// Forgets the Twilio account.
#[utoipa::path(
    delete, path = "/twilio-settings", tag = "providers",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Disconnected; the owner's number left Vapi first"),
        (status = 401, body = Problem),
        (status = 502, description = "`vapi_bad_response`: the number could not be taken out of Vapi; still connected", body = Problem),
        (status = 503, description = "`vapi_unavailable` or `vapi_busy`: the number could not be taken out of Vapi; still connected", body = Problem),
        (status = 504, description = "`vapi_timeout`: still connected", body = Problem),
    )
)]
async fn disconnect_twilio(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<StatusCode> {
    state
        .services
        .credentials
        .disconnect_twilio(user.id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The voice-capable numbers of the owner's Twilio account (every page).
#[utoipa::path(
    get, path = "/twilio-settings/numbers", tag = "providers",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, body = TwilioNumbers),
        (status = 409, description = "`twilio_not_connected`", body = Problem),
        (status = 422, description = "`twilio_credentials_rejected`: the stored token stopped working", body = Problem),
    )
)]
async fn twilio_numbers(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<TwilioNumbers>> {
    let numbers = state.services.credentials.twilio_numbers(user.id).await?;
    Ok(Json(TwilioNumbers {
        numbers: numbers
            .into_iter()
            .map(|number| TwilioNumber {
                sid: number.sid,
                phone_number: number.phone_number,
                friendly_name: number.friendly_name,
            })
            .collect(),
    }))
}
