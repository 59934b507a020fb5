//! The Telephony step: the number Ava answers, and (from `hours`,
//! `closures`, `handoff`) when and how.

use ava_api_types::{onboarding::StepKey, providers::TwilioNumber};
use leptos::{prelude::*, task::spawn_local};

use super::{
    Loading, Warnings,
    closures::ClosuresEditor,
    fix_link,
    handoff::{HandoffFields, PublicUrlNotice},
    hours::BusinessHoursEditor,
    text,
};
use crate::{
    api,
    autosave::field::StudioField,
    i18n::{t, t_string, use_i18n},
    messages,
    ui::{SelectField, TextField, ltr_text},
    validate,
    workspace::Workspace,
};

#[derive(Clone, PartialEq)]
enum Numbers {
    Idle,
    Loading,
    Loaded(Vec<TwilioNumber>),
    Failed,
}

#[component]
pub fn TelephonyFields(ws: Workspace, in_wizard: bool) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let numbers = RwSignal::new(Numbers::Idle);
    Effect::new(move |_| {
        let connected = ws.twilio_connected();
        if connected && numbers.get_untracked() == Numbers::Idle {
            numbers.set(Numbers::Loading);
            spawn_local(async move {
                match api::twilio_numbers().await {
                    Ok(list) => numbers.set(Numbers::Loaded(list.numbers)),
                    Err(_) => numbers.set(Numbers::Failed),
                }
            });
        } else if !connected {
            numbers.set(Numbers::Idle);
        }
    });
    let phone = text(doc, StudioField::PhoneNumber);
    let phone_error = Signal::derive(move || {
        doc.error_text(i18n, StudioField::PhoneNumber).or_else(|| {
            let raw = doc.text(StudioField::PhoneNumber);
            validate::is_wrong_number(&raw)
                .then(|| t_string!(i18n, telephony.warn_phone_invalid).to_owned())
        })
    });
    let locale = move || messages::current(i18n);
    let number_options = Signal::derive(move || {
        let current = doc.text(StudioField::PhoneNumber);
        let mut options: Vec<(String, String)> = match numbers.get() {
            Numbers::Loaded(list) => list
                .into_iter()
                .map(|number| {
                    let shown = ltr_text(&number.phone_number);
                    let label = match &number.friendly_name {
                        Some(name) if !name.is_empty() && *name != number.phone_number => {
                            format!("{shown} — {name}")
                        }
                        _ => shown,
                    };
                    (number.phone_number, label)
                })
                .collect(),
            _ => Vec::new(),
        };
        if !current.is_empty() && !options.iter().any(|(value, _)| *value == current) {
            let shown = ltr_text(&current);
            options.push((current, shown));
        }
        options
    });
    let phone_picker = move || match numbers.get() {
        Numbers::Loaded(list) if !list.is_empty() => view! {
            <SelectField
                name="phone_number"
                label=move || t_string!(i18n, telephony.phone_number)
                placeholder=move || t_string!(i18n, telephony.choose_number)
                value=phone
                on_change=move |value| doc.set_text(StudioField::PhoneNumber, value)
                options=number_options
                error=phone_error
            />
        }
        .into_any(),
        state => {
            let note = match state {
                Numbers::Loading => Some(t_string!(i18n, telephony.numbers_loading)),
                Numbers::Loaded(_) => Some(t_string!(i18n, telephony.no_numbers)),
                Numbers::Failed => Some(t_string!(i18n, telephony.numbers_failed)),
                Numbers::Idle => None,
            };
            view! {
                {note.map(|note| view! { <p class="note" role="status">{note}</p> })}
                <TextField
                    name="phone_number"
                    kind="tel"
                    autocomplete="tel"
                    label=move || t_string!(i18n, telephony.phone_number)
                    hint=move || t_string!(i18n, telephony.number_hint)
                    value=phone
                    on_input=move |value| doc.set_text(StudioField::PhoneNumber, value)
                    error=phone_error
                />
                <Show when=move || !ws.twilio_connected()>
                    <p class="note">
                        {t!(i18n, telephony.connect_twilio_hint)} " "
                        <a href=move || fix_link(locale(), StepKey::Twilio, in_wizard)>
                            {t!(i18n, telephony.connect_twilio)}
                        </a>
                    </p>
                </Show>
            }
            .into_any()
        }
    };
    view! {
        <Show when=move || doc.is_loaded() fallback=|| view! { <Loading /> }>
            <div class="phone-picker">{phone_picker}</div>
            <PublicUrlNotice />
            <BusinessHoursEditor ws=ws />
            <ClosuresEditor ws=ws />
            <HandoffFields ws=ws />
            <Warnings list=Signal::derive(move || {
                if doc.text(StudioField::PhoneNumber).trim().is_empty() {
                    vec![t_string!(i18n, telephony.warn_no_phone)]
                } else {
                    Vec::new()
                }
            }) />
        </Show>
    }
}
