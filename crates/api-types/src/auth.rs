use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Locale;

/// `POST /auth/signup`.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupRequest {
    pub email: String,
    /// At least 10 characters.
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
}

/// `POST /auth/login`.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Answer of signup and login. The same token is also set as an HttpOnly
/// session cookie; browsers use the cookie, API clients the bearer token.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthResponse {
    pub token: String,
    pub user: User,
}

/// The signed-in user (`GET /auth/me`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: String,
    pub email: String,
    pub full_name: Option<String>,
    pub locale: Locale,
    pub created_at: DateTime<Utc>,
    /// An operator of this Ava (`AVA_ADMIN_EMAILS`): may see the funnel.
    #[serde(default)]
    pub operator: bool,
}

crate::redacted_debug!(SignupRequest, LoginRequest, AuthResponse);
