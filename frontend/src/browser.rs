//! Small wrappers over browser APIs: storage, Intl formatting, languages.
//! Every call tolerates a missing API (private mode, old browser).

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use leptos::prelude::{document, on_cleanup, window};
use send_wrapper::SendWrapper;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

pub fn local_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

pub fn local_set(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

pub fn local_remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

pub fn session_get(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

pub fn session_set(key: &str, value: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(key, value);
    }
}

pub fn session_remove(key: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(key);
    }
}

/// `navigator.languages`, most preferred first.
pub fn languages() -> Vec<String> {
    let navigator = window().navigator();
    let mut all: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|lang| lang.as_string())
        .collect();
    if all.is_empty() {
        all.extend(navigator.language());
    }
    all
}

/// The browser's IANA time zone, e.g. `Europe/Paris`.
pub fn time_zone() -> Option<String> {
    let format = Intl::DateTimeFormat::new(&Array::new(), &Object::new());
    Reflect::get(&format.resolved_options(), &JsValue::from_str("timeZone"))
        .ok()?
        .as_string()
}

pub fn now_ms() -> f64 {
    Date::now()
}

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object.into()
}

/// `14:05` (or `2:05 PM`) in the given locale.
pub fn format_time(ms: f64, locale: &str) -> String {
    Date::new(&JsValue::from_f64(ms))
        .to_locale_time_string_with_options(
            locale,
            &options(&[("hour", "numeric"), ("minute", "2-digit")]),
        )
        .into()
}

/// A date and time in the given locale, e.g. `25 Nov 2026, 10:00`.
pub fn format_date_time(ms: f64, locale: &str) -> String {
    Date::new(&JsValue::from_f64(ms))
        .to_locale_string(
            locale,
            &options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
        )
        .into()
}

/// `new Intl.DateTimeFormat(locale, options).format(date)`, or `None` where
/// that throws (an unknown time zone): called through Reflect, a throw is an
/// `Err`, not a crash.
fn try_format(date: &Date, locale: &str, pairs: &[(&str, &str)]) -> Option<String> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let constructor: Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))
        .ok()?
        .dyn_into()
        .ok()?;
    let arguments = Array::of2(&JsValue::from_str(locale), &options(pairs));
    let format = Reflect::construct(&constructor, &arguments).ok()?;
    let format_fn: Function = Reflect::get(&format, &JsValue::from_str("format"))
        .ok()?
        .dyn_into()
        .ok()?;
    format_fn.call1(&format, date).ok()?.as_string()
}

/// A date and time in `zone` (an IANA name; the browser's own zone when it
/// is absent or unknown to the browser), e.g. `25 Nov 2026, 10:00`.
pub fn format_in_zone(ms: f64, locale: &str, zone: Option<&str>) -> String {
    let date = Date::new(&JsValue::from_f64(ms));
    let mut pairs = vec![("dateStyle", "medium"), ("timeStyle", "short")];
    let zoned = zone.and_then(|zone| {
        pairs.push(("timeZone", zone));
        let text = try_format(&date, locale, &pairs);
        pairs.pop();
        text
    });
    zoned.unwrap_or_else(|| date.to_locale_string(locale, &options(&pairs)).into())
}

/// A calendar date (`YYYY-MM-DD`) in words, e.g. `Thursday, 25 December 2026`;
/// the text as it is when it is not such a date.
pub fn format_calendar_date(date: &str, locale: &str) -> String {
    let mut parts = date.splitn(3, '-').map(|part| part.parse::<u32>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return date.to_owned();
    };
    let ms = Date::utc(f64::from(year), f64::from(month) - 1.0) + f64::from(day - 1) * 86_400_000.0;
    if ms.is_nan() || day == 0 {
        return date.to_owned();
    }
    Date::new(&JsValue::from_f64(ms))
        .to_locale_date_string(
            locale,
            &options(&[("dateStyle", "full"), ("timeZone", "UTC")]),
        )
        .into()
}

/// The name of a weekday in the given locale (`mon` … `sun`).
pub fn weekday_name(day_index_from_monday: u32, locale: &str) -> String {
    // 2024-01-01 was a Monday.
    let ms =
        Date::utc(2024.0, 0.0) + f64::from(day_index_from_monday) * 86_400_000.0 + 43_200_000.0;
    Date::new(&JsValue::from_f64(ms))
        .to_locale_date_string(
            locale,
            &options(&[("weekday", "long"), ("timeZone", "UTC")]),
        )
        .into()
}

pub fn is_hidden() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Hidden
}

/// Moves focus to the element with this id (after the next paint, so it exists).
pub fn focus_id(id: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = document()
            .get_element_by_id(id)
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

/// Moves focus to the first element matching a CSS selector, now.
pub fn focus_now(selector: &str) {
    if let Some(element) = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Moves focus to the first element matching a CSS selector, after the
/// next paint (for elements about to be rendered).
pub fn focus_selector(selector: String) {
    leptos::prelude::request_animation_frame(move || focus_now(&selector));
}

/// Removes the loading placeholder of `index.html`.
pub fn remove_boot_placeholder() {
    if let Some(element) = document().get_element_by_id("boot") {
        element.remove();
    }
}

/// Scrolls the first element matching a selector into view, as little as
/// possible (the stepper on small screens scrolls sideways).
pub fn reveal(selector: String) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = document().query_selector(&selector).ok().flatten() {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            options.set_inline(web_sys::ScrollLogicalPosition::Center);
            element.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}

/// Listens to `event` on the document until the current reactive owner
/// (the page) is cleaned up.
pub fn on_document_event(event: &'static str, handler: impl Fn() + 'static) {
    let closure = Closure::<dyn Fn()>::new(handler);
    let document = document();
    if document
        .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())
        .is_ok()
    {
        let listener = SendWrapper::new((document, closure));
        on_cleanup(move || {
            let (document, closure) = listener.take();
            let _ = document
                .remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        });
    }
}
