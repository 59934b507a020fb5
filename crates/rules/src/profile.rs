//! The owner's profile: the one step that must be filled before moving on.

use crate::{Progress, text::is_filled};

/// The required fields, in form order, named as the API names them.
pub const PROFILE_REQUIRED: [&str; 4] =
    ["full_name", "organization_name", "timezone", "accept_terms"];

/// What the profile holds, as each side reads it.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProfileInput<'a> {
    pub full_name: Option<&'a str>,
    pub organization_name: Option<&'a str>,
    pub timezone: Option<&'a str>,
    pub terms_accepted: bool,
}

impl ProfileInput<'_> {
    /// Each of [`PROFILE_REQUIRED`] and whether it is filled; blank text is not.
    fn required(&self) -> [(&'static str, bool); 4] {
        let [full_name, organization_name, timezone, accept_terms] = PROFILE_REQUIRED;
        [
            (full_name, is_filled(self.full_name)),
            (organization_name, is_filled(self.organization_name)),
            (timezone, is_filled(self.timezone)),
            (accept_terms, self.terms_accepted),
        ]
    }

    /// The required fields still missing, in form order.
    pub fn missing(&self) -> Vec<&'static str> {
        self.required()
            .into_iter()
            .filter_map(|(field, filled)| (!filled).then_some(field))
            .collect()
    }

    pub fn progress(&self) -> Progress {
        Progress::of(&self.required().map(|(_, filled)| filled))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> ProfileInput<'static> {
        ProfileInput {
            full_name: Some("Dana Levi"),
            organization_name: Some("Acme Dental"),
            timezone: Some("Asia/Jerusalem"),
            terms_accepted: true,
        }
    }

    #[test]
    fn a_filled_profile_misses_nothing() {
        assert!(filled().missing().is_empty());
        assert_eq!(filled().progress(), Progress::Complete);
    }

    #[test]
    fn an_empty_profile_misses_every_required_field_in_form_order() {
        assert_eq!(ProfileInput::default().missing(), PROFILE_REQUIRED);
        assert_eq!(ProfileInput::default().progress(), Progress::Untouched);
    }

    #[test]
    fn blank_text_and_unaccepted_terms_are_missing() {
        let partial = ProfileInput {
            full_name: Some("  "),
            timezone: Some(""),
            terms_accepted: false,
            ..filled()
        };
        assert_eq!(partial.missing(), ["full_name", "timezone", "accept_terms"]);
        assert_eq!(partial.progress(), Progress::Partial);
    }
}
