//! The save status line shown above a step or a Studio section, and the
//! chooser offered when another tab saved first.

use leptos::prelude::*;

use ava_api_types::onboarding::StepKey;

use super::{SaveState, Status, draft::Draft, field::step_of};
use crate::{
    browser,
    i18n::{t, t_string, use_i18n},
    messages,
};

/// The save status line, for one or more docs (the worst state wins), with
/// the conflict chooser when another tab saved first.
#[component]
pub fn AutosaveStatus(
    /// The resources edited where the line is shown.
    #[prop(into)]
    docs: Signal<Vec<SaveState>>,
    #[prop(into)] resave: Callback<()>,
    /// In the wizard, the step shown: only its own fields count as brought back.
    #[prop(into, optional)]
    step: MaybeProp<StepKey>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status =
        Memo::new(move |_| docs.with(|docs| docs.iter().filter_map(|doc| doc.status()).min()));
    let saved_at = move || {
        docs.with(|docs| {
            docs.iter()
                .filter_map(|doc| doc.saved_at.get())
                .fold(None, |a: Option<f64>, b| Some(a.map_or(b, |a| a.max(b))))
        })
    };
    let text = move || {
        let locale = messages::current(i18n);
        match status.get() {
            None => String::new(),
            Some(Status::Conflict) => t_string!(i18n, autosave.conflict).to_string(),
            Some(Status::Offline) => t_string!(i18n, autosave.offline).to_string(),
            Some(Status::Retrying) => t_string!(i18n, autosave.retrying).to_string(),
            Some(Status::Rejected) => t_string!(i18n, autosave.rejected).to_string(),
            Some(Status::Saving) => t_string!(i18n, autosave.saving).to_string(),
            Some(Status::Unsaved) => t_string!(i18n, autosave.unsaved).to_string(),
            Some(Status::Saved) => match saved_at() {
                Some(ms) => {
                    let time = browser::format_time(ms, locale.as_str());
                    t_string!(i18n, autosave.saved_at, time = time).to_string()
                }
                None => t_string!(i18n, autosave.saved).to_string(),
            },
        }
    };
    let state = move || match status.get() {
        Some(Status::Conflict) => "conflict",
        Some(Status::Offline) => "offline",
        Some(Status::Retrying | Status::Rejected) => "warning",
        Some(Status::Saving) => "saving",
        Some(Status::Unsaved) => "unsaved",
        Some(Status::Saved) => "saved",
        None => "idle",
    };
    let conflicted = move || {
        docs.with(|docs| {
            docs.iter().copied().find(|doc| {
                doc.draft
                    .with(|d| d.as_ref().is_some_and(|d| d.conflict.is_some()))
            })
        })
    };
    let restored = move || {
        let step = step.get();
        docs.with(|docs| {
            docs.iter().any(|doc| {
                doc.restored.with(|fields| {
                    fields
                        .iter()
                        .any(|key| step.is_none() || step_of(key) == step)
                })
            })
        })
    };
    view! {
        <div class="autosave">
            <p class="autosave-status" data-testid="autosave-status" data-state=state role="status" aria-live="polite">
                <span class="autosave-dot" aria-hidden="true"></span>
                {text}
            </p>
            <Show when=restored>
                <p class="autosave-restored">{t!(i18n, autosave.restored)}</p>
            </Show>
            {move || {
                conflicted()
                    .map(|doc| {
                        let fields = move || {
                            let keys = doc.draft.with(|d| d.as_ref().map(Draft::conflicting_fields).unwrap_or_default());
                            if keys.is_empty() {
                                return t_string!(i18n, autosave.conflict_none).to_string();
                            }
                            let labels: Vec<String> = keys.iter().map(|key| messages::field_label(i18n, key)).collect();
                            t_string!(i18n, autosave.conflict_body, fields = labels.join(", ")).to_string()
                        };
                        view! {
                            <div class="conflict" role="alert">
                                <p class="conflict-title">{t!(i18n, autosave.conflict_title)}</p>
                                <p>{fields}</p>
                                <div class="actions">
                                    <button
                                        type="button"
                                        class="button primary"
                                        data-testid="conflict-keep-mine"
                                        on:click=move |_| doc.keep_mine(move || resave.run(()))
                                    >
                                        {t!(i18n, autosave.keep_mine)}
                                    </button>
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="conflict-take-theirs"
                                        on:click=move |_| doc.take_theirs()
                                    >
                                        {t!(i18n, autosave.take_theirs)}
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
