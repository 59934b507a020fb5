//! "Call me now": Vapi calls the owner's own phone with their assistant,
//! from their number (`POST /assistants/test-call`), so they hear what
//! callers hear.

use ava_api_types::{
    calls::{CallStarted, TestCallRequest},
    problem::FieldError,
};
use leptos::prelude::*;

use crate::{
    api::{self, ApiError},
    i18n::{t, t_string, use_i18n},
    messages::{error_text, field_error_text},
    ui::{Notice, NoticeKind, Spinner, TextField},
};

type Outcome = Result<CallStarted, ApiError>;

/// The refusal of the number itself (422 naming `number`).
fn number_error(error: &ApiError) -> Option<&FieldError> {
    error.field_errors().iter().find(|e| e.field == "number")
}

#[component]
pub fn TestCall() -> impl IntoView {
    let i18n = use_i18n();
    let number = RwSignal::new(String::new());
    let call = Action::new_local(|number: &String| {
        let body = TestCallRequest {
            number: number.trim().to_owned(),
        };
        async move { api::test_call(&body).await }
    });
    // The answer to show: none while a call is being asked for, or once the
    // number was edited after it.
    let shown = RwSignal::new(None::<Outcome>);
    Effect::new(move |_| {
        if let Some(outcome) = call.value().get() {
            shown.set(Some(outcome));
        }
    });
    let pending = call.pending();
    let field_error = Signal::derive(move || {
        shown.with(|outcome| match outcome {
            Some(Err(error)) => number_error(error).map(|e| field_error_text(i18n, e)),
            _ => None,
        })
    });
    let problem = move || {
        shown.with(|outcome| match outcome {
            Some(Err(error)) if number_error(error).is_none() => Some(error.clone()),
            _ => None,
        })
    };
    let started = move || shown.with(|outcome| matches!(outcome, Some(Ok(_))));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            shown.set(None);
            call.dispatch_local(number.get_untracked());
        }
    };
    view! {
        <form class="test-call" on:submit=submit novalidate=true aria-labelledby="test-call-title">
            <h3 id="test-call-title">{t!(i18n, test_call.title)}</h3>
            <p class="hint">{t!(i18n, test_call.lead)}</p>
            <TextField
                name="number"
                testid="test-call-number"
                kind="tel"
                autocomplete="tel"
                label=move || t_string!(i18n, test_call.number)
                hint=move || t_string!(i18n, test_call.hint)
                value=number
                on_input=move |text| {
                    number.set(text);
                    shown.set(None);
                }
                error=field_error
            />
            <button type="submit" class="button primary" data-testid="test-call-start" disabled=move || pending.get()>
                <Show when=move || pending.get()><Spinner /></Show>
                {move || if pending.get() { t_string!(i18n, test_call.calling) } else { t_string!(i18n, test_call.start) }}
            </button>
            <div class="test-call-result" data-testid="test-call-result">
                <Show when=started>
                    <Notice kind=NoticeKind::Success><p>{t!(i18n, test_call.started)}</p></Notice>
                </Show>
                {move || problem().map(|error| view! { <Notice kind=NoticeKind::Error><p>{move || error_text(i18n, &error)}</p></Notice> })}
            </div>
        </form>
    }
}
