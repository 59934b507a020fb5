//! The wizard's progress. Only what the owner decided is stored (where they
//! are, what they skipped, when they launched); whether a step is complete
//! is derived from the data itself, so it can never disagree with it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::{FieldErrors, Invalid};

/// How far the owner got with a step's fields, and the nine steps with
/// which of them may be skipped: shared rules (`ava_rules`), so the web app
/// reads them the same way.
pub use ava_rules::{Progress, StepKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Pending,
    InProgress,
    Skipped,
    Complete,
}

/// What the stored data says about each step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnboardingFacts {
    pub profile: Progress,
    pub vapi_connected: bool,
    pub persona: Progress,
    pub twilio_connected: bool,
    pub telephony: Progress,
    pub integrations_chosen: bool,
    pub assistant_created: bool,
    pub plan_chosen: bool,
}

impl OnboardingFacts {
    fn progress(&self, step: StepKey, completed: bool) -> Progress {
        let done = |yes: bool| {
            if yes {
                Progress::Complete
            } else {
                Progress::Untouched
            }
        };
        match step {
            StepKey::Profile => self.profile,
            StepKey::Vapi => done(self.vapi_connected),
            StepKey::Persona => self.persona,
            StepKey::Twilio => done(self.twilio_connected),
            StepKey::Telephony => self.telephony,
            StepKey::Integrations => done(self.integrations_chosen),
            StepKey::Assistant => done(self.assistant_created),
            StepKey::Plan => done(self.plan_chosen),
            StepKey::Done => done(completed),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OnboardingProgress {
    pub current_step: StepKey,
    pub skipped: BTreeSet<StepKey>,
    pub completed_at: Option<DateTime<Utc>>,
    /// 0 until first saved; each save adds one.
    pub version: i64,
}

/// A validated change to the progress.
#[derive(Debug, Clone, Default)]
pub struct OnboardingChanges {
    pub current_step: Option<StepKey>,
    /// Replaces the skipped set; applied before the two flags below.
    pub skipped_steps: Option<Vec<StepKey>>,
    pub vapi_skipped: Option<bool>,
    pub twilio_skipped: Option<bool>,
}

impl OnboardingProgress {
    pub fn is_completed(&self) -> bool {
        self.completed_at.is_some()
    }

    /// A step's status: complete when its data says so (even if it was
    /// skipped before), then skipped, then in progress when the owner is on
    /// it or has started it, else pending.
    pub fn status(&self, step: StepKey, facts: &OnboardingFacts) -> StepStatus {
        match facts.progress(step, self.is_completed()) {
            Progress::Complete => StepStatus::Complete,
            _ if self.skipped.contains(&step) => StepStatus::Skipped,
            Progress::Partial => StepStatus::InProgress,
            Progress::Untouched if step == self.current_step => StepStatus::InProgress,
            Progress::Untouched => StepStatus::Pending,
        }
    }

    pub fn statuses(&self, facts: &OnboardingFacts) -> BTreeMap<StepKey, StepStatus> {
        StepKey::ALL
            .into_iter()
            .map(|step| (step, self.status(step, facts)))
            .collect()
    }

    pub fn apply(&mut self, changes: OnboardingChanges) -> Result<(), FieldErrors> {
        let skips_a_required_step = changes
            .skipped_steps
            .as_ref()
            .is_some_and(|steps| steps.iter().any(|step| !step.is_skippable()));
        if skips_a_required_step {
            return Err(FieldErrors::single("skipped_steps", Invalid::NotSkippable));
        }
        if let Some(step) = changes.current_step {
            self.current_step = step;
        }
        if let Some(steps) = changes.skipped_steps {
            self.skipped = steps.into_iter().collect();
        }
        for (step, flag) in [
            (StepKey::Vapi, changes.vapi_skipped),
            (StepKey::Twilio, changes.twilio_skipped),
        ] {
            match flag {
                Some(true) => self.skipped.insert(step),
                Some(false) => self.skipped.remove(&step),
                None => false,
            };
        }
        Ok(())
    }

    /// Launching Ava. Idempotent: the first launch date is kept.
    pub fn complete(&mut self, now: DateTime<Utc>) {
        self.completed_at.get_or_insert(now);
        self.current_step = StepKey::Done;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_facts() -> OnboardingFacts {
        OnboardingFacts {
            profile: Progress::Untouched,
            vapi_connected: false,
            persona: Progress::Untouched,
            twilio_connected: false,
            telephony: Progress::Untouched,
            integrations_chosen: false,
            assistant_created: false,
            plan_chosen: false,
        }
    }

    #[test]
    fn a_new_owner_is_on_profile_with_everything_pending() {
        let statuses = OnboardingProgress::default().statuses(&no_facts());
        assert_eq!(statuses[&StepKey::Profile], StepStatus::InProgress);
        assert!(
            StepKey::ALL[1..]
                .iter()
                .all(|step| statuses[step] == StepStatus::Pending)
        );
    }

    #[test]
    fn data_decides_completion_even_over_a_skip() {
        let progress = OnboardingProgress {
            current_step: StepKey::Persona,
            skipped: [StepKey::Vapi, StepKey::Twilio].into(),
            ..OnboardingProgress::default()
        };
        let facts = OnboardingFacts {
            vapi_connected: true,
            persona: Progress::Partial,
            ..no_facts()
        };
        assert_eq!(progress.status(StepKey::Vapi, &facts), StepStatus::Complete);
        assert_eq!(
            progress.status(StepKey::Twilio, &facts),
            StepStatus::Skipped
        );
        assert_eq!(
            progress.status(StepKey::Persona, &facts),
            StepStatus::InProgress
        );
        assert_eq!(
            progress.status(StepKey::Telephony, &facts),
            StepStatus::Pending
        );
    }

    #[test]
    fn started_steps_are_in_progress_wherever_the_owner_is() {
        let facts = OnboardingFacts {
            telephony: Progress::Partial,
            ..no_facts()
        };
        let progress = OnboardingProgress {
            current_step: StepKey::Plan,
            ..OnboardingProgress::default()
        };
        assert_eq!(
            progress.status(StepKey::Telephony, &facts),
            StepStatus::InProgress
        );
    }

    #[test]
    fn profile_and_done_cannot_be_skipped() {
        let mut progress = OnboardingProgress::default();
        let changes = OnboardingChanges {
            skipped_steps: Some(vec![StepKey::Vapi, StepKey::Profile]),
            ..OnboardingChanges::default()
        };
        let errors = progress.apply(changes).unwrap_err();
        assert_eq!(
            errors.iter().next(),
            Some(("skipped_steps", Invalid::NotSkippable))
        );
        assert!(
            progress.skipped.is_empty(),
            "a refused change changes nothing"
        );
    }

    #[test]
    fn skip_flags_add_and_remove_after_the_set_is_replaced() {
        let mut progress = OnboardingProgress {
            skipped: [StepKey::Plan].into(),
            ..OnboardingProgress::default()
        };
        progress
            .apply(OnboardingChanges {
                current_step: Some(StepKey::Twilio),
                skipped_steps: Some(vec![StepKey::Vapi, StepKey::Integrations]),
                vapi_skipped: Some(false),
                twilio_skipped: Some(true),
            })
            .unwrap();
        assert_eq!(progress.current_step, StepKey::Twilio);
        assert_eq!(
            progress.skipped,
            [StepKey::Integrations, StepKey::Twilio].into()
        );
    }

    #[test]
    fn completing_twice_keeps_the_first_date() {
        let first: DateTime<Utc> = "2026-11-25T10:00:00Z".parse().unwrap();
        let mut progress = OnboardingProgress::default();
        progress.complete(first);
        progress.complete(first + chrono::Duration::hours(1));
        assert_eq!(progress.completed_at, Some(first));
        assert_eq!(progress.current_step, StepKey::Done);
        assert_eq!(
            progress.status(StepKey::Done, &no_facts()),
            StepStatus::Complete
        );
    }
}
