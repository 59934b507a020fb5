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
    ui::Ltr,
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
                        <p class="summary-detail">{detail}</p>
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

/// A piece of a summary line.
enum Part {
    /// Words: their direction is their own (a French name in a Hebrew page).
    Words(String),
    /// A number, key, SID or zone: always left to right.
    Value(String),
}

impl Part {
    fn is_blank(&self) -> bool {
        match self {
            Part::Words(text) | Part::Value(text) => text.trim().is_empty(),
        }
    }
}

/// The parts, each isolated so a number or a key keeps its own direction
/// while the line reads in the page's (the first part at its start); "not
/// set" when all are empty.
fn line(i18n: I18n, parts: Vec<Part>) -> AnyView {
    let parts: Vec<Part> = parts.into_iter().filter(|p| !p.is_blank()).collect();
    if parts.is_empty() {
        return words(t_string!(i18n, done.not_set));
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(index, part)| {
            let part = match part {
                Part::Words(text) => view! { <bdi class="summary-part">{text}</bdi> }.into_any(),
                Part::Value(text) => {
                    view! { <span class="summary-part"><Ltr>{text}</Ltr></span> }.into_any()
                }
            };
            view! { {(index > 0).then_some(" · ")} {part} }
        })
        .collect_view()
        .into_any()
}

fn words(text: &str) -> AnyView {
    text.to_owned().into_any()
}

fn summary_of(ws: Workspace, i18n: I18n, key: StepKey) -> AnyView {
    let profile = ws.profile;
    let studio = ws.studio;
    match key {
        StepKey::Profile => line(
            i18n,
            vec![
                Part::Words(profile.text(ProfileField::FullName)),
                Part::Words(profile.text(ProfileField::OrganizationName)),
                Part::Value(profile.text(ProfileField::Timezone)),
            ],
        ),
        StepKey::Vapi => match ws.vapi.get().filter(|v| v.configured) {
            Some(vapi) => line(
                i18n,
                vec![
                    Part::Words(t_string!(i18n, done.connected).to_owned()),
                    Part::Value(vapi.preview.unwrap_or_default()),
                ],
            ),
            None => words(t_string!(i18n, done.not_connected)),
        },
        StepKey::Persona => {
            let languages: Vec<String> = studio
                .typed::<Vec<Locale>>(StudioField::Languages)
                .unwrap_or_default()
                .into_iter()
                .map(|l| messages::language_name(i18n, l).to_owned())
                .collect();
            line(
                i18n,
                vec![
                    Part::Words(studio.text(StudioField::Persona)),
                    Part::Words(languages.join(", ")),
                ],
            )
        }
        StepKey::Twilio => match ws.twilio.get().filter(|t| t.configured) {
            Some(twilio) => line(
                i18n,
                vec![
                    Part::Words(t_string!(i18n, done.connected).to_owned()),
                    Part::Value(twilio.account_sid_preview.unwrap_or_default()),
                    Part::Value(twilio.phone_number.unwrap_or_default()),
                ],
            ),
            None => words(t_string!(i18n, done.not_connected)),
        },
        StepKey::Telephony => {
            let open_days = studio
                .typed::<Option<BusinessHours>>(StudioField::BusinessHours)
                .flatten()
                .map(|h| h.days.values().filter(|r| !r.is_empty()).count());
            let days = open_days
                .map(|count| t_string!(i18n, done.open_days, count = count).to_string())
                .unwrap_or_default();
            line(
                i18n,
                vec![
                    Part::Value(studio.text(StudioField::PhoneNumber)),
                    Part::Words(days),
                ],
            )
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
            line(i18n, vec![Part::Words(names.join(", "))])
        }
        StepKey::Assistant => match ws
            .assistants
            .get()
            .and_then(|list| list.into_iter().max_by_key(|a| a.created_at))
        {
            Some(assistant) => line(
                i18n,
                vec![
                    Part::Words(t_string!(i18n, done.created).to_owned()),
                    Part::Value(assistant.vapi_assistant_id),
                    Part::Value(assistant.phone_number.unwrap_or_default()),
                ],
            ),
            None => words(t_string!(i18n, done.not_created)),
        },
        StepKey::Plan => match studio.text(StudioField::Plan).as_str() {
            "free" => words(t_string!(i18n, plan.free)),
            "" => words(t_string!(i18n, done.not_set)),
            other => words(other),
        },
        StepKey::Done => ().into_any(),
    }
}
