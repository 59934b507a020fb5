//! `/{locale}/welcome`: the nine-step onboarding wizard.
//!
//! The step is in the URL (`?step=persona`) and recorded on the server as
//! `current_step` (navigation, not an edit); with no step in the URL the
//! wizard resumes where the server says. Edits are autosaved (see
//! `autosave`); moving between steps also saves. The stepper, the buttons
//! under a step and the Done summary are in their own modules.

mod launch;
mod leave;
mod navigation;
mod stepper;
mod summary;

use ava_api_types::{codes, onboarding::StepKey};
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use self::{
    launch::LaunchCheck,
    leave::{ContinueNotes, Stuck, leave},
    navigation::StepNav,
    stepper::Stepper,
    summary::Summary,
};
use crate::{
    api::{self, ApiError},
    autosave::AutosaveStatus,
    browser,
    connect::{ConnectPanel, Provider},
    context::{ContinueGuard, use_auth, use_url_locale},
    i18n::{t, t_string, use_i18n},
    line::Line,
    messages::{error_text, field_label, step_lead, step_name, step_title},
    routes::{OPEN_WIZARD_KEY, RETURN_STEP_KEY, studio_url, wizard_url},
    steps::{
        assistant::AssistantPanel, integrations::IntegrationsFields, persona::PersonaFields,
        plan::PlanFields, profile::ProfileFields, telephony::TelephonyFields,
    },
    ui::{Notice, NoticeKind},
    workspace::Workspace,
};

#[component]
pub fn WizardPage() -> impl IntoView {
    let auth = use_auth();
    match auth.user.get_untracked() {
        Some(user) => view! { <Wizard ws=Workspace::open(user) /> }.into_any(),
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
    // else in Ava Studio once launched (unless the menu's wizard link was
    // followed), else where the server says, else at the start.
    {
        let go = go.clone();
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if step.get().is_some() {
                return;
            }
            let returning =
                browser::session_get(RETURN_STEP_KEY).and_then(|raw| StepKey::parse(&raw));
            let launched = ws
                .onboarding
                .with(|o| o.as_ref().is_some_and(|o| o.completed));
            let asked_for_wizard = browser::session_get(OPEN_WIZARD_KEY).is_some();
            if returning.is_none() && launched && !asked_for_wizard {
                navigate(
                    &studio_url(locale.get_untracked()),
                    NavigateOptions {
                        replace: true,
                        ..NavigateOptions::default()
                    },
                );
                return;
            }
            let from_server = ws.onboarding.with(|o| o.as_ref().map(|o| o.current_step));
            let gave_up = ws.failed.with(Option::is_some) || ws.offline.get();
            if let Some(target) = returning
                .or(from_server)
                .or(gave_up.then_some(StepKey::Profile))
            {
                if returning.is_some() {
                    browser::session_remove(RETURN_STEP_KEY);
                }
                browser::session_remove(OPEN_WIZARD_KEY);
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

    let notes = ContinueNotes::new();
    let ContinueNotes {
        stuck,
        connected_on,
    } = notes;
    let guard = ContinueGuard::provide();
    let launch_error = RwSignal::new(None::<ApiError>);
    let launch = Action::new_local(move |(): &()| {
        let navigate = navigate.clone();
        async move {
            ws.save_and_wait(ws.profile).await;
            ws.save_and_wait(ws.studio).await;
            match api::complete_onboarding().await {
                Ok(onboarding) => {
                    ws.onboarding.set(Some(onboarding));
                    navigate(
                        &studio_url(locale.get_untracked()),
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
        }
    });
    let next_of = |from: StepKey| from.next().unwrap_or(StepKey::Done);
    let proceed = Action::new_local({
        let go = go.clone();
        move |from: &StepKey| {
            let from = *from;
            let go = go.clone();
            async move {
                if let Some(to) = leave(ws, guard, notes, from).await {
                    go(to, false);
                }
            }
        }
    });
    let busy = Signal::derive(move || proceed.pending().get() || launch.pending().get());
    let on_continue = move |from: StepKey| {
        if !busy.get_untracked() {
            proceed.dispatch_local(from);
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
    let on_launch = move || {
        if busy.get_untracked() {
            return;
        }
        launch_error.set(None);
        launch.dispatch_local(());
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
                <Show when=move || stuck.with(|s| matches!(s, Some((StepKey::Profile, Stuck::RequiredMissing))))>
                    <Notice kind=NoticeKind::Error><p>{t!(i18n, wizard.required_missing)}</p></Notice>
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
        step.get().map(|current| {
            view! {
                <StepNav
                    current=current
                    busy=busy
                    line=line
                    on_back=on_back.clone()
                    on_continue=on_continue
                    on_skip=on_skip.clone()
                    on_launch=on_launch
                />
            }
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
    // The save status of what this step edits (nothing on the Vapi,
    // Twilio and Done steps: they autosave nothing).
    let shown_docs = Signal::derive(move || match step.get() {
        Some(StepKey::Profile) => vec![ws.profile.state],
        Some(
            StepKey::Persona
            | StepKey::Telephony
            | StepKey::Integrations
            | StepKey::Assistant
            | StepKey::Plan,
        ) => vec![ws.studio.state],
        _ => Vec::new(),
    });
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
                    <AutosaveStatus docs=shown_docs step=Signal::derive(move || step.get()) resave=move |()| ws.save_all() />
                </div>
                <h1 id="step-title" tabindex="-1">{move || step.get().map(|s| step_title(i18n, s))}</h1>
                <p class="lead">{move || step.get().map(|s| step_lead(i18n, s))}</p>
                <Show when=completed>
                    <Notice kind=NoticeKind::Info>
                        <p>
                            {t!(i18n, wizard.completed_note)} " "
                            <a href=move || studio_url(locale.get())>{t!(i18n, wizard.open_studio)}</a>
                        </p>
                    </Notice>
                </Show>
                {move || {
                    ws.failed
                        .get()
                        .map(|error| {
                            view! {
                                <Notice kind=NoticeKind::Error>
                                    <p>{t!(i18n, app.load_failed)} " " {move || error_text(i18n, &error)}</p>
                                    <button type="button" class="button" on:click=move |_| ws.load()>{t!(i18n, app.retry)}</button>
                                </Notice>
                            }
                        })
                }}
                {move || {
                    connected_on
                        .get()
                        .filter(|(on, _)| step.get() == Some(*on))
                        .map(|(_, provider)| {
                            view! {
                                <Notice kind=NoticeKind::Success>
                                    <p>
                                        {move || {
                                            t_string!(i18n, wizard.connected_on_continue, provider = provider.name(i18n))
                                                .to_string()
                                        }}
                                    </p>
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
                                <Notice kind=NoticeKind::Error>
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
                {move || {
                    stuck
                        .get()
                        .filter(|(on, _)| step.get() == Some(*on))
                        .and_then(|(_, stuck)| match stuck {
                            Stuck::Unsavable(fields) => Some(fields),
                            Stuck::RequiredMissing => None,
                        })
                        .map(|fields| {
                            let names = move || {
                                let labels: Vec<String> = fields.iter().map(|key| field_label(i18n, key)).collect();
                                t_string!(i18n, wizard.fix_before_continuing, fields = labels.join(", ")).to_string()
                            };
                            view! { <Notice kind=NoticeKind::Error><p>{names}</p></Notice> }
                        })
                }}
                {nav}
            </section>
        </div>
    }
}
