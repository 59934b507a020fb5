//! The onboarding progress (current step, skipped steps): changes are
//! queued and applied one at a time over the latest copy, so two quick
//! clicks or another tab never undo each other.

use std::collections::VecDeque;

use ava_api_types::{
    codes,
    onboarding::{Onboarding, OnboardingPatch, StepKey},
};
use leptos::{prelude::*, task::spawn_local};

use super::Workspace;
use crate::api::{self, ApiError};

/// A change to the onboarding progress, applied over the latest copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Step(StepKey),
    Skip(StepKey),
    Unskip(StepKey),
}

impl Workspace {
    /// Records the step the owner is on (navigation: not an edit).
    pub fn record_step(self, step: StepKey) {
        self.enqueue(Op::Step(step));
    }

    pub fn skip(self, step: StepKey) {
        self.enqueue(Op::Skip(step));
    }

    pub fn unskip(self, step: StepKey) {
        self.enqueue(Op::Unskip(step));
    }

    fn enqueue(self, op: Op) {
        self.queue.update_value(|queue| {
            if let Op::Step(_) = op {
                queue.retain(|queued| !matches!(queued, Op::Step(_)));
            }
            queue.push_back(op);
        });
        self.run_queue();
    }

    pub(super) fn run_queue(self) {
        if self.busy.try_get_untracked() != Some(false) {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            while let Some(op) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
                match self.apply(op).await {
                    Ok(()) => {}
                    Err(ApiError::Network) => {
                        // Try again when the browser is back online.
                        self.queue.update_value(|queue| queue.push_front(op));
                        break;
                    }
                    Err(_) => {}
                }
            }
            self.busy.set(false);
        });
    }

    async fn apply(self, op: Op) -> Result<(), ApiError> {
        let mut current = match self.onboarding.try_get_untracked().flatten() {
            Some(current) => current,
            None => api::onboarding().await?,
        };
        for _ in 0..3 {
            let Some(patch) = patch_for(&current, op) else {
                self.adopt_onboarding(current);
                return Ok(());
            };
            match api::patch_onboarding(&patch).await {
                Ok(onboarding) => {
                    self.adopt_onboarding(onboarding);
                    return Ok(());
                }
                Err(ApiError::Problem(problem)) if problem.code == codes::VERSION_CONFLICT => {
                    // Another tab moved: apply the same change over its copy.
                    current = match problem
                        .current
                        .and_then(|value| serde_json::from_value(value).ok())
                    {
                        Some(theirs) => theirs,
                        None => api::onboarding().await?,
                    };
                }
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }
}

/// The PATCH that applies `op` over `current`, if anything changes.
fn patch_for(current: &Onboarding, op: Op) -> Option<OnboardingPatch> {
    let mut patch = OnboardingPatch {
        version: Some(current.version),
        ..OnboardingPatch::default()
    };
    match op {
        Op::Step(step) => {
            if current.current_step == step {
                return None;
            }
            patch.current_step = Some(step);
        }
        Op::Skip(step) => {
            if matches!(step, StepKey::Profile | StepKey::Done) {
                return None;
            }
            let mut skipped = current.skipped_steps.clone();
            if !skipped.contains(&step) {
                skipped.push(step);
            }
            skipped.retain(|s| !matches!(s, StepKey::Profile | StepKey::Done));
            skipped.sort_unstable();
            let flag_unchanged = match step {
                StepKey::Vapi => current.vapi_skipped,
                StepKey::Twilio => current.twilio_skipped,
                _ => true,
            };
            if skipped == current.skipped_steps && flag_unchanged {
                return None;
            }
            patch.skipped_steps = Some(skipped);
            match step {
                StepKey::Vapi => patch.vapi_skipped = Some(true),
                StepKey::Twilio => patch.twilio_skipped = Some(true),
                _ => {}
            }
        }
        Op::Unskip(step) => {
            let flagged = match step {
                StepKey::Vapi => current.vapi_skipped,
                StepKey::Twilio => current.twilio_skipped,
                _ => false,
            };
            if !current.skipped_steps.contains(&step) && !flagged {
                return None;
            }
            let skipped: Vec<StepKey> = current
                .skipped_steps
                .iter()
                .copied()
                .filter(|s| *s != step)
                .collect();
            patch.skipped_steps = Some(skipped);
            match step {
                StepKey::Vapi => patch.vapi_skipped = Some(false),
                StepKey::Twilio => patch.twilio_skipped = Some(false),
                _ => {}
            }
        }
    }
    Some(patch)
}
