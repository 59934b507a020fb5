//! The editable parts of the wizard steps, shared with Ava Studio: every
//! control reads and writes an autosaved [`Doc`].

use ava_api_types::{
    Locale,
    catalog::Catalog,
    onboarding::StepKey,
    providers::TwilioNumber,
    studio::{BusinessHours, Integrations, Model, Tone, Voice, Weekday},
};
use leptos::{html, prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    hooks::{use_location, use_navigate},
};

use crate::{
    api::{self, ApiError},
    autosave::Doc,
    browser,
    closures::ClosuresEditor,
    handoff::{HandoffFields, PublicUrlNotice},
    i18n::{t, t_string, use_i18n},
    line::use_line,
    messages::{self, I18n, integration_name, language_name, tone_name},
    routes::{swap_locale, wizard_url},
    ui::{CheckboxField, ErrorText, Notice, RadioGroup, SelectField, TextField},
    validate::{self, DayProblem},
    workspace::Workspace,
};

fn text(doc: Doc, key: &'static str) -> Signal<String> {
    Signal::derive(move || doc.text(key))
}

fn error(doc: Doc, i18n: I18n, key: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || doc.error_text(i18n, key))
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
fn TimezoneList(id: &'static str, catalog: RwSignal<Option<Catalog>>) -> impl IntoView {
    view! {
        <datalist id=id>
            {move || {
                catalog
                    .with(|catalog| catalog.as_ref().map(|catalog| catalog.timezones.clone()).unwrap_or_default())
                    .into_iter()
                    .map(|zone| view! { <option value=zone></option> })
                    .collect_view()
            }}
        </datalist>
    }
}

#[component]
fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="page-loading" role="status">{t!(i18n, app.loading)}</p> }
}

// ---- profile --------------------------------------------------------------

#[component]
pub fn ProfileFields(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let location = use_location();
    // The owner's language is the interface's too.
    let switch_locale = Callback::new(move |value: String| {
        ws.profile.set_text("locale", value.clone());
        if let Some(locale) = Locale::parse(&value) {
            let target = swap_locale(
                &location.pathname.get_untracked(),
                &location.search.get_untracked(),
                locale,
            );
            navigate(&target, NavigateOptions::default());
        }
    });
    let doc = ws.profile;
    let industries = Signal::derive(move || {
        ws.catalog
            .with(|catalog| {
                catalog
                    .as_ref()
                    .map(|c| c.industries.clone())
                    .unwrap_or_default()
            })
            .into_iter()
            .map(|code| {
                let name = messages::industry_name(i18n, &code);
                (code, name)
            })
            .collect::<Vec<_>>()
    });
    let locales = Signal::derive(move || {
        Locale::ALL
            .into_iter()
            .map(|locale| {
                (
                    locale.as_str().to_owned(),
                    messages::endonym(i18n, locale).to_owned(),
                )
            })
            .collect::<Vec<_>>()
    });
    let accepted_on = move || {
        doc.terms_accepted_at.get().and_then(|at| {
            let ms = js_sys::Date::parse(&at);
            (!ms.is_nan()).then(|| {
                let date = browser::format_date_time(ms, messages::current(i18n).as_str());
                t_string!(i18n, profile.terms_accepted_on, date = date).to_string()
            })
        })
    };
    let already_accepted = Signal::derive(move || doc.terms_accepted_at.with(Option::is_some));
    let email = move || ws.user.with_value(|user| user.email.clone());
    view! {
        <Show when=move || doc.is_loaded() fallback=|| view! { <Loading /> }>
            <div class="field readonly">
                <span class="label">{t!(i18n, profile.email)}</span>
                <span class="value" dir="ltr">{email}</span>
            </div>
            <TextField
                name="full_name"
                autocomplete="name"
                required=true
                dir_auto=true
                label=move || t_string!(i18n, profile.full_name)
                value=text(doc, "full_name")
                on_input=move |value| doc.set_text("full_name", value)
                error=error(doc, i18n, "full_name")
            />
            <TextField
                name="organization_name"
                autocomplete="organization"
                required=true
                dir_auto=true
                label=move || t_string!(i18n, profile.organization_name)
                value=text(doc, "organization_name")
                on_input=move |value| doc.set_text("organization_name", value)
                error=error(doc, i18n, "organization_name")
            />
            <SelectField
                name="industry"
                label=move || t_string!(i18n, profile.industry)
                placeholder=move || t_string!(i18n, profile.choose)
                value=text(doc, "industry")
                on_change=move |value| doc.set_text("industry", value)
                options=industries
                error=error(doc, i18n, "industry")
            />
            <TextField
                name="timezone"
                kind="search"
                autocomplete="off"
                required=true
                list="tz-profile".to_owned()
                label=move || t_string!(i18n, profile.timezone)
                hint=move || t_string!(i18n, profile.timezone_hint)
                value=text(doc, "timezone")
                on_input=move |value| doc.set_text("timezone", value)
                error=Signal::derive(move || {
                    doc.error_text(i18n, "timezone").or_else(|| {
                        let zone = doc.text("timezone");
                        let known = ws
                            .catalog
                            .with(|c| c.as_ref().is_none_or(|c| c.timezones.is_empty() || c.timezones.contains(&zone)));
                        (!zone.trim().is_empty() && !known)
                            .then(|| t_string!(i18n, field_errors.invalid_timezone).to_owned())
                    })
                })
            />
            <TimezoneList id="tz-profile" catalog=ws.catalog />
            <SelectField
                name="locale"
                label=move || t_string!(i18n, profile.locale)
                value=text(doc, "locale")
                on_change=switch_locale
                options=locales
                error=error(doc, i18n, "locale")
            />
            <CheckboxField
                name="marketing_opt_in"
                label=move || t_string!(i18n, profile.marketing_opt_in)
                checked=Signal::derive(move || doc.flag("marketing_opt_in"))
                on_change=move |on: bool| doc.set("marketing_opt_in", on.into())
            />
            <CheckboxField
                name="accept_terms"
                required=true
                label=move || t_string!(i18n, profile.accept_terms)
                hint=move || accepted_on().unwrap_or_default()
                checked=Signal::derive(move || doc.flag("accept_terms"))
                disabled=already_accepted
                on_change=move |on: bool| doc.set("accept_terms", on.into())
                error=error(doc, i18n, "accept_terms")
            />
        </Show>
    }
}

// ---- persona --------------------------------------------------------------

#[component]
pub fn PersonaFields(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let languages = Memo::new(move |_| doc.typed::<Vec<Locale>>("languages").unwrap_or_default());
    let set_languages = move |languages: Vec<Locale>| doc.set_typed("languages", &languages);
    let tones = Signal::derive(move || {
        Tone::ALL
            .into_iter()
            .map(|tone| (tone.as_str().to_owned(), tone_name(i18n, tone).to_owned()))
            .collect::<Vec<_>>()
    });
    let warnings = move || {
        let mut list: Vec<&'static str> = Vec::new();
        if doc.text("persona").trim().is_empty() {
            list.push(t_string!(i18n, persona.warn_persona));
        }
        if doc.text("job_to_be_done").trim().is_empty() {
            list.push(t_string!(i18n, persona.warn_job));
        }
        if languages.with(Vec::is_empty) {
            list.push(t_string!(i18n, persona.warn_languages));
        }
        if doc.text("first_message").trim().is_empty() {
            list.push(t_string!(i18n, persona.warn_first_message));
        }
        list
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
                value=text(doc, "persona")
                on_input=move |value| doc.set_text("persona", value)
                error=error(doc, i18n, "persona")
            />
            <TextField
                name="job_to_be_done"
                rows=3
                dir_auto=true
                label=move || t_string!(i18n, persona.job_to_be_done)
                hint=move || t_string!(i18n, persona.job_hint)
                value=text(doc, "job_to_be_done")
                on_input=move |value| doc.set_text("job_to_be_done", value)
                error=error(doc, i18n, "job_to_be_done")
            />
            <fieldset class="field languages" aria-describedby="f-languages-hint">
                <legend>{t!(i18n, persona.languages)}</legend>
                <p class="hint" id="f-languages-hint">{t!(i18n, persona.languages_hint)}</p>
                <ol class="language-list">{language_rows}</ol>
                <ErrorText id="f-languages".to_owned() error=error(doc, i18n, "languages") />
            </fieldset>
            <RadioGroup
                name="tone"
                cards=true
                legend=move || t_string!(i18n, persona.tone)
                value=text(doc, "tone")
                on_change=move |value| doc.set_text("tone", value)
                options=tones
                error=error(doc, i18n, "tone")
            />
            <TextField
                name="guidelines"
                rows=5
                dir_auto=true
                label=move || t_string!(i18n, persona.guidelines)
                hint=move || t_string!(i18n, persona.guidelines_hint)
                value=text(doc, "guidelines")
                on_input=move |value| doc.set_text("guidelines", value)
                error=error(doc, i18n, "guidelines")
            />
            <TextField
                name="first_message"
                rows=2
                dir_auto=true
                label=move || t_string!(i18n, persona.first_message)
                hint=move || t_string!(i18n, persona.first_message_hint)
                value=text(doc, "first_message")
                on_input=move |value| doc.set_text("first_message", value)
                error=error(doc, i18n, "first_message")
            />
            <Warnings list=Signal::derive(warnings) />
        </Show>
    }
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

// ---- telephony ------------------------------------------------------------

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
    let phone = text(doc, "phone_number");
    let phone_error = Signal::derive(move || {
        doc.error_text(i18n, "phone_number").or_else(|| {
            let raw = doc.text("phone_number");
            (!raw.trim().is_empty() && !validate::is_e164(&raw))
                .then(|| t_string!(i18n, telephony.warn_phone_invalid).to_owned())
        })
    });
    let locale = move || messages::current(i18n);
    let number_options = Signal::derive(move || {
        let current = doc.text("phone_number");
        let mut options: Vec<(String, String)> = match numbers.get() {
            Numbers::Loaded(list) => list
                .into_iter()
                .map(|number| {
                    let label = match &number.friendly_name {
                        Some(name) if !name.is_empty() && *name != number.phone_number => {
                            format!("{} — {name}", number.phone_number)
                        }
                        _ => number.phone_number.clone(),
                    };
                    (number.phone_number, label)
                })
                .collect(),
            _ => Vec::new(),
        };
        if !current.is_empty() && !options.iter().any(|(value, _)| *value == current) {
            options.push((current.clone(), current));
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
                on_change=move |value| doc.set_text("phone_number", value)
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
                    on_input=move |value| doc.set_text("phone_number", value)
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
                if doc.text("phone_number").trim().is_empty() {
                    vec![t_string!(i18n, telephony.warn_no_phone)]
                } else {
                    Vec::new()
                }
            }) />
        </Show>
    }
}

fn day_index(day: Weekday) -> u32 {
    Weekday::ALL
        .iter()
        .position(|d| *d == day)
        .map_or(0, |i| i as u32)
}

#[component]
fn BusinessHoursEditor(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let hours = Memo::new(move |_| {
        doc.typed::<Option<BusinessHours>>("business_hours")
            .flatten()
    });
    let has_hours = Memo::new(move |_| hours.with(Option::is_some));
    let update = move |change: &dyn Fn(&mut BusinessHours)| {
        if let Some(mut current) = hours.get_untracked() {
            change(&mut current);
            doc.set_typed("business_hours", &current);
        }
    };
    let hebrew_week = move || messages::current(i18n) == Locale::He;
    let set_up = move |_| {
        let zone = Some(ws.profile.text("timezone"))
            .filter(|zone| !zone.trim().is_empty())
            .or_else(browser::time_zone)
            .unwrap_or_else(|| "UTC".to_owned());
        doc.set_typed(
            "business_hours",
            &Some(validate::default_hours(&zone, hebrew_week())),
        );
    };
    let remove = move |_| doc.set("business_hours", serde_json::Value::Null);
    let problems = Memo::new(move |_| {
        hours.with(|h| h.as_ref().map(validate::hours_problems).unwrap_or_default())
    });
    let problem_days = move || {
        let locale = messages::current(i18n);
        let names: Vec<String> = problems
            .get()
            .into_iter()
            .map(|(day, _)| browser::weekday_name(day_index(day), locale.as_str()))
            .collect();
        (!names.is_empty())
            .then(|| t_string!(i18n, telephony.warn_hours, days = names.join(", ")).to_string())
    };
    let days = move || {
        let mut order = Weekday::ALL.to_vec();
        if hebrew_week() {
            order.rotate_right(1);
        }
        order
            .into_iter()
            .map(|day| view! { <DayRow day=day hours=hours problems=problems update=update /> })
            .collect_view()
    };
    view! {
        <section class="hours" aria-labelledby="hours-title">
            <h2 id="hours-title">{t!(i18n, telephony.hours_title)}</h2>
            <p class="hint">{t!(i18n, telephony.hours_lead)}</p>
            <Show
                when=move || has_hours.get()
                fallback=move || {
                    view! {
                        <p class="note">{t!(i18n, telephony.no_hours)}</p>
                        <button type="button" class="button" on:click=set_up data-testid="hours-set-up">
                            {t!(i18n, telephony.set_up_hours)}
                        </button>
                    }
                }
            >
                <TextField
                    name="business_hours.timezone"
                    kind="search"
                    autocomplete="off"
                    list="tz-hours".to_owned()
                    label=move || t_string!(i18n, telephony.timezone)
                    value=Signal::derive(move || hours.with(|h| h.as_ref().map(|h| h.timezone.clone()).unwrap_or_default()))
                    on_input=move |value: String| update(&|h| h.timezone = value.clone())
                    error=Signal::derive(move || doc.error_text(i18n, "business_hours.timezone"))
                />
                <TimezoneList id="tz-hours" catalog=ws.catalog />
                <div class="days">{days}</div>
                {move || problem_days().map(|text| view! { <Notice kind="warning"><p>{text}</p></Notice> })}
                <button type="button" class="button ghost" on:click=remove>
                    {t!(i18n, telephony.remove_hours)}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn DayRow(
    day: Weekday,
    hours: Memo<Option<BusinessHours>>,
    problems: Memo<Vec<(Weekday, DayProblem)>>,
    update: impl Fn(&dyn Fn(&mut BusinessHours)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = day.as_str();
    let count = Memo::new(move |_| {
        hours.with(|h| {
            h.as_ref()
                .and_then(|h| h.days.get(&day))
                .map_or(0, Vec::len)
        })
    });
    let open = Memo::new(move |_| count.get() > 0);
    let name = move || browser::weekday_name(day_index(day), messages::current(i18n).as_str());
    let problem = Memo::new(move |_| {
        problems.with(|list| list.iter().find(|(d, _)| *d == day).map(|(_, p)| *p))
    });
    let problem_text = move || {
        problem.get().map(|problem| match problem {
            DayProblem::InvalidRange => t_string!(i18n, field_errors.invalid_time_range),
            DayProblem::Overlapping => t_string!(i18n, field_errors.overlapping_time_ranges),
        })
    };
    let toggle = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        update(&|h| {
            if checked {
                h.days.insert(day, vec![validate::next_range(&[])]);
            } else {
                h.days.remove(&day);
            }
        });
    };
    let add = move |_| {
        update(&|h| {
            let ranges = h.days.entry(day).or_default();
            let next = validate::next_range(ranges);
            ranges.push(next);
        });
    };
    let copy = move |_| update(&|h| validate::copy_to_all_days(h, day));
    let open_id = format!("f-hours-{code}-open");
    view! {
        <fieldset class="day" data-day=code>
            <legend class="visually-hidden">{move || t_string!(i18n, telephony.hours_group, day = name()).to_string()}</legend>
            <div class="day-head">
                <span class="day-name" aria-hidden="true">{name}</span>
                <div class="day-open">
                    <input type="checkbox" id=open_id.clone() name=format!("business_hours.days.{code}") prop:checked=move || open.get() on:change=toggle />
                    <label for=open_id>{t!(i18n, telephony.open)}</label>
                </div>
                <Show when=move || !open.get()>
                    <span class="closed">{t!(i18n, telephony.closed)}</span>
                </Show>
            </div>
            <div class="ranges">
                {move || {
                    (0..count.get())
                        .map(|index| view! { <RangeRow day=day index=index hours=hours problem=problem update=update /> })
                        .collect_view()
                }}
            </div>
            <Show when=move || open.get()>
                <div class="day-actions">
                    <button type="button" class="link-button" on:click=add>{t!(i18n, telephony.add_range)}</button>
                    <button type="button" class="link-button" on:click=copy>{t!(i18n, telephony.copy_all)}</button>
                </div>
            </Show>
            {move || {
                problem_text()
                    .map(|text| view! { <p class="field-error" id=format!("f-hours-{code}-error") role="alert">{text}</p> })
            }}
        </fieldset>
    }
}

#[component]
fn RangeRow(
    day: Weekday,
    index: usize,
    hours: Memo<Option<BusinessHours>>,
    problem: Memo<Option<DayProblem>>,
    update: impl Fn(&dyn Fn(&mut BusinessHours)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = day.as_str();
    let get = move |end: usize| {
        hours.with(|h| {
            h.as_ref()
                .and_then(|h| h.days.get(&day))
                .and_then(|ranges| ranges.get(index))
                .map(|range| range[end].clone())
                .unwrap_or_default()
        })
    };
    let set = move |end: usize, value: String| {
        update(&|h| {
            if let Some(range) = h
                .days
                .get_mut(&day)
                .and_then(|ranges| ranges.get_mut(index))
            {
                range[end] = value.clone();
            }
        });
    };
    let remove = move |_| {
        update(&|h| {
            if let Some(ranges) = h.days.get_mut(&day) {
                if index < ranges.len() {
                    ranges.remove(index);
                }
                if ranges.is_empty() {
                    h.days.remove(&day);
                }
            }
        });
    };
    let describe = move || {
        problem
            .with(Option::is_some)
            .then(|| format!("f-hours-{code}-error"))
    };
    let from_id = format!("f-hours-{code}-{index}-from");
    let to_id = format!("f-hours-{code}-{index}-to");
    view! {
        <div class="range">
            <div class="time">
                <label for=from_id.clone()>{t!(i18n, telephony.from)}</label>
                <TimeInput id=from_id name=format!("business_hours.days.{code}.{index}.from") value=Signal::derive(move || get(0)) on_change=move |v| set(0, v) describe=describe />
            </div>
            <div class="time">
                <label for=to_id.clone()>{t!(i18n, telephony.until)}</label>
                <TimeInput id=to_id name=format!("business_hours.days.{code}.{index}.to") value=Signal::derive(move || get(1)) on_change=move |v| set(1, v) describe=describe />
            </div>
            <button
                type="button"
                class="icon-button"
                aria-label=move || t_string!(i18n, telephony.remove_range)
                title=move || t_string!(i18n, telephony.remove_range)
                on:click=remove
            >
                <span aria-hidden="true">"×"</span>
            </button>
        </div>
    }
}

/// `<input type="time">` that is only rewritten when the stored value
/// differs from what the browser holds, so a half-typed time is not wiped.
#[component]
fn TimeInput(
    id: String,
    name: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    describe: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    let node = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        let wanted = value.get();
        if let Some(input) = node.get()
            && input.value() != wanted
        {
            input.set_value(&wanted);
        }
    });
    view! {
        <input
            type="time"
            id=id
            name=name
            node_ref=node
            value=value.get_untracked()
            aria-describedby=describe
            on:input=move |ev| on_change.run(event_target_value(&ev))
        />
    }
}

// ---- integrations -----------------------------------------------------------

#[component]
pub fn IntegrationsFields(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let current = Memo::new(move |_| {
        doc.typed::<Integrations>("integrations")
            .unwrap_or_default()
    });
    let choices = move |pick: fn(&Catalog) -> &Vec<String>| {
        Signal::derive(move || {
            let mut options = vec![(String::new(), t_string!(i18n, integrations.none).to_owned())];
            let codes = ws
                .catalog
                .with(|c| c.as_ref().map(|c| pick(c).clone()).unwrap_or_default());
            options.extend(codes.into_iter().map(|code| {
                let name = integration_name(i18n, &code);
                (code, name)
            }));
            options
        })
    };
    let set = move |change: &dyn Fn(&mut Integrations)| {
        let mut value = current.get_untracked();
        change(&mut value);
        doc.set_typed("integrations", &value);
    };
    let apps = move || {
        ws.catalog.with(|c| {
            c.as_ref()
                .map(|c| c.workspace_apps.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <Show when=move || doc.is_loaded() fallback=|| view! { <Loading /> }>
            <RadioGroup
                name="calendar"
                cards=true
                legend=move || t_string!(i18n, integrations.calendar)
                value=Signal::derive(move || current.with(|c| c.calendar.clone().unwrap_or_default()))
                on_change=move |value: String| set(&|i| i.calendar = (!value.is_empty()).then(|| value.clone()))
                options=choices(|c| &c.calendars)
                error=error(doc, i18n, "integrations")
            />
            <RadioGroup
                name="crm"
                cards=true
                legend=move || t_string!(i18n, integrations.crm)
                value=Signal::derive(move || current.with(|c| c.crm.clone().unwrap_or_default()))
                on_change=move |value: String| set(&|i| i.crm = (!value.is_empty()).then(|| value.clone()))
                options=choices(|c| &c.crms)
            />
            <fieldset class="choices cards">
                <legend>{t!(i18n, integrations.workspace)}</legend>
                {move || {
                    apps()
                        .into_iter()
                        .map(|app| {
                            let id = format!("f-workspace-{app}");
                            let checked_app = app.clone();
                            let toggled_app = app.clone();
                            view! {
                                <div class="choice">
                                    <input
                                        type="checkbox"
                                        id=id.clone()
                                        name="workspace"
                                        value=app.clone()
                                        prop:checked=move || current.with(|c| c.workspace.contains(&checked_app))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            set(&|i| {
                                                i.workspace.retain(|a| *a != toggled_app);
                                                if on {
                                                    i.workspace.push(toggled_app.clone());
                                                }
                                            });
                                        }
                                    />
                                    <label for=id>{move || integration_name(i18n, &app)}</label>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
        </Show>
    }
}

// ---- assistant ----------------------------------------------------------------

fn choice_value(provider: &str, id: &str) -> String {
    format!("{provider}/{id}")
}

#[component]
pub fn AssistantPanel(ws: Workspace, in_wizard: bool) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let locale = move || messages::current(i18n);
    let voice = Memo::new(move |_| doc.typed::<Voice>("voice"));
    let model = Memo::new(move |_| doc.typed::<Model>("model"));
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
    let voice_warning = move || {
        let first = doc
            .typed::<Vec<Locale>>("languages")
            .and_then(|l| l.first().copied())?;
        let voice = voice.get()?;
        let speaks = ws.catalog.with(|c| {
            c.as_ref()
                .and_then(|c| {
                    c.voices
                        .iter()
                        .find(|v| v.provider == voice.provider && v.voice_id == voice.voice_id)
                })
                .map(|v| v.languages.contains(&first))
        })?;
        (!speaks).then(|| {
            t_string!(
                i18n,
                assistant.warn_voice_language,
                language = language_name(i18n, first)
            )
            .to_string()
        })
    };
    let persona_complete = move || {
        !doc.text("persona").trim().is_empty()
            && !doc.text("job_to_be_done").trim().is_empty()
            && doc
                .typed::<Vec<Locale>>("languages")
                .is_some_and(|l| !l.is_empty())
    };
    let has_phone = move || !doc.text("phone_number").trim().is_empty();
    let prerequisites = move || {
        let rows: [(bool, &'static str, &'static str, StepKey, bool); 4] = [
            (
                ws.vapi_connected(),
                t_string!(i18n, assistant.prereq_vapi_ok),
                t_string!(i18n, assistant.prereq_vapi_missing),
                StepKey::Vapi,
                true,
            ),
            (
                persona_complete(),
                t_string!(i18n, assistant.prereq_persona_ok),
                t_string!(i18n, assistant.prereq_persona_missing),
                StepKey::Persona,
                false,
            ),
            (
                has_phone(),
                t_string!(i18n, assistant.prereq_phone_ok),
                t_string!(i18n, assistant.prereq_phone_missing),
                StepKey::Telephony,
                false,
            ),
            (
                ws.twilio_connected(),
                t_string!(i18n, assistant.prereq_twilio_ok),
                t_string!(i18n, assistant.prereq_twilio_missing),
                StepKey::Twilio,
                false,
            ),
        ];
        rows.into_iter()
            .map(|(ok, good, missing, step, blocking)| {
                let class = if ok {
                    "ok"
                } else if blocking {
                    "blocking"
                } else {
                    "warn"
                };
                let icon = if ok { "✓" } else { "!" };
                view! {
                    <li class=class>
                        <span class="prereq-icon" aria-hidden="true">{icon}</span>
                        <span>{if ok { good } else { missing }}</span>
                        {(!ok)
                            .then(|| {
                                view! {
                                    <a class="fix" href=fix_link(locale(), step, in_wizard)>
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
                            doc.set_typed("voice", &Voice { provider: provider.to_owned(), voice_id: voice_id.to_owned() });
                        }
                    }
                    options=voices
                    hint=move || voice_warning().unwrap_or_default()
                    error=error(doc, i18n, "voice")
                />
                <SelectField
                    name="model"
                    label=move || t_string!(i18n, assistant.model)
                    value=Signal::derive(move || model.get().map(|m| choice_value(&m.provider, &m.model)).unwrap_or_default())
                    on_change=move |value: String| {
                        if let Some((provider, model)) = value.split_once('/') {
                            doc.set_typed("model", &Model { provider: provider.to_owned(), model: model.to_owned() });
                        }
                    }
                    options=models
                    error=error(doc, i18n, "model")
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

#[component]
fn AssistantActions(ws: Workspace, in_wizard: bool) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    // What the last successful action was: `true` for a push, `false` for a creation.
    let success = RwSignal::new(None::<bool>);
    let latest = Memo::new(move |_| {
        ws.assistants.with(|list| {
            list.as_ref()
                .and_then(|list| list.iter().max_by_key(|a| a.created_at).cloned())
        })
    });
    let locale = move || messages::current(i18n);
    // Creating or pushing the assistant changes whether Ava answers calls.
    let line = use_line();
    let recheck = move || {
        if let Some(line) = line {
            line.reload();
        }
    };
    let create = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        success.set(None);
        spawn_local(async move {
            ws.save_and_wait(ws.studio).await;
            match api::create_assistant().await {
                Ok(assistant) => {
                    ws.assistants
                        .update(|list| list.get_or_insert_with(Vec::new).push(assistant));
                    success.set(Some(false));
                    ws.refresh_onboarding();
                    recheck();
                }
                Err(error) => failure.set(Some(error)),
            }
            busy.set(false);
        });
    };
    let push = move |_| {
        let Some(assistant) = latest.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        success.set(None);
        spawn_local(async move {
            ws.save_and_wait(ws.studio).await;
            match api::sync_assistant(&assistant.id).await {
                Ok(updated) => {
                    ws.assistants.update(|list| {
                        if let Some(list) = list {
                            for existing in list.iter_mut().filter(|a| a.id == updated.id) {
                                *existing = updated.clone();
                            }
                        }
                    });
                    success.set(Some(true));
                    recheck();
                }
                Err(error) => failure.set(Some(error)),
            }
            busy.set(false);
        });
    };
    let failure_view = move || {
        failure.get().map(|error| {
            let code = error.code().to_owned();
            let vapi_problem = code.starts_with("vapi_key") || code == ava_api_types::codes::VAPI_NOT_CONNECTED;
            view! {
                <Notice kind="error">
                    <p>{move || messages::error_text(i18n, &error)}</p>
                    {vapi_problem
                        .then(|| {
                            view! {
                                <p>
                                    <a href=move || fix_link(locale(), StepKey::Vapi, in_wizard)>{t!(i18n, assistant.fix)}</a>
                                </p>
                            }
                        })}
                </Notice>
            }
        })
    };
    let existing = move || {
        latest.get().map(|assistant| {
            let bound = assistant.phone_number.clone();
            let reason = move || {
                if !ws.twilio_connected() {
                    t_string!(i18n, assistant.reason_no_twilio)
                } else {
                    t_string!(i18n, assistant.reason_no_number)
                }
            };
            let pushed = assistant.synced_at.timestamp_millis() as f64;
            view! {
                <div class="assistant-card" data-testid="assistant-card">
                    <p class="assistant-title">{t!(i18n, assistant.existing)} " · " <strong dir="auto">{assistant.name.clone()}</strong></p>
                    <dl>
                        <dt>{t!(i18n, assistant.assistant_id)}</dt>
                        <dd><code data-testid="assistant-id">{assistant.vapi_assistant_id.clone()}</code></dd>
                    </dl>
                    {match bound {
                        Some(number) => view! { <p>{t!(i18n, assistant.number_in_vapi)} " " <bdi dir="ltr">{number}</bdi></p> }.into_any(),
                        None => view! { <p class="warn">{t!(i18n, assistant.number_not_bound)} " " {reason}</p> }.into_any(),
                    }}
                    <p class="hint">
                        {move || {
                            let date = browser::format_date_time(pushed, locale().as_str());
                            t_string!(i18n, assistant.last_pushed, date = date).to_string()
                        }}
                    </p>
                </div>
            }
        })
    };
    view! {
        <div class="assistant-actions">
            {existing}
            {failure_view}
            <Show when=move || success.with(Option::is_some) && !busy.get()>
                <Notice kind="success">
                    <p>
                        {move || {
                            if success.get() == Some(true) {
                                t_string!(i18n, assistant.pushed)
                            } else {
                                t_string!(i18n, assistant.created)
                            }
                        }}
                    </p>
                </Notice>
            </Show>
            <p class="busy-line" role="status" aria-live="polite">
                {move || {
                    busy.get()
                        .then(|| {
                            if latest.with(Option::is_some) {
                                t_string!(i18n, assistant.pushing)
                            } else {
                                t_string!(i18n, assistant.creating)
                            }
                        })
                }}
            </p>
            {move || {
                if latest.with(Option::is_some) {
                    view! {
                        <button type="button" class="button primary" data-testid="push-assistant" disabled=move || busy.get() on:click=push>
                            <Show when=move || busy.get()><span class="spinner" aria-hidden="true"></span></Show>
                            {move || if in_wizard { t_string!(i18n, assistant.push) } else { t_string!(i18n, assistant.push_to_vapi) }}
                        </button>
                    }
                    .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="button primary"
                            data-testid="create-assistant"
                            disabled=move || busy.get() || !ws.vapi_connected()
                            on:click=create
                        >
                            <Show when=move || busy.get()><span class="spinner" aria-hidden="true"></span></Show>
                            {t!(i18n, assistant.create)}
                        </button>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

// ---- plan -------------------------------------------------------------------

#[component]
pub fn PlanFields(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    // The Free plan is the only one: choosing it is automatic.
    Effect::new(move |_| {
        if doc.is_loaded() && doc.value("plan").is_null() {
            doc.set_text("plan", "free".to_owned());
        }
    });
    view! {
        <fieldset class="choices cards plans">
            <legend>{t!(i18n, plan.legend)}</legend>
            <div class="choice plan-card">
                <input type="radio" id="f-plan-free" name="plan" value="free" prop:checked=move || doc.text("plan") == "free" on:change=move |_| doc.set_text("plan", "free".to_owned()) />
                <label for="f-plan-free">
                    <span class="plan-name">{t!(i18n, plan.free)}</span>
                    <span class="plan-price">{t!(i18n, plan.free_price)}</span>
                    <span class="plan-features">{t!(i18n, plan.free_features)}</span>
                </label>
                <Show when=move || doc.text("plan") == "free">
                    <span class="badge">{t!(i18n, plan.selected)}</span>
                </Show>
            </div>
        </fieldset>
    }
}
