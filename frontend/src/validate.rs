//! What the wizard checks before the server does. Only the Profile step
//! blocks; everything else becomes a warning that says how to fix it.
//! The rules themselves are the server's (`ava_rules`, which `crates/domain`
//! builds on); this module applies them to the page's values (API types and
//! JSON) so the page can hold back what the server would refuse.

use ava_api_types::{
    Locale,
    onboarding::StepKey,
    studio::{AfterHours, AfterHoursMode, BusinessHours, Voice, Weekday},
};
pub use ava_rules::hours::DayProblem;
use ava_rules::{
    after_hours, catalog,
    hours::{self, clock_minutes, format_clock},
    phone::is_e164,
    profile::ProfileInput,
    text::is_blank,
};
use serde_json::Value;

/// The required Profile fields still missing, given a field getter.
pub fn profile_missing(get: impl Fn(&str) -> Value) -> Vec<&'static str> {
    let [full_name, organization_name, timezone, terms] =
        ["full_name", "organization_name", "timezone", "accept_terms"].map(get);
    ProfileInput {
        full_name: full_name.as_str(),
        organization_name: organization_name.as_str(),
        timezone: timezone.as_str(),
        terms_accepted: terms.as_bool() == Some(true),
    }
    .missing()
}

/// Whether the owner may skip `step` and come back to it.
pub fn is_skippable(step: StepKey) -> bool {
    ava_rules::StepKey::from_code(step.as_str()).is_some_and(ava_rules::StepKey::is_skippable)
}

/// What is wrong with each day's ranges, Monday first.
pub fn hours_problems(hours: &BusinessHours) -> Vec<(Weekday, DayProblem)> {
    hours
        .days
        .iter()
        .filter_map(|(day, ranges)| {
            let ranges = ranges
                .iter()
                .map(|[start, end]| (start.as_str(), end.as_str()));
            hours::day_ranges(ranges)
                .err()
                .map(|problem| (*day, problem))
        })
        .collect()
}

/// A typed number that is not E.164 yet (blank is fine: the field is optional).
pub fn is_wrong_number(raw: &str) -> bool {
    !is_blank(raw) && !is_e164(raw)
}

/// Forwarding after hours needs a number to forward to.
pub fn forward_number_missing(after_hours: &AfterHours) -> bool {
    after_hours::forward_number_missing(
        after_hours.mode == AfterHoursMode::Forward,
        after_hours.forward_to.as_deref(),
    )
}

/// Whether a studio field's value would be refused by the server as it is:
/// such values stay on screen (with a warning) and are not autosaved.
pub fn studio_value_refusable(field: &str, value: &Value) -> bool {
    match field {
        "phone_number" | "handoff_number" => value.as_str().is_some_and(is_wrong_number),
        "after_hours" => {
            serde_json::from_value::<AfterHours>(value.clone()).map_or(true, |after_hours| {
                forward_number_missing(&after_hours)
                    || after_hours
                        .forward_to
                        .as_deref()
                        .is_some_and(is_wrong_number)
            })
        }
        "business_hours" => match serde_json::from_value::<Option<BusinessHours>>(value.clone()) {
            Ok(Some(hours)) => is_blank(&hours.timezone) || !hours_problems(&hours).is_empty(),
            Ok(None) => false,
            Err(_) => true,
        },
        _ => false,
    }
}

/// A new range for a day: after its last one when there is room, else 09:00–17:00.
pub fn next_range(ranges: &[[String; 2]]) -> [String; 2] {
    let last_end = ranges.last().and_then(|[_, end]| clock_minutes(end));
    match last_end {
        Some(end) if end + 60 <= 23 * 60 => {
            let start = end + 60;
            let stop = (start + 4 * 60).min(24 * 60 - 60);
            [format_clock(start), format_clock(stop.max(start + 30))]
        }
        _ => ["09:00".to_owned(), "17:00".to_owned()],
    }
}

/// Business hours on the usual working days, 09:00–17:00. Hebrew speakers'
/// week runs Sunday to Thursday.
pub fn default_hours(timezone: &str, sunday_first: bool) -> BusinessHours {
    let open = if sunday_first {
        [
            Weekday::Sun,
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
        ]
    } else {
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ]
    };
    BusinessHours {
        timezone: timezone.to_owned(),
        days: open
            .into_iter()
            .map(|day| (day, vec![["09:00".to_owned(), "17:00".to_owned()]]))
            .collect(),
    }
}

/// Gives every open day the ranges of `from`; closed days stay closed.
pub fn copy_to_open_days(hours: &mut BusinessHours, from: Weekday) {
    let ranges = hours.days.get(&from).cloned().unwrap_or_default();
    for (_, day_ranges) in hours.days.iter_mut().filter(|(_, r)| !r.is_empty()) {
        day_ranges.clone_from(&ranges);
    }
}

fn rules_locale(locale: Locale) -> Option<ava_rules::Locale> {
    ava_rules::Locale::from_code(locale.as_str())
}

/// The voice to save along with a new list of languages, when the first one
/// changes and the voice is a default one (`ava_rules::catalog`).
pub fn voice_for_languages(voice: &Voice, before: &[Locale], after: &[Locale]) -> Option<Voice> {
    let first = |list: &[Locale]| list.first().copied().and_then(rules_locale);
    catalog::voice_after_language_change(
        (&voice.provider, &voice.voice_id),
        first(before),
        first(after),
    )
    .map(|(provider, voice_id)| Voice {
        provider: provider.to_owned(),
        voice_id: voice_id.to_owned(),
    })
}

/// Whether the voice is known to speak `language`.
pub fn voice_speaks(voice: &Voice, language: Locale) -> bool {
    rules_locale(language)
        .is_some_and(|language| catalog::speaks(&voice.provider, &voice.voice_id, language))
}

/// The text with its first letter in upper case, for a word that starts a
/// label (`Intl` writes French day names in lower case: "lundi").
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn profile_requires_names_timezone_and_terms() {
        let filled = json!({"full_name": "Dana", "organization_name": "Acme", "timezone": "Asia/Jerusalem", "accept_terms": true});
        assert!(profile_missing(|key| filled[key].clone()).is_empty());
        let partial =
            json!({"full_name": "  ", "organization_name": "Acme", "accept_terms": false});
        assert_eq!(
            profile_missing(|key| partial[key].clone()),
            ["full_name", "timezone", "accept_terms"]
        );
    }

    #[test]
    fn only_profile_and_done_must_be_done() {
        let required: Vec<StepKey> = StepKey::ALL
            .into_iter()
            .filter(|step| !is_skippable(*step))
            .collect();
        assert_eq!(required, [StepKey::Profile, StepKey::Done]);
        // Every step of the API is a step of the rules, under the same code.
        for step in StepKey::ALL {
            assert!(
                ava_rules::StepKey::from_code(step.as_str()).is_some(),
                "{step:?}"
            );
        }
    }

    fn hours(days: Value) -> BusinessHours {
        serde_json::from_value(json!({"timezone": "Asia/Jerusalem", "days": days})).unwrap()
    }

    #[test]
    fn hours_problems_name_the_day() {
        let fine = hours(json!({"mon": [["08:00", "12:00"], ["12:00", "17:00"]], "sat": []}));
        assert!(hours_problems(&fine).is_empty());
        let backwards = hours(json!({"tue": [["17:00", "08:00"]]}));
        assert_eq!(
            hours_problems(&backwards),
            [(Weekday::Tue, DayProblem::InvalidRange)]
        );
        let blank = hours(json!({"wed": [["", "12:00"]]}));
        assert_eq!(
            hours_problems(&blank),
            [(Weekday::Wed, DayProblem::InvalidRange)]
        );
        let overlapping = hours(json!({"sun": [["08:00", "12:00"], ["11:00", "17:00"]]}));
        assert_eq!(
            hours_problems(&overlapping),
            [(Weekday::Sun, DayProblem::Overlapping)]
        );
        let seven = hours(json!({"fri": vec![["09:00", "10:00"]; 7]}));
        assert_eq!(
            hours_problems(&seven),
            [(Weekday::Fri, DayProblem::TooMany)]
        );
    }

    #[test]
    fn refusable_values_are_held_back() {
        assert!(studio_value_refusable("phone_number", &json!("+97")));
        assert!(!studio_value_refusable("phone_number", &json!("")));
        assert!(!studio_value_refusable("phone_number", &Value::Null));
        assert!(!studio_value_refusable(
            "phone_number",
            &json!("+972501234567")
        ));
        let bad = json!({"timezone": "Asia/Jerusalem", "days": {"mon": [["17:00", "08:00"]]}});
        assert!(studio_value_refusable("business_hours", &bad));
        let good = json!({"timezone": "Asia/Jerusalem", "days": {"mon": [["08:00", "17:00"]]}});
        assert!(!studio_value_refusable("business_hours", &good));
        assert!(!studio_value_refusable("persona", &json!("anything")));
        assert!(studio_value_refusable("handoff_number", &json!("06 12")));
        assert!(!studio_value_refusable("handoff_number", &Value::Null));
    }

    #[test]
    fn forwarding_after_hours_waits_for_a_number() {
        let forward = |to: Value| json!({"mode": "forward", "forward_to": to});
        assert!(studio_value_refusable("after_hours", &forward(Value::Null)));
        assert!(studio_value_refusable(
            "after_hours",
            &forward(json!("+33 6"))
        ));
        assert!(!studio_value_refusable(
            "after_hours",
            &forward(json!("+33612345678"))
        ));
        let message = json!({"mode": "take_message", "forward_to": null});
        assert!(!studio_value_refusable("after_hours", &message));
        // A number kept from an earlier choice is fine while taking messages.
        let kept = json!({"mode": "take_message", "forward_to": "+33612345678"});
        assert!(!studio_value_refusable("after_hours", &kept));
    }

    #[test]
    fn a_new_range_follows_the_last_one() {
        assert_eq!(next_range(&[]), ["09:00", "17:00"]);
        assert_eq!(
            next_range(&[["08:00".into(), "12:00".into()]]),
            ["13:00", "17:00"]
        );
        assert_eq!(
            next_range(&[["08:00".into(), "23:00".into()]]),
            ["09:00", "17:00"]
        );
    }

    #[test]
    fn copying_a_day_gives_its_hours_to_open_days_only() {
        let mut hours = default_hours("Asia/Jerusalem", true);
        let split = vec![
            ["08:00".to_owned(), "12:00".to_owned()],
            ["13:00".to_owned(), "16:00".to_owned()],
        ];
        hours.days.insert(Weekday::Sun, split.clone());
        hours.days.insert(Weekday::Sat, Vec::new());
        copy_to_open_days(&mut hours, Weekday::Sun);
        for day in [
            Weekday::Sun,
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
        ] {
            assert_eq!(hours.days[&day], split, "{day:?}");
        }
        assert!(
            !hours.days.contains_key(&Weekday::Fri),
            "closed Friday stays closed"
        );
        assert_eq!(hours.days[&Weekday::Sat], Vec::<[String; 2]>::new());
    }

    fn voice(provider: &str, voice_id: &str) -> Voice {
        Voice {
            provider: provider.to_owned(),
            voice_id: voice_id.to_owned(),
        }
    }

    #[test]
    fn a_new_first_language_brings_its_voice_unless_the_owner_picked_one() {
        let elliot = voice("vapi", "Elliot");
        let nova = voice("openai", "nova");
        assert_eq!(
            voice_for_languages(&elliot, &[], &[Locale::He]),
            Some(nova.clone())
        );
        assert_eq!(
            voice_for_languages(&elliot, &[Locale::En], &[Locale::Fr, Locale::En]),
            Some(nova.clone())
        );
        assert_eq!(
            voice_for_languages(&nova, &[Locale::Fr], &[Locale::En]),
            Some(elliot.clone())
        );
        assert_eq!(
            voice_for_languages(&elliot, &[Locale::He], &[Locale::He, Locale::En]),
            None
        );
        assert_eq!(
            voice_for_languages(&voice("vapi", "Kai"), &[], &[Locale::He]),
            None
        );
        assert!(voice_speaks(&nova, Locale::He));
        assert!(!voice_speaks(&elliot, Locale::Fr));
    }

    #[test]
    fn labels_start_with_a_capital() {
        assert_eq!(capitalized("lundi"), "Lundi");
        assert_eq!(capitalized("Monday"), "Monday");
        assert_eq!(capitalized("יום שני"), "יום שני");
        assert_eq!(capitalized("écrire"), "Écrire");
        assert_eq!(capitalized(""), "");
    }
}
