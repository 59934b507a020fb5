use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Locale, patch::nullable};

/// `GET /user/profile`: the fields of the Profile step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub email: String,
    pub full_name: Option<String>,
    pub organization_name: Option<String>,
    pub industry: Option<String>,
    /// IANA time zone, e.g. `Asia/Jerusalem`.
    pub timezone: Option<String>,
    pub locale: Locale,
    pub marketing_opt_in: bool,
    pub terms_accepted_at: Option<DateTime<Utc>>,
    /// Required fields present and terms accepted.
    pub complete: bool,
    /// Increases with every change; send it back to detect concurrent edits.
    pub version: i64,
}

/// `PATCH /user/profile`: any subset. `null` clears a nullable field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub full_name: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub organization_name: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub industry: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub timezone: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_opt_in: Option<bool>,
    /// `true` records the acceptance time; terms cannot be un-accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_terms: Option<bool>,
    /// The version last read; a stale one answers 409 with the current profile.
    #[serde(
        default,
        deserialize_with = "crate::patch::whole_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<i64>,
}
