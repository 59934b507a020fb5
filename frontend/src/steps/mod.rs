//! The wizard's steps, one module each, shared with Ava Studio: every
//! control reads and writes an autosaved [`Doc`]. The Vapi and Twilio
//! steps are in `connect`, the Done step in `wizard`.

pub mod assistant;
mod assistant_actions;
mod closures;
mod handoff;
mod hours;
pub mod integrations;
pub mod persona;
pub mod plan;
pub mod profile;
pub mod telephony;
mod zone_picker;

use ava_api_types::{Locale, onboarding::StepKey};
use leptos::prelude::*;

use crate::{
    autosave::{Doc, Resource},
    i18n::{t, use_i18n},
    messages::I18n,
    routes::wizard_url,
};

/// A text field's on-screen value, tracked.
fn text<R: Resource>(doc: Doc<R>, field: R::Field) -> Signal<String> {
    Signal::derive(move || doc.text(field))
}

/// A field's error text, tracked.
fn error<R: Resource>(doc: Doc<R>, i18n: I18n, field: R::Field) -> Signal<Option<String>> {
    Signal::derive(move || doc.error_text(i18n, field))
}

/// Where a "fix this" link goes: the wizard step, or the Settings page /
/// section of Ava Studio.
pub fn fix_link(locale: Locale, step: StepKey, in_wizard: bool) -> String {
    if in_wizard {
        return wizard_url(locale, step);
    }
    let loc = locale.as_str();
    match step {
        StepKey::Vapi => format!("/{loc}/settings/vapi"),
        StepKey::Twilio => format!("/{loc}/settings/twilio"),
        StepKey::Profile => wizard_url(locale, step),
        other => format!("/{loc}/ava-studio#{}", other.as_str()),
    }
}

#[component]
fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="page-loading" role="status">{t!(i18n, app.loading)}</p> }
}

/// Non-blocking advice: what is missing and why it matters.
#[component]
pub fn Warnings(#[prop(into)] list: Signal<Vec<&'static str>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || list.with(|list| !list.is_empty())>
            <div class="warnings">
                <p class="warnings-title">{t!(i18n, wizard.warnings_title)}</p>
                <ul>{move || list.get().into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
            </div>
        </Show>
    }
}
