//! Small wrappers over browser APIs: storage, Intl formatting, languages.
//! Every call tolerates a missing API (private mode, old browser).

use js_sys::{Array, Date, Intl, Object, Reflect};
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
