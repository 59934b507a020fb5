//! The wizard's nine steps.

/// The steps, in wizard order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum StepKey {
    #[default]
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

    /// The name the API and the database use.
    pub fn code(self) -> &'static str {
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

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|step| step.code() == code)
    }

    /// Profile is required, and Done is where the wizard ends; every other
    /// step may be left for later.
    pub fn is_skippable(self) -> bool {
        !matches!(self, StepKey::Profile | StepKey::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_profile_and_done_cannot_be_skipped() {
        let required: Vec<StepKey> = StepKey::ALL
            .into_iter()
            .filter(|step| !step.is_skippable())
            .collect();
        assert_eq!(required, [StepKey::Profile, StepKey::Done]);
    }

    #[test]
    fn codes_round_trip_in_wizard_order() {
        for (index, step) in StepKey::ALL.into_iter().enumerate() {
            assert_eq!(StepKey::from_code(step.code()), Some(step));
            assert_eq!(step as usize, index);
        }
        assert_eq!(StepKey::from_code("Profile"), None);
    }
}
