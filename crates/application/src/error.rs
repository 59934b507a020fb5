use ava_domain::{FieldErrors, profile::Profile, session::ResetRefusal, studio::StudioConfig};

use crate::{
    onboarding::OnboardingView,
    ports::{CipherError, CreateUserError, HashingError, ProviderError, RepositoryError},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Vapi,
    Twilio,
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Provider::Vapi => "Vapi",
            Provider::Twilio => "Twilio",
        })
    }
}

/// The state a conflicting write lost against, for the client to show.
#[derive(Debug, Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "it travels boxed, in `AppError::Conflict`"
)]
pub enum Current {
    Profile(Profile),
    Onboarding(OnboardingView),
    Studio(StudioConfig),
}

/// Why a use case refused or failed. Messages never contain secrets.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid request: {0}")]
    Invalid(FieldErrors),
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but this account may not do that (e.g. see the funnel).
    #[error("not allowed for this account")]
    Forbidden,
    #[error("wrong email or password")]
    InvalidCredentials,
    /// A password change whose current password is wrong.
    #[error("the current password is wrong")]
    WrongCurrentPassword,
    /// None of the owner's sessions has this id.
    #[error("no such session")]
    SessionNotFound,
    #[error("the password-reset token cannot be used: {0:?}")]
    ResetTokenRefused(ResetRefusal),
    #[error("an account with this email exists")]
    EmailTaken,
    #[error("the record changed since it was read")]
    Conflict(Box<Current>),
    #[error("the profile is incomplete: {0}")]
    ProfileIncomplete(FieldErrors),
    #[error("{0} is not connected")]
    NotConnected(Provider),
    #[error("{0} refused the credentials")]
    CredentialsRejected(Provider),
    #[error("the Twilio account is {0}")]
    TwilioAccountInactive(String),
    #[error("the phone number is not on the Twilio account")]
    NumberNotOnAccount,
    #[error("{provider} refused the request: {message}")]
    ProviderRejected { provider: Provider, message: String },
    #[error("{0} could not be reached")]
    ProviderUnavailable(Provider),
    #[error("{0} did not answer in time")]
    ProviderTimeout(Provider),
    #[error("{provider} asks to slow down")]
    ProviderBusy {
        provider: Provider,
        retry_after_seconds: Option<u64>,
    },
    #[error("{0} answered something Ava could not understand")]
    ProviderBadResponse(Provider),
    #[error("no such assistant")]
    AssistantNotFound,
    #[error("the line has no assistant or no imported number yet")]
    LineNotReady,
    #[error("the webhook does not carry this owner's secret")]
    WebhookUnauthorized,
    /// The server is at capacity for this kind of work: retry shortly.
    #[error("the server is busy")]
    Busy,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A provider failure as the owner should hear of it. Refused
    /// credentials are told apart by the caller, which knows what was sent.
    pub fn from_provider(provider: Provider, error: ProviderError) -> Self {
        match error {
            ProviderError::Unauthorized => AppError::CredentialsRejected(provider),
            ProviderError::NotFound => AppError::ProviderRejected {
                provider,
                message: "the resource no longer exists at the provider".to_owned(),
            },
            ProviderError::Rejected { message } => AppError::ProviderRejected { provider, message },
            ProviderError::Unreachable | ProviderError::ServerError => {
                AppError::ProviderUnavailable(provider)
            }
            ProviderError::Timeout => AppError::ProviderTimeout(provider),
            ProviderError::Busy {
                retry_after_seconds,
            } => AppError::ProviderBusy {
                provider,
                retry_after_seconds,
            },
            ProviderError::BadResponse => AppError::ProviderBadResponse(provider),
        }
    }

    /// A closure for `map_err` at a provider call.
    pub fn provider(provider: Provider) -> impl Fn(ProviderError) -> Self {
        move |error| Self::from_provider(provider, error)
    }
}

impl From<RepositoryError> for AppError {
    fn from(error: RepositoryError) -> Self {
        AppError::Internal(format!("storage: {error}"))
    }
}

impl From<CipherError> for AppError {
    fn from(error: CipherError) -> Self {
        AppError::Internal(format!("secrets: {error}"))
    }
}

impl From<HashingError> for AppError {
    fn from(error: HashingError) -> Self {
        match error {
            HashingError::Busy => AppError::Busy,
            HashingError::Failed(_) => AppError::Internal(error.to_string()),
        }
    }
}

impl From<CreateUserError> for AppError {
    fn from(error: CreateUserError) -> Self {
        match error {
            CreateUserError::EmailTaken => AppError::EmailTaken,
            CreateUserError::Repository(error) => error.into(),
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Invalid(errors)
    }
}
