use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Locale, patch::nullable};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    Warm,
    Professional,
    Friendly,
    Concise,
}

impl Tone {
    pub const ALL: [Tone; 4] = [
        Tone::Warm,
        Tone::Professional,
        Tone::Friendly,
        Tone::Concise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Warm => "warm",
            Tone::Professional => "professional",
            Tone::Friendly => "friendly",
            Tone::Concise => "concise",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Voice {
    /// `vapi`, `11labs` or `openai`.
    pub provider: String,
    pub voice_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Model {
    pub provider: String,
    pub model: String,
}

/// Opening hours per weekday in `timezone`: ordered, non-overlapping
/// `["HH:MM", "HH:MM"]` ranges (an end of `24:00` means midnight). A day
/// that is absent or empty is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessHours {
    pub timezone: String,
    pub days: BTreeMap<Weekday, Vec<[String; 2]>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Integrations {
    pub calendar: Option<String>,
    pub crm: Option<String>,
    #[serde(default)]
    pub workspace: Vec<String>,
}

/// What Ava does with a call outside business hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AfterHoursMode {
    /// Ava answers, says when the business opens and takes a message.
    #[default]
    TakeMessage,
    /// The call goes straight to `forward_to`, without Ava.
    Forward,
}

impl AfterHoursMode {
    pub const ALL: [AfterHoursMode; 2] = [AfterHoursMode::TakeMessage, AfterHoursMode::Forward];

    pub fn as_str(self) -> &'static str {
        match self {
            AfterHoursMode::TakeMessage => "take_message",
            AfterHoursMode::Forward => "forward",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AfterHours {
    pub mode: AfterHoursMode,
    /// E.164; required when `mode` is `forward`.
    #[serde(default)]
    pub forward_to: Option<String>,
}

/// A date the business is closed all day (a holiday), in its own time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    /// `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub label: Option<String>,
}

/// `GET /studio/config`: everything Ava's assistant is built from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudioConfig {
    pub persona: Option<String>,
    pub job_to_be_done: Option<String>,
    /// The languages Ava speaks, first one first.
    pub languages: Vec<Locale>,
    pub tone: Tone,
    pub guidelines: Option<String>,
    pub first_message: Option<String>,
    pub voice: Voice,
    pub model: Model,
    /// E.164, the number Ava answers.
    pub phone_number: Option<String>,
    pub business_hours: Option<BusinessHours>,
    pub integrations: Integrations,
    /// `free`, the only plan today.
    pub plan: Option<String>,
    /// E.164: the person Ava transfers a caller to when asked or stuck.
    pub handoff_number: Option<String>,
    pub after_hours: AfterHours,
    /// Dates closed all day, oldest first.
    pub closures: Vec<Closure>,
    pub version: i64,
}

/// `PATCH /studio/config`: any subset. `null` clears a nullable field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StudioConfigPatch {
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub persona: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub job_to_be_done: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<Locale>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<Tone>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub guidelines: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub first_message: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<Voice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Model>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone_number: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<BusinessHours>))]
    pub business_hours: Option<Option<BusinessHours>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrations: Option<Integrations>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub plan: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub handoff_number: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_hours: Option<AfterHours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closures: Option<Vec<Closure>>,
    #[serde(
        default,
        deserialize_with = "crate::patch::whole_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<i64>,
}
