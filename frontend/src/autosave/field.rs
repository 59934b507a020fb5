//! The names of the autosaved fields, typed: a page asks the profile for a
//! [`ProfileField`] and the studio configuration for a [`StudioField`], so
//! a misspelt or misplaced field does not compile. Each is the field's name
//! in the API's JSON (and in the server's field errors).

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
        }
        assert!(!patch_knows::<StudioConfigPatch>("timezone"));
    }
}
