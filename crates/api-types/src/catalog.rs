//! `GET /catalog`: the choices the wizard offers, kept on the server so that
//! provider lists change in one place.

use serde::{Deserialize, Serialize};

use crate::Locale;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub voices: Vec<VoiceOption>,
    pub models: Vec<ModelOption>,
    pub calendars: Vec<String>,
    pub crms: Vec<String>,
    pub workspace_apps: Vec<String>,
    pub industries: Vec<String>,
    /// Every IANA time zone name the server accepts.
    pub timezones: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoiceOption {
    pub provider: String,
    pub voice_id: String,
    /// Languages this voice is known to speak well.
    pub languages: Vec<Locale>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModelOption {
    pub provider: String,
    pub model: String,
}
