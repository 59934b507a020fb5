//! The Done step's summary: what each step holds, and a link back to it.

use ava_api_types::{
    Locale,
    onboarding::{StepKey, StepStatus},
    studio::{BusinessHours, Integrations},
};
use leptos::prelude::*;

use crate::{
    autosave::field::{ProfileField, StudioField},
    context::use_url_locale,
    i18n::{t, t_string, use_i18n},
    messages::{self, I18n, integration_name, status_class, status_name, step_name},
    routes::wizard_url,
    workspace::Workspace,
};

/// The Done step: every step, its status, what was entered, and a link back.
#[component]
pub fn Summary(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let locale = use_url_locale();
    let rows = move || {
        StepKey::ALL[..8]
            .iter()
            .map(|&key| {
                let status = ws.step_status(key);
                let skipped = status == StepStatus::Skipped
                    || ws.onboarding.with(|o| o.as_ref().is_some_and(|o| o.skipped_steps.contains(&key)))
                        && status != StepStatus::Complete;
                let detail = summary_of(ws, i18n, key);
                view! {
                    <li class=format!("summary-row {}", status_class(status)) data-step=key.as_str()>
                        <div class="summary-head">
                            <span class="summary-name">{step_name(i18n, key)}</span>
                            <span class=format!("badge {}", status_class(status))>
                                {if skipped { t_string!(i18n, done.skipped) } else { status_name(i18n, status) }}
                            </span>
                        </div>
                        <p class="summary-detail" dir="auto">{detail}</p>
                        <a class="summary-edit" href=wizard_url(locale.get(), key) data-testid=format!("summary-edit-{}", key.as_str())>
                            {t!(i18n, done.edit)}
                            <span class="visually-hidden">" — " {step_name(i18n, key)}</span>
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    let any_skipped = move || {
        ws.onboarding
            .with(|o| o.as_ref().is_some_and(|o| !o.skipped_steps.is_empty()))
    };
    view! {
        <section class="summary" aria-labelledby="summary-title">
            <h2 id="summary-title">{t!(i18n, done.summary_title)}</h2>
            <ul class="summary-list">{rows}</ul>
            <Show when=any_skipped>
                <p class="hint">{t!(i18n, done.skipped_note)}</p>
            </Show>
        </section>
    }
}

/// The parts, each isolated (FSI … PDI) so a number or a key keeps its own
/// direction in a right-to-left line (`+972…` stays `+972…`).
fn or_not_set(i18n: I18n, parts: Vec<String>) -> String {
    let parts: Vec<String> = parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("\u{2068}{p}\u{2069}"))
        .collect();
    if parts.is_empty() {
        t_string!(i18n, done.not_set).to_owned()
    } else {
        parts.join(" · ")
    }
}

fn summary_of(ws: Workspace, i18n: I18n, key: StepKey) -> String {
    let profile = ws.profile;
    let studio = ws.studio;
    match key {
        StepKey::Profile => or_not_set(
            i18n,
            vec![
                profile.text(ProfileField::FullName),
                profile.text(ProfileField::OrganizationName),
                profile.text(ProfileField::Timezone),
            ],
        ),
        StepKey::Vapi => match ws.vapi.get().filter(|v| v.configured) {
            Some(vapi) => or_not_set(
                i18n,
                vec![
                    t_string!(i18n, done.connected).to_owned(),
                    vapi.preview.unwrap_or_default(),
                ],
            ),
            None => t_string!(i18n, done.not_connected).to_owned(),
        },
        StepKey::Persona => {
            let languages: Vec<String> = studio
                .typed::<Vec<Locale>>(StudioField::Languages)
                .unwrap_or_default()
                .into_iter()
                .map(|l| messages::language_name(i18n, l).to_owned())
                .collect();
            or_not_set(
                i18n,
                vec![studio.text(StudioField::Persona), languages.join(", ")],
            )
        }
        StepKey::Twilio => match ws.twilio.get().filter(|t| t.configured) {
            Some(twilio) => or_not_set(
                i18n,
                vec![
                    t_string!(i18n, done.connected).to_owned(),
                    twilio.account_sid_preview.unwrap_or_default(),
                    twilio.phone_number.unwrap_or_default(),
                ],
            ),
            None => t_string!(i18n, done.not_connected).to_owned(),
        },
        StepKey::Telephony => {
            let open_days = studio
                .typed::<Option<BusinessHours>>(StudioField::BusinessHours)
                .flatten()
                .map(|h| h.days.values().filter(|r| !r.is_empty()).count());
            let days = open_days
                .map(|count| t_string!(i18n, done.open_days, count = count).to_string())
                .unwrap_or_default();
            or_not_set(i18n, vec![studio.text(StudioField::PhoneNumber), days])
        }
        StepKey::Integrations => {
            let chosen = studio
                .typed::<Integrations>(StudioField::Integrations)
                .unwrap_or_default();
            let mut names: Vec<String> = chosen
                .calendar
                .iter()
                .chain(chosen.crm.iter())
                .map(|c| integration_name(i18n, c))
                .collect();
            names.extend(chosen.workspace.iter().map(|c| integration_name(i18n, c)));
            or_not_set(i18n, vec![names.join(", ")])
        }
        StepKey::Assistant => match ws
            .assistants
            .get()
            .and_then(|list| list.into_iter().max_by_key(|a| a.created_at))
        {
            Some(assistant) => or_not_set(
                i18n,
                vec![
                    t_string!(i18n, done.created).to_owned(),
                    assistant.vapi_assistant_id,
                    assistant.phone_number.unwrap_or_default(),
                ],
            ),
            None => t_string!(i18n, done.not_created).to_owned(),
        },
        StepKey::Plan => match studio.text(StudioField::Plan).as_str() {
            "free" => t_string!(i18n, plan.free).to_owned(),
            "" => t_string!(i18n, done.not_set).to_owned(),
            other => other.to_owned(),
        },
        StepKey::Done => String::new(),
    }
}
