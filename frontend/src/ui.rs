//! Form controls with a visible label, an optional hint, and an error
//! (`role="alert"`) tied to the control by `aria-describedby`/`aria-invalid`.
//! A control's `name` is its API field name; its id is `f-{name}` unless given.

use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

fn field_id(id: Option<String>, name: &str) -> String {
    id.unwrap_or_else(|| format!("f-{}", name.replace('.', "-")))
}

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
pub fn Hint(id: String, text: Option<TextProp>) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    text.map(|text| {
        move || {
            let text = text.get().to_string();
            (!text.is_empty()).then(|| view! { <p class="hint" id=hint_id.clone()>{text}</p> })
        }
    })
}

/// An error message tied to the control `id` (`{id}-error`).
#[component]
pub fn ErrorText(id: String, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    let error_id = format!("{id}-error");
    move || {
        error.get().map(|message| {
            view! {
                <p class="field-error" id=error_id.clone() role="alert">
                    {message}
                </p>
            }
        })
    }
}

#[component]
pub fn LabelText(label: TextProp, required: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || label.get().to_string()}
        {required.then(|| view! { <span class="required">" (" {t!(i18n, wizard.required)} ")"</span> })}
    }
}

#[component]
pub fn TextField(
    #[prop(into)] name: String,
    #[prop(into)] label: TextProp,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into, optional)] hint: Option<TextProp>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] id: Option<String>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] rows: Option<u32>,
    #[prop(optional)] dir_auto: bool,
    #[prop(into, optional)] disabled: Signal<bool>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let id = field_id(id, &name);
    let has_hint = hint.is_some();
    let describe = {
        let id = id.clone();
        move || described_by(&id, has_hint, error.with(Option::is_some))
    };
    let invalid = move || error.with(Option::is_some).then_some("true");
    let control = match rows {
        Some(rows) => view! {
            <textarea
                id=id.clone()
                name=name
                rows=rows
                dir=dir_auto.then_some("auto")
                aria-describedby=describe
                aria-invalid=invalid
                aria-required=required.then_some("true")
                disabled=move || disabled.get()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                id=id.clone()
                name=name
                type=kind.unwrap_or("text")
                autocomplete=autocomplete
                data-testid=testid
                dir=dir_auto.then_some("auto")
                aria-describedby=describe
                aria-invalid=invalid
                aria-required=required.then_some("true")
                disabled=move || disabled.get()
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=id.clone()>
                <LabelText label=label required=required />
            </label>
            {control}
            <Hint id=id.clone() text=hint />
            <ErrorText id=id error=error />
        </div>
    }
}

#[component]
pub fn CheckboxField(
    #[prop(into)] name: String,
    #[prop(into)] label: TextProp,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] on_change: Callback<bool>,
    #[prop(into, optional)] hint: Option<TextProp>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] id: Option<String>,
    #[prop(optional)] value: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let id = field_id(id, &name);
    let has_hint = hint.is_some();
    let describe = {
        let id = id.clone();
        move || described_by(&id, has_hint, error.with(Option::is_some))
    };
    view! {
        <div class="field check">
            <input
                type="checkbox"
                id=id.clone()
                name=name
                value=value
                aria-describedby=describe
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-required=required.then_some("true")
                disabled=move || disabled.get()
                prop:checked=move || checked.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label for=id.clone()>
                <LabelText label=label required=required />
            </label>
            <Hint id=id.clone() text=hint />
            <ErrorText id=id error=error />
        </div>
    }
}

/// A `<select>`; `options` are `(value, label)` pairs.
#[component]
pub fn SelectField(
    #[prop(into)] name: String,
    #[prop(into)] label: TextProp,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into, optional)] placeholder: Option<TextProp>,
    #[prop(into, optional)] hint: Option<TextProp>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] id: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let id = field_id(id, &name);
    let has_hint = hint.is_some();
    let describe = {
        let id = id.clone();
        move || described_by(&id, has_hint, error.with(Option::is_some))
    };
    let placeholder = placeholder.map(|text| {
        view! {
            <option value="" selected=move || value.with(String::is_empty)>
                {move || text.get().to_string()}
            </option>
        }
    });
    view! {
        <div class="field">
            <label for=id.clone()>
                <LabelText label=label required=required />
            </label>
            <select
                id=id.clone()
                name=name
                aria-describedby=describe
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-required=required.then_some("true")
                prop:value=move || value.get()
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {placeholder}
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(option, text)| {
                            let mine = option.clone();
                            view! {
                                <option value=option selected=move || value.with(|v| *v == mine)>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <Hint id=id.clone() text=hint />
            <ErrorText id=id error=error />
        </div>
    }
}

/// Radio buttons in a fieldset; `options` are `(value, label)` pairs.
#[component]
pub fn RadioGroup(
    #[prop(into)] name: String,
    #[prop(into)] legend: TextProp,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional)] cards: bool,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let group_id = format!("f-{}", name.replace('.', "-"));
    let error_id = group_id.clone();
    let name = StoredValue::new(name);
    view! {
        <fieldset
            class=if cards { "choices cards" } else { "choices" }
            data-testid=testid
            aria-describedby=move || error.with(Option::is_some).then(|| format!("{group_id}-error"))
        >
            <legend>{move || legend.get().to_string()}</legend>
            {move || {
                options
                    .get()
                    .into_iter()
                    .map(|(option, text)| {
                        let name = name.get_value();
                        let id = format!("f-{}-{}", name.replace('.', "-"), option);
                        let mine = option.clone();
                        let chosen = option.clone();
                        view! {
                            <div class="choice">
                                <input
                                    type="radio"
                                    id=id.clone()
                                    name=name
                                    value=option
                                    prop:checked=move || value.with(|v| *v == mine)
                                    on:change=move |_| on_change.run(chosen.clone())
                                />
                                <label for=id>{text}</label>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <ErrorText id=error_id error=error />
        </fieldset>
    }
}

#[component]
pub fn Spinner() -> impl IntoView {
    view! { <span class="spinner" aria-hidden="true"></span> }
}

/// What a [`Notice`] tells: errors and warnings are alerts; the others are
/// polite status messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Error,
    Warning,
    Success,
    Info,
}

impl NoticeKind {
    fn class(self) -> &'static str {
        match self {
            NoticeKind::Error => "error",
            NoticeKind::Warning => "warning",
            NoticeKind::Success => "success",
            NoticeKind::Info => "info",
        }
    }

    fn role(self) -> &'static str {
        match self {
            NoticeKind::Error | NoticeKind::Warning => "alert",
            NoticeKind::Success | NoticeKind::Info => "status",
        }
    }
}

/// A message in a box.
#[component]
pub fn Notice(kind: NoticeKind, children: Children) -> impl IntoView {
    view! {
        <div class=format!("notice {}", kind.class()) role=kind.role()>
            {children()}
        </div>
    }
}

/// A value that always reads left to right — a phone number, a key, an
/// Account SID, a time — isolated from the sentence around it, so a
/// right-to-left page shows `+972…` and `****19e2`, not `972…+` and
/// `19e2****`, and the words around it keep their order.
#[component]
pub fn Ltr(children: Children) -> impl IntoView {
    view! { <bdi dir="ltr">{children()}</bdi> }
}

/// `value` in an [`Ltr`], as a variable of a translated sentence
/// (`t!(i18n, twilio.number_preview, number = ltr_value(number))`).
pub fn ltr_value(value: String) -> impl Fn() -> AnyView + Clone + Send + Sync + 'static {
    move || {
        let value = value.clone();
        view! { <Ltr>{value}</Ltr> }.into_any()
    }
}

/// `value` between the Unicode marks that isolate it left to right, where
/// markup cannot go (an `<option>`'s text): the same as [`Ltr`].
pub fn ltr_text(value: &str) -> String {
    format!("\u{2066}{value}\u{2069}")
}
