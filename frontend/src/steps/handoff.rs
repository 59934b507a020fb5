//! A person when needed: the hand-off number Ava transfers callers to, and
//! what happens to calls when the business is closed (Ava takes a message,
//! or the call goes to a number). Autosaved with the studio configuration;
//! a value the server would refuse stays on screen with a warning.

use ava_api_types::studio::{AfterHours, AfterHoursMode};
use leptos::prelude::*;

use crate::{
    autosave::field::StudioField,
    context::use_meta_flag,
    i18n::{t, t_string, use_i18n},
    messages::{I18n, field_error_text},
    ui::{Notice, NoticeKind, RadioGroup, TextField},
    validate,
    workspace::Workspace,
};

fn mode_name(i18n: I18n, mode: AfterHoursMode) -> &'static str {
    match mode {
        AfterHoursMode::TakeMessage => t_string!(i18n, handoff.take_message),
        AfterHoursMode::Forward => t_string!(i18n, handoff.forward),
    }
}

/// Said plainly where hours are edited: without `AVA_PUBLIC_URL` Vapi never
/// asks Ava about a call, so hours and closures only guide the assistant.
#[component]
pub fn PublicUrlNotice() -> impl IntoView {
    let i18n = use_i18n();
    let advisory = use_meta_flag(|meta| !meta.public_url_set);
    view! {
        <Show when=move || advisory.get()>
            <div data-testid="public-url-notice">
                <Notice kind=NoticeKind::Info><p>{t!(i18n, handoff.advisory)}</p></Notice>
            </div>
        </Show>
    }
}

#[component]
pub fn HandoffFields(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let after_hours = Memo::new(move |_| {
        doc.typed::<AfterHours>(StudioField::AfterHours)
            .unwrap_or_default()
    });
    let forwarding = Memo::new(move |_| after_hours.with(|a| a.mode == AfterHoursMode::Forward));
    let modes = Signal::derive(move || {
        AfterHoursMode::ALL
            .into_iter()
            .map(|mode| (mode.as_str().to_owned(), mode_name(i18n, mode).to_owned()))
            .collect::<Vec<_>>()
    });
    let set_mode = move |value: String| {
        let Some(mode) = AfterHoursMode::ALL
            .into_iter()
            .find(|m| m.as_str() == value)
        else {
            return;
        };
        let mut current = after_hours.get_untracked();
        current.mode = mode;
        // A half-typed forward number is not kept once forwarding is off.
        if current
            .forward_to
            .as_deref()
            .is_some_and(validate::is_wrong_number)
        {
            current.forward_to = None;
        }
        doc.set_typed(StudioField::AfterHours, &current);
    };
    let set_forward_to = move |text: String| {
        let mut current = after_hours.get_untracked();
        current.forward_to = Some(text);
        doc.set_typed(StudioField::AfterHours, &current);
    };
    // Errors the server gave exactly this field (not a part of it).
    let exact_error = move |field: &'static str| {
        doc.errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| field_error_text(i18n, e))
        })
    };
    let handoff_error = Signal::derive(move || {
        doc.error_text(i18n, StudioField::HandoffNumber)
            .or_else(|| {
                validate::is_wrong_number(&doc.text(StudioField::HandoffNumber))
                    .then(|| t_string!(i18n, telephony.warn_phone_invalid).to_owned())
            })
    });
    let mode_error = Signal::derive(move || {
        exact_error("after_hours").or_else(|| exact_error("after_hours.mode"))
    });
    let forward_error = Signal::derive(move || {
        exact_error("after_hours.forward_to").or_else(|| {
            after_hours
                .with(validate::forward_number_missing)
                .then(|| t_string!(i18n, handoff.warn_forward_missing).to_owned())
        })
    });
    view! {
        <section class="handoff" aria-labelledby="handoff-title">
            <h2 id="handoff-title">{t!(i18n, handoff.title)}</h2>
            <TextField
                name="handoff_number"
                kind="tel"
                autocomplete="tel"
                label=move || t_string!(i18n, handoff.number)
                hint=move || t_string!(i18n, handoff.number_hint)
                value=Signal::derive(move || doc.text(StudioField::HandoffNumber))
                on_input=move |text| doc.set_text(StudioField::HandoffNumber, text)
                error=handoff_error
            />
            <RadioGroup
                name="after_hours.mode"
                testid="after-hours-mode"
                legend=move || t_string!(i18n, handoff.after_hours)
                value=Signal::derive(move || after_hours.with(|a| a.mode.as_str().to_owned()))
                on_change=set_mode
                options=modes
                error=mode_error
            />
            <Show when=move || forwarding.get()>
                <TextField
                    name="after_hours.forward_to"
                    kind="tel"
                    autocomplete="tel"
                    label=move || t_string!(i18n, handoff.forward_to)
                    hint=move || t_string!(i18n, handoff.forward_hint)
                    value=Signal::derive(move || after_hours.with(|a| a.forward_to.clone().unwrap_or_default()))
                    on_input=set_forward_to
                    error=forward_error
                />
            </Show>
        </section>
    }
}
