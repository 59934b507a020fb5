//! Creating the Vapi assistant, and pushing the configuration to it.

use ava_api_types::{assistants::Assistant, onboarding::StepKey};
use leptos::prelude::*;

use super::fix_link;
use crate::{
    api::{self, ApiError},
    browser,
    i18n::{t, t_string, use_i18n},
    line::use_line,
    messages,
    ui::{Ltr, Notice, NoticeKind},
    workspace::Workspace,
};

/// What the last successful action did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Created,
    Pushed,
}

#[component]
pub fn AssistantActions(ws: Workspace, in_wizard: bool) -> impl IntoView {
    let i18n = use_i18n();
    let failure = RwSignal::new(None::<ApiError>);
    let success = RwSignal::new(None::<Outcome>);
    let latest = Memo::new(move |_| {
        ws.assistants.with(|list| {
            list.as_ref()
                .and_then(|list| list.iter().max_by_key(|a| a.created_at).cloned())
        })
    });
    let locale = move || messages::current(i18n);
    // Creating or pushing the assistant changes whether Ava answers calls.
    let line = use_line();
    let recheck = move || {
        if let Some(line) = line {
            line.reload();
        }
    };
    // Either request saves the configuration first, so Vapi gets what is on screen.
    let create = Action::new_local(move |(): &()| async move {
        ws.save_and_wait(ws.studio).await;
        match api::create_assistant().await {
            Ok(assistant) => {
                ws.assistants
                    .update(|list| list.get_or_insert_with(Vec::new).push(assistant));
                success.set(Some(Outcome::Created));
                ws.refresh_onboarding();
                recheck();
            }
            Err(error) => failure.set(Some(error)),
        }
    });
    let push = Action::new_local(move |assistant: &Assistant| {
        let id = assistant.id.clone();
        async move {
            ws.save_and_wait(ws.studio).await;
            match api::sync_assistant(&id).await {
                Ok(updated) => {
                    ws.assistants.update(|list| {
                        if let Some(list) = list {
                            for existing in list.iter_mut().filter(|a| a.id == updated.id) {
                                *existing = updated.clone();
                            }
                        }
                    });
                    success.set(Some(Outcome::Pushed));
                    recheck();
                }
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let busy = Signal::derive(move || create.pending().get() || push.pending().get());
    let start = move || {
        if busy.get_untracked() {
            return false;
        }
        failure.set(None);
        success.set(None);
        true
    };
    let on_create = move |_| {
        if start() {
            create.dispatch_local(());
        }
    };
    let on_push = move |_| {
        let Some(assistant) = latest.get_untracked() else {
            return;
        };
        if start() {
            push.dispatch_local(assistant);
        }
    };
    let failure_view = move || {
        failure.get().map(|error| {
            let code = error.code().to_owned();
            let vapi_problem = code.starts_with("vapi_key") || code == ava_api_types::codes::VAPI_NOT_CONNECTED;
            view! {
                <Notice kind=NoticeKind::Error>
                    <p>{move || messages::error_text(i18n, &error)}</p>
                    {vapi_problem
                        .then(|| {
                            view! {
                                <p>
                                    <a href=move || fix_link(locale(), StepKey::Vapi, in_wizard)>{t!(i18n, assistant.fix)}</a>
                                </p>
                            }
                        })}
                </Notice>
            }
        })
    };
    let existing = move || {
        latest.get().map(|assistant| {
            let bound = assistant.phone_number.clone();
            let reason = move || {
                if !ws.twilio_connected() {
                    t_string!(i18n, assistant.reason_no_twilio)
                } else {
                    t_string!(i18n, assistant.reason_no_number)
                }
            };
            let pushed = assistant.synced_at.timestamp_millis() as f64;
            view! {
                <div class="assistant-card" data-testid="assistant-card">
                    <p class="assistant-title">{t!(i18n, assistant.existing)} " · " <strong dir="auto">{assistant.name.clone()}</strong></p>
                    <dl>
                        <dt>{t!(i18n, assistant.assistant_id)}</dt>
                        <dd><code data-testid="assistant-id">{assistant.vapi_assistant_id.clone()}</code></dd>
                    </dl>
                    {match bound {
                        Some(number) => view! { <p>{t!(i18n, assistant.number_in_vapi)} " " <Ltr>{number}</Ltr></p> }.into_any(),
                        None => view! { <p class="warn">{t!(i18n, assistant.number_not_bound)} " " {reason}</p> }.into_any(),
                    }}
                    <p class="hint">
                        {move || {
                            let date = browser::format_date_time(pushed, locale().as_str());
                            t_string!(i18n, assistant.last_pushed, date = date).to_string()
                        }}
                    </p>
                </div>
            }
        })
    };
    view! {
        <div class="assistant-actions">
            {existing}
            {failure_view}
            <Show when=move || success.with(Option::is_some) && !busy.get()>
                <Notice kind=NoticeKind::Success>
                    <p>
                        {move || {
                            match success.get() {
                                Some(Outcome::Pushed) => t_string!(i18n, assistant.pushed),
                                _ => t_string!(i18n, assistant.created),
                            }
                        }}
                    </p>
                </Notice>
            </Show>
            <p class="busy-line" role="status" aria-live="polite">
                {move || {
                    busy.get()
                        .then(|| {
                            if latest.with(Option::is_some) {
                                t_string!(i18n, assistant.pushing)
                            } else {
                                t_string!(i18n, assistant.creating)
                            }
                        })
                }}
            </p>
            {move || {
                if latest.with(Option::is_some) {
                    view! {
                        <button type="button" class="button primary" data-testid="push-assistant" disabled=move || busy.get() on:click=on_push>
                            <Show when=move || busy.get()><span class="spinner" aria-hidden="true"></span></Show>
                            {move || if in_wizard { t_string!(i18n, assistant.push) } else { t_string!(i18n, assistant.push_to_vapi) }}
                        </button>
                    }
                    .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="button primary"
                            data-testid="create-assistant"
                            disabled=move || busy.get() || !ws.vapi_connected()
                            on:click=on_create
                        >
                            <Show when=move || busy.get()><span class="spinner" aria-hidden="true"></span></Show>
                            {t!(i18n, assistant.create)}
                        </button>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}
