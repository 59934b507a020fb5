//! The Vapi and Twilio forms, checked by the server (and the provider) on save.

use ava_api_types::providers::{
    TwilioSettings, TwilioSettingsRequest, VapiSettings, VapiSettingsRequest,
};
use leptos::prelude::*;

use super::{CredentialField, errors::input_error};
use crate::{
    api::{self, ApiError},
    i18n::{t, t_string, use_i18n},
    ui::{Spinner, TextField},
};

#[component]
pub fn VapiForm(
    vapi: RwSignal<Option<VapiSettings>>,
    failure: RwSignal<Option<ApiError>>,
    saved: Callback<()>,
    replacing: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = RwSignal::new(String::new());
    let save = Action::new_local(move |body: &VapiSettingsRequest| {
        let body = body.clone();
        async move {
            match api::save_vapi(&body).await {
                Ok(settings) => {
                    key.set(String::new());
                    vapi.set(Some(settings));
                    saved.run(());
                }
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        save.dispatch_local(VapiSettingsRequest {
            vapi_api_key: key.get_untracked().trim().to_owned(),
        });
    };
    view! {
        <form class="connect-form" on:submit=submit novalidate=true>
            <TextField
                name=CredentialField::VapiApiKey.key()
                kind="password"
                autocomplete="off"
                required=true
                label=move || t_string!(i18n, vapi.key_label)
                hint=move || t_string!(i18n, vapi.key_hint)
                value=key
                on_input=move |text| key.set(text)
                error=Signal::derive(move || failure.with(|f| input_error(i18n, f, CredentialField::VapiApiKey)))
            />
            <FormButtons busy=busy replacing=replacing checking=Signal::derive(move || t_string!(i18n, connect.checking_vapi)) />
        </form>
    }
}

#[component]
pub fn TwilioForm(
    twilio: RwSignal<Option<TwilioSettings>>,
    failure: RwSignal<Option<ApiError>>,
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
    let save = Action::new_local(move |body: &TwilioSettingsRequest| {
        let body = body.clone();
        async move {
            match api::save_twilio(&body).await {
                Ok(settings) => {
                    auth_token.set(String::new());
                    twilio.set(Some(settings));
                    saved.run(());
                }
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        let phone = phone_number.get_untracked().trim().to_owned();
        save.dispatch_local(TwilioSettingsRequest {
            account_sid: account_sid.get_untracked().trim().to_owned(),
            auth_token: auth_token.get_untracked().trim().to_owned(),
            phone_number: (!phone.is_empty()).then_some(phone),
        });
    };
    view! {
        <form class="connect-form" on:submit=submit novalidate=true>
            <TextField
                name=CredentialField::AccountSid.key()
                autocomplete="off"
                required=true
                label=move || t_string!(i18n, twilio.account_sid)
                hint=move || t_string!(i18n, twilio.account_sid_hint)
                value=account_sid
                on_input=move |text| account_sid.set(text)
                error=Signal::derive(move || failure.with(|f| input_error(i18n, f, CredentialField::AccountSid)))
            />
            <TextField
                name=CredentialField::AuthToken.key()
                kind="password"
                autocomplete="off"
                required=true
                label=move || t_string!(i18n, twilio.auth_token)
                hint=move || {
                    if keeps_token { t_string!(i18n, twilio.auth_token_keep) } else { t_string!(i18n, twilio.auth_token_hint) }
                }
                value=auth_token
                on_input=move |text| auth_token.set(text)
                error=Signal::derive(move || failure.with(|f| input_error(i18n, f, CredentialField::AuthToken)))
            />
            <TextField
                name=CredentialField::PhoneNumber.key()
                kind="tel"
                autocomplete="off"
                label=move || t_string!(i18n, twilio.phone_number)
                hint=move || t_string!(i18n, twilio.phone_number_hint)
                value=phone_number
                on_input=move |text| phone_number.set(text)
                error=Signal::derive(move || failure.with(|f| input_error(i18n, f, CredentialField::PhoneNumber)))
            />
            <FormButtons busy=busy replacing=replacing checking=Signal::derive(move || t_string!(i18n, connect.checking_twilio)) />
        </form>
    }
}

#[component]
fn FormButtons(
    #[prop(into)] busy: Signal<bool>,
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
