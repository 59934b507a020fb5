//! When the studio's steps (persona, telephony) count as done.

use crate::{Progress, text::is_filled};

/// The persona step's fields, as each side reads them.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonaInput<'a> {
    pub persona: Option<&'a str>,
    pub job_to_be_done: Option<&'a str>,
    /// How many languages Ava speaks.
    pub languages: usize,
    pub guidelines: Option<&'a str>,
    pub first_message: Option<&'a str>,
}

impl PersonaInput<'_> {
    /// Done once Ava knows who she is, what she is for and which languages
    /// she speaks; guidelines or a first message alone make it started.
    pub fn progress(&self) -> Progress {
        let required = Progress::of(&[
            is_filled(self.persona),
            is_filled(self.job_to_be_done),
            self.languages > 0,
        ]);
        let touched = is_filled(self.guidelines) || is_filled(self.first_message);
        match required {
            Progress::Untouched if touched => Progress::Partial,
            progress => progress,
        }
    }

    pub fn is_complete(&self) -> bool {
        self.progress() == Progress::Complete
    }
}

/// The telephony step: a number for Ava, and business hours.
pub fn telephony_progress(phone_number: Option<&str>, has_business_hours: bool) -> Progress {
    Progress::of(&[is_filled(phone_number), has_business_hours])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> PersonaInput<'static> {
        PersonaInput {
            persona: Some("Maya"),
            job_to_be_done: Some("Book cleanings"),
            languages: 1,
            ..PersonaInput::default()
        }
    }

    #[test]
    fn persona_job_and_a_language_complete_the_persona() {
        assert!(complete().is_complete());
        assert_eq!(PersonaInput::default().progress(), Progress::Untouched);
    }

    #[test]
    fn each_missing_part_leaves_it_partial() {
        for partial in [
            PersonaInput {
                persona: Some(" "),
                ..complete()
            },
            PersonaInput {
                job_to_be_done: None,
                ..complete()
            },
            PersonaInput {
                languages: 0,
                ..complete()
            },
        ] {
            assert_eq!(partial.progress(), Progress::Partial);
            assert!(!partial.is_complete());
        }
    }

    #[test]
    fn optional_fields_alone_start_the_step_but_never_finish_it() {
        let started = PersonaInput {
            guidelines: Some("No medical advice"),
            ..PersonaInput::default()
        };
        assert_eq!(started.progress(), Progress::Partial);
        let blank = PersonaInput {
            first_message: Some("  "),
            ..PersonaInput::default()
        };
        assert_eq!(blank.progress(), Progress::Untouched);
    }

    #[test]
    fn telephony_needs_a_number_and_hours() {
        assert_eq!(
            telephony_progress(Some("+14155550123"), true),
            Progress::Complete
        );
        assert_eq!(telephony_progress(Some(" "), true), Progress::Partial);
        assert_eq!(telephony_progress(None, false), Progress::Untouched);
    }
}
