//! The buttons under a step: Back, Skip, and Continue (Launch on Done).

use ava_api_types::onboarding::StepKey;
use leptos::prelude::*;

use super::launch::launch_label;
use crate::{
    i18n::{t, t_string, use_i18n},
    line::Line,
    ui::Spinner,
    validate,
};

#[component]
pub fn StepNav(
    current: StepKey,
    busy: Signal<bool>,
    line: Line,
    on_back: impl Fn(StepKey) + Clone + Send + Sync + 'static,
    on_continue: impl Fn(StepKey) + Clone + Send + Sync + 'static,
    on_skip: impl Fn(StepKey) + Clone + Send + Sync + 'static,
    on_launch: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = current.as_str();
    let back = (current != StepKey::Profile).then(|| {
            view! {
                <button type="button" class="button ghost" data-testid=format!("step-{key}-back") on:click=move |_| on_back(current)>
                    <span class="chevron back" aria-hidden="true">"‹"</span>
                    " "
                    {t!(i18n, wizard.back)}
                </button>
            }
        });
    let skip = validate::is_skippable(current).then(|| {
            view! {
                <button type="button" class="button ghost" data-testid=format!("step-{key}-skip") on:click=move |_| on_skip(current)>
                    {t!(i18n, wizard.skip)}
                </button>
            }
        });
    let forward = if current == StepKey::Done {
        view! {
                <button type="button" class="button primary launch" data-testid="launch-ava" disabled=move || busy.get() on:click=move |_| on_launch()>
                    <Show when=move || busy.get()><Spinner /></Show>
                    {move || if busy.get() { t_string!(i18n, done.launching) } else { launch_label(i18n, line) }}
                </button>
            }
            .into_any()
    } else {
        view! {
                <button type="button" class="button primary" data-testid=format!("step-{key}-continue") disabled=move || busy.get() on:click=move |_| on_continue(current)>
                    <Show when=move || busy.get()><Spinner /></Show>
                    {t!(i18n, wizard.next_step)}
                    " "
                    <span class="chevron" aria-hidden="true">"›"</span>
                </button>
            }
            .into_any()
    };
    view! {
        <div class="step-nav">
            <div class="step-nav-start">{back}</div>
            <div class="step-nav-end">{skip} {forward}</div>
        </div>
    }
}
