//! The owner's own Vapi and Twilio accounts. Secrets go in, only masked
//! previews come out.

use serde::{Deserialize, Serialize};

/// `POST /vapi-settings`. Sending the masked `preview` back keeps the stored key.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VapiSettingsRequest {
    /// The Vapi *private* API key.
    pub vapi_api_key: String,
}

/// `GET /vapi-settings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VapiSettings {
    pub configured: bool,
    /// The key masked but for its last four characters, e.g. `****3f9a`.
    pub preview: Option<String>,
}

/// `POST /twilio-settings`. Sending the masked `preview` back as `auth_token`
/// keeps the stored token.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TwilioSettingsRequest {
    /// `AC` followed by 32 hexadecimal digits.
    pub account_sid: String,
    pub auth_token: String,
    /// E.164; must be a number of this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

/// `GET /twilio-settings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwilioSettings {
    pub configured: bool,
    pub account_sid_preview: Option<String>,
    pub phone_number: Option<String>,
    /// The auth token masked but for its last four characters.
    pub preview: Option<String>,
}

/// One voice-capable number of the owner's Twilio account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwilioNumber {
    pub sid: String,
    pub phone_number: String,
    pub friendly_name: Option<String>,
}

/// `GET /twilio-settings/numbers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwilioNumbers {
    pub numbers: Vec<TwilioNumber>,
}

crate::redacted_debug!(VapiSettingsRequest, TwilioSettingsRequest);
