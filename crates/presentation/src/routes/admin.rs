//! For Ava's operators (`AVA_ADMIN_EMAILS`): the onboarding funnel.

use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
    http::StatusCode,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{
    codes::{self, field},
    funnel::Funnel,
    problem::Problem,
};
use ava_application::funnel::{Period, PeriodError};

use crate::{
    convert,
    error::{ApiError, ApiResult},
    extract::CurrentUser,
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(funnel))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct FunnelQuery {
    /// The first day of sign-ups counted, `YYYY-MM-DD` in UTC (default: the first sign-up).
    #[param(format = Date, example = "2026-12-01")]
    from: Option<String>,
    /// The last day of sign-ups counted, included, `YYYY-MM-DD` in UTC (default: today).
    #[param(format = Date, example = "2026-12-31")]
    to: Option<String>,
}

fn unreadable_query() -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::VALIDATION_FAILED)
        .detail("The query string could not be read.")
        .field(
            "query",
            field::INVALID,
            "the query string could not be read",
        )
}

/// The onboarding funnel of the owners who signed up within the period:
/// per step, how many reached it (their furthest step is this one or a
/// later one), completed it, skipped it without completing it, and the
/// median seconds they spent on it (from first arrival to first completion
/// or skip).
#[utoipa::path(
    get, path = "/admin/funnel", tag = "admin",
    security(("bearer" = []), ("cookie" = [])),
    params(FunnelQuery),
    responses(
        (status = 200, body = Funnel),
        (status = 403, description = "`forbidden`: this account is not an operator", body = Problem),
        (status = 422, description = "`validation_failed`: `from` or `to` is not a date, or `to` is before `from`", body = Problem),
    )
)]
async fn funnel(
    State(state): State<AppState>,
    user: CurrentUser,
    query: Result<Query<FunnelQuery>, QueryRejection>,
) -> ApiResult<Json<Funnel>> {
    let Query(query) = query.map_err(|_| unreadable_query())?;
    let period =
        Period::parse(query.from.as_deref(), query.to.as_deref()).map_err(|error| match error {
            PeriodError::Dates(errors) => ApiError::invalid(&errors),
            PeriodError::Reversed => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::VALIDATION_FAILED)
                    .detail("The period ends before it starts.")
                    .field("to", field::INVALID, "to is before from")
            }
        })?;
    let funnel = state.services.funnel.funnel_for(user.id, &period).await?;
    Ok(Json(convert::funnel(&funnel)))
}
