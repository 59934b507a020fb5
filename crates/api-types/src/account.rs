//! The owner's sessions and password: `/auth/sessions`, `/auth/password`,
//! `/auth/password-reset`. Request types holding a password or a token
//! print them as `..` in `Debug`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One of the owner's sessions. Never the token nor its hash: `id` is an
/// identifier of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub id: String,
    pub created_at: DateTime<Utc>,
    /// Updated at most once a minute.
    pub last_used_at: DateTime<Utc>,
    /// What the User-Agent says of the device, e.g. "Chrome on Linux".
    pub device: Option<String>,
    /// The session of the request that asked.
    pub current: bool,
}

/// `GET /auth/sessions`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionList {
    pub sessions: Vec<SessionInfo>,
}

/// `POST /auth/sessions/revoke-others`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    /// How many sessions ended.
    pub ended: u64,
}

/// `POST /auth/password`.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChangeRequest {
    pub current_password: String,
    /// At least 10 characters.
    pub new_password: String,
}

impl std::fmt::Debug for PasswordChangeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordChangeRequest { .. }")
    }
}

/// `POST /auth/password-reset`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    pub email: String,
}

/// The answer of `POST /auth/password-reset`, the same whether or not an
/// account has the email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetAccepted {
    pub detail: String,
}

/// `POST /auth/password-reset/confirm`.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirm {
    /// The `token` of the emailed link.
    pub token: String,
    /// At least 10 characters.
    pub new_password: String,
}

impl std::fmt::Debug for PasswordResetConfirm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordResetConfirm { .. }")
    }
}

/// A mail caught by demo mode's SMTP sink (`GET /demo/mails`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoMail {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub received_at: DateTime<Utc>,
}

/// `GET /demo/mails`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoMails {
    pub mails: Vec<DemoMail>,
}
