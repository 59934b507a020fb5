use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The nine wizard steps, in wizard order (the derived `Ord` follows it, so a
/// `BTreeMap<StepKey, _>` serializes in wizard order too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepKey {
    Profile,
    Vapi,
    Persona,
    Twilio,
    Telephony,
    Integrations,
    Assistant,
    Plan,
    Done,
}

impl StepKey {
    pub const ALL: [StepKey; 9] = [
        StepKey::Profile,
        StepKey::Vapi,
        StepKey::Persona,
        StepKey::Twilio,
        StepKey::Telephony,
        StepKey::Integrations,
        StepKey::Assistant,
        StepKey::Plan,
        StepKey::Done,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StepKey::Profile => "profile",
            StepKey::Vapi => "vapi",
            StepKey::Persona => "persona",
            StepKey::Twilio => "twilio",
            StepKey::Telephony => "telephony",
            StepKey::Integrations => "integrations",
            StepKey::Assistant => "assistant",
            StepKey::Plan => "plan",
            StepKey::Done => "done",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|step| step.as_str() == value)
    }

    /// Position in the wizard, from 0.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn next(self) -> Option<Self> {
        Self::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Self> {
        self.index().checked_sub(1).map(|i| Self::ALL[i])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Pending,
    InProgress,
    Skipped,
    Complete,
}

/// `GET /user/onboarding`: where the owner is, derived from what is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Onboarding {
    pub current_step: StepKey,
    pub completed: bool,
    pub completed_at: Option<DateTime<Utc>>,
    pub vapi_skipped: bool,
    pub twilio_skipped: bool,
    pub assistant_created: bool,
    pub skipped_steps: Vec<StepKey>,
    pub steps: BTreeMap<StepKey, StepStatus>,
    pub version: i64,
}

/// `PATCH /user/onboarding`: any subset, with the version last read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OnboardingPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_step: Option<StepKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vapi_skipped: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub twilio_skipped: Option<bool>,
    /// Replaces the whole set of skipped steps (`profile` and `done` cannot be skipped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped_steps: Option<Vec<StepKey>>,
    #[serde(
        default,
        deserialize_with = "crate::patch::whole_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<i64>,
}
