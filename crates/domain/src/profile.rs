//! The owner's profile: step 1 of the wizard, the only one that cannot be skipped.

use ava_rules::profile::ProfileInput;
use chrono::{DateTime, Utc};

use crate::{
    FieldErrors, Invalid, catalog,
    email::EmailAddress,
    locale::Locale,
    onboarding::Progress,
    text::{FullName, OrganizationName},
    timezone::Timezone,
};

/// An industry from the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Industry(&'static str);

impl Industry {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        catalog::find(&catalog::INDUSTRIES, raw.trim())
            .map(Self)
            .ok_or(Invalid::UnknownChoice)
    }

    pub fn code(&self) -> &'static str {
        self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub email: EmailAddress,
    pub full_name: Option<FullName>,
    pub organization_name: Option<OrganizationName>,
    pub industry: Option<Industry>,
    pub timezone: Option<Timezone>,
    pub locale: Locale,
    pub marketing_opt_in: bool,
    pub terms_accepted_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// A validated change to a profile: `None` leaves a field as it is,
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ProfileChanges {
    pub full_name: Option<Option<FullName>>,
    pub organization_name: Option<Option<OrganizationName>>,
    pub industry: Option<Option<Industry>>,
    pub timezone: Option<Option<Timezone>>,
    pub locale: Option<Locale>,
    pub marketing_opt_in: Option<bool>,
    pub accept_terms: Option<bool>,
}

impl Profile {
    /// The required fields as the shared rules read them (`ava_rules::profile`).
    fn required_input(&self) -> ProfileInput<'_> {
        ProfileInput {
            full_name: self.full_name.as_ref().map(FullName::as_str),
            organization_name: self
                .organization_name
                .as_ref()
                .map(OrganizationName::as_str),
            timezone: self.timezone.map(|timezone| timezone.name()),
            terms_accepted: self.terms_accepted_at.is_some(),
        }
    }

    /// The fields the owner still has to fill in (`accept_terms` for the terms).
    pub fn missing_fields(&self) -> Vec<&'static str> {
        self.required_input().missing()
    }

    pub fn is_complete(&self) -> bool {
        self.missing_fields().is_empty()
    }

    pub fn progress(&self) -> Progress {
        self.required_input().progress()
    }

    /// Refusals for an incomplete profile, one per missing field.
    pub fn completeness(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        for field in self.missing_fields() {
            errors.add(field, Invalid::Required);
        }
        errors.into_result(|| ())
    }

    /// Applies `changes`. Accepting the terms records `now` once; they cannot
    /// be withdrawn through the profile.
    pub fn apply(
        &mut self,
        changes: ProfileChanges,
        now: DateTime<Utc>,
    ) -> Result<(), FieldErrors> {
        match (changes.accept_terms, self.terms_accepted_at) {
            (Some(false), Some(_)) => {
                return Err(FieldErrors::single("accept_terms", Invalid::CannotBeUndone));
            }
            (Some(true), None) => self.terms_accepted_at = Some(now),
            _ => {}
        }
        if let Some(full_name) = changes.full_name {
            self.full_name = full_name;
        }
        if let Some(organization_name) = changes.organization_name {
            self.organization_name = organization_name;
        }
        if let Some(industry) = changes.industry {
            self.industry = industry;
        }
        if let Some(timezone) = changes.timezone {
            self.timezone = timezone;
        }
        if let Some(locale) = changes.locale {
            self.locale = locale;
        }
        if let Some(opt_in) = changes.marketing_opt_in {
            self.marketing_opt_in = opt_in;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn empty_profile() -> Profile {
        Profile {
            email: EmailAddress::parse("dana@acme.test").unwrap(),
            full_name: None,
            organization_name: None,
            industry: None,
            timezone: None,
            locale: Locale::He,
            marketing_opt_in: false,
            terms_accepted_at: None,
            version: 1,
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-25T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_new_profile_misses_every_required_field() {
        assert_eq!(
            empty_profile().missing_fields(),
            ["full_name", "organization_name", "timezone", "accept_terms"]
        );
    }

    #[test]
    fn filling_the_required_fields_and_accepting_terms_completes_it() {
        let mut profile = empty_profile();
        profile
            .apply(
                ProfileChanges {
                    full_name: Some(Some(Text::new("Dana Levi").unwrap())),
                    organization_name: Some(Some(Text::new("Acme Dental").unwrap())),
                    timezone: Some(Some(Timezone::parse("Asia/Jerusalem").unwrap())),
                    accept_terms: Some(true),
                    ..ProfileChanges::default()
                },
                now(),
            )
            .unwrap();
        assert!(profile.is_complete());
        assert_eq!(profile.terms_accepted_at, Some(now()));
    }

    #[test]
    fn terms_accepted_once_keep_their_first_date_and_cannot_be_withdrawn() {
        let mut profile = empty_profile();
        let accept = || ProfileChanges {
            accept_terms: Some(true),
            ..ProfileChanges::default()
        };
        profile.apply(accept(), now()).unwrap();
        profile
            .apply(accept(), now() + chrono::Duration::days(1))
            .unwrap();
        assert_eq!(profile.terms_accepted_at, Some(now()));
        let withdraw = ProfileChanges {
            accept_terms: Some(false),
            ..ProfileChanges::default()
        };
        let errors = profile.apply(withdraw, now()).unwrap_err();
        assert_eq!(
            errors.iter().next(),
            Some(("accept_terms", Invalid::CannotBeUndone))
        );
    }

    #[test]
    fn clearing_a_field_makes_the_profile_incomplete_again() {
        let mut profile = empty_profile();
        profile.full_name = Some(Text::new("Dana").unwrap());
        profile
            .apply(
                ProfileChanges {
                    full_name: Some(None),
                    ..ProfileChanges::default()
                },
                now(),
            )
            .unwrap();
        assert!(profile.full_name.is_none());
    }

    #[test]
    fn industries_come_from_the_catalog() {
        assert_eq!(Industry::parse("dental").unwrap().code(), "dental");
        assert_eq!(Industry::parse("piracy"), Err(Invalid::UnknownChoice));
    }
}
