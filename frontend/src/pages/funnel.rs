//! `/{locale}/admin/funnel`, for Ava's operators: of the owners who signed
//! up in a period, how many reached, completed and skipped each wizard
//! step (`GET /admin/funnel`), as a bar chart drawn here in SVG and as a
//! table. Other accounts are told the page is not for them.

use ava_api_types::{
    Locale, codes,
    funnel::{Funnel, FunnelStep},
};
use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError},
    funnel_chart::{Spoken, bar, spoken},
    i18n::{t, t_string, use_i18n},
    messages::{self, I18n, error_text, field_error_text, step_name},
    ui::{Notice, NoticeKind, Spinner},
};

#[derive(Debug, Clone, PartialEq)]
enum Loaded {
    Loading,
    Ready(Funnel),
    Failed(ApiError),
}

/// The three counts of a step, in the order the chart and the table show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Count {
    Reached,
    Completed,
    Skipped,
}

impl Count {
    const ALL: [Count; 3] = [Count::Reached, Count::Completed, Count::Skipped];

    fn code(self) -> &'static str {
        match self {
            Count::Reached => "reached",
            Count::Completed => "completed",
            Count::Skipped => "skipped",
        }
    }

    fn of(self, step: &FunnelStep) -> u64 {
        match self {
            Count::Reached => step.reached,
            Count::Completed => step.completed,
            Count::Skipped => step.skipped,
        }
    }

    fn name(self, i18n: I18n) -> &'static str {
        match self {
            Count::Reached => t_string!(i18n, funnel.reached),
            Count::Completed => t_string!(i18n, funnel.completed),
            Count::Skipped => t_string!(i18n, funnel.skipped),
        }
    }
}

/// A median duration in words (`4 min 05 s`); `—` without one.
fn median_text(i18n: I18n, seconds: Option<f64>) -> String {
    match spoken(seconds) {
        None => "—".to_owned(),
        Some(Spoken::Seconds(seconds)) => {
            t_string!(i18n, funnel.seconds, seconds = seconds).to_string()
        }
        Some(Spoken::Minutes { minutes, seconds }) => t_string!(
            i18n,
            funnel.minutes,
            minutes = minutes,
            seconds = format!("{seconds:02}")
        )
        .to_string(),
        Some(Spoken::Hours { hours, minutes }) => t_string!(
            i18n,
            funnel.hours,
            hours = hours,
            minutes = format!("{minutes:02}")
        )
        .to_string(),
    }
}

/// Height of a step's row in the chart: its name, then its three bars.
/// Texts are anchored at their start, which SVG reads in the page's
/// direction: right to left, a name hangs from the right edge and a number
/// ends just left of its bar.
const ROW: u32 = 78;

#[component]
fn FunnelChart(funnel: Funnel) -> impl IntoView {
    let i18n = use_i18n();
    let rtl = move || messages::current(i18n) == Locale::He;
    let longest = funnel
        .steps
        .iter()
        .flat_map(|step| Count::ALL.map(|count| count.of(step)))
        .chain([funnel.started])
        .max()
        .unwrap_or(0);
    let height = ROW * u32::try_from(funnel.steps.len()).unwrap_or(0);
    let rows = funnel
        .steps
        .into_iter()
        .enumerate()
        .map(|(index, step)| {
            let top = ROW * u32::try_from(index).unwrap_or(0);
            let bars = Count::ALL
                .into_iter()
                .enumerate()
                .map(|(position, count)| {
                    let value = count.of(&step);
                    let geometry = move || bar(value, longest, rtl());
                    let y = top + 24 + 17 * u32::try_from(position).unwrap_or(0);
                    let id = format!("{}-{}", step.step.as_str(), count.code());
                    view! {
                        <rect
                            class=format!("funnel-bar {}", count.code())
                            x=move || format!("{:.2}%", geometry().x)
                            y=y
                            width=move || format!("{:.2}%", geometry().width)
                            height="13"
                            rx="2"
                        />
                        <text
                            class="funnel-value"
                            x=move || format!("{:.2}%", geometry().label_x)
                            y=y + 11
                            text-anchor="start"
                            data-testid=format!("bar-{id}")
                        >
                            {value}
                        </text>
                    }
                })
                .collect_view();
            view! {
                <text
                    class="funnel-step"
                    x=move || if rtl() { "100%" } else { "0" }
                    y=top + 16
                    text-anchor="start"
                >
                    {move || step_name(i18n, step.step)}
                </text>
                {bars}
            }
        })
        .collect_view();
    view! {
        <svg
            class="funnel-chart"
            width="100%"
            height=height
            role="img"
            aria-label=move || t_string!(i18n, funnel.chart_label)
            data-testid="funnel-chart"
        >
            {rows}
        </svg>
    }
}

#[component]
fn FunnelTable(funnel: Funnel) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        // Scrolls sideways on a narrow screen: a focusable region, so the keyboard can scroll it.
        <div class="funnel-table-wrap" tabindex="0" role="region" aria-label=move || t_string!(i18n, funnel.table_caption)>
            <table class="funnel-table" data-testid="funnel-table">
                <caption class="visually-hidden">{t!(i18n, funnel.table_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, funnel.step)}</th>
                        {Count::ALL
                            .map(|count| view! { <th scope="col">{move || count.name(i18n)}</th> })
                            .collect_view()}
                        <th scope="col">{t!(i18n, funnel.median)}</th>
                    </tr>
                </thead>
                <tbody>
                    {funnel
                        .steps
                        .into_iter()
                        .map(|step| {
                            let median = step.median_seconds;
                            let key = step.step.as_str();
                            view! {
                                <tr data-testid=format!("row-{key}")>
                                    <th scope="row">{move || step_name(i18n, step.step)}</th>
                                    {Count::ALL
                                        .map(|count| view! { <td data-count=count.code()>{count.of(&step)}</td> })
                                        .collect_view()}
                                    <td data-count="median">{move || median_text(i18n, median)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn FunnelView(funnel: Funnel) -> impl IntoView {
    let i18n = use_i18n();
    let empty = funnel.started == 0;
    view! {
        <dl class="funnel-totals">
            <div>
                <dt>{t!(i18n, funnel.started)}</dt>
                <dd data-testid="funnel-started">{funnel.started}</dd>
            </div>
            <div>
                <dt>{t!(i18n, funnel.launched)}</dt>
                <dd data-testid="funnel-completed">{funnel.completed}</dd>
            </div>
        </dl>
        {if empty {
            view! { <p class="note" data-testid="funnel-empty">{t!(i18n, funnel.empty)}</p> }.into_any()
        } else {
            view! {
                <section class="card funnel-card">
                    <h2>{t!(i18n, funnel.chart_title)}</h2>
                    <ul class="funnel-legend">
                        {Count::ALL
                            .map(|count| {
                                view! {
                                    <li>
                                        <span class=format!("swatch {}", count.code()) aria-hidden="true"></span>
                                        {move || count.name(i18n)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <FunnelChart funnel=funnel.clone() />
                </section>
                <section class="card funnel-card">
                    <h2>{t!(i18n, funnel.table_title)}</h2>
                    <FunnelTable funnel=funnel />
                    <p class="hint">{t!(i18n, funnel.definitions)}</p>
                </section>
            }
            .into_any()
        }}
    }
}

/// `/{locale}/admin/funnel`.
#[component]
pub fn FunnelPage() -> impl IntoView {
    let i18n = use_i18n();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let state = RwSignal::new(Loaded::Loading);
    let load = move || {
        let bound = |value: String| (!value.is_empty()).then_some(value);
        let (from, to) = (bound(from.get_untracked()), bound(to.get_untracked()));
        state.set(Loaded::Loading);
        spawn_local(async move {
            let loaded = match api::funnel(from.as_deref(), to.as_deref()).await {
                Ok(funnel) => Loaded::Ready(funnel),
                Err(error) => Loaded::Failed(error),
            };
            state.try_set(loaded);
        });
    };
    load();
    let forbidden = move || {
        state.with(
            |state| matches!(state, Loaded::Failed(error) if error.code() == codes::FORBIDDEN),
        )
    };
    let field_error = move |name: &'static str| {
        move || {
            state.with(|state| match state {
                Loaded::Failed(error) => error
                    .field_errors()
                    .iter()
                    .find(|field| field.field == name)
                    .map(|field| field_error_text(i18n, field)),
                _ => None,
            })
        }
    };
    let apply = move |event: SubmitEvent| {
        event.prevent_default();
        load();
    };
    let body = move || {
        match state.get() {
        Loaded::Loading => view! {
            <p class="page-loading" role="status" data-testid="funnel-loading">
                <Spinner /> " " {t!(i18n, funnel.loading)}
            </p>
        }
        .into_any(),
        Loaded::Ready(funnel) => view! { <FunnelView funnel=funnel /> }.into_any(),
        Loaded::Failed(error) if error.code() == codes::FORBIDDEN => view! {
            <Notice kind=NoticeKind::Error>
                <p data-testid="funnel-forbidden">{t!(i18n, funnel.forbidden)}</p>
            </Notice>
        }
        .into_any(),
        Loaded::Failed(error) if error.code() == codes::VALIDATION_FAILED => ().into_any(),
        Loaded::Failed(error) => view! {
            <Notice kind=NoticeKind::Error>
                <p>{t!(i18n, funnel.failed)} " " {move || error_text(i18n, &error)}</p>
                <button type="button" class="button" on:click=move |_| load()>{t!(i18n, app.retry)}</button>
            </Notice>
        }
        .into_any(),
    }
    };
    view! {
        <section class="page funnel-page">
            <h1 id="page-title" tabindex="-1">{t!(i18n, funnel.title)}</h1>
            <p class="lead">{t!(i18n, funnel.lead)}</p>
            <Show when=move || !forbidden()>
                <form class="card funnel-period" on:submit=apply data-testid="funnel-period">
                    <div class="field">
                        <label for="funnel-from">{t!(i18n, funnel.from)}</label>
                        <input
                            id="funnel-from"
                            name="from"
                            type="date"
                            max=move || to.get()
                            prop:value=move || from.get()
                            on:input=move |event| from.set(event_target_value(&event))
                        />
                        {move || field_error("from")().map(|text| view! { <p class="field-error">{text}</p> })}
                    </div>
                    <div class="field">
                        <label for="funnel-to">{t!(i18n, funnel.to)}</label>
                        <input
                            id="funnel-to"
                            name="to"
                            type="date"
                            min=move || from.get()
                            prop:value=move || to.get()
                            on:input=move |event| to.set(event_target_value(&event))
                        />
                        {move || field_error("to")().map(|text| view! { <p class="field-error">{text}</p> })}
                    </div>
                    <button type="submit" class="button primary" data-testid="funnel-apply">
                        {t!(i18n, funnel.apply)}
                    </button>
                </form>
                <p class="hint">{t!(i18n, funnel.period_hint)}</p>
            </Show>
            {body}
        </section>
    }
}
