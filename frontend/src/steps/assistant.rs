//! The Assistant step: voice, model, what creating it needs (see
//! `assistant_actions` for creating and pushing it).

use ava_api_types::{
    Locale,
    onboarding::StepKey,
    studio::{Model, Voice},
};
use ava_rules::studio::PersonaInput;
use leptos::prelude::*;

use super::{Loading, assistant_actions::AssistantActions, error, fix_link};
use crate::{
    autosave::field::{ProfileField, StudioField},
    i18n::{t, t_string, use_i18n},
    messages::{self, I18n, language_name},
    ui::SelectField,
    validate,
    workspace::Workspace,
};

fn choice_value(provider: &str, id: &str) -> String {
    format!("{provider}/{id}")
}

/// Advice when the voice is not known to speak Ava's first language.
fn voice_language_warning(i18n: I18n, voice: &Voice, first: Locale) -> Option<String> {
    (!validate::voice_speaks(voice, first)).then(|| {
        t_string!(
            i18n,
            assistant.warn_voice_language,
            language = language_name(i18n, first)
        )
        .to_string()
    })
}

/// One line of "what creating the assistant needs".
struct Prerequisite {
    met: bool,
    met_text: &'static str,
    missing_text: &'static str,
    /// Where it is fixed.
    step: StepKey,
    /// Creating the assistant is impossible without it.
    blocking: bool,
}

#[component]
pub fn AssistantPanel(ws: Workspace, in_wizard: bool) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let locale = move || messages::current(i18n);
    let voice = Memo::new(move |_| doc.typed::<Voice>(StudioField::Voice));
    let model = Memo::new(move |_| doc.typed::<Model>(StudioField::Model));
    let voices = Signal::derive(move || {
        ws.catalog
            .with(|c| c.as_ref().map(|c| c.voices.clone()).unwrap_or_default())
            .into_iter()
            .map(|voice| {
                let langs: Vec<&str> = voice
                    .languages
                    .iter()
                    .map(|l| language_name(i18n, *l))
                    .collect();
                let name = format!("{} · {}", voice.voice_id, voice.provider);
                let label = t_string!(
                    i18n,
                    assistant.voice_languages,
                    voice = name,
                    languages = langs.join(", ")
                )
                .to_string();
                (choice_value(&voice.provider, &voice.voice_id), label)
            })
            .collect::<Vec<_>>()
    });
    let models = Signal::derive(move || {
        ws.catalog
            .with(|c| c.as_ref().map(|c| c.models.clone()).unwrap_or_default())
            .into_iter()
            .map(|model| {
                (
                    choice_value(&model.provider, &model.model),
                    format!("{} · {}", model.model, model.provider),
                )
            })
            .collect::<Vec<_>>()
    });
    // The language Ava greets in: the first chosen, else the owner's (as the server builds it).
    let voice_warning = move || {
        let first = doc
            .typed::<Vec<Locale>>(StudioField::Languages)
            .and_then(|l| l.first().copied())
            .or_else(|| Locale::parse(&ws.profile.text(ProfileField::Locale)))?;
        voice.with(|voice| voice_language_warning(i18n, voice.as_ref()?, first))
    };
    let persona_complete = move || {
        let persona = doc.text(StudioField::Persona);
        let job_to_be_done = doc.text(StudioField::JobToBeDone);
        PersonaInput {
            persona: Some(&persona),
            job_to_be_done: Some(&job_to_be_done),
            languages: doc
                .typed::<Vec<Locale>>(StudioField::Languages)
                .map_or(0, |languages| languages.len()),
            ..PersonaInput::default()
        }
        .is_complete()
    };
    let has_phone = move || !doc.text(StudioField::PhoneNumber).trim().is_empty();
    let prerequisites = move || {
        let rows = [
            Prerequisite {
                met: ws.vapi_connected(),
                met_text: t_string!(i18n, assistant.prereq_vapi_ok),
                missing_text: t_string!(i18n, assistant.prereq_vapi_missing),
                step: StepKey::Vapi,
                blocking: true,
            },
            Prerequisite {
                met: persona_complete(),
                met_text: t_string!(i18n, assistant.prereq_persona_ok),
                missing_text: t_string!(i18n, assistant.prereq_persona_missing),
                step: StepKey::Persona,
                blocking: false,
            },
            Prerequisite {
                met: has_phone(),
                met_text: t_string!(i18n, assistant.prereq_phone_ok),
                missing_text: t_string!(i18n, assistant.prereq_phone_missing),
                step: StepKey::Telephony,
                blocking: false,
            },
            Prerequisite {
                met: ws.twilio_connected(),
                met_text: t_string!(i18n, assistant.prereq_twilio_ok),
                missing_text: t_string!(i18n, assistant.prereq_twilio_missing),
                step: StepKey::Twilio,
                blocking: false,
            },
        ];
        rows.into_iter()
            .map(|row| {
                let class = if row.met {
                    "ok"
                } else if row.blocking {
                    "blocking"
                } else {
                    "warn"
                };
                let icon = if row.met { "✓" } else { "!" };
                view! {
                    <li class=class>
                        <span class="prereq-icon" aria-hidden="true">{icon}</span>
                        <span>{if row.met { row.met_text } else { row.missing_text }}</span>
                        {(!row.met)
                            .then(|| {
                                view! {
                                    <a class="fix" href=fix_link(locale(), row.step, in_wizard)>
                                        {t!(i18n, assistant.fix)}
                                    </a>
                                }
                            })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || doc.is_loaded() fallback=|| view! { <Loading /> }>
            <div class="two-columns">
                <SelectField
                    name="voice"
                    label=move || t_string!(i18n, assistant.voice)
                    value=Signal::derive(move || voice.get().map(|v| choice_value(&v.provider, &v.voice_id)).unwrap_or_default())
                    on_change=move |value: String| {
                        if let Some((provider, voice_id)) = value.split_once('/') {
                            doc.set_typed(StudioField::Voice, &Voice { provider: provider.to_owned(), voice_id: voice_id.to_owned() });
                        }
                    }
                    options=voices
                    hint=move || voice_warning().unwrap_or_default()
                    error=error(doc, i18n, StudioField::Voice)
                />
                <SelectField
                    name="model"
                    label=move || t_string!(i18n, assistant.model)
                    value=Signal::derive(move || model.get().map(|m| choice_value(&m.provider, &m.model)).unwrap_or_default())
                    on_change=move |value: String| {
                        if let Some((provider, model)) = value.split_once('/') {
                            doc.set_typed(StudioField::Model, &Model { provider: provider.to_owned(), model: model.to_owned() });
                        }
                    }
                    options=models
                    error=error(doc, i18n, StudioField::Model)
                />
            </div>
            <section class="prerequisites" aria-labelledby="prereq-title">
                <h2 id="prereq-title">
                    {move || {
                        if ws.assistants.with(|a| a.as_ref().is_some_and(|a| !a.is_empty())) {
                            t_string!(i18n, assistant.checklist)
                        } else {
                            t_string!(i18n, assistant.prereq_title)
                        }
                    }}
                </h2>
                <ul class="prereq-list">{prerequisites}</ul>
            </section>
            <AssistantActions ws=ws in_wizard=in_wizard />
        </Show>
    }
}
