//! Asking before disconnecting a provider while Ava answers calls.

use leptos::prelude::*;

use super::Provider;
use crate::{
    i18n::{t, t_string, use_i18n},
    line::{Line, LineState},
    ui::Ltr,
};

/// "Disconnect anyway?": what stops working while Ava answers calls.
#[component]
pub fn DisconnectConfirm(
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
    let name = move || provider.name(i18n);
    let consequence = move || match provider {
        Provider::Vapi => t_string!(i18n, connect.confirm_vapi),
        Provider::Twilio => t_string!(i18n, connect.confirm_twilio),
    };
    view! {
        <div class="confirm" role="group" aria-labelledby="disconnect-title" data-testid="disconnect-confirm">
            <p class="confirm-title" id="disconnect-title">
                {move || t_string!(i18n, connect.confirm_title, provider = name()).to_string()}
            </p>
            <p>{t!(i18n, connect.confirm_live_on)} " " <Ltr>{number}</Ltr> "."</p>
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
