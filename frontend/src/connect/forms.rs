//! The Vapi and Twilio forms, checked by the server (and the provider) on
//! save. What is typed lives in [`Credentials`], owned by the panel: the
//! wizard's Continue checks and saves it too, so nothing typed is dropped.

use ava_api_types::providers::{
    TwilioSettings, TwilioSettingsRequest, VapiSettings, VapiSettingsRequest,
};
use leptos::prelude::*;

use super::{CredentialField, Provider, errors::input_error};
use crate::{
    api::{self, ApiError},
    i18n::{t, t_string, use_i18n},
    ui::{Spinner, TextField},
};

/// What is typed in a provider's form, and its check and save.
#[derive(Clone, Copy)]
pub struct Credentials {
    provider: Provider,
    vapi: RwSignal<Option<VapiSettings>>,
    twilio: RwSignal<Option<TwilioSettings>>,
    /// The last refusal, shown by the form.
    pub failure: RwSignal<Option<ApiError>>,
    /// Runs after a successful save.
    saved: Callback<()>,
    vapi_api_key: RwSignal<String>,
    account_sid: RwSignal<String>,
    auth_token: RwSignal<String>,
    phone_number: RwSignal<String>,
    /// What the token and number fields started with (the kept token's
    /// mask when replacing, the current number): not typed by the owner.
    start: StoredValue<(String, String)>,
    pub saving: RwSignal<bool>,
}

impl Credentials {
    pub fn new(
        provider: Provider,
        vapi: RwSignal<Option<VapiSettings>>,
        twilio: RwSignal<Option<TwilioSettings>>,
        failure: RwSignal<Option<ApiError>>,
        saved: Callback<()>,
    ) -> Self {
        let credentials = Self {
            provider,
            vapi,
            twilio,
            failure,
            saved,
            vapi_api_key: RwSignal::new(String::new()),
            account_sid: RwSignal::new(String::new()),
            auth_token: RwSignal::new(String::new()),
            phone_number: RwSignal::new(String::new()),
            start: StoredValue::new((String::new(), String::new())),
            saving: RwSignal::new(false),
        };
        credentials.prefill(false);
        credentials
    }

    /// Empties the form, with the current number and, when replacing, the
    /// kept token (its mask) filled in.
    pub fn prefill(self, replacing: bool) {
        let current = self.twilio.get_untracked();
        let token = current
            .as_ref()
            .and_then(|t| t.preview.clone())
            .filter(|_| replacing)
            .unwrap_or_default();
        let phone = current.and_then(|t| t.phone_number).unwrap_or_default();
        self.vapi_api_key.set(String::new());
        self.account_sid.set(String::new());
        self.auth_token.set(token.clone());
        self.phone_number.set(phone.clone());
        self.start.set_value((token, phone));
    }

    /// Whether the owner typed something that is not saved.
    pub fn typed(self) -> bool {
        match self.provider {
            Provider::Vapi => !self.vapi_api_key.get_untracked().trim().is_empty(),
            Provider::Twilio => {
                let (token, phone) = self.start.get_value();
                !self.account_sid.get_untracked().trim().is_empty()
                    || self.auth_token.get_untracked().trim() != token.trim()
                    || self.phone_number.get_untracked().trim() != phone.trim()
            }
        }
    }

    /// Sends what is typed to be checked and saved: `true` once saved, else
    /// the refusal is in `failure`.
    pub async fn save(self) -> bool {
        self.failure.set(None);
        self.saving.set(true);
        let result = match self.provider {
            Provider::Vapi => {
                let body = VapiSettingsRequest {
                    vapi_api_key: self.vapi_api_key.get_untracked().trim().to_owned(),
                };
                api::save_vapi(&body)
                    .await
                    .map(|settings| self.vapi.set(Some(settings)))
            }
            Provider::Twilio => {
                let phone = self.phone_number.get_untracked().trim().to_owned();
                let body = TwilioSettingsRequest {
                    account_sid: self.account_sid.get_untracked().trim().to_owned(),
                    auth_token: self.auth_token.get_untracked().trim().to_owned(),
                    phone_number: (!phone.is_empty()).then_some(phone),
                };
                api::save_twilio(&body)
                    .await
                    .map(|settings| self.twilio.set(Some(settings)))
            }
        };
        self.saving.set(false);
        match result {
            Ok(()) => {
                self.prefill(false);
                self.saved.run(());
                true
            }
            Err(error) => {
                self.failure.set(Some(error));
                false
            }
        }
    }

    fn error(self, i18n: crate::messages::I18n, field: CredentialField) -> Signal<Option<String>> {
        let failure = self.failure;
        Signal::derive(move || failure.with(|f| input_error(i18n, f, field)))
    }
}

/// The form's submit: one check at a time.
fn submit_of(form: Credentials) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
    let save = Action::new_local(move |(): &()| form.save());
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.saving.get_untracked() {
            save.dispatch_local(());
        }
    }
}

#[component]
pub fn VapiForm(form: Credentials, replacing: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let key = form.vapi_api_key;
    view! {
        <form class="connect-form" on:submit=submit_of(form) novalidate=true>
            <TextField
                name=CredentialField::VapiApiKey.key()
                kind="password"
                autocomplete="off"
                required=true
                label=move || t_string!(i18n, vapi.key_label)
                hint=move || t_string!(i18n, vapi.key_hint)
                value=key
                on_input=move |text| key.set(text)
                error=form.error(i18n, CredentialField::VapiApiKey)
            />
            <FormButtons form=form replacing=replacing checking=Signal::derive(move || t_string!(i18n, connect.checking_vapi)) />
        </form>
    }
}

#[component]
pub fn TwilioForm(form: Credentials, replacing: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let keeps_token = form.start.with_value(|(token, _)| !token.is_empty());
    let Credentials {
        account_sid,
        auth_token,
        phone_number,
        ..
    } = form;
    view! {
        <form class="connect-form" on:submit=submit_of(form) novalidate=true>
            <TextField
                name=CredentialField::AccountSid.key()
                autocomplete="off"
                required=true
                label=move || t_string!(i18n, twilio.account_sid)
                hint=move || t_string!(i18n, twilio.account_sid_hint)
                value=account_sid
                on_input=move |text| account_sid.set(text)
                error=form.error(i18n, CredentialField::AccountSid)
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
                error=form.error(i18n, CredentialField::AuthToken)
            />
            <TextField
                name=CredentialField::PhoneNumber.key()
                kind="tel"
                autocomplete="off"
                label=move || t_string!(i18n, twilio.phone_number)
                hint=move || t_string!(i18n, twilio.phone_number_hint)
                value=phone_number
                on_input=move |text| phone_number.set(text)
                error=form.error(i18n, CredentialField::PhoneNumber)
            />
            <FormButtons form=form replacing=replacing checking=Signal::derive(move || t_string!(i18n, connect.checking_twilio)) />
        </form>
    }
}

#[component]
fn FormButtons(
    form: Credentials,
    replacing: RwSignal<bool>,
    checking: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = form.saving;
    view! {
        <div class="actions">
            <button type="submit" class="button primary" disabled=move || busy.get() data-testid="connect-save">
                <Show when=move || busy.get()>
                    <Spinner />
                </Show>
                {move || if busy.get() { checking.get() } else { t_string!(i18n, connect.save) }}
            </button>
            <Show when=move || replacing.get()>
                <button type="button" class="button ghost" on:click=move |_| {
                    replacing.set(false);
                    form.prefill(false);
                }>
                    {t!(i18n, connect.cancel)}
                </button>
            </Show>
        </div>
        <p class="visually-hidden" role="status" aria-live="polite">
            {move || busy.get().then(|| checking.get())}
        </p>
    }
}
