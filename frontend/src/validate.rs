//! What the wizard checks before the server does. Only the Profile step
//! blocks; everything else becomes a warning that says how to fix it.
//! The rules mirror the server's (`crates/domain`) so the page can hold back
//! values the server would refuse instead of sending them.

use ava_api_types::studio::{AfterHours, AfterHoursMode, BusinessHours, Weekday};
use serde_json::Value;

/// The Profile fields that must be filled before moving on.
pub const PROFILE_REQUIRED: [&str; 4] =
    ["full_name", "organization_name", "timezone", "accept_terms"];

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.trim().is_empty(),
        Value::Bool(flag) => !flag,
        _ => false,
    }
}

/// The required Profile fields still missing, given a field getter.
pub fn profile_missing(get: impl Fn(&str) -> Value) -> Vec<&'static str> {
    PROFILE_REQUIRED
        .into_iter()
        .filter(|field| is_blank(&get(field)))
        .collect()
}

/// E.164 the way the server reads it: `+`, 8 to 15 digits not starting with
/// 0; spaces, dashes, dots and brackets are ignored.
pub fn is_e164(raw: &str) -> bool {
    let compact: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    compact.strip_prefix('+').is_some_and(|digits| {
        (8..=15).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0')
    })
}

/// `HH:MM` from `00:00` to `24:00`, in minutes.
pub fn clock_minutes(raw: &str) -> Option<u16> {
    let (hours, minutes) = raw.split_once(':')?;
    let two_digits = |part: &str| {
        (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u16>().ok())
            .flatten()
    };
    match (two_digits(hours)?, two_digits(minutes)?) {
        (h, m) if (h < 24 && m < 60) || (h == 24 && m == 0) => Some(h * 60 + m),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayProblem {
    /// A range whose end is not after its start, or a time that is not `HH:MM`.
    InvalidRange,
    /// Ranges that overlap or are out of order.
    Overlapping,
}

/// What is wrong with each day's ranges, Monday first.
pub fn hours_problems(hours: &BusinessHours) -> Vec<(Weekday, DayProblem)> {
    let mut problems = Vec::new();
    for (day, ranges) in &hours.days {
        let parsed: Option<Vec<(u16, u16)>> = ranges
            .iter()
            .map(|[start, end]| {
                let (start, end) = (clock_minutes(start)?, clock_minutes(end)?);
                (start < end && start < 24 * 60).then_some((start, end))
            })
            .collect();
        match parsed {
            None => problems.push((*day, DayProblem::InvalidRange)),
            Some(ranges) if ranges.windows(2).any(|pair| pair[0].1 > pair[1].0) => {
                problems.push((*day, DayProblem::Overlapping));
            }
            Some(_) => {}
        }
    }
    problems
}

/// A typed number that is not E.164 yet (blank is fine: the field is optional).
pub fn is_wrong_number(raw: &str) -> bool {
    !raw.trim().is_empty() && !is_e164(raw)
}

/// Forwarding after hours needs a number to forward to.
pub fn forward_number_missing(after_hours: &AfterHours) -> bool {
    after_hours.mode == AfterHoursMode::Forward
        && !after_hours.forward_to.as_deref().is_some_and(is_e164)
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
            Ok(Some(hours)) => {
                hours.timezone.trim().is_empty() || !hours_problems(&hours).is_empty()
            }
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

pub fn format_clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
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

/// Gives every day the ranges of `from`.
pub fn copy_to_all_days(hours: &mut BusinessHours, from: Weekday) {
    let ranges = hours.days.get(&from).cloned().unwrap_or_default();
    for day in Weekday::ALL {
        hours.days.insert(day, ranges.clone());
    }
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
    fn e164_follows_the_servers_rule() {
        assert!(is_e164("+972501234567"));
        assert!(is_e164(" +1 (415) 555-0123 "));
        assert!(!is_e164("0501234567"));
        assert!(!is_e164("+0501234567"));
        assert!(!is_e164("+1234"));
        assert!(!is_e164("+1234567890123456"));
        assert!(!is_e164("+97250abc4567"));
    }

    #[test]
    fn clock_times_are_two_digit_and_end_at_midnight() {
        assert_eq!(clock_minutes("08:30"), Some(510));
        assert_eq!(clock_minutes("24:00"), Some(1440));
        assert_eq!(clock_minutes("24:01"), None);
        assert_eq!(clock_minutes("8:30"), None);
        assert_eq!(clock_minutes(""), None);
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
    fn copying_a_day_opens_every_day_the_same_way() {
        let mut hours = default_hours("Asia/Jerusalem", true);
        assert!(hours.days.contains_key(&Weekday::Sun) && !hours.days.contains_key(&Weekday::Fri));
        hours.days.insert(
            Weekday::Sun,
            vec![
                ["08:00".into(), "12:00".into()],
                ["13:00".into(), "16:00".into()],
            ],
        );
        copy_to_all_days(&mut hours, Weekday::Sun);
        assert!(Weekday::ALL.iter().all(|day| hours.days[day].len() == 2));
    }
}
