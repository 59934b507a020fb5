//! `/{locale}/welcome`: the nine-step onboarding wizard.
//!
//! The step is in the URL (`?step=persona`) and recorded on the server as
//! `current_step` (navigation, not an edit); with no step in the URL the
//! wizard resumes where the server says. Edits are autosaved (see
//! `autosave.rs`); moving between steps also saves.

use ava_api_types::{
    Locale,
    codes::{self, field},
    onboarding::{StepKey, StepStatus},
    problem::FieldError,
    studio::{BusinessHours, Integrations},
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::{self, ApiError},
    app::{use_auth, use_url_locale},
    autosave::AutosaveStatus,
    browser,
    connect::{ConnectPanel, Provider},
    fields::{
        AssistantPanel, IntegrationsFields, PersonaFields, PlanFields, ProfileFields,
        TelephonyFields,
    },
    i18n::{t, t_string, use_i18n},
    launch::{LaunchCheck, launch_label},
    line::Line,
    messages::{
        self, I18n, error_text, integration_name, status_class, status_name, step_lead, step_name,
        step_title,
    },
    routes::{RETURN_STEP_KEY, stepper_move, wizard_url},
    ui::{Notice, Spinner},
    validate,
    workspace::Workspace,
};

#[component]
pub fn WizardPage() -> impl IntoView {
    let auth = use_auth();
    match auth.user.get_untracked() {
        Some(user) => {
            let ws = Workspace::new(user);
            ws.load();
            ws.start_autosave();
            view! { <Wizard ws=ws /> }.into_any()
        }
        None => ().into_any(),
    }
}

#[component]
fn Wizard(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let locale = use_url_locale();
    let query = use_query_map();
    let navigate = use_navigate();
    let step = Memo::new(move |_| {
        query
            .with(|q| q.get("step"))
            .and_then(|raw| StepKey::parse(&raw))
    });
    // Whether Ava would answer calls: asked again on reaching Done.
    let line = Line::provide();
    Effect::new(move |previous: Option<Option<StepKey>>| {
        let current = step.get();
        if current == Some(StepKey::Done) && previous.is_some_and(|p| p != current) {
            line.reload();
        }
        current
    });

    let go = {
        let navigate = navigate.clone();
        move |to: StepKey, replace: bool| {
            navigate(
                &wizard_url(locale.get_untracked(), to),
                NavigateOptions {
                    replace,
                    ..NavigateOptions::default()
                },
            );
        }
    };

    // No (valid) step in the URL: resume where Settings sent us back from,
    // else where the server says, else at the start.
    {
        let go = go.clone();
        Effect::new(move |_| {
            if step.get().is_some() {
                return;
            }
            let returning =
                browser::session_get(RETURN_STEP_KEY).and_then(|raw| StepKey::parse(&raw));
            let from_server = ws.onboarding.with(|o| o.as_ref().map(|o| o.current_step));
            let gave_up = ws.failed.with(Option::is_some) || ws.offline.get();
            if let Some(target) = returning
                .or(from_server)
                .or(gave_up.then_some(StepKey::Profile))
            {
                if returning.is_some() {
                    browser::session_remove(RETURN_STEP_KEY);
                }
                go(target, true);
            }
        });
    }

    // Moving between steps: record where the owner is (not an edit), save
    // what they typed, and move focus to the new step's heading.
    Effect::new(move |previous: Option<Option<StepKey>>| {
        let current = step.get();
        if let Some(current) = current {
            ws.record_step(current);
            browser::reveal(format!("[data-testid=\"stepper-{}\"]", current.as_str()));
            if previous.flatten().is_some_and(|before| before != current) {
                ws.save_all();
                browser::focus_id("step-title");
            }
        }
        current
    });

    let busy = RwSignal::new(false);
    let blocked = RwSignal::new(false);
    let launch_error = RwSignal::new(None::<ApiError>);

    let next_of = |from: StepKey| from.next().unwrap_or(StepKey::Done);
    let on_continue = {
        let go = go.clone();
        move |from: StepKey| {
            if busy.get_untracked() {
                return;
            }
            let go = go.clone();
            if from != StepKey::Profile {
                ws.unskip(from);
                go(next_of(from), false);
                return;
            }
            let missing = ws
                .profile
                .draft
                .with_untracked(|draft| {
                    draft
                        .as_ref()
                        .map(|d| validate::profile_missing(|key| d.get(key).clone()))
                })
                .unwrap_or_default();
            if !missing.is_empty() {
                ws.profile.set_local_errors(
                    missing
                        .iter()
                        .map(|name| FieldError {
                            field: (*name).to_owned(),
                            code: field::REQUIRED.to_owned(),
                            detail: String::new(),
                        })
                        .collect(),
                );
                blocked.set(true);
                browser::focus_selector(format!("#f-{}", missing[0]));
                return;
            }
            blocked.set(false);
            busy.set(true);
            spawn_local(async move {
                let fine = ws.save_and_wait(ws.profile).await;
                busy.set(false);
                if fine {
                    go(StepKey::Vapi, false);
                } else {
                    blocked.set(true);
                    if let Some(first) = ws
                        .profile
                        .errors
                        .with_untracked(|e| e.first().map(|e| e.field.clone()))
                    {
                        browser::focus_selector(format!("#f-{first}"));
                    }
                }
            });
        }
    };
    let on_back = {
        let go = go.clone();
        move |from: StepKey| {
            if let Some(previous) = from.previous() {
                go(previous, false);
            }
        }
    };
    let on_skip = {
        let go = go.clone();
        move |from: StepKey| {
            ws.skip(from);
            go(next_of(from), false);
        }
    };
    let on_select = {
        let go = go.clone();
        move |to: StepKey| go(to, false)
    };
    let on_launch = {
        let navigate = navigate.clone();
        move || {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            launch_error.set(None);
            let navigate = navigate.clone();
            spawn_local(async move {
                ws.save_and_wait(ws.profile).await;
                ws.save_and_wait(ws.studio).await;
                match api::complete_onboarding().await {
                    Ok(onboarding) => {
                        ws.onboarding.set(Some(onboarding));
                        navigate(
                            &format!("/{}/ava-studio", locale.get_untracked().as_str()),
                            NavigateOptions::default(),
                        );
                    }
                    Err(error) => {
                        if error.code() == codes::PROFILE_INCOMPLETE {
                            ws.profile.set_local_errors(error.field_errors().to_vec());
                        }
                        launch_error.set(Some(error));
                    }
                }
                busy.set(false);
            });
        }
    };

    let skip_cb = {
        let on_skip = on_skip.clone();
        Callback::new(move |()| {
            if let Some(current) = step.get_untracked() {
                on_skip(current);
            }
        })
    };
    let before_leaving = Callback::new(move |()| ws.save_all());

    let body = move || {
        let Some(current) = step.get() else {
            return view! { <p class="page-loading" role="status">{t!(i18n, app.loading)}</p> }
                .into_any();
        };
        match current {
            StepKey::Profile => view! {
                <Show when=move || blocked.get()>
                    <Notice kind="error"><p>{t!(i18n, wizard.required_missing)}</p></Notice>
                </Show>
                <ProfileFields ws=ws />
            }
            .into_any(),
            StepKey::Vapi => view! {
                <ConnectPanel
                    provider=Provider::Vapi
                    vapi=ws.vapi
                    twilio=ws.twilio
                    wizard=true
                    on_change=move |()| ws.refresh_onboarding()
                    on_skip=skip_cb
                    before_leaving=before_leaving
                />
            }
            .into_any(),
            StepKey::Persona => view! { <PersonaFields ws=ws /> }.into_any(),
            StepKey::Twilio => view! {
                <ConnectPanel
                    provider=Provider::Twilio
                    vapi=ws.vapi
                    twilio=ws.twilio
                    wizard=true
                    on_change=move |()| ws.refresh_onboarding()
                    on_skip=skip_cb
                    before_leaving=before_leaving
                />
            }
            .into_any(),
            StepKey::Telephony => view! { <TelephonyFields ws=ws in_wizard=true /> }.into_any(),
            StepKey::Integrations => view! { <IntegrationsFields ws=ws /> }.into_any(),
            StepKey::Assistant => view! { <AssistantPanel ws=ws in_wizard=true /> }.into_any(),
            StepKey::Plan => view! { <PlanFields ws=ws /> }.into_any(),
            StepKey::Done => view! {
                <LaunchCheck line=line />
                <Summary ws=ws />
            }
            .into_any(),
        }
    };

    let nav = move || {
        let current = step.get()?;
        let key = current.as_str();
        let on_back = on_back.clone();
        let on_continue = on_continue.clone();
        let on_skip = on_skip.clone();
        let on_launch = on_launch.clone();
        let back = (current != StepKey::Profile).then(|| {
            view! {
                <button type="button" class="button ghost" data-testid=format!("step-{key}-back") on:click=move |_| on_back(current)>
                    <span class="chevron back" aria-hidden="true">"‹"</span>
                    " "
                    {t!(i18n, wizard.back)}
                </button>
            }
        });
        let skip = (!matches!(current, StepKey::Profile | StepKey::Done)).then(|| {
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
        Some(view! {
            <div class="step-nav">
                <div class="step-nav-start">{back}</div>
                <div class="step-nav-end">{skip} {forward}</div>
            </div>
        })
    };

    let position = move || {
        step.get().map(|current| {
            t_string!(
                i18n,
                wizard.step_of,
                n = current.index() + 1,
                total = StepKey::ALL.len()
            )
            .to_string()
        })
    };
    let completed = move || {
        ws.onboarding
            .with(|o| o.as_ref().is_some_and(|o| o.completed))
    };

    view! {
        <div class="wizard">
            <Stepper ws=ws step=step on_select=on_select />
            <section class="step-card" aria-labelledby="step-title" data-step=move || step.get().map(StepKey::as_str)>
                <div class="step-head">
                    <p class="step-count">{position}</p>
                    <AutosaveStatus docs=vec![ws.profile, ws.studio] resave=move |()| ws.save_all() />
                </div>
                <h1 id="step-title" tabindex="-1">{move || step.get().map(|s| step_title(i18n, s))}</h1>
                <p class="lead">{move || step.get().map(|s| step_lead(i18n, s))}</p>
                <Show when=completed>
                    <Notice kind="info">
                        <p>
                            {t!(i18n, wizard.completed_note)} " "
                            <a href=move || format!("/{}/ava-studio", locale.get().as_str())>{t!(i18n, wizard.open_studio)}</a>
                        </p>
                    </Notice>
                </Show>
                {move || {
                    ws.failed
                        .get()
                        .map(|error| {
                            view! {
                                <Notice kind="error">
                                    <p>{t!(i18n, app.load_failed)} " " {move || error_text(i18n, &error)}</p>
                                    <button type="button" class="button" on:click=move |_| ws.load()>{t!(i18n, app.retry)}</button>
                                </Notice>
                            }
                        })
                }}
                <div class="step-body">{body}</div>
                {move || {
                    launch_error
                        .get()
                        .map(|error| {
                            let incomplete = error.code() == codes::PROFILE_INCOMPLETE;
                            view! {
                                <Notice kind="error">
                                    <p>{move || error_text(i18n, &error)}</p>
                                    {incomplete
                                        .then(|| {
                                            view! {
                                                <p>
                                                    <a href=move || wizard_url(locale.get(), StepKey::Profile)>
                                                        {move || step_name(i18n, StepKey::Profile)}
                                                    </a>
                                                </p>
                                            }
                                        })}
                                </Notice>
                            }
                        })
                }}
                {nav}
            </section>
        </div>
    }
}

/// The clickable list of steps with their status. Arrow keys move focus
/// between items (flipped in right-to-left pages), Enter or Space opens one.
#[component]
fn Stepper(
    ws: Workspace,
    step: Memo<Option<StepKey>>,
    on_select: impl Fn(StepKey) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let status_of = move |key: StepKey| {
        ws.onboarding
            .with(|o| o.as_ref().and_then(|o| o.steps.get(&key).copied()))
            .unwrap_or(StepStatus::Pending)
    };
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
                <li class=move || format!("stepper-item {}", status_class(status_of(key))) class:active=active>
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

/// The Done step: every step, its status, what was entered, and a link back.
#[component]
fn Summary(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let locale = use_url_locale();
    let rows = move || {
        StepKey::ALL[..8]
            .iter()
            .map(|&key| {
                let status = ws
                    .onboarding
                    .with(|o| o.as_ref().and_then(|o| o.steps.get(&key).copied()))
                    .unwrap_or(StepStatus::Pending);
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
                profile.text("full_name"),
                profile.text("organization_name"),
                profile.text("timezone"),
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
                .typed::<Vec<Locale>>("languages")
                .unwrap_or_default()
                .into_iter()
                .map(|l| messages::language_name(i18n, l).to_owned())
                .collect();
            or_not_set(i18n, vec![studio.text("persona"), languages.join(", ")])
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
                .typed::<Option<BusinessHours>>("business_hours")
                .flatten()
                .map(|h| h.days.values().filter(|r| !r.is_empty()).count());
            let days = open_days
                .map(|count| t_string!(i18n, done.open_days, count = count).to_string())
                .unwrap_or_default();
            or_not_set(i18n, vec![studio.text("phone_number"), days])
        }
        StepKey::Integrations => {
            let chosen = studio
                .typed::<Integrations>("integrations")
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
        StepKey::Plan => match studio.text("plan").as_str() {
            "free" => t_string!(i18n, plan.free).to_owned(),
            "" => t_string!(i18n, done.not_set).to_owned(),
            other => other.to_owned(),
        },
        StepKey::Done => String::new(),
    }
}
