//! The Calls view of Ava Studio: every call to the owner's number as Vapi
//! reported it, newest first, a page at a time (`GET /calls` and its
//! cursor); a call opens to its summary and transcript. Times are in the
//! owner's time zone (their profile's). In demo mode, "Simulate a call"
//! has the simulated Vapi place a call, routed by the hours right now.

use ava_api_types::{
    calls::Call,
    line::{SimulateCallRequest, SimulatedCall, SimulatedRoute},
};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError},
    autosave::field::ProfileField,
    browser,
    context::use_meta_flag,
    i18n::{t, t_string, use_i18n},
    line::use_line,
    messages::{self, ended_reason, error_text},
    transcript::{Speaker, minutes_seconds, turns},
    ui::{Ltr, Notice, NoticeKind, Spinner},
    workspace::Workspace,
};

const PAGE: u32 = 10;

#[derive(Debug, Clone, PartialEq)]
enum Calls {
    Loading,
    Failed(ApiError),
    Ready {
        calls: Vec<Call>,
        next: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum More {
    Idle,
    Loading,
    Failed(ApiError),
}

/// Loads the first page again (the list on screen stays until it comes).
fn load_first(calls: RwSignal<Calls>) {
    spawn_local(async move {
        let state = match api::calls(PAGE, None).await {
            Ok(page) => Calls::Ready {
                calls: page.calls,
                next: page.next,
            },
            Err(error) => Calls::Failed(error),
        };
        calls.try_set(state);
    });
}

#[component]
pub fn CallsPanel(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let calls = RwSignal::new(Calls::Loading);
    let more = RwSignal::new(More::Idle);
    load_first(calls);
    let zone = Signal::derive(move || {
        Some(ws.profile.text(ProfileField::Timezone)).filter(|z| !z.trim().is_empty())
    });
    let load_more = move |_| {
        let Calls::Ready {
            next: Some(cursor), ..
        } = calls.get_untracked()
        else {
            return;
        };
        more.set(More::Loading);
        spawn_local(async move {
            match api::calls(PAGE, Some(&cursor)).await {
                Ok(page) => {
                    calls.update(|state| {
                        if let Calls::Ready { calls, next } = state {
                            calls.extend(page.calls);
                            *next = page.next;
                        }
                    });
                    more.set(More::Idle);
                }
                Err(error) => more.set(More::Failed(error)),
            }
        });
    };
    let line = use_line();
    let refreshed = Callback::new(move |()| {
        load_first(calls);
        if let Some(line) = line {
            line.refresh();
        }
    });
    let body = move || {
        match calls.get() {
        Calls::Loading => view! { <p class="page-loading" role="status" data-testid="calls-loading">{t!(i18n, calls.loading)}</p> }.into_any(),
        Calls::Failed(error) => view! {
            <Notice kind=NoticeKind::Error>
                <p>{t!(i18n, calls.failed)} " " {move || error_text(i18n, &error)}</p>
                <button type="button" class="button" on:click=move |_| refreshed.run(())>{t!(i18n, app.retry)}</button>
            </Notice>
        }
        .into_any(),
        Calls::Ready { calls, .. } if calls.is_empty() => view! { <p class="note" data-testid="calls-empty">{t!(i18n, calls.empty)}</p> }.into_any(),
        Calls::Ready { calls, next } => view! {
            <ul class="calls-list" data-testid="calls-list">
                {calls.into_iter().map(|call| view! { <CallItem call=call zone=zone /> }).collect_view()}
            </ul>
            {next.map(|_| view! {
                <button type="button" class="button" data-testid="calls-more" disabled=move || more.get() == More::Loading on:click=load_more>
                    <Show when=move || more.get() == More::Loading><Spinner /></Show>
                    {t!(i18n, calls.load_more)}
                </button>
            })}
        }
        .into_any(),
    }
    };
    let more_error = move || match more.get() {
        More::Failed(error) => Some(
            view! { <Notice kind=NoticeKind::Error><p>{move || error_text(i18n, &error)}</p></Notice> },
        ),
        _ => None,
    };
    view! {
        <div class="calls-head">
            <div>
                <h2 id="calls-title">{t!(i18n, calls.title)}</h2>
                <p class="hint">{t!(i18n, calls.lead)}</p>
            </div>
            <button type="button" class="button ghost" data-testid="calls-refresh" on:click=move |_| refreshed.run(())>
                {t!(i18n, calls.refresh)}
            </button>
        </div>
        <SimulateCall done=refreshed />
        {body}
        {more_error}
    }
}

#[component]
fn CallItem(call: Call, zone: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let started = call.started_at.map(|at| at.timestamp_millis() as f64);
    let when = move || {
        started.map(|ms| {
            browser::format_in_zone(ms, messages::current(i18n).as_str(), zone.get().as_deref())
        })
    };
    let duration = call.duration_seconds.map(|seconds| {
        let (minutes, seconds) = minutes_seconds(seconds);
        move || t_string!(i18n, calls.duration, minutes = minutes, seconds = seconds).to_string()
    });
    let caller = call.caller.clone();
    let hours_badge = call.during_hours.map(|during| {
        view! {
            <span class=if during { "badge complete" } else { "badge skipped" } data-testid="call-hours" data-during=during.to_string()>
                {move || if during { t_string!(i18n, calls.during_hours) } else { t_string!(i18n, calls.after_hours) }}
            </span>
        }
    });
    let reason = call
        .ended_reason
        .clone()
        .map(|code| move || ended_reason(i18n, &code));
    view! {
        <li class="call" data-testid="call-item" data-call=call.id.clone()>
            <details>
                <summary>
                    <span class="call-caller">
                        {match caller {
                            Some(number) => view! { <Ltr>{number}</Ltr> }.into_any(),
                            None => view! { <span>{t!(i18n, calls.unknown_caller)}</span> }.into_any(),
                        }}
                    </span>
                    <bdi class="call-when">{when}</bdi>
                    {duration.map(|text| view! { <bdi class="call-duration">{text}</bdi> })}
                    {hours_badge}
                    {reason.map(|text| view! { <span class="call-reason">{text}</span> })}
                </summary>
                <CallDetails summary=call.summary transcript=call.transcript />
            </details>
        </li>
    }
}

#[component]
fn CallDetails(summary: Option<String>, transcript: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let turns = transcript.as_deref().map(turns).unwrap_or_default();
    let lines = (!turns.is_empty()).then(|| {
        turns
            .into_iter()
            .map(|turn| {
                let (class, who) = match turn.speaker {
                    Speaker::Ava => ("turn ava", Some(t_string!(i18n, calls.speaker_ava))),
                    Speaker::Caller => ("turn caller", Some(t_string!(i18n, calls.speaker_caller))),
                    Speaker::Unknown => ("turn", None),
                };
                view! {
                    <li class=class>
                        {who.map(|who| view! { <span class="turn-who">{who}</span> })}
                        <span class="turn-text" dir="auto">{turn.text}</span>
                    </li>
                }
            })
            .collect_view()
    });
    view! {
        <div class="call-details" data-testid="call-details">
            {summary.map(|text| view! {
                <h3>{t!(i18n, calls.summary)}</h3>
                <p dir="auto" data-testid="call-summary">{text}</p>
            })}
            <h3>{t!(i18n, calls.transcript)}</h3>
            {match lines {
                Some(lines) => view! { <ol class="transcript" data-testid="call-transcript">{lines}</ol> }.into_any(),
                None => view! { <p class="note">{t!(i18n, calls.no_transcript)}</p> }.into_any(),
            }}
        </div>
    }
}

/// Demo mode only: the simulated Vapi places a call to the owner's number.
#[component]
fn SimulateCall(done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let demo = use_meta_flag(|meta| meta.demo);
    let simulate = Action::new_local(move |(): &()| async move {
        let answer = api::simulate_call(&SimulateCallRequest { caller: None }).await;
        done.run(());
        answer
    });
    let pending = simulate.pending();
    let outcome = move || {
        simulate.value().get().filter(|_| !pending.get()).map(|answer: Result<SimulatedCall, ApiError>| match answer {
            Ok(call) => {
                let (route, text) = match call.route {
                    SimulatedRoute::Assistant => ("assistant", t_string!(i18n, calls.routed_assistant)),
                    SimulatedRoute::Forwarded => ("forwarded", t_string!(i18n, calls.routed_forwarded)),
                    SimulatedRoute::Unanswered => ("unanswered", t_string!(i18n, calls.routed_unanswered)),
                };
                view! { <p class="simulated" data-testid="simulate-result" data-route=route role="status">{text}</p> }.into_any()
            }
            Err(error) => view! { <Notice kind=NoticeKind::Error><p>{move || error_text(i18n, &error)}</p></Notice> }.into_any(),
        })
    };
    view! {
        <Show when=move || demo.get()>
            <div class="simulate">
                <button type="button" class="button" data-testid="simulate-call" disabled=move || pending.get() on:click=move |_| {
                    simulate.dispatch_local(());
                }>
                    <Show when=move || pending.get()><Spinner /></Show>
                    {move || if pending.get() { t_string!(i18n, calls.simulating) } else { t_string!(i18n, calls.simulate) }}
                </button>
                <p class="hint">{t!(i18n, calls.simulate_hint)}</p>
                {outcome}
            </div>
        </Show>
    }
}
