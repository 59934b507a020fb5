//! The Done step's word on the line before launch: whether Ava will answer
//! calls, and if not, what is missing (with links to the steps that fix
//! it); the launch button says which of the two it does.

use leptos::prelude::*;

use crate::{
    i18n::{t, t_string, use_i18n},
    line::{Line, LineState, ProblemList},
    messages::{I18n, error_text},
    ui::{Ltr, Notice, NoticeKind, Spinner},
};

/// What the launch button says: never "Launch Ava" unless Ava answers calls.
pub fn launch_label(i18n: I18n, line: Line) -> &'static str {
    match line.state.with(|state| match state {
        LineState::Known(status) => Some(status.answering),
        _ => None,
    }) {
        Some(true) => t_string!(i18n, done.launch),
        Some(false) => t_string!(i18n, done.finish_not_live),
        None => t_string!(i18n, done.finish),
    }
}

#[component]
pub fn LaunchCheck(line: Line) -> impl IntoView {
    let i18n = use_i18n();
    let body = move || {
        match line.state.get() {
        LineState::Loading => view! {
            <p class="line-head checking" role="status"><Spinner /> {t!(i18n, done.launch_checking)}</p>
        }
        .into_any(),
        LineState::Failed(error) => view! {
            <Notice kind=NoticeKind::Warning>
                <p>{t!(i18n, line.failed)} " " {move || error_text(i18n, &error)}</p>
                <button type="button" class="button" on:click=move |_| line.reload()>{t!(i18n, line.check_again)}</button>
            </Notice>
        }
        .into_any(),
        LineState::Known(status) if status.answering => view! {
            <Notice kind=NoticeKind::Success>
                <p>{t!(i18n, line.live_on)} " " <Ltr>{status.phone_number.clone()}</Ltr></p>
            </Notice>
        }
        .into_any(),
        LineState::Known(status) => {
            let blocking = status.problems.iter().copied().filter(|p| p.blocks_calls()).collect::<Vec<_>>();
            view! {
                <div class="notice warning launch-warning" role="alert" data-testid="launch-warning">
                    <p class="problems-title">{t!(i18n, done.launch_warning_title)}</p>
                    <ProblemList line=line problems=blocking in_wizard=true />
                    <p>{t!(i18n, done.launch_warning_body)}</p>
                </div>
            }
            .into_any()
        }
    }
    };
    view! { <div class="launch-check" data-testid="launch-check">{body}</div> }
}
