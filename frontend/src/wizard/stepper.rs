//! The stepper: every step with its status, keyboard-navigable.

use ava_api_types::{
    Locale,
    onboarding::{StepKey, StepStatus},
};
use leptos::prelude::*;

use crate::{
    browser,
    i18n::{t_string, use_i18n},
    messages::{self, status_class, status_name, step_name},
    routes::stepper_move,
    workspace::Workspace,
};

/// The clickable list of steps with their status. Arrow keys move focus
/// between items (flipped in right-to-left pages), Enter or Space opens one.
#[component]
pub fn Stepper(
    ws: Workspace,
    step: Memo<Option<StepKey>>,
    on_select: impl Fn(StepKey) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let status_of = move |key: StepKey| ws.step_status(key);
    let items = StepKey::ALL
        .into_iter()
        .enumerate()
        .map(|(index, key)| {
            let on_select = on_select.clone();
            let active = move || step.get() == Some(key);
            let keydown = move |ev: leptos::ev::KeyboardEvent| {
                let rtl = messages::current(i18n) == Locale::He;
                if let Some(target) = stepper_move(index, StepKey::ALL.len(), &ev.key(), rtl) {
                    ev.prevent_default();
                    if let Some(target) = StepKey::ALL.get(target) {
                        browser::focus_now(&format!("[data-testid=\"stepper-{}\"]", target.as_str()));
                    }
                }
            };
            view! {
                <li class=move || format!("stepper-item {}", status_class(status_of(key)))>
                    <button
                        type="button"
                        data-testid=format!("stepper-{}", key.as_str())
                        data-status=move || status_class(status_of(key))
                        aria-current=move || active().then_some("step")
                        tabindex=move || if active() { "0" } else { "-1" }
                        on:click=move |_| on_select(key)
                        on:keydown=keydown
                    >
                        <span class="stepper-marker" aria-hidden="true">
                            {move || match status_of(key) {
                                StepStatus::Complete => "✓".to_owned(),
                                StepStatus::Skipped => "–".to_owned(),
                                _ => (index + 1).to_string(),
                            }}
                        </span>
                        <span class="stepper-text">
                            <span class="stepper-name">{move || step_name(i18n, key)}</span>
                            <span class="stepper-status">{move || status_name(i18n, status_of(key))}</span>
                        </span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="stepper" aria-label=move || t_string!(i18n, wizard.stepper_label)>
            <ol>{items}</ol>
        </nav>
    }
}
