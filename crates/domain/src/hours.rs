//! Business hours: when Ava tells callers the business is open.

use std::collections::BTreeMap;

use ava_rules::hours::{self, DayProblem, MAX_RANGES_PER_DAY};

use crate::{FieldErrors, Invalid, timezone::Timezone};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|day| day.code() == code)
    }

    pub fn english_name(self) -> &'static str {
        match self {
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
        }
    }
}

/// A time of day to the minute; `24:00` exists only as the end of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    /// Parses `HH:MM` (two digits each), `00:00` to `24:00`.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        hours::clock_minutes(raw)
            .map(Self)
            .ok_or(Invalid::TimeRange)
    }

    pub fn minutes_since_midnight(self) -> u16 {
        self.0
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&hours::format_clock(self.0))
    }
}

/// From `start` to a strictly later `end`, within one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeRange {
    start: ClockTime,
    end: ClockTime,
}

impl TimeRange {
    pub fn parse(start: &str, end: &str) -> Result<Self, Invalid> {
        hours::range_minutes(start, end)
            .map(Self::from_minutes)
            .ok_or(Invalid::TimeRange)
    }

    /// A range the rules already accepted.
    fn from_minutes((start, end): (u16, u16)) -> Self {
        Self {
            start: ClockTime(start),
            end: ClockTime(end),
        }
    }

    pub fn start(&self) -> ClockTime {
        self.start
    }

    pub fn end(&self) -> ClockTime {
        self.end
    }

    /// `["HH:MM", "HH:MM"]`, as the API and the database write it.
    pub fn as_text(&self) -> [String; 2] {
        [self.start.to_string(), self.end.to_string()]
    }
}

/// The refusal of a day's ranges, as the API words it.
fn day_refusal(problem: DayProblem) -> Invalid {
    match problem {
        DayProblem::TooMany => Invalid::TooMany {
            max: MAX_RANGES_PER_DAY,
        },
        DayProblem::InvalidRange => Invalid::TimeRange,
        DayProblem::Overlapping => Invalid::OverlappingTimeRanges,
    }
}

/// Opening hours per weekday, in the owner's time zone. Each open day has
/// ordered, non-overlapping ranges; a day without ranges is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessHours {
    timezone: Timezone,
    days: BTreeMap<Weekday, Vec<TimeRange>>,
}

impl BusinessHours {
    /// Parses the ranges of each day by the shared rules
    /// (`ava_rules::hours::day_ranges`). Refusals name `timezone` or
    /// `days.{day}`.
    pub fn parse<'a>(
        timezone: &str,
        days: impl IntoIterator<Item = (Weekday, Vec<(&'a str, &'a str)>)>,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let timezone = errors.check("timezone", Timezone::parse(timezone));
        let mut parsed = BTreeMap::new();
        for (day, ranges) in days {
            match hours::day_ranges(ranges.into_iter()) {
                Ok(ranges) if ranges.is_empty() => {}
                Ok(ranges) => {
                    parsed.insert(
                        day,
                        ranges.into_iter().map(TimeRange::from_minutes).collect(),
                    );
                }
                Err(problem) => errors.add(format!("days.{}", day.code()), day_refusal(problem)),
            }
        }
        errors.into_result(|| Self {
            timezone: timezone.unwrap_or_default(),
            days: parsed,
        })
    }

    pub fn timezone(&self) -> Timezone {
        self.timezone
    }

    /// The ranges of `day`; empty when closed.
    pub fn ranges(&self, day: Weekday) -> &[TimeRange] {
        self.days.get(&day).map(Vec::as_slice).unwrap_or_default()
    }

    /// Open days with their ranges, Monday first.
    pub fn open_days(&self) -> impl Iterator<Item = (Weekday, &[TimeRange])> {
        self.days
            .iter()
            .map(|(day, ranges)| (*day, ranges.as_slice()))
    }

    pub fn is_always_closed(&self) -> bool {
        self.days.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(days: Vec<(Weekday, Vec<(&str, &str)>)>) -> Result<BusinessHours, FieldErrors> {
        BusinessHours::parse("Asia/Jerusalem", days)
    }

    #[test]
    fn keeps_several_ranges_a_day() {
        let parsed = hours(vec![(
            Weekday::Mon,
            vec![("08:00", "12:00"), ("13:00", "17:00")],
        )])
        .unwrap();
        let mon: Vec<String> = parsed
            .ranges(Weekday::Mon)
            .iter()
            .map(|r| format!("{}-{}", r.start(), r.end()))
            .collect();
        assert_eq!(mon, ["08:00-12:00", "13:00-17:00"]);
        assert!(parsed.ranges(Weekday::Tue).is_empty());
    }

    #[test]
    fn midnight_may_end_a_range_but_not_start_one() {
        assert!(TimeRange::parse("18:00", "24:00").is_ok());
        assert_eq!(TimeRange::parse("24:00", "24:00"), Err(Invalid::TimeRange));
        assert_eq!(ClockTime::parse("24:01"), Err(Invalid::TimeRange));
    }

    #[test]
    fn refuses_malformed_and_backwards_ranges() {
        for (start, end) in [
            ("8:00", "12:00"),
            ("08:00", "08:00"),
            ("17:00", "08:00"),
            ("25:00", "26:00"),
            ("08:60", "09:00"),
            ("ab:cd", "10:00"),
        ] {
            assert_eq!(
                TimeRange::parse(start, end),
                Err(Invalid::TimeRange),
                "{start}-{end}"
            );
        }
    }

    #[test]
    fn refuses_overlapping_or_unordered_ranges_naming_the_day() {
        let errors = hours(vec![(
            Weekday::Sun,
            vec![("08:00", "12:00"), ("11:00", "17:00")],
        )])
        .unwrap_err();
        assert_eq!(
            errors.iter().collect::<Vec<_>>(),
            vec![("days.sun", Invalid::OverlappingTimeRanges)]
        );
        let errors = hours(vec![(
            Weekday::Sun,
            vec![("13:00", "17:00"), ("08:00", "12:00")],
        )])
        .unwrap_err();
        assert_eq!(
            errors.iter().next(),
            Some(("days.sun", Invalid::OverlappingTimeRanges))
        );
    }

    #[test]
    fn adjacent_ranges_are_not_overlapping() {
        assert!(
            hours(vec![(
                Weekday::Fri,
                vec![("08:00", "12:00"), ("12:00", "14:00")]
            )])
            .is_ok()
        );
    }

    #[test]
    fn an_unknown_zone_is_refused_with_the_days_still_checked() {
        let errors = BusinessHours::parse("Nowhere/City", vec![(Weekday::Mon, vec![("9", "5")])])
            .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(field, _)| field).collect();
        assert_eq!(fields, ["timezone", "days.mon"]);
    }

    #[test]
    fn a_day_holds_a_bounded_number_of_ranges() {
        let many: Vec<(&str, &str)> = vec![("01:00", "02:00"); MAX_RANGES_PER_DAY + 1];
        let errors = hours(vec![(Weekday::Tue, many)]).unwrap_err();
        assert_eq!(
            errors.iter().next(),
            Some((
                "days.tue",
                Invalid::TooMany {
                    max: MAX_RANGES_PER_DAY
                }
            ))
        );
    }

    #[test]
    fn empty_days_are_closed() {
        let parsed = hours(vec![(Weekday::Sat, vec![])]).unwrap();
        assert!(parsed.is_always_closed());
    }
}
