//! Every error answer is RFC 9457 problem+json with a stable `code`.
//! Unexpected failures are logged here and answered without their cause.

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use ava_api_types::{
    codes::{self, field},
    problem::{self, FieldError, Problem},
};
use ava_application::{AppError, Current, Provider};
use ava_domain::{FieldErrors, Invalid, session::ResetRefusal};

use crate::convert;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    detail: Option<String>,
    errors: Vec<FieldError>,
    current: Option<serde_json::Value>,
    /// Seconds, for `Retry-After`.
    retry_after: Option<u64>,
}

/// A 422 lists at most this many field errors: an invalid body of any
/// size answers a small problem.
pub const MAX_FIELD_ERRORS: usize = 20;

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str) -> Self {
        Self {
            status,
            code,
            detail: None,
            errors: Vec::new(),
            current: None,
            retry_after: None,
        }
    }

    /// Tells the client when to try again (`Retry-After`).
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn field(mut self, field: &str, code: &str, detail: impl Into<String>) -> Self {
        self.errors.push(FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            detail: detail.into(),
        });
        self
    }

    pub fn invalid(errors: &FieldErrors) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, codes::VALIDATION_FAILED)
            .detail("Some fields are invalid.")
            .with_field_errors(errors)
    }

    fn with_field_errors(mut self, errors: &FieldErrors) -> Self {
        for (name, invalid) in errors.iter().take(MAX_FIELD_ERRORS) {
            self = self.field(name, field_code(invalid), format!("{name} {invalid}"));
        }
        let total = errors.iter().count();
        if total > MAX_FIELD_ERRORS {
            self = self.detail(format!(
                "Some fields are invalid: the first {MAX_FIELD_ERRORS} of {total} problems are listed."
            ));
        }
        self
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::NOT_FOUND)
            .detail("There is nothing at this address.")
    }

    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED).detail("Sign in to continue.")
    }

    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL_ERROR)
            .detail("Something went wrong on our side. Please try again.")
    }

    pub fn code(&self) -> &'static str {
        self.code
    }
}

fn field_code(invalid: Invalid) -> &'static str {
    match invalid {
        Invalid::Required => field::REQUIRED,
        Invalid::Malformed => field::INVALID,
        Invalid::ControlCharacters => field::CONTROL_CHARACTERS,
        Invalid::TooShort { .. } => field::TOO_SHORT,
        Invalid::TooLong { .. } | Invalid::TooMany { .. } => field::TOO_LONG,
        Invalid::Email => field::INVALID_EMAIL,
        Invalid::Timezone => field::INVALID_TIMEZONE,
        Invalid::PhoneNumber => field::INVALID_PHONE_NUMBER,
        Invalid::AccountSid => field::INVALID_ACCOUNT_SID,
        Invalid::TimeRange => field::INVALID_TIME_RANGE,
        Invalid::OverlappingTimeRanges => field::OVERLAPPING_TIME_RANGES,
        Invalid::Date => field::INVALID_DATE,
        Invalid::UnknownChoice => field::UNKNOWN_CHOICE,
        Invalid::Duplicate => field::DUPLICATE,
        Invalid::NotSkippable => field::NOT_SKIPPABLE,
        Invalid::CannotBeUndone => field::CANNOT_BE_UNDONE,
    }
}

fn title(status: StatusCode) -> String {
    status.canonical_reason().unwrap_or("Error").to_owned()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Problem {
            type_uri: format!("urn:ava:problem:{}", self.code),
            title: title(self.status),
            status: self.status.as_u16(),
            detail: self.detail,
            code: self.code.to_owned(),
            errors: self.errors,
            current: self.current,
        };
        let mut response = (self.status, Json(body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(problem::CONTENT_TYPE),
        );
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

fn provider_codes(provider: Provider) -> [&'static str; 3] {
    match provider {
        Provider::Vapi => [
            codes::VAPI_UNAVAILABLE,
            codes::VAPI_TIMEOUT,
            codes::VAPI_BAD_RESPONSE,
        ],
        Provider::Twilio => [
            codes::TWILIO_UNAVAILABLE,
            codes::TWILIO_TIMEOUT,
            codes::TWILIO_BAD_RESPONSE,
        ],
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Invalid(errors) => ApiError::invalid(&errors),
            AppError::Unauthenticated => ApiError::unauthorized(),
            AppError::Forbidden => ApiError::new(StatusCode::FORBIDDEN, codes::FORBIDDEN)
                .detail("This account may not see this page."),
            AppError::InvalidCredentials => ApiError::new(StatusCode::UNAUTHORIZED, codes::INVALID_CREDENTIALS)
                .detail("The email or the password is wrong."),
            AppError::WrongCurrentPassword => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::WRONG_PASSWORD)
                    .detail("The current password is wrong.")
                    .field("current_password", field::WRONG_PASSWORD, "current_password is wrong")
            }
            AppError::SessionNotFound => ApiError::new(StatusCode::NOT_FOUND, codes::SESSION_NOT_FOUND)
                .detail("You have no session with this id."),
            AppError::ResetTokenRefused(refusal) => {
                let (code, detail) = match refusal {
                    ResetRefusal::Unknown => (
                        field::RESET_TOKEN_UNKNOWN,
                        "This reset link is not valid (a newer one may have replaced it). Ask for a new one.",
                    ),
                    ResetRefusal::Used => (
                        field::RESET_TOKEN_USED,
                        "This reset link was used already. Ask for a new one if you need to.",
                    ),
                    ResetRefusal::Expired => (
                        field::RESET_TOKEN_EXPIRED,
                        "This reset link has expired (links work for 30 minutes). Ask for a new one.",
                    ),
                };
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::INVALID_RESET_TOKEN)
                    .detail(detail)
                    .field("token", code, detail)
            }
            AppError::EmailTaken => ApiError::new(StatusCode::CONFLICT, codes::EMAIL_TAKEN)
                .detail("An account with this email exists already. Log in instead.")
                .field("email", field::TAKEN, "email is already registered"),
            AppError::Conflict(current) => {
                metrics::counter!("ava_version_conflicts_total").increment(1);
                let mut conflict = ApiError::new(StatusCode::CONFLICT, codes::VERSION_CONFLICT)
                    .detail("This was changed elsewhere (another tab or device) since you loaded it.");
                conflict.current = Some(match *current {
                    Current::Profile(profile) => json(convert::profile(&profile)),
                    Current::Onboarding(view) => json(convert::onboarding(&view)),
                    Current::Studio(config) => json(convert::studio(&config)),
                });
                conflict
            }
            AppError::ProfileIncomplete(errors) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::PROFILE_INCOMPLETE)
                    .detail("Complete your profile and accept the terms first.")
                    .with_field_errors(&errors)
            }
            AppError::NotConnected(Provider::Vapi) => ApiError::new(StatusCode::CONFLICT, codes::VAPI_NOT_CONNECTED)
                .detail("Connect your Vapi account first."),
            AppError::NotConnected(Provider::Twilio) => {
                ApiError::new(StatusCode::CONFLICT, codes::TWILIO_NOT_CONNECTED)
                    .detail("Connect your Twilio account first.")
            }
            AppError::CredentialsRejected(Provider::Vapi) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::VAPI_KEY_REJECTED)
                    .detail(
                        "Vapi refused this API key. Use your private API key (not the public key) \
                         from the Vapi dashboard.",
                    )
                    .field("vapi_api_key", field::REJECTED_BY_PROVIDER, "Vapi refused this key")
            }
            AppError::CredentialsRejected(Provider::Twilio) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::TWILIO_CREDENTIALS_REJECTED)
                    .detail(
                        "Twilio refused this Account SID and Auth Token. Check that both come from the same \
                         account (not a subaccount or test credentials) and contain no spaces.",
                    )
                    .field("auth_token", field::REJECTED_BY_PROVIDER, "Twilio refused these credentials")
            }
            AppError::TwilioAccountInactive(status) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::TWILIO_ACCOUNT_INACTIVE)
                    .detail(format!("This Twilio account is {status}: it cannot answer calls."))
            }
            AppError::NumberNotOnAccount => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, codes::TWILIO_NUMBER_NOT_ON_ACCOUNT)
                    .detail("This number is not a voice number of the Twilio account.")
                    .field("phone_number", field::NOT_ON_ACCOUNT, "not a voice number of the account")
            }
            AppError::ProviderRejected { provider, message } => {
                let code = match provider {
                    Provider::Vapi => codes::VAPI_REQUEST_REJECTED,
                    Provider::Twilio => codes::TWILIO_CREDENTIALS_REJECTED,
                };
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code).detail(format!("{provider} refused: {message}"))
            }
            AppError::ProviderUnavailable(provider) => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, provider_codes(provider)[0])
                    .detail(format!("{provider} is not answering right now. Nothing was changed; try again shortly."))
            }
            AppError::ProviderBusy {
                provider,
                retry_after_seconds,
            } => {
                let code = match provider {
                    Provider::Vapi => codes::VAPI_BUSY,
                    Provider::Twilio => codes::TWILIO_BUSY,
                };
                let problem = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, code).detail(format!(
                    "{provider} asks Ava to slow down for a moment. Nothing was changed; try again shortly."
                ));
                match retry_after_seconds {
                    Some(seconds) => problem.retry_after(seconds),
                    None => problem,
                }
            }
            AppError::ProviderTimeout(provider) => ApiError::new(StatusCode::GATEWAY_TIMEOUT, provider_codes(provider)[1])
                .detail(format!("{provider} took too long to answer. Nothing was changed; try again.")),
            AppError::ProviderBadResponse(provider) => {
                ApiError::new(StatusCode::BAD_GATEWAY, provider_codes(provider)[2])
                    .detail(format!("{provider} answered something unexpected. Nothing was changed; try again."))
            }
            AppError::AssistantNotFound => ApiError::new(StatusCode::NOT_FOUND, codes::ASSISTANT_NOT_FOUND)
                .detail("There is no such assistant."),
            AppError::LineNotReady => ApiError::new(StatusCode::CONFLICT, codes::LINE_NOT_READY)
                .detail("Create the assistant with a phone number first: Vapi calls from that number."),
            AppError::WebhookUnauthorized => ApiError::new(StatusCode::UNAUTHORIZED, codes::WEBHOOK_UNAUTHORIZED)
                .detail("This message does not carry the secret Ava gave Vapi."),
            AppError::Busy => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, codes::SERVER_BUSY)
                .detail("Ava is busy right now. Please try again in a moment.")
                .retry_after(1),
            AppError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                ApiError::internal()
            }
        }
    }
}

fn json(value: impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

pub type ApiResult<T> = Result<T, ApiError>;
