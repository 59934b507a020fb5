//! Connecting the owner's Vapi and Twilio accounts: the form checked live by
//! the server, the masked status with Replace / Disconnect, and (in the
//! wizard) the three ways to go: here, Settings and back, or skip.

use ava_api_types::{
    codes,
    onboarding::StepKey,
    providers::{TwilioSettings, TwilioSettingsRequest, VapiSettings, VapiSettingsRequest},
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{NavigateOptions, hooks::use_navigate};

use crate::{
    api::{self, ApiError},
    app::use_url_locale,
    browser,
    i18n::{t, t_string, use_i18n},
    line::{Line, LineState, use_line},
    messages::{self, error_text, field_error_text},
    routes::RETURN_STEP_KEY,
    ui::{Notice, Spinner, TextField},
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

    /// Field errors this provider's form shows next to its inputs.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Provider::Vapi => &["vapi_api_key"],
            Provider::Twilio => &["account_sid", "auth_token", "phone_number"],
        }
    }
}

/// The error text for one input: a field error naming it, or the provider's
/// refusal when it concerns that input.
fn input_error(
    i18n: messages::I18n,
    error: &Option<ApiError>,
    field: &'static str,
) -> Option<String> {
    let error = error.as_ref()?;
    if let Some(field_error) = error.field_errors().iter().find(|e| e.field == field) {
        // The provider's refusal says more than "refused": explain it by its code.
        let refused = field_error.code == codes::field::REJECTED_BY_PROVIDER
            && error.code() != codes::VALIDATION_FAILED;
        return Some(if refused {
            error_text(i18n, error)
        } else {
            field_error_text(i18n, field_error)
        });
    }
    let concerns = match error.code() {
        codes::VAPI_KEY_REJECTED => field == "vapi_api_key",
        codes::TWILIO_CREDENTIALS_REJECTED => field == "auth_token",
        codes::TWILIO_NUMBER_NOT_ON_ACCOUNT => field == "phone_number",
        _ => false,
    };
    concerns.then(|| error_text(i18n, error))
}

/// The error shown above the form: anything not tied to one input.
fn form_error(error: &Option<ApiError>, provider: Provider) -> Option<ApiError> {
    let error = error.as_ref()?;
    let tied_code = matches!(
        error.code(),
        codes::VAPI_KEY_REJECTED
            | codes::TWILIO_CREDENTIALS_REJECTED
            | codes::TWILIO_NUMBER_NOT_ON_ACCOUNT
    );
    let tied_fields = !error.field_errors().is_empty()
        && error
            .field_errors()
            .iter()
            .all(|e| provider.fields().contains(&e.field.as_str()));
    (!tied_code && !tied_fields).then(|| error.clone())
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
    let option = RwSignal::new("here".to_owned());
    let notice = RwSignal::new(None::<&'static str>);
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);

    let line = use_line();
    // While Ava answers calls, disconnecting asks first (see `DisconnectConfirm`).
    let confirming = RwSignal::new(false);
    let disconnect = move || {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        confirming.set(false);
        spawn_local(async move {
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
                    notice.set(Some("disconnected"));
                    on_change.run(());
                }
                Err(error) => failure.set(Some(error)),
            }
            if let Some(line) = line {
                line.reload();
            }
            busy.set(false);
        });
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

    let status = move || {
        let lines: Vec<String> = match provider {
            Provider::Vapi => vapi.with(|v| {
                v.as_ref()
                    .and_then(|v| v.preview.clone())
                    .map(|preview| {
                        vec![t_string!(i18n, vapi.key_preview, preview = preview).to_string()]
                    })
                    .unwrap_or_default()
            }),
            Provider::Twilio => twilio.with(|t| {
                let Some(t) = t.as_ref() else {
                    return Vec::new();
                };
                let mut lines = Vec::new();
                if let Some(sid) = t.account_sid_preview.clone() {
                    lines.push(t_string!(i18n, twilio.account_preview, sid = sid).to_string());
                }
                if let Some(number) = t.phone_number.clone() {
                    lines.push(t_string!(i18n, twilio.number_preview, number = number).to_string());
                }
                if let Some(preview) = t.preview.clone() {
                    lines
                        .push(t_string!(i18n, twilio.token_preview, preview = preview).to_string());
                }
                lines
            }),
        };
        lines
            .into_iter()
            .map(|line| view! { <li dir="auto">{line}</li> })
            .collect_view()
    };

    let provider_name = move || match provider {
        Provider::Vapi => t_string!(i18n, vapi.name),
        Provider::Twilio => t_string!(i18n, twilio.name),
    };

    let saved = Callback::new(move |()| {
        replacing.set(false);
        notice.set(Some("saved"));
        failure.set(None);
        on_change.run(());
        if let Some(line) = line {
            line.reload();
        }
    });

    let form = move || {
        match provider {
        Provider::Vapi => view! { <VapiForm vapi=vapi failure=failure busy=busy saved=saved replacing=replacing /> }.into_any(),
        Provider::Twilio => {
            view! { <TwilioForm twilio=twilio failure=failure busy=busy saved=saved replacing=replacing /> }.into_any()
        }
    }
    };

    let options = move || {
        let choices: [(&str, &'static str); 3] = [
            ("here", t_string!(i18n, connect.option_here)),
            ("settings", t_string!(i18n, connect.option_settings)),
            ("skip", t_string!(i18n, connect.option_skip)),
        ];
        choices
            .into_iter()
            .map(|(value, label)| {
                let id = format!("f-connect-{value}");
                view! {
                    <div class="choice">
                        <input
                            type="radio"
                            id=id.clone()
                            name="connect_option"
                            value=value
                            prop:checked=move || option.get() == value
                            on:change=move |_| option.set(value.to_owned())
                        />
                        <label for=id>{label}</label>
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
                    .map(|which| {
                        let text = if which == "saved" {
                            t_string!(i18n, connect.saved)
                        } else {
                            t_string!(i18n, connect.disconnected)
                        };
                        view! { <Notice kind="success"><p>{text}</p></Notice> }
                    })
            }}
            {move || {
                form_error(&failure.get(), provider)
                    .map(|error| view! { <Notice kind="error"><p>{move || error_text(i18n, &error)}</p></Notice> })
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
                            {move || match (show_options, option.get().as_str()) {
                                (true, "settings") => view! {
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
                                (true, "skip") => view! {
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

/// "Disconnect anyway?": what stops working while Ava answers calls.
#[component]
fn DisconnectConfirm(
    provider: Provider,
    line: Line,
    #[prop(into)] confirm: Callback<()>,
    #[prop(into)] cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let number = move || {
        line.state.with(|state| match state {
            LineState::Known(status) => status.phone_number.clone(),
            _ => None,
        })
    };
    let name = move || match provider {
        Provider::Vapi => t_string!(i18n, vapi.name),
        Provider::Twilio => t_string!(i18n, twilio.name),
    };
    let consequence = move || match provider {
        Provider::Vapi => t_string!(i18n, connect.confirm_vapi),
        Provider::Twilio => t_string!(i18n, connect.confirm_twilio),
    };
    view! {
        <div class="confirm" role="group" aria-labelledby="disconnect-title" data-testid="disconnect-confirm">
            <p class="confirm-title" id="disconnect-title">
                {move || t_string!(i18n, connect.confirm_title, provider = name()).to_string()}
            </p>
            <p>{t!(i18n, connect.confirm_live_on)} " " <bdi dir="ltr">{number}</bdi> "."</p>
            <p>{consequence}</p>
            <div class="actions">
                <button type="button" class="button danger" data-testid="disconnect-anyway" on:click=move |_| confirm.run(())>
                    {t!(i18n, connect.confirm_yes)}
                </button>
                <button type="button" class="button" data-testid="disconnect-keep" on:click=move |_| cancel.run(())>
                    {t!(i18n, connect.confirm_no)}
                </button>
            </div>
        </div>
    }
}

#[component]
fn VapiForm(
    vapi: RwSignal<Option<VapiSettings>>,
    failure: RwSignal<Option<ApiError>>,
    busy: RwSignal<bool>,
    saved: Callback<()>,
    replacing: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let body = VapiSettingsRequest {
            vapi_api_key: key.get_untracked().trim().to_owned(),
        };
        spawn_local(async move {
            match api::save_vapi(&body).await {
                Ok(settings) => {
                    key.set(String::new());
                    vapi.set(Some(settings));
                    saved.run(());
                }
                Err(error) => failure.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="connect-form" on:submit=submit novalidate=true>
            <TextField
                name="vapi_api_key"
                kind="password"
                autocomplete="off"
                required=true
                label=move || t_string!(i18n, vapi.key_label)
                hint=move || t_string!(i18n, vapi.key_hint)
                value=key
                on_input=move |text| key.set(text)
                error=Signal::derive(move || failure.with(|f| input_error(i18n, f, "vapi_api_key")))
            />
            <FormButtons busy=busy replacing=replacing checking=Signal::derive(move || t_string!(i18n, connect.checking_vapi)) />
        </form>
    }
}

#[component]
fn TwilioForm(
    twilio: RwSignal<Option<TwilioSettings>>,
    failure: RwSignal<Option<ApiError>>,
    busy: RwSignal<bool>,
    saved: Callback<()>,
    replacing: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = twilio.get_untracked();
    let stored_token = current
        .as_ref()
        .and_then(|t| t.preview.clone())
        .filter(|_| replacing.get_untracked());
    let keeps_token = stored_token.is_some();
    let account_sid = RwSignal::new(String::new());
    let auth_token = RwSignal::new(stored_token.unwrap_or_default());
    let phone_number = RwSignal::new(current.and_then(|t| t.phone_number).unwrap_or_default());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let phone = phone_number.get_untracked().trim().to_owned();
        let body = TwilioSettingsRequest {
            account_sid: account_sid.get_untracked().trim().to_owned(),
            auth_token: auth_token.get_untracked().trim().to_owned(),
            phone_number: (!phone.is_empty()).then_some(phone),
        };
        spawn_local(async move {
            match api::save_twilio(&body).await {
                Ok(settings) => {
                    auth_token.set(String::new());
                    twilio.set(Some(settings));
                    saved.run(());
                }
                Err(error) => failure.set(Some(error)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="connect-form" on:submit=submit novalidate=true>
            <TextField
                name="account_sid"
                autocomplete="off"
                required=true
                label=move || t_string!(i18n, twilio.account_sid)
                hint=move || t_string!(i18n, twilio.account_sid_hint)
                value=account_sid
                on_input=move |text| account_sid.set(text)
                error=Signal::derive(move || failure.with(|f| input_error(i18n, f, "account_sid")))
            />
            <TextField
                name="auth_token"
                kind="password"
                autocomplete="off"
                required=true
                label=move || t_string!(i18n, twilio.auth_token)
                hint=move || {
                    if keeps_token { t_string!(i18n, twilio.auth_token_keep) } else { t_string!(i18n, twilio.auth_token_hint) }
                }
                value=auth_token
                on_input=move |text| auth_token.set(text)
                error=Signal::derive(move || failure.with(|f| input_error(i18n, f, "auth_token")))
            />
            <TextField
                name="phone_number"
                kind="tel"
                autocomplete="off"
                label=move || t_string!(i18n, twilio.phone_number)
                hint=move || t_string!(i18n, twilio.phone_number_hint)
                value=phone_number
                on_input=move |text| phone_number.set(text)
                error=Signal::derive(move || failure.with(|f| input_error(i18n, f, "phone_number")))
            />
            <FormButtons busy=busy replacing=replacing checking=Signal::derive(move || t_string!(i18n, connect.checking_twilio)) />
        </form>
    }
}

#[component]
fn FormButtons(
    busy: RwSignal<bool>,
    replacing: RwSignal<bool>,
    checking: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="actions">
            <button type="submit" class="button primary" disabled=move || busy.get() data-testid="connect-save">
                <Show when=move || busy.get()>
                    <Spinner />
                </Show>
                {move || if busy.get() { checking.get() } else { t_string!(i18n, connect.save) }}
            </button>
            <Show when=move || replacing.get()>
                <button type="button" class="button ghost" on:click=move |_| replacing.set(false)>
                    {t!(i18n, connect.cancel)}
                </button>
            </Show>
        </div>
        <p class="visually-hidden" role="status" aria-live="polite">
            {move || busy.get().then(|| checking.get())}
        </p>
    }
}
