//! Connecting the owner's Vapi and Twilio accounts: the form checked live by
//! the server, the masked status with Replace / Disconnect, and (in the
//! wizard) the three ways to go: here, Settings and back, or skip.

use ava_api_types::{
    onboarding::StepKey,
    providers::{TwilioSettings, VapiSettings},
};
use leptos::prelude::*;
use leptos_router::{NavigateOptions, hooks::use_navigate};

mod disconnect;
mod errors;
mod forms;

use self::{
    disconnect::DisconnectConfirm,
    errors::form_error,
    forms::{Credentials, TwilioForm, VapiForm},
};
use crate::{
    api::{self, ApiError},
    browser,
    context::{Verdict, use_continue_guard, use_url_locale},
    i18n::{t, t_string, use_i18n},
    line::use_line,
    messages::{self, error_text},
    routes::RETURN_STEP_KEY,
    ui::{Notice, NoticeKind, ltr_value},
};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Vapi,
    Twilio,
}

impl Provider {
    fn step(self) -> StepKey {
        match self {
            Provider::Vapi => StepKey::Vapi,
            Provider::Twilio => StepKey::Twilio,
        }
    }

    fn settings_page(self) -> &'static str {
        match self {
            Provider::Vapi => "settings/vapi",
            Provider::Twilio => "settings/twilio",
        }
    }

    pub fn name(self, i18n: messages::I18n) -> &'static str {
        match self {
            Provider::Vapi => t_string!(i18n, vapi.name),
            Provider::Twilio => t_string!(i18n, twilio.name),
        }
    }

    /// The inputs of this provider's form (their errors are shown next to them).
    fn fields(self) -> &'static [CredentialField] {
        match self {
            Provider::Vapi => &[CredentialField::VapiApiKey],
            Provider::Twilio => &[
                CredentialField::AccountSid,
                CredentialField::AuthToken,
                CredentialField::PhoneNumber,
            ],
        }
    }
}

/// An input of the Vapi or Twilio form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CredentialField {
    VapiApiKey,
    AccountSid,
    AuthToken,
    PhoneNumber,
}

impl CredentialField {
    /// Its name in the request body (and in the server's field errors).
    fn key(self) -> &'static str {
        match self {
            CredentialField::VapiApiKey => "vapi_api_key",
            CredentialField::AccountSid => "account_sid",
            CredentialField::AuthToken => "auth_token",
            CredentialField::PhoneNumber => "phone_number",
        }
    }
}

/// The three ways through a provider's wizard step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// Enter the credentials here.
    Here,
    /// Go to the Settings page and come back.
    Settings,
    /// Skip the step for now.
    Skip,
}

impl Route {
    const ALL: [Self; 3] = [Self::Here, Self::Settings, Self::Skip];

    /// The radio button's value (and id suffix).
    fn value(self) -> &'static str {
        match self {
            Route::Here => "here",
            Route::Settings => "settings",
            Route::Skip => "skip",
        }
    }

    fn label(self, i18n: messages::I18n) -> &'static str {
        match self {
            Route::Here => t_string!(i18n, connect.option_here),
            Route::Settings => t_string!(i18n, connect.option_settings),
            Route::Skip => t_string!(i18n, connect.option_skip),
        }
    }
}

/// What the last successful change was, announced above the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Done {
    Saved,
    Disconnected,
}

/// The connection status and forms of one provider.
///
/// `wizard`: show the three options (here / Settings / skip) when not
/// connected; `on_skip` is the wizard's Skip.
#[component]
pub fn ConnectPanel(
    provider: Provider,
    vapi: RwSignal<Option<VapiSettings>>,
    twilio: RwSignal<Option<TwilioSettings>>,
    #[prop(into)] on_change: Callback<()>,
    #[prop(optional)] wizard: bool,
    #[prop(into, optional)] on_skip: Option<Callback<()>>,
    #[prop(into, optional)] before_leaving: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = use_url_locale();
    let navigate = use_navigate();
    let connected = Memo::new(move |_| match provider {
        Provider::Vapi => vapi.with(|v| v.as_ref().is_some_and(|v| v.configured)),
        Provider::Twilio => twilio.with(|t| t.as_ref().is_some_and(|t| t.configured)),
    });
    let loaded = move || match provider {
        Provider::Vapi => vapi.with(Option::is_some),
        Provider::Twilio => twilio.with(Option::is_some),
    };
    let replacing = RwSignal::new(false);
    let route = RwSignal::new(Route::Here);
    let notice = RwSignal::new(None::<Done>);
    let failure = RwSignal::new(None::<ApiError>);
    let line = use_line();
    // Continue in the wizard found what was typed refused.
    let continue_refused = RwSignal::new(false);
    let saved = Callback::new(move |()| {
        replacing.set(false);
        notice.set(Some(Done::Saved));
        continue_refused.set(false);
        failure.set(None);
        on_change.run(());
        if let Some(line) = line {
            line.reload();
        }
    });

    let credentials = Credentials::new(provider, vapi, twilio, failure, saved);
    // In the wizard, Continue checks and saves what is typed first; if it
    // is refused, the step stays and says why.
    if wizard && let Some(guard) = use_continue_guard() {
        guard.set(move || async move {
            while credentials.saving.get_untracked() {
                gloo_timers::future::TimeoutFuture::new(100).await;
            }
            if !credentials.typed() {
                return Verdict::Go;
            }
            route.set(Route::Here);
            if credentials.save().await {
                Verdict::Saved
            } else {
                continue_refused.set(true);
                browser::focus_selector(".connect-form [aria-invalid=true]".to_owned());
                Verdict::Stay
            }
        });
    }
    // While Ava answers calls, disconnecting asks first (see `DisconnectConfirm`).
    let confirming = RwSignal::new(false);
    let remove = Action::new_local(move |(): &()| async move {
        let result = match provider {
            Provider::Vapi => api::delete_vapi().await.map(|()| {
                vapi.set(Some(VapiSettings {
                    configured: false,
                    preview: None,
                }));
            }),
            Provider::Twilio => api::delete_twilio().await.map(|()| {
                twilio.set(Some(TwilioSettings {
                    configured: false,
                    account_sid_preview: None,
                    phone_number: None,
                    preview: None,
                }));
            }),
        };
        match result {
            Ok(()) => {
                credentials.prefill(false);
                notice.set(Some(Done::Disconnected));
                on_change.run(());
            }
            Err(error) => failure.set(Some(error)),
        }
        if let Some(line) = line {
            line.reload();
        }
    });
    let busy = remove.pending();
    let disconnect = move || {
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        confirming.set(false);
        remove.dispatch_local(());
    };
    let ask_disconnect = move |_| {
        if line.is_some_and(|line| untrack(|| line.answering())) {
            notice.set(None);
            confirming.set(true);
            browser::focus_selector("[data-testid=disconnect-keep]".to_owned());
        } else {
            disconnect();
        }
    };

    let open_settings = Callback::new(move |()| {
        if let Some(before) = before_leaving {
            before.run(());
        }
        browser::session_set(RETURN_STEP_KEY, provider.step().as_str());
        navigate(
            &format!(
                "/{}/{}",
                locale.get_untracked().as_str(),
                provider.settings_page()
            ),
            NavigateOptions::default(),
        );
    });

    // One line per stored credential, its masked value isolated (`Ltr`) in
    // the translated sentence; the lines take the page's direction.
    let status = move || {
        let mut lines: Vec<AnyView> = Vec::new();
        match provider {
            Provider::Vapi => {
                if let Some(preview) = vapi.with(|v| v.as_ref().and_then(|v| v.preview.clone())) {
                    lines.push(t!(i18n, vapi.key_preview, preview = ltr_value(preview)).into_any());
                }
            }
            Provider::Twilio => {
                let Some(t) = twilio.get() else {
                    return Vec::new();
                };
                if let Some(sid) = t.account_sid_preview {
                    lines.push(t!(i18n, twilio.account_preview, sid = ltr_value(sid)).into_any());
                }
                if let Some(number) = t.phone_number {
                    lines.push(
                        t!(i18n, twilio.number_preview, number = ltr_value(number)).into_any(),
                    );
                }
                if let Some(preview) = t.preview {
                    lines.push(
                        t!(i18n, twilio.token_preview, preview = ltr_value(preview)).into_any(),
                    );
                }
            }
        }
        lines
            .into_iter()
            .map(|line| view! { <li>{line}</li> })
            .collect::<Vec<_>>()
    };

    let provider_name = move || provider.name(i18n);

    let form = move || match provider {
        Provider::Vapi => view! { <VapiForm form=credentials replacing=replacing /> }.into_any(),
        Provider::Twilio => {
            view! { <TwilioForm form=credentials replacing=replacing /> }.into_any()
        }
    };

    let options = move || {
        Route::ALL
            .into_iter()
            .map(|choice| {
                let value = choice.value();
                let id = format!("f-connect-{value}");
                view! {
                    <div class="choice">
                        <input
                            type="radio"
                            id=id.clone()
                            name="connect_option"
                            value=value
                            prop:checked=move || route.get() == choice
                            on:change=move |_| route.set(choice)
                        />
                        <label for=id>{move || choice.label(i18n)}</label>
                    </div>
                }
            })
            .collect_view()
    };

    view! {
        <div class="connect" data-provider=move || provider.step().as_str()>
            {move || {
                notice
                    .get()
                    .map(|done| {
                        let text = match done {
                            Done::Saved => t_string!(i18n, connect.saved),
                            Done::Disconnected => t_string!(i18n, connect.disconnected),
                        };
                        view! { <Notice kind=NoticeKind::Success><p>{text}</p></Notice> }
                    })
            }}
            <Show when=move || continue_refused.get() && failure.with(Option::is_some)>
                <Notice kind=NoticeKind::Error><p>{t!(i18n, wizard.credentials_not_saved)}</p></Notice>
            </Show>
            {move || {
                form_error(&failure.get(), provider)
                    .map(|error| view! { <Notice kind=NoticeKind::Error><p>{move || error_text(i18n, &error)}</p></Notice> })
            }}
            <Show when=loaded fallback=move || view! { <p class="page-loading" role="status">{t!(i18n, app.loading)}</p> }>
                <Show
                    when=move || connected.get() && !replacing.get()
                    fallback=move || {
                        let show_options = wizard && !connected.get();
                        view! {
                            {show_options
                                .then(|| {
                                    view! {
                                        <fieldset class="choices cards three">
                                            <legend>{t!(i18n, connect.options_legend)}</legend>
                                            {options}
                                        </fieldset>
                                    }
                                })}
                            {move || match (show_options, route.get()) {
                                (true, Route::Settings) => view! {
                                    <div class="option-panel">
                                        <p>{t!(i18n, connect.settings_explain)}</p>
                                        <button type="button" class="button" data-testid="open-settings" on:click=move |_| open_settings.run(())>
                                            {t!(i18n, connect.open_settings)}
                                            " "
                                            <span class="chevron" aria-hidden="true">"›"</span>
                                        </button>
                                    </div>
                                }
                                .into_any(),
                                (true, Route::Skip) => view! {
                                    <div class="option-panel">
                                        <p>{t!(i18n, connect.skip_explain)}</p>
                                        {on_skip
                                            .map(|skip| {
                                                view! {
                                                    <button type="button" class="button" on:click=move |_| skip.run(())>
                                                        {t!(i18n, wizard.skip)}
                                                    </button>
                                                }
                                            })}
                                    </div>
                                }
                                .into_any(),
                                _ => view! { <div class="option-panel">{form}</div> }.into_any(),
                            }}
                        }
                    }
                >
                    <div class="status-card connected">
                        <p class="status-line">
                            <span class="status-dot" aria-hidden="true"></span>
                            <strong>{provider_name}</strong>
                            " · "
                            {t!(i18n, connect.connected)}
                        </p>
                        <ul class="previews">{status}</ul>
                        <div class="actions">
                            <button
                                type="button"
                                class="button"
                                data-testid=move || format!("{}-replace", provider.step().as_str())
                                on:click=move |_| {
                                    notice.set(None);
                                    replacing.set(true);
                                    credentials.prefill(true);
                                }
                            >
                                {t!(i18n, connect.replace)}
                            </button>
                            <button
                                type="button"
                                class="button danger"
                                data-testid=move || format!("{}-disconnect", provider.step().as_str())
                                disabled=move || busy.get() || confirming.get()
                                on:click=ask_disconnect
                            >
                                {t!(i18n, connect.disconnect)}
                            </button>
                        </div>
                    </div>
                    {move || {
                        line.filter(|_| confirming.get())
                            .map(|line| {
                                view! {
                                    <DisconnectConfirm
                                        provider=provider
                                        line=line
                                        confirm=move |()| disconnect()
                                        cancel=move |()| {
                                            confirming.set(false);
                                            browser::focus_selector(
                                                format!("[data-testid={}-disconnect]", provider.step().as_str()),
                                            );
                                        }
                                    />
                                }
                            })
                    }}
                </Show>
            </Show>
        </div>
    }
}
