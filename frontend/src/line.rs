//! Whether Ava really answers the owner's line (`GET /line/status`): the
//! state a page shares (provided as context), the status panel of Ava
//! Studio and Settings, and the list of what is missing, each item with
//! the link that fixes it. Which problems block calls is the server's rule
//! (`LineProblem::blocks_calls`), never decided here.

use ava_api_types::{
    line::{LineProblem, LineStatus},
    onboarding::StepKey,
};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError},
    i18n::{t, t_string, use_i18n},
    messages::{self, I18n, error_text, problem_text},
    steps::fix_link,
    ui::{Ltr, Spinner},
};

#[derive(Debug, Clone, PartialEq)]
pub enum LineState {
    Loading,
    /// The status could not be read: not "live", not "down" either.
    Failed(ApiError),
    Known(LineStatus),
}

/// The line status of the page, refreshed after anything that may change it.
#[derive(Clone, Copy)]
pub struct Line {
    pub state: RwSignal<LineState>,
    /// Answers of older requests are dropped (they may arrive late).
    latest: StoredValue<u32>,
}

impl Line {
    /// Starts loading the status, and makes it the page's (`use_line`).
    pub fn provide() -> Self {
        let line = Self {
            state: RwSignal::new(LineState::Loading),
            latest: StoredValue::new(0),
        };
        provide_context(line);
        line.refresh();
        line
    }

    /// Asks again, showing the last known status meanwhile.
    pub fn refresh(self) {
        let Some(request) = self.latest.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        spawn_local(async move {
            let state = match api::line_status().await {
                Ok(status) => LineState::Known(status),
                Err(error) => LineState::Failed(error),
            };
            if self.latest.try_get_value() == Some(request) {
                self.state.try_set(state);
            }
        });
    }

    /// Asks again after a change that surely alters the status: the old one
    /// is no longer shown.
    pub fn reload(self) {
        self.state.set(LineState::Loading);
        self.refresh();
    }

    /// Ava answers calls right now (tracked); `false` while unknown.
    pub fn answering(self) -> bool {
        self.state
            .with(|state| matches!(state, LineState::Known(status) if status.answering))
    }
}

/// The page's line status, if the page has one.
pub fn use_line() -> Option<Line> {
    use_context::<Line>()
}

/// Where the owner fixes a problem, and what the link says.
fn fix_of(i18n: I18n, problem: LineProblem) -> Option<(StepKey, &'static str)> {
    Some(match problem {
        LineProblem::VapiNotConnected => (StepKey::Vapi, t_string!(i18n, fixes.connect_vapi)),
        LineProblem::VapiKeyRejected => (StepKey::Vapi, t_string!(i18n, fixes.replace_vapi_key)),
        LineProblem::NoAssistant => (StepKey::Assistant, t_string!(i18n, fixes.create_assistant)),
        LineProblem::TwilioNotConnected => (StepKey::Twilio, t_string!(i18n, fixes.connect_twilio)),
        LineProblem::NoPhoneNumber => (StepKey::Telephony, t_string!(i18n, fixes.choose_number)),
        LineProblem::NumberNotImported | LineProblem::NumberNotRouted => {
            (StepKey::Assistant, t_string!(i18n, fixes.push_changes))
        }
        LineProblem::HoursNotSet => (StepKey::Telephony, t_string!(i18n, fixes.set_hours)),
        LineProblem::VapiUnreachable | LineProblem::PublicUrlNotSet => return None,
    })
}

/// The API's name of a problem (`no_assistant`), for test hooks.
fn problem_code(problem: LineProblem) -> String {
    serde_json::to_value(problem)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// What is missing (blocking problems) or worth knowing (warnings), each
/// with its fix: a link, or "Check again" when only time can tell.
#[component]
pub fn ProblemList(line: Line, problems: Vec<LineProblem>, in_wizard: bool) -> impl IntoView {
    let i18n = use_i18n();
    let items = problems
        .into_iter()
        .map(|problem| {
            let blocking = problem.blocks_calls();
            let fix = move || match fix_of(i18n, problem) {
                Some((step, label)) => {
                    let href = fix_link(messages::current(i18n), step, in_wizard);
                    view! { <a class="fix" href=href>{label}</a> }.into_any()
                }
                None if problem == LineProblem::VapiUnreachable => view! {
                    <button type="button" class="link-button fix" on:click=move |_| line.reload()>
                        {t!(i18n, line.check_again)}
                    </button>
                }
                .into_any(),
                None => ().into_any(),
            };
            view! {
                <li class=if blocking { "blocking" } else { "warn" } data-problem=problem_code(problem)>
                    <span class="prereq-icon" aria-hidden="true">"!"</span>
                    <span>{move || problem_text(i18n, problem)}</span>
                    {fix}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="prereq-list problems">{items}</ul> }
}

/// "Live on +33…" or "Not answering calls" (`compact`: with a link to Ava
/// Studio; else with what is missing, the warnings and open/closed now).
#[component]
pub fn LineStatusPanel(line: Line, #[prop(optional)] compact: bool) -> impl IntoView {
    let i18n = use_i18n();
    let state_name = move || {
        line.state.with(|state| match state {
            LineState::Loading => "loading",
            LineState::Failed(_) => "unknown",
            LineState::Known(status) if status.answering => "answering",
            LineState::Known(_) => "not-answering",
        })
    };
    let body = move || {
        match line.state.get() {
        LineState::Loading => view! {
            <p class="line-head checking"><Spinner /> {t!(i18n, line.loading)}</p>
        }
        .into_any(),
        LineState::Failed(error) => view! {
            <p class="line-head unknown">
                <span class="status-dot" aria-hidden="true"></span>
                <span>{t!(i18n, line.failed)}</span>
            </p>
            <p class="hint">{move || error_text(i18n, &error)}</p>
            <button type="button" class="button" on:click=move |_| line.reload()>{t!(i18n, line.check_again)}</button>
        }
        .into_any(),
        LineState::Known(status) => view! { <KnownStatus line=line status=status compact=compact /> }.into_any(),
    }
    };
    view! {
        <div class="line-status" data-testid="line-status" data-state=state_name role="status" aria-live="polite">
            {body}
        </div>
    }
}

#[component]
fn KnownStatus(line: Line, status: LineStatus, compact: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (blocking, warnings): (Vec<LineProblem>, Vec<LineProblem>) =
        status.problems.iter().partition(|p| p.blocks_calls());
    let head = match (status.answering, status.phone_number.clone()) {
        (true, number) => view! {
            <p class="line-head live">
                <span class="status-dot" aria-hidden="true"></span>
                <span>{t!(i18n, line.live_on)} " " <Ltr attr:data-testid="line-number">{number}</Ltr></span>
            </p>
        }
        .into_any(),
        (false, _) => view! {
            <p class="line-head down">
                <span class="status-dot" aria-hidden="true"></span>
                <span>{t!(i18n, line.not_answering)}</span>
            </p>
        }
        .into_any(),
    };
    if compact {
        let locale = move || messages::current(i18n).as_str();
        return view! {
            {head}
            {(!status.answering)
                .then(|| view! { <a href=move || format!("/{}/ava-studio#line", locale())>{t!(i18n, line.see_studio)}</a> })}
        }
        .into_any();
    }
    let open_now = status.open_now.map(|open| {
        view! {
            <p class="hint" data-testid="line-open-now" data-open=open.to_string()>
                {move || if open { t_string!(i18n, line.open_now) } else { t_string!(i18n, line.closed_now) }}
            </p>
        }
    });
    view! {
        {head}
        {(!blocking.is_empty())
            .then(|| {
                view! {
                    <p class="problems-title">{t!(i18n, line.missing_title)}</p>
                    <ProblemList line=line problems=blocking in_wizard=false />
                }
            })}
        {(!warnings.is_empty())
            .then(|| {
                view! {
                    <p class="problems-title">{t!(i18n, line.warnings_title)}</p>
                    <ProblemList line=line problems=warnings in_wizard=false />
                }
            })}
        {open_now}
    }
    .into_any()
}
