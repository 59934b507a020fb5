//! `/{locale}/settings/vapi` and `/{locale}/settings/twilio`: connect,
//! replace, disconnect (asked twice while Ava answers calls), with the
//! line's status. Coming from the wizard (the step is in
//! sessionStorage), a successful save goes back to that step.

use ava_api_types::{
    onboarding::StepKey,
    providers::{TwilioSettings, VapiSettings},
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{NavigateOptions, hooks::use_navigate};

use crate::{
    api, browser,
    connect::{ConnectPanel, Provider},
    context::use_url_locale,
    i18n::{t, t_string, use_i18n},
    line::{Line, LineStatusPanel},
    messages::error_text,
    routes::{RETURN_STEP_KEY, wizard_url},
    ui::{Notice, NoticeKind},
};

#[component]
pub fn VapiSettingsPage() -> impl IntoView {
    view! { <SettingsPage provider=Provider::Vapi /> }
}

#[component]
pub fn TwilioSettingsPage() -> impl IntoView {
    view! { <SettingsPage provider=Provider::Twilio /> }
}

#[component]
fn SettingsPage(provider: Provider) -> impl IntoView {
    let i18n = use_i18n();
    let locale = use_url_locale();
    let navigate = use_navigate();
    let vapi = RwSignal::new(None::<VapiSettings>);
    let twilio = RwSignal::new(None::<TwilioSettings>);
    // What the owner's calls depend on: shown, and updated by a disconnect.
    let line = Line::provide();
    let failure = RwSignal::new(None);
    spawn_local(async move {
        let result = match provider {
            Provider::Vapi => api::vapi_settings().await.map(|s| vapi.set(Some(s))),
            Provider::Twilio => api::twilio_settings().await.map(|s| twilio.set(Some(s))),
        };
        if let Err(error) = result {
            failure.set(Some(error));
        }
    });
    let return_step = browser::session_get(RETURN_STEP_KEY).and_then(|raw| StepKey::parse(&raw));
    let returning = RwSignal::new(false);
    let on_change = move |()| {
        let connected = match provider {
            Provider::Vapi => vapi.with_untracked(|v| v.as_ref().is_some_and(|v| v.configured)),
            Provider::Twilio => twilio.with_untracked(|t| t.as_ref().is_some_and(|t| t.configured)),
        };
        if let (true, Some(step)) = (connected, return_step) {
            browser::session_remove(RETURN_STEP_KEY);
            returning.set(true);
            navigate(
                &wizard_url(locale.get_untracked(), step),
                NavigateOptions::default(),
            );
        }
    };
    let (title, lead) = match provider {
        Provider::Vapi => (
            Signal::derive(move || t_string!(i18n, settings.vapi_title)),
            Signal::derive(move || t_string!(i18n, settings.vapi_lead)),
        ),
        Provider::Twilio => (
            Signal::derive(move || t_string!(i18n, settings.twilio_title)),
            Signal::derive(move || t_string!(i18n, settings.twilio_lead)),
        ),
    };
    view! {
        <section class="page settings-page">
            {return_step
                .map(|step| {
                    view! {
                        <a class="back-link" href=move || wizard_url(locale.get(), step) data-testid="back-to-wizard">
                            <span class="chevron back" aria-hidden="true">"‹"</span>
                            " "
                            {t!(i18n, settings.back_to_wizard)}
                        </a>
                    }
                })}
            <h1 id="page-title" tabindex="-1">{title}</h1>
            <p class="lead">{lead}</p>
            {move || {
                failure
                    .get()
                    .map(|error| view! { <Notice kind=NoticeKind::Error><p>{move || error_text(i18n, &error)}</p></Notice> })
            }}
            <Show when=move || returning.get()>
                <Notice kind=NoticeKind::Info><p>{t!(i18n, settings.returning)}</p></Notice>
            </Show>
            <div class="card line-summary">
                <LineStatusPanel line=line compact=true />
            </div>
            <div class="card">
                <ConnectPanel provider=provider vapi=vapi twilio=twilio on_change=on_change />
            </div>
        </section>
    }
}
