//! Continue: what it checks before leaving a step (a typed credential is
//! checked and saved, required profile fields, values that cannot be
//! saved), and what it leaves to say on the page.

use ava_api_types::{codes::field, onboarding::StepKey, problem::FieldError};
use leptos::prelude::*;

use crate::{
    browser,
    connect::Provider,
    context::{ContinueGuard, Verdict},
    validate,
    workspace::Workspace,
};

/// What Continue leaves to say: why it stayed on a step, or the connection
/// it made on the way (said on the next step). Each names its step.
#[derive(Clone, Copy)]
pub struct ContinueNotes {
    pub stuck: RwSignal<Option<(StepKey, Stuck)>>,
    pub connected_on: RwSignal<Option<(StepKey, Provider)>>,
}

impl ContinueNotes {
    pub fn new() -> Self {
        Self {
            stuck: RwSignal::new(None),
            connected_on: RwSignal::new(None),
        }
    }
}

/// The step Continue goes to from `from`, once nothing typed there would be
/// lost or shown as done when it is not; `None` to stay (`notes` say why).
pub async fn leave(
    ws: Workspace,
    guard: ContinueGuard,
    notes: ContinueNotes,
    from: StepKey,
) -> Option<StepKey> {
    let next = from.next().unwrap_or(StepKey::Done);
    notes.stuck.set(None);
    match guard.check().await {
        Verdict::Stay => return None,
        Verdict::Saved => notes
            .connected_on
            .set(provider_of(from).map(|provider| (next, provider))),
        Verdict::Go => {}
    }
    if from == StepKey::Profile && !profile_complete(ws) {
        notes.stuck.set(Some((from, Stuck::RequiredMissing)));
        return None;
    }
    let unsavable = untrack(|| ws.unsavable(from));
    if let Some(first) = unsavable.first() {
        browser::focus_selector(format!("[name=\"{first}\"], [name^=\"{first}.\"]"));
        notes.stuck.set(Some((from, Stuck::Unsavable(unsavable))));
        return None;
    }
    if from == StepKey::Profile && !ws.save_and_wait(ws.profile).await {
        notes.stuck.set(Some((from, Stuck::RequiredMissing)));
        if let Some(first) = ws
            .profile
            .errors
            .with_untracked(|e| e.first().map(|e| e.field.clone()))
        {
            browser::focus_selector(format!("#f-{first}"));
        }
        return None;
    }
    ws.unskip(from);
    Some(next)
}

/// Why Continue did not leave a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stuck {
    /// Required profile fields are empty (or the server refused them).
    RequiredMissing,
    /// These fields hold values that cannot be saved.
    Unsavable(Vec<String>),
}

/// The provider a step connects, if it is one of theirs.
fn provider_of(step: StepKey) -> Option<Provider> {
    match step {
        StepKey::Vapi => Some(Provider::Vapi),
        StepKey::Twilio => Some(Provider::Twilio),
        _ => None,
    }
}

/// Whether the required profile fields are filled in; if not, they are
/// marked and the first one gets the focus.
fn profile_complete(ws: Workspace) -> bool {
    let missing = ws
        .profile
        .draft
        .with_untracked(|draft| {
            draft
                .as_ref()
                .map(|d| validate::profile_missing(|key| d.get(key).clone()))
        })
        .unwrap_or_default();
    let Some(first) = missing.first() else {
        return true;
    };
    browser::focus_selector(format!("#f-{first}"));
    ws.profile.set_local_errors(
        missing
            .iter()
            .map(|name| FieldError {
                field: (*name).to_owned(),
                code: field::REQUIRED.to_owned(),
                detail: String::new(),
            })
            .collect(),
    );
    false
}
