//! Closed days: dates the business is closed all day (holidays), kept
//! oldest first in the autosaved studio configuration. A day is added with
//! an optional reason, and removed from the list.

use ava_api_types::studio::Closure;
use leptos::prelude::*;

use crate::{
    autosave::field::StudioField,
    browser,
    i18n::{t, t_string, use_i18n},
    messages::{self, field_error_text},
    ui::{ErrorText, TextField},
    validate,
    workspace::Workspace,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AddProblem {
    NoDate,
    Duplicate,
}

#[component]
pub fn ClosuresEditor(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let closures = Memo::new(move |_| {
        doc.typed::<Vec<Closure>>(StudioField::Closures)
            .unwrap_or_default()
    });
    let date = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<AddProblem>);
    let add = move |_| {
        let day = date.get_untracked().trim().to_owned();
        let mut list = closures.get_untracked();
        let refused = if day.is_empty() {
            Some(AddProblem::NoDate)
        } else if list.iter().any(|closure| closure.date == day) {
            Some(AddProblem::Duplicate)
        } else {
            None
        };
        problem.set(refused);
        if refused.is_some() {
            browser::focus_selector("#f-closures-date".to_owned());
            return;
        }
        let reason = label.get_untracked().trim().to_owned();
        list.push(Closure {
            date: day,
            label: (!reason.is_empty()).then_some(reason),
        });
        list.sort_by(|a, b| a.date.cmp(&b.date));
        doc.set_typed(StudioField::Closures, &list);
        date.set(String::new());
        label.set(String::new());
    };
    let date_error = Signal::derive(move || {
        problem.get().map(|problem| match problem {
            AddProblem::NoDate => t_string!(i18n, handoff.closure_date_missing).to_owned(),
            AddProblem::Duplicate => t_string!(i18n, handoff.closure_duplicate).to_owned(),
        })
    });
    // The server's refusal of the list as a whole (`closures`).
    let list_error = Signal::derive(move || {
        doc.errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == "closures")
                .map(|e| field_error_text(i18n, e))
        })
    });
    let items = move || {
        closures
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, closure)| view! { <ClosureItem ws=ws index=index closure=closure /> })
            .collect_view()
    };
    view! {
        <section class="closures" aria-labelledby="closures-title">
            <h2 id="closures-title">{t!(i18n, handoff.closures)}</h2>
            <p class="hint">{t!(i18n, handoff.closures_lead)}</p>
            <Show
                when=move || closures.with(|list| !list.is_empty())
                fallback=move || view! { <p class="note" data-testid="closures-empty">{t!(i18n, handoff.no_closures)}</p> }
            >
                <ul class="closure-list" data-testid="closures-list">{items}</ul>
            </Show>
            <ErrorText id="f-closures".to_owned() error=list_error />
            <div class="closure-add">
                <TextField
                    name="closures.date"
                    kind="date"
                    testid="closure-date"
                    label=move || t_string!(i18n, handoff.closure_date)
                    value=date
                    on_input=move |text| {
                        date.set(text);
                        problem.set(None);
                    }
                    error=date_error
                />
                <TextField
                    name="closures.label"
                    dir_auto=true
                    testid="closure-label"
                    label=move || t_string!(i18n, handoff.closure_label)
                    value=label
                    on_input=move |text| label.set(text)
                />
                <button type="button" class="button" data-testid="closure-add" on:click=add>
                    {t!(i18n, handoff.closure_add)}
                </button>
            </div>
        </section>
    }
}

#[component]
fn ClosureItem(ws: Workspace, index: usize, closure: Closure) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let day = StoredValue::new(closure.date.clone());
    let shown =
        move || browser::format_calendar_date(&day.get_value(), messages::current(i18n).as_str());
    let remove = move |_| {
        let mut list = doc
            .typed::<Vec<Closure>>(StudioField::Closures)
            .unwrap_or_default();
        list.retain(|closure| closure.date != day.get_value());
        doc.set_typed(StudioField::Closures, &list);
        browser::focus_selector("#f-closures-date".to_owned());
    };
    // The server names an item `closures[i]` (or a part of it).
    let error = Signal::derive(move || {
        let prefixes = [format!("closures[{index}]"), format!("closures.{index}")];
        doc.errors.with(|errors| {
            errors
                .iter()
                .find(|e| prefixes.iter().any(|p| e.field.starts_with(p.as_str())))
                .map(|e| field_error_text(i18n, e))
        })
    });
    let error_id = format!("f-closure-{index}");
    view! {
        <li class="closure" data-testid="closure-item" data-date=closure.date.clone()>
            <span class="closure-text">
                <span class="closure-date">{move || validate::capitalized(&shown())}</span>
                {closure.label.map(|label| view! { <span class="closure-label" dir="auto">{label}</span> })}
            </span>
            <button
                type="button"
                class="icon-button"
                data-testid="closure-remove"
                aria-label=move || t_string!(i18n, handoff.closure_remove, date = shown()).to_string()
                title=move || t_string!(i18n, handoff.closure_remove, date = shown()).to_string()
                on:click=remove
            >
                <span aria-hidden="true">"×"</span>
            </button>
            <ErrorText id=error_id error=error />
        </li>
    }
}
