//! The names of the autosaved fields, typed: a page asks the profile for a
//! [`ProfileField`] and the studio configuration for a [`StudioField`], so
//! a misspelt or misplaced field does not compile. Each is the field's name
//! in the API's JSON (and in the server's field errors), and belongs to
//! one wizard step.

use ava_api_types::onboarding::StepKey;

/// A field of one autosaved resource.
pub trait FieldKey: Copy + Send + Sync + 'static {
    /// The field's name in the API's JSON.
    fn key(self) -> &'static str;
}

/// The fields of `PATCH /profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileField {
    FullName,
    OrganizationName,
    Industry,
    Timezone,
    Locale,
    MarketingOptIn,
    AcceptTerms,
}

impl ProfileField {
    pub const ALL: [Self; 7] = [
        Self::FullName,
        Self::OrganizationName,
        Self::Industry,
        Self::Timezone,
        Self::Locale,
        Self::MarketingOptIn,
        Self::AcceptTerms,
    ];

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|field| field.key() == key)
    }
}

impl FieldKey for ProfileField {
    fn key(self) -> &'static str {
        match self {
            Self::FullName => "full_name",
            Self::OrganizationName => "organization_name",
            Self::Industry => "industry",
            Self::Timezone => "timezone",
            Self::Locale => "locale",
            Self::MarketingOptIn => "marketing_opt_in",
            Self::AcceptTerms => "accept_terms",
        }
    }
}

/// The fields of `PATCH /studio/config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudioField {
    Persona,
    JobToBeDone,
    Languages,
    Tone,
    Guidelines,
    FirstMessage,
    Voice,
    Model,
    PhoneNumber,
    BusinessHours,
    Integrations,
    Plan,
    HandoffNumber,
    AfterHours,
    Closures,
}

impl StudioField {
    pub const ALL: [Self; 15] = [
        Self::Persona,
        Self::JobToBeDone,
        Self::Languages,
        Self::Tone,
        Self::Guidelines,
        Self::FirstMessage,
        Self::Voice,
        Self::Model,
        Self::PhoneNumber,
        Self::BusinessHours,
        Self::Integrations,
        Self::Plan,
        Self::HandoffNumber,
        Self::AfterHours,
        Self::Closures,
    ];
}

impl StudioField {
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|field| field.key() == key)
    }

    /// The wizard step where the owner edits it.
    pub fn step(self) -> StepKey {
        match self {
            Self::Persona
            | Self::JobToBeDone
            | Self::Languages
            | Self::Tone
            | Self::Guidelines
            | Self::FirstMessage => StepKey::Persona,
            Self::PhoneNumber
            | Self::BusinessHours
            | Self::HandoffNumber
            | Self::AfterHours
            | Self::Closures => StepKey::Telephony,
            Self::Integrations => StepKey::Integrations,
            Self::Voice | Self::Model => StepKey::Assistant,
            Self::Plan => StepKey::Plan,
        }
    }
}

/// The wizard step where the field named `key` is edited (a profile field
/// on Profile, a studio one on its own step).
pub fn step_of(key: &str) -> Option<StepKey> {
    if ProfileField::parse(key).is_some() {
        return Some(StepKey::Profile);
    }
    StudioField::parse(key).map(StudioField::step)
}

impl FieldKey for StudioField {
    fn key(self) -> &'static str {
        match self {
            Self::Persona => "persona",
            Self::JobToBeDone => "job_to_be_done",
            Self::Languages => "languages",
            Self::Tone => "tone",
            Self::Guidelines => "guidelines",
            Self::FirstMessage => "first_message",
            Self::Voice => "voice",
            Self::Model => "model",
            Self::PhoneNumber => "phone_number",
            Self::BusinessHours => "business_hours",
            Self::Integrations => "integrations",
            Self::Plan => "plan",
            Self::HandoffNumber => "handoff_number",
            Self::AfterHours => "after_hours",
            Self::Closures => "closures",
        }
    }
}

#[cfg(test)]
mod tests {
    use ava_api_types::{profile::ProfilePatch, studio::StudioConfigPatch};
    use serde::de::DeserializeOwned;
    use serde_json::json;

    use super::*;

    /// Whether the patch type (which refuses unknown fields) knows `key`.
    fn patch_knows<P: DeserializeOwned>(key: &str) -> bool {
        serde_json::from_value::<P>(json!({ key: null })).is_ok()
    }

    #[test]
    fn every_profile_field_is_a_field_of_the_profile_patch() {
        for field in ProfileField::ALL {
            assert!(patch_knows::<ProfilePatch>(field.key()), "{field:?}");
            assert_eq!(ProfileField::parse(field.key()), Some(field));
        }
        assert!(!patch_knows::<ProfilePatch>("fullname"));
        assert_eq!(ProfileField::parse("persona"), None);
    }

    #[test]
    fn every_studio_field_is_a_field_of_the_studio_patch() {
        for field in StudioField::ALL {
            assert!(patch_knows::<StudioConfigPatch>(field.key()), "{field:?}");
            assert_eq!(StudioField::parse(field.key()), Some(field));
        }
        assert!(!patch_knows::<StudioConfigPatch>("timezone"));
    }

    #[test]
    fn every_field_belongs_to_a_step_that_edits_it() {
        assert_eq!(step_of("timezone"), Some(StepKey::Profile));
        assert_eq!(step_of("business_hours"), Some(StepKey::Telephony));
        assert_eq!(step_of("handoff_number"), Some(StepKey::Telephony));
        assert_eq!(step_of("persona"), Some(StepKey::Persona));
        assert_eq!(step_of("voice"), Some(StepKey::Assistant));
        assert_eq!(step_of("vapi_api_key"), None);
        for field in StudioField::ALL {
            assert!(
                !matches!(
                    field.step(),
                    StepKey::Profile | StepKey::Vapi | StepKey::Twilio | StepKey::Done
                ),
                "{field:?}"
            );
        }
    }
}
