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
    /// The same zones with their cities, to find one by city: current names
    /// first, then the older names of the same zones (`US/Eastern`).
    pub zones: Vec<ZoneOption>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ZoneOption {
    /// The IANA id, what a profile or business hours store.
    pub id: String,
    pub cities: ZoneCities,
}

/// A zone's city in each language of the interface (CLDR's exemplar city).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ZoneCities {
    pub en: String,
    pub fr: String,
    pub he: String,
}

impl ZoneCities {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::En => &self.en,
            Locale::Fr => &self.fr,
            Locale::He => &self.he,
        }
    }
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
