//! Business hours: a time zone and, per day, the ranges Ava treats as open.

use ava_api_types::{
    Locale,
    studio::{BusinessHours, Weekday},
};
use ava_rules::hours::MAX_RANGES_PER_DAY;
use leptos::{html, prelude::*};

use super::zone_picker::ZonePicker;
use crate::{
    autosave::field::{ProfileField, StudioField},
    browser,
    i18n::{t, t_string, use_i18n},
    messages,
    ui::{Notice, NoticeKind},
    validate::{self, DayProblem},
    workspace::Workspace,
};

fn day_index(day: Weekday) -> u32 {
    Weekday::ALL
        .iter()
        .position(|d| *d == day)
        .map_or(0, |i| i as u32)
}

#[component]
pub fn BusinessHoursEditor(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let hours = Memo::new(move |_| {
        doc.typed::<Option<BusinessHours>>(StudioField::BusinessHours)
            .flatten()
    });
    let has_hours = Memo::new(move |_| hours.with(Option::is_some));
    let update = move |change: &dyn Fn(&mut BusinessHours)| {
        if let Some(mut current) = hours.get_untracked() {
            change(&mut current);
            doc.set_typed(StudioField::BusinessHours, &current);
        }
    };
    let hebrew_week = move || messages::current(i18n) == Locale::He;
    let set_up = move |_| {
        let zone = Some(ws.profile.text(ProfileField::Timezone))
            .filter(|zone| !zone.trim().is_empty())
            .or_else(browser::time_zone)
            .unwrap_or_else(|| "UTC".to_owned());
        doc.set_typed(
            StudioField::BusinessHours,
            &Some(validate::default_hours(&zone, hebrew_week())),
        );
    };
    let remove = move |_| doc.set(StudioField::BusinessHours, serde_json::Value::Null);
    let problems = Memo::new(move |_| {
        hours.with(|h| h.as_ref().map(validate::hours_problems).unwrap_or_default())
    });
    let problem_days = move || {
        let locale = messages::current(i18n);
        let names: Vec<String> = problems
            .get()
            .into_iter()
            .map(|(day, _)| browser::weekday_name(day_index(day), locale.as_str()))
            .collect();
        (!names.is_empty())
            .then(|| t_string!(i18n, telephony.warn_hours, days = names.join(", ")).to_string())
    };
    let days = move || {
        let mut order = Weekday::ALL.to_vec();
        if hebrew_week() {
            order.rotate_right(1);
        }
        order
            .into_iter()
            .map(|day| view! { <DayRow day=day hours=hours problems=problems update=update /> })
            .collect_view()
    };
    view! {
        <section class="hours" aria-labelledby="hours-title">
            <h2 id="hours-title">{t!(i18n, telephony.hours_title)}</h2>
            <p class="hint">{t!(i18n, telephony.hours_lead)}</p>
            <Show
                when=move || has_hours.get()
                fallback=move || {
                    view! {
                        <p class="note">{t!(i18n, telephony.no_hours)}</p>
                        <button type="button" class="button" on:click=set_up data-testid="hours-set-up">
                            {t!(i18n, telephony.set_up_hours)}
                        </button>
                    }
                }
            >
                <ZonePicker
                    name="business_hours.timezone"
                    label=move || t_string!(i18n, telephony.timezone)
                    zone=Signal::derive(move || hours.with(|h| h.as_ref().map(|h| h.timezone.clone()).unwrap_or_default()))
                    on_choose=move |zone: String| update(&|h| h.timezone = zone.clone())
                    error=Signal::derive(move || doc.path_error_text(i18n, "business_hours.timezone"))
                    catalog=ws.catalog
                />
                <div class="days">{days}</div>
                {move || problem_days().map(|text| view! { <Notice kind=NoticeKind::Warning><p>{text}</p></Notice> })}
                <button type="button" class="button ghost" on:click=remove>
                    {t!(i18n, telephony.remove_hours)}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn DayRow(
    day: Weekday,
    hours: Memo<Option<BusinessHours>>,
    problems: Memo<Vec<(Weekday, DayProblem)>>,
    update: impl Fn(&dyn Fn(&mut BusinessHours)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = day.as_str();
    let count = Memo::new(move |_| {
        hours.with(|h| {
            h.as_ref()
                .and_then(|h| h.days.get(&day))
                .map_or(0, Vec::len)
        })
    });
    let open = Memo::new(move |_| count.get() > 0);
    let name = move || browser::weekday_name(day_index(day), messages::current(i18n).as_str());
    let problem = Memo::new(move |_| {
        problems.with(|list| list.iter().find(|(d, _)| *d == day).map(|(_, p)| *p))
    });
    let problem_text = move || {
        problem.get().map(|problem| match problem {
            // The server's own word for it (a button never adds a seventh).
            DayProblem::TooMany => t_string!(i18n, field_errors.too_long),
            DayProblem::InvalidRange => t_string!(i18n, field_errors.invalid_time_range),
            DayProblem::Overlapping => t_string!(i18n, field_errors.overlapping_time_ranges),
        })
    };
    let toggle = move |ev: leptos::ev::Event| {
        let checked = event_target_checked(&ev);
        update(&|h| {
            if checked {
                h.days.insert(day, vec![validate::next_range(&[])]);
            } else {
                h.days.remove(&day);
            }
        });
    };
    // The server refuses a seventh range (`ava_rules::hours`).
    let day_full = move || count.get() >= MAX_RANGES_PER_DAY;
    let add = move |_| {
        update(&|h| {
            let ranges = h.days.entry(day).or_default();
            let next = validate::next_range(ranges);
            ranges.push(next);
        });
    };
    let copy = move |_| update(&|h| validate::copy_to_open_days(h, day));
    let open_id = format!("f-hours-{code}-open");
    view! {
        <fieldset class="day" data-day=code>
            <legend class="visually-hidden">{move || t_string!(i18n, telephony.hours_group, day = name()).to_string()}</legend>
            <div class="day-head">
                <span class="day-name" aria-hidden="true">{move || validate::capitalized(&name())}</span>
                <div class="day-open">
                    <input type="checkbox" id=open_id.clone() name=format!("business_hours.days.{code}") prop:checked=move || open.get() on:change=toggle />
                    <label for=open_id>{t!(i18n, telephony.open)}</label>
                </div>
                <Show when=move || !open.get()>
                    <span class="closed">{t!(i18n, telephony.closed)}</span>
                </Show>
            </div>
            <div class="ranges">
                {move || {
                    (0..count.get())
                        .map(|index| view! { <RangeRow day=day index=index hours=hours problem=problem update=update /> })
                        .collect_view()
                }}
            </div>
            <Show when=move || open.get()>
                <div class="day-actions">
                    <button type="button" class="link-button" disabled=day_full on:click=add>{t!(i18n, telephony.add_range)}</button>
                    <button type="button" class="link-button" on:click=copy>{t!(i18n, telephony.copy_all)}</button>
                </div>
            </Show>
            {move || {
                problem_text()
                    .map(|text| view! { <p class="field-error" id=format!("f-hours-{code}-error") role="alert">{text}</p> })
            }}
        </fieldset>
    }
}

#[component]
fn RangeRow(
    day: Weekday,
    index: usize,
    hours: Memo<Option<BusinessHours>>,
    problem: Memo<Option<DayProblem>>,
    update: impl Fn(&dyn Fn(&mut BusinessHours)) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = day.as_str();
    let get = move |end: usize| {
        hours.with(|h| {
            h.as_ref()
                .and_then(|h| h.days.get(&day))
                .and_then(|ranges| ranges.get(index))
                .map(|range| range[end].clone())
                .unwrap_or_default()
        })
    };
    let set = move |end: usize, value: String| {
        update(&|h| {
            if let Some(range) = h
                .days
                .get_mut(&day)
                .and_then(|ranges| ranges.get_mut(index))
            {
                range[end] = value.clone();
            }
        });
    };
    let remove = move |_| {
        update(&|h| {
            if let Some(ranges) = h.days.get_mut(&day) {
                if index < ranges.len() {
                    ranges.remove(index);
                }
                if ranges.is_empty() {
                    h.days.remove(&day);
                }
            }
        });
    };
    let describe = move || {
        problem
            .with(Option::is_some)
            .then(|| format!("f-hours-{code}-error"))
    };
    let from_id = format!("f-hours-{code}-{index}-from");
    let to_id = format!("f-hours-{code}-{index}-to");
    view! {
        <div class="range">
            <div class="time">
                <label for=from_id.clone()>{t!(i18n, telephony.from)}</label>
                <TimeInput id=from_id name=format!("business_hours.days.{code}.{index}.from") value=Signal::derive(move || get(0)) on_change=move |v| set(0, v) describe=describe />
            </div>
            <div class="time">
                <label for=to_id.clone()>{t!(i18n, telephony.until)}</label>
                <TimeInput id=to_id name=format!("business_hours.days.{code}.{index}.to") value=Signal::derive(move || get(1)) on_change=move |v| set(1, v) describe=describe />
            </div>
            <button
                type="button"
                class="icon-button"
                aria-label=move || t_string!(i18n, telephony.remove_range)
                title=move || t_string!(i18n, telephony.remove_range)
                on:click=remove
            >
                <span aria-hidden="true">"×"</span>
            </button>
        </div>
    }
}

/// `<input type="time">` that is only rewritten when the stored value
/// differs from what the browser holds, so a half-typed time is not wiped.
#[component]
fn TimeInput(
    id: String,
    name: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    describe: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    let node = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        let wanted = value.get();
        if let Some(input) = node.get()
            && input.value() != wanted
        {
            input.set_value(&wanted);
        }
    });
    view! {
        <input
            type="time"
            id=id
            name=name
            node_ref=node
            value=value.get_untracked()
            aria-describedby=describe
            on:input=move |ev| on_change.run(event_target_value(&ev))
        />
    }
}
