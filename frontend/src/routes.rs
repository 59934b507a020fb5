//! URL rules: the locale is the first path segment, a missing or unknown
//! one is replaced (never a 404), `next` only ever points inside the app.

use ava_api_types::{Locale, onboarding::StepKey};

/// The pages under `/{locale}/`.
pub const PAGES: [&str; 11] = [
    "signup",
    "login",
    "forgot-password",
    "reset-password",
    "terms",
    "settings/account",
    "welcome",
    "settings/vapi",
    "settings/twilio",
    "ava-studio",
    "admin/funnel",
];

/// The page a visitor lands on when the path names none.
pub const HOME: &str = "welcome";

/// The session-storage key of the wizard step to return to from Settings.
pub const RETURN_STEP_KEY: &str = "ava.return_step";

/// The session-storage key set by the menu's wizard link: the wizard opens
/// even for a launched owner, whom the home page otherwise sends to Ava Studio.
pub const OPEN_WIZARD_KEY: &str = "ava.open_wizard";

fn known_page(rest: &str) -> bool {
    PAGES.contains(&rest)
}

/// A first segment that looks like a language tag (`de`, `pt-BR`, `zh-hant`).
fn looks_like_locale(segment: &str) -> bool {
    let mut parts = segment.split(['-', '_']);
    let language_ok = parts.next().is_some_and(|lang| {
        (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic())
    });
    language_ok
        && parts.all(|part| {
            (2..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Splits `/{locale}/{rest}`: the locale if the first segment is one of ours.
pub fn split_locale(path: &str) -> (Option<Locale>, String) {
    let trimmed = path.trim_matches('/');
    let (first, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    match Locale::parse(first) {
        Some(locale) => (Some(locale), rest.trim_matches('/').to_owned()),
        None => (None, trimmed.to_owned()),
    }
}

/// Where a path without a valid locale (or without a known page) goes:
/// the same page under `locale` (the one in the path when it is valid).
pub fn redirect_target(path: &str, search: &str, locale: Locale) -> String {
    let (in_path, rest) = split_locale(path);
    let locale = in_path.unwrap_or(locale);
    let rest = if in_path.is_some() || known_page(&rest) {
        rest
    } else {
        // An unknown first segment: a foreign locale (`/de/welcome`) or junk.
        let (first, after) = rest.split_once('/').unwrap_or((&rest, ""));
        if looks_like_locale(first) {
            after.to_owned()
        } else {
            rest.clone()
        }
    };
    let page = if known_page(&rest) {
        rest.as_str()
    } else {
        HOME
    };
    format!("/{}/{}{}", locale.as_str(), page, normalize_search(search))
}

/// `?query` from a query string with or without its `?` (empty stays empty).
pub fn normalize_search(search: &str) -> String {
    match search.trim_start_matches('?') {
        "" => String::new(),
        query => format!("?{query}"),
    }
}

/// The same page in another locale.
pub fn swap_locale(path: &str, search: &str, to: Locale) -> String {
    let (_, rest) = split_locale(path);
    let page = if known_page(&rest) {
        rest.as_str()
    } else {
        HOME
    };
    format!("/{}/{}{}", to.as_str(), page, normalize_search(search))
}

/// The first of the browser's languages that we speak (`fr-CA` → `fr`).
pub fn browser_locale<'a>(languages: impl IntoIterator<Item = &'a str>) -> Option<Locale> {
    languages.into_iter().find_map(|tag| {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or(tag)
            .to_ascii_lowercase();
        // `iw` is the old code for Hebrew, still sent by some browsers.
        Locale::parse(if primary == "iw" { "he" } else { &primary })
    })
}

/// The owner's locale when signed in, else the browser's, else English.
pub fn preferred_locale<'a>(
    owner: Option<Locale>,
    browser: impl IntoIterator<Item = &'a str>,
) -> Locale {
    owner
        .or_else(|| browser_locale(browser))
        .unwrap_or(Locale::En)
}

/// `next` only if it is a path of this app (no scheme, no other host).
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let inside = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    inside.then(|| next.to_owned())
}

/// Percent-encodes a query value (everything but RFC 3986 unreserved characters).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

pub fn login_url(locale: Locale, next: &str) -> String {
    format!(
        "/{}/login?next={}",
        locale.as_str(),
        encode_query_value(next)
    )
}

/// The terms of service and privacy page, public.
pub fn terms_url(locale: Locale) -> String {
    format!("/{}/terms", locale.as_str())
}

pub fn studio_url(locale: Locale) -> String {
    format!("/{}/ava-studio", locale.as_str())
}

pub fn wizard_url(locale: Locale, step: StepKey) -> String {
    format!("/{}/welcome?step={}", locale.as_str(), step.as_str())
}

/// The stepper item focus moves to on `key`, if any: arrows follow reading
/// order, so left and right swap in right-to-left pages.
pub fn stepper_move(index: usize, len: usize, key: &str, rtl: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let last = len - 1;
    let forward = |i: usize| (i < last).then_some(i + 1);
    let back = |i: usize| i.checked_sub(1);
    match (key, rtl) {
        ("ArrowRight", false) | ("ArrowLeft", true) | ("ArrowDown", _) => forward(index),
        ("ArrowLeft", false) | ("ArrowRight", true) | ("ArrowUp", _) => back(index),
        ("Home", _) => Some(0),
        ("End", _) => Some(last),
        _ => None,
    }
}

/// Delay before the next autosave retry after `failures` network failures:
/// 2 s doubling up to a minute.
pub fn retry_delay_ms(failures: u32) -> u32 {
    2_000u32.saturating_mul(1 << failures.min(5)).min(60_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_unknown_locales_redirect_to_the_same_page() {
        assert_eq!(redirect_target("/", "", Locale::En), "/en/welcome");
        assert_eq!(
            redirect_target("/welcome", "?step=persona", Locale::Fr),
            "/fr/welcome?step=persona"
        );
        assert_eq!(
            redirect_target("/de/welcome", "", Locale::He),
            "/he/welcome"
        );
        assert_eq!(
            redirect_target("/pt-BR/settings/vapi", "", Locale::En),
            "/en/settings/vapi"
        );
        assert_eq!(
            redirect_target("/settings/twilio", "", Locale::En),
            "/en/settings/twilio"
        );
        assert_eq!(redirect_target("/de", "", Locale::Fr), "/fr/welcome");
        assert_eq!(redirect_target("/en", "", Locale::Fr), "/en/welcome");
        assert_eq!(
            redirect_target("/en/nowhere", "", Locale::Fr),
            "/en/welcome"
        );
        assert_eq!(
            redirect_target("/whatever/thing", "", Locale::En),
            "/en/welcome"
        );
        assert_eq!(
            redirect_target("/login", "next=%2Fen%2Fwelcome", Locale::En),
            "/en/login?next=%2Fen%2Fwelcome"
        );
    }

    #[test]
    fn query_strings_get_one_question_mark() {
        assert_eq!(normalize_search("step=vapi"), "?step=vapi");
        assert_eq!(normalize_search("?step=vapi"), "?step=vapi");
        assert_eq!(normalize_search(""), "");
        assert_eq!(normalize_search("?"), "");
    }

    #[test]
    fn switching_language_keeps_the_page_and_query() {
        assert_eq!(
            swap_locale("/en/welcome", "?step=vapi", Locale::He),
            "/he/welcome?step=vapi"
        );
        assert_eq!(
            swap_locale("/he/settings/twilio", "", Locale::Fr),
            "/fr/settings/twilio"
        );
        assert_eq!(swap_locale("/en/terms", "", Locale::He), "/he/terms");
    }

    #[test]
    fn browser_languages_pick_the_first_we_speak() {
        assert_eq!(browser_locale(["de-DE", "fr-CA", "en"]), Some(Locale::Fr));
        assert_eq!(browser_locale(["iw-IL"]), Some(Locale::He));
        assert_eq!(browser_locale(["de"]), None);
        assert_eq!(preferred_locale(Some(Locale::He), ["fr"]), Locale::He);
        assert_eq!(preferred_locale(None, ["fr"]), Locale::Fr);
        assert_eq!(preferred_locale(None, ["de"]), Locale::En);
    }

    #[test]
    fn next_stays_inside_the_app() {
        assert_eq!(
            safe_next(Some("/en/welcome?step=vapi")).as_deref(),
            Some("/en/welcome?step=vapi")
        );
        assert_eq!(safe_next(Some("https://evil.test/")), None);
        assert_eq!(safe_next(Some("//evil.test/")), None);
        assert_eq!(safe_next(Some("/\\evil.test")), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn login_urls_carry_an_encoded_next() {
        assert_eq!(
            login_url(Locale::Fr, "/fr/welcome?step=vapi"),
            "/fr/login?next=%2Ffr%2Fwelcome%3Fstep%3Dvapi"
        );
        assert_eq!(
            wizard_url(Locale::He, StepKey::Twilio),
            "/he/welcome?step=twilio"
        );
        assert_eq!(studio_url(Locale::Fr), "/fr/ava-studio");
        assert_eq!(terms_url(Locale::He), "/he/terms");
    }

    #[test]
    fn stepper_arrows_flip_in_rtl() {
        assert_eq!(stepper_move(2, 9, "ArrowRight", false), Some(3));
        assert_eq!(stepper_move(2, 9, "ArrowRight", true), Some(1));
        assert_eq!(stepper_move(2, 9, "ArrowLeft", true), Some(3));
        assert_eq!(stepper_move(0, 9, "ArrowLeft", false), None);
        assert_eq!(stepper_move(8, 9, "ArrowDown", true), None);
        assert_eq!(stepper_move(4, 9, "Home", false), Some(0));
        assert_eq!(stepper_move(4, 9, "End", true), Some(8));
        assert_eq!(stepper_move(4, 9, "Enter", false), None);
    }

    #[test]
    fn retries_back_off_to_a_minute() {
        assert_eq!(retry_delay_ms(0), 2_000);
        assert_eq!(retry_delay_ms(1), 4_000);
        assert_eq!(retry_delay_ms(4), 32_000);
        assert_eq!(retry_delay_ms(9), 60_000);
    }
}
