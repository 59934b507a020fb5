//! Demo mode's routes, built only with the `demo` feature (the fakes of
//! Vapi, Twilio and SMTP): the mails its SMTP sink caught, and a call placed
//! by its simulated Vapi. In a build with the feature but not in demo mode
//! they answer 404.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::IntoResponse,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{
    account::{DemoMail, DemoMails},
    codes,
    line::{SimulateCallRequest, SimulatedCall},
    problem::Problem,
};
use ava_domain::phone::PhoneNumber;

use crate::{
    error::{ApiError, ApiResult},
    extract::{CurrentUser, ValidJson},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(mails))
        .routes(routes!(simulate_call))
}

/// Demo mode only: the mails its SMTP sink caught (nothing leaves the
/// machine in demo mode), newest first.
#[utoipa::path(
    get, path = "/demo/mails", tag = "auth",
    responses(
        (status = 200, body = DemoMails),
        (status = 404, description = "`not_found`: not in demo mode", body = Problem),
    )
)]
async fn mails(State(state): State<AppState>) -> ApiResult<impl IntoResponse> {
    let mailbox = state.mailbox.as_ref().ok_or_else(ApiError::not_found)?;
    let mut mails: Vec<DemoMail> = mailbox.mails();
    mails.reverse();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(DemoMails { mails }),
    ))
}

/// Demo mode only: the simulated Vapi places a call to the owner's number,
/// asks Ava how to route it and reports it at its end, as Vapi would.
#[utoipa::path(
    post, path = "/demo/simulate-call", tag = "line",
    security(("bearer" = []), ("cookie" = [])),
    request_body = SimulateCallRequest,
    responses(
        (status = 200, body = SimulatedCall),
        (status = 404, description = "`not_found`: not in demo mode", body = Problem),
        (status = 409, description = "`line_not_ready`: no number imported", body = Problem),
        (status = 422, description = "`validation_failed` (`caller`)", body = Problem),
    )
)]
async fn simulate_call(
    State(state): State<AppState>,
    user: CurrentUser,
    ValidJson(request): ValidJson<SimulateCallRequest>,
) -> ApiResult<Json<SimulatedCall>> {
    let simulator = state.simulator.as_ref().ok_or_else(ApiError::not_found)?;
    let caller = match request.caller.as_deref() {
        Some(raw) => PhoneNumber::parse(raw).map_err(|invalid| {
            ApiError::invalid(&ava_domain::FieldErrors::single("caller", invalid))
        })?,
        None => PhoneNumber::parse(DEMO_CALLER).map_err(|_| ApiError::internal())?,
    };
    let number = state
        .services
        .line
        .line_number(user.id)
        .await?
        .ok_or_else(|| ApiError::from(ava_application::AppError::LineNotReady))?;
    let call = simulator
        .place_call(number.as_str(), caller.as_str())
        .await
        .map_err(|cause| {
            tracing::warn!(%cause, "the simulated call failed");
            ApiError::new(StatusCode::CONFLICT, codes::LINE_NOT_READY)
                .detail("The simulated Vapi could not place the call.")
        })?;
    Ok(Json(call))
}

/// The made-up caller of a simulated call.
const DEMO_CALLER: &str = "+14155550100";
