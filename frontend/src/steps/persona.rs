//! The Persona step: who Ava is on the phone and in which languages.

use ava_api_types::{
    Locale,
    studio::{Tone, Voice},
};
use leptos::prelude::*;

use super::{Loading, Warnings, error, text};
use crate::{
    autosave::field::StudioField,
    browser,
    i18n::{t, t_string, use_i18n},
    messages::{language_name, tone_name},
    ui::{ErrorText, Notice, NoticeKind, RadioGroup, TextField},
    validate,
    workspace::Workspace,
};

#[component]
pub fn PersonaFields(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let languages = Memo::new(move |_| {
        doc.typed::<Vec<Locale>>(StudioField::Languages)
            .unwrap_or_default()
    });
    let voice = Memo::new(move |_| doc.typed::<Voice>(StudioField::Voice));
    // A new first language brings a voice that speaks it, unless the owner
    // picked the voice (`ava_rules::catalog`, as the server does).
    let set_languages = move |new: Vec<Locale>| {
        let fitting = voice.get_untracked().and_then(|voice| {
            languages.with_untracked(|old| validate::voice_for_languages(&voice, old, &new))
        });
        doc.set_typed(StudioField::Languages, &new);
        if let Some(fitting) = fitting {
            doc.set_typed(StudioField::Voice, &fitting);
        }
    };
    let tones = Signal::derive(move || {
        Tone::ALL
            .into_iter()
            .map(|tone| (tone.as_str().to_owned(), tone_name(i18n, tone).to_owned()))
            .collect::<Vec<_>>()
    });
    let warnings = move || {
        let mut list: Vec<&'static str> = Vec::new();
        if doc.text(StudioField::Persona).trim().is_empty() {
            list.push(t_string!(i18n, persona.warn_persona));
        }
        if doc.text(StudioField::JobToBeDone).trim().is_empty() {
            list.push(t_string!(i18n, persona.warn_job));
        }
        if languages.with(Vec::is_empty) {
            list.push(t_string!(i18n, persona.warn_languages));
        }
        if doc.text(StudioField::FirstMessage).trim().is_empty() {
            list.push(t_string!(i18n, persona.warn_first_message));
        }
        list
    };
    let voice_warning = move || {
        let first = languages.with(|list| list.first().copied())?;
        let voice = voice.get()?;
        (!validate::voice_speaks(&voice, first)).then(|| {
            t_string!(
                i18n,
                persona.warn_voice,
                voice = voice.voice_id,
                language = language_name(i18n, first)
            )
            .to_string()
        })
    };
    // One stable row per language (so focus and state survive edits); the
    // position in the owner's order is shown next to each chosen one.
    let language_rows = move || {
        Locale::ALL
        .into_iter()
        .map(|language| {
            let id = format!("f-languages-{}", language.as_str());
            let position = move || languages.with(|list| list.iter().position(|l| *l == language));
            let toggle = move |ev: leptos::ev::Event| {
                let mut list = languages.get_untracked();
                if event_target_checked(&ev) {
                    if !list.contains(&language) {
                        list.push(language);
                    }
                } else {
                    list.retain(|l| *l != language);
                }
                set_languages(list);
            };
            let make_default = move |_| {
                let mut list = languages.get_untracked();
                list.retain(|l| *l != language);
                list.insert(0, language);
                set_languages(list);
                browser::focus_selector(format!("#f-languages-{}", language.as_str()));
            };
            view! {
                <li class="language-row">
                    <input
                        type="checkbox"
                        id=id.clone()
                        name="languages"
                        value=language.as_str()
                        prop:checked=move || position().is_some()
                        on:change=toggle
                    />
                    <label for=id>{move || language_name(i18n, language)}</label>
                    {move || match position() {
                        Some(0) => view! { <span class="badge">"1 · " {t!(i18n, persona.default_badge)}</span> }.into_any(),
                        Some(index) => view! {
                            <span class="badge muted">{(index + 1).to_string()}</span>
                            <button type="button" class="link-button" on:click=make_default>
                                {move || {
                                    t_string!(i18n, persona.make_default, language = language_name(i18n, language))
                                        .to_string()
                                }}
                            </button>
                        }
                        .into_any(),
                        None => ().into_any(),
                    }}
                </li>
            }
        })
        .collect_view()
    };
    view! {
        <Show when=move || doc.is_loaded() fallback=|| view! { <Loading /> }>
            <TextField
                name="persona"
                dir_auto=true
                label=move || t_string!(i18n, persona.persona)
                hint=move || t_string!(i18n, persona.persona_hint)
                value=text(doc, StudioField::Persona)
                on_input=move |value| doc.set_text(StudioField::Persona, value)
                error=error(doc, i18n, StudioField::Persona)
            />
            <TextField
                name="job_to_be_done"
                rows=3
                dir_auto=true
                label=move || t_string!(i18n, persona.job_to_be_done)
                hint=move || t_string!(i18n, persona.job_hint)
                value=text(doc, StudioField::JobToBeDone)
                on_input=move |value| doc.set_text(StudioField::JobToBeDone, value)
                error=error(doc, i18n, StudioField::JobToBeDone)
            />
            <fieldset class="field languages" aria-describedby="f-languages-hint">
                <legend>{t!(i18n, persona.languages)}</legend>
                <p class="hint" id="f-languages-hint">{t!(i18n, persona.languages_hint)}</p>
                <ol class="language-list">{language_rows}</ol>
                <ErrorText id="f-languages".to_owned() error=error(doc, i18n, StudioField::Languages) />
                {move || voice_warning().map(|text| view! { <Notice kind=NoticeKind::Warning><p data-testid="voice-language-warning">{text}</p></Notice> })}
            </fieldset>
            <RadioGroup
                name="tone"
                cards=true
                legend=move || t_string!(i18n, persona.tone)
                value=text(doc, StudioField::Tone)
                on_change=move |value| doc.set_text(StudioField::Tone, value)
                options=tones
                error=error(doc, i18n, StudioField::Tone)
            />
            <TextField
                name="guidelines"
                rows=5
                dir_auto=true
                label=move || t_string!(i18n, persona.guidelines)
                hint=move || t_string!(i18n, persona.guidelines_hint)
                value=text(doc, StudioField::Guidelines)
                on_input=move |value| doc.set_text(StudioField::Guidelines, value)
                error=error(doc, i18n, StudioField::Guidelines)
            />
            <TextField
                name="first_message"
                rows=2
                dir_auto=true
                label=move || t_string!(i18n, persona.first_message)
                hint=move || t_string!(i18n, persona.first_message_hint)
                value=text(doc, StudioField::FirstMessage)
                on_input=move |value| doc.set_text(StudioField::FirstMessage, value)
                error=error(doc, i18n, StudioField::FirstMessage)
            />
            <Warnings list=Signal::derive(warnings) />
        </Show>
    }
}
