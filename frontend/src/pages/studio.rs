//! `/{locale}/ava-studio`: whether Ava answers calls (and a test call),
//! the calls, and the configuration after launch, editable with the same
//! autosave, and pushed to the Vapi assistant on demand.

use ava_api_types::onboarding::StepKey;
use leptos::prelude::*;

use crate::{
    autosave::AutosaveStatus,
    context::{use_auth, use_url_locale},
    i18n::{t, t_string, use_i18n},
    line::{Line, LineStatusPanel},
    messages::error_text,
    pages::calls::CallsPanel,
    pages::test_call::TestCall,
    routes::wizard_url,
    steps::{
        assistant::AssistantPanel, integrations::IntegrationsFields, persona::PersonaFields,
        telephony::TelephonyFields,
    },
    ui::{Notice, NoticeKind},
    workspace::Workspace,
};

#[component]
pub fn StudioPage() -> impl IntoView {
    let auth = use_auth();
    match auth.user.get_untracked() {
        Some(user) => view! { <Studio ws=Workspace::open(user) /> }.into_any(),
        None => ().into_any(),
    }
}

#[component]
fn Studio(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let locale = use_url_locale();
    let line = Line::provide();
    // A save may change the status (hours set, number chosen): ask again.
    Effect::new(move |previous: Option<Option<f64>>| {
        let saved = ws.studio.saved_at.get();
        if previous.is_some_and(|previous| previous != saved) {
            line.refresh();
        }
        saved
    });
    let unfinished = move || {
        ws.onboarding
            .with(|o| o.as_ref().is_some_and(|o| !o.completed))
    };
    let resume = move || {
        let step = ws
            .onboarding
            .with(|o| o.as_ref().map_or(StepKey::Profile, |o| o.current_step));
        wizard_url(locale.get(), step)
    };
    let connection = move |connected: bool, page: &'static str, name: &'static str| {
        let status = if connected {
            t_string!(i18n, connect.connected)
        } else {
            t_string!(i18n, connect.not_connected)
        };
        view! {
            <li class=if connected { "ok" } else { "warn" }>
                <span class="status-dot" aria-hidden="true"></span>
                <strong>{name}</strong>
                " · "
                {status}
                " "
                <a href=format!("/{}/{page}", locale.get().as_str())>{t!(i18n, studio.manage)}</a>
            </li>
        }
    };
    view! {
        <div class="studio">
            <header class="studio-head">
                <div>
                    <h1 id="page-title" tabindex="-1">{t!(i18n, studio.title)}</h1>
                    <p class="lead">{t!(i18n, studio.lead)}</p>
                </div>
                <AutosaveStatus docs=vec![ws.studio.state] resave=move |()| ws.save(ws.studio) />
            </header>
            <Show when=unfinished>
                <Notice kind=NoticeKind::Info>
                    <p>{t!(i18n, studio.not_launched)} " " <a href=resume>{t!(i18n, studio.continue_setup)}</a></p>
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
            <section class="card line-card" id="line" aria-labelledby="line-title">
                <h2 id="line-title">{t!(i18n, line.title)}</h2>
                <div class="line-grid">
                    <LineStatusPanel line=line />
                    <TestCall />
                </div>
            </section>
            <section class="card" id="calls" aria-labelledby="calls-title">
                <CallsPanel ws=ws />
            </section>
            <section class="card" id="connections" aria-labelledby="connections-title">
                <h2 id="connections-title">{t!(i18n, studio.connections)}</h2>
                <ul class="connections">
                    {move || connection(ws.vapi_connected(), "settings/vapi", t_string!(i18n, vapi.name))}
                    {move || connection(ws.twilio_connected(), "settings/twilio", t_string!(i18n, twilio.name))}
                </ul>
            </section>
            <section class="card" id="persona" aria-labelledby="persona-title">
                <h2 id="persona-title">{t!(i18n, studio.persona)}</h2>
                <PersonaFields ws=ws />
            </section>
            <section class="card" id="telephony" aria-labelledby="telephony-title">
                <h2 id="telephony-title">{t!(i18n, studio.telephony)}</h2>
                <TelephonyFields ws=ws in_wizard=false />
            </section>
            <section class="card" id="integrations" aria-labelledby="integrations-title">
                <h2 id="integrations-title">{t!(i18n, studio.integrations)}</h2>
                <IntegrationsFields ws=ws />
            </section>
            <section class="card" id="assistant" aria-labelledby="assistant-title">
                <h2 id="assistant-title">{t!(i18n, studio.assistant)}</h2>
                <AssistantPanel ws=ws in_wizard=false />
            </section>
        </div>
    }
}
