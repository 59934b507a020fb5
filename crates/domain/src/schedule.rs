//! When the business is open: its weekly hours, the dates it closes all day,
//! and what Ava does with a call outside them.
//!
//! Every decision is made on the business's own wall clock: a daylight-saving
//! change moves the UTC instants of "09:00", never the hours themselves.

use ava_rules::after_hours::forward_number_missing;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::{
    FieldErrors, Invalid,
    hours::{BusinessHours, Weekday},
    phone::PhoneNumber,
    text::Text,
};

/// More closed dates than a business needs in a year or two.
pub const MAX_CLOSURES: usize = 100;

pub type ClosureLabel = Text<80>;

/// A date the business is closed all day (a holiday), in its time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    pub date: NaiveDate,
    pub label: Option<ClosureLabel>,
}

/// Parses `YYYY-MM-DD`, exactly.
pub fn parse_date(raw: &str) -> Result<NaiveDate, Invalid> {
    let raw = raw.trim();
    if raw.len() != 10 {
        return Err(Invalid::Date);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| Invalid::Date)
}

/// The closed dates, oldest first, none twice. Refusals name `{i}.date`,
/// `{i}.label` (the position in the request) or the list itself.
pub fn parse_closures<'a>(
    entries: impl ExactSizeIterator<Item = (&'a str, Option<&'a str>)>,
) -> Result<Vec<Closure>, FieldErrors> {
    if entries.len() > MAX_CLOSURES {
        return Err(FieldErrors::single(
            "",
            Invalid::TooMany { max: MAX_CLOSURES },
        ));
    }
    let mut errors = FieldErrors::new();
    let mut closures: Vec<Closure> = Vec::with_capacity(entries.len());
    for (index, (date, label)) in entries.enumerate() {
        let date = errors.check(&format!("{index}.date"), parse_date(date));
        let label = errors.check(&format!("{index}.label"), Text::optional(label));
        match (date, label) {
            (Some(date), _) if closures.iter().any(|c| c.date == date) => {
                errors.add(format!("{index}.date"), Invalid::Duplicate);
            }
            (Some(date), Some(label)) => closures.push(Closure { date, label }),
            _ => {}
        }
    }
    closures.sort_by_key(|closure| closure.date);
    errors.into_result(|| closures)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AfterHoursMode {
    /// Ava answers, says when the business opens again and takes a message.
    #[default]
    TakeMessage,
    /// The call goes to a person's number, without Ava.
    Forward,
}

impl AfterHoursMode {
    pub const ALL: [AfterHoursMode; 2] = [AfterHoursMode::TakeMessage, AfterHoursMode::Forward];

    pub fn code(self) -> &'static str {
        match self {
            AfterHoursMode::TakeMessage => "take_message",
            AfterHoursMode::Forward => "forward",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|mode| mode.code() == code)
    }
}

/// What happens to a call outside business hours. The forward number is
/// kept when the owner switches back to taking messages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AfterHours {
    mode: AfterHoursMode,
    forward_to: Option<PhoneNumber>,
}

impl AfterHours {
    /// Forwarding needs a number (`ava_rules::after_hours`): the refusal names `forward_to`.
    pub fn new(mode: AfterHoursMode, forward_to: Option<PhoneNumber>) -> Result<Self, FieldErrors> {
        let forwarding = mode == AfterHoursMode::Forward;
        if forward_number_missing(forwarding, forward_to.as_ref().map(PhoneNumber::as_str)) {
            return Err(FieldErrors::single("forward_to", Invalid::Required));
        }
        Ok(Self { mode, forward_to })
    }

    pub fn mode(&self) -> AfterHoursMode {
        self.mode
    }

    pub fn forward_to(&self) -> Option<&PhoneNumber> {
        self.forward_to.as_ref()
    }
}

impl Weekday {
    pub fn of(date: NaiveDate) -> Self {
        match date.weekday() {
            chrono::Weekday::Mon => Weekday::Mon,
            chrono::Weekday::Tue => Weekday::Tue,
            chrono::Weekday::Wed => Weekday::Wed,
            chrono::Weekday::Thu => Weekday::Thu,
            chrono::Weekday::Fri => Weekday::Fri,
            chrono::Weekday::Sat => Weekday::Sat,
            chrono::Weekday::Sun => Weekday::Sun,
        }
    }
}

/// How far ahead an opening is looked for: past every closure a business
/// may list, and bounded whatever is stored.
const LOOKAHEAD_DAYS: i64 = MAX_CLOSURES as i64 + 14;

/// The weekly hours with the closed dates: whether the business is open at
/// an instant, and when it opens next.
#[derive(Debug, Clone, Copy)]
pub struct Schedule<'a> {
    hours: &'a BusinessHours,
    closures: &'a [Closure],
}

impl<'a> Schedule<'a> {
    pub fn new(hours: &'a BusinessHours, closures: &'a [Closure]) -> Self {
        Self { hours, closures }
    }

    pub fn zone(&self) -> Tz {
        self.hours.timezone().tz()
    }

    /// The business's wall clock at `at`.
    pub fn local(&self, at: DateTime<Utc>) -> DateTime<Tz> {
        at.with_timezone(&self.zone())
    }

    fn is_closed_on(&self, date: NaiveDate) -> bool {
        self.closures.iter().any(|closure| closure.date == date)
    }

    pub fn is_open_at(&self, at: DateTime<Utc>) -> bool {
        let local = self.local(at);
        let date = local.date_naive();
        let minute = minute_of_day(&local);
        !self.is_closed_on(date)
            && self.hours.ranges(Weekday::of(date)).iter().any(|range| {
                range.start().minutes_since_midnight() <= minute
                    && minute < range.end().minutes_since_midnight()
            })
    }

    /// The first opening strictly after `at`, on the business's clock; none
    /// when the business never opens within the look-ahead.
    pub fn next_opening(&self, at: DateTime<Utc>) -> Option<DateTime<Tz>> {
        let local = self.local(at);
        let today = local.date_naive();
        let now_minute = minute_of_day(&local);
        (0..=LOOKAHEAD_DAYS)
            .filter_map(|offset| today.checked_add_signed(Duration::days(offset)))
            .filter(|date| !self.is_closed_on(*date))
            .flat_map(|date| {
                self.hours
                    .ranges(Weekday::of(date))
                    .iter()
                    .filter(move |range| {
                        date != today || range.start().minutes_since_midnight() > now_minute
                    })
                    .map(move |range| {
                        let minutes = range.start().minutes_since_midnight();
                        date.and_hms_opt(u32::from(minutes / 60), u32::from(minutes % 60), 0)
                    })
            })
            .flatten()
            .filter_map(|start| resolve(self.zone(), start))
            .find(|opening| opening.with_timezone(&Utc) > at)
    }
}

fn minute_of_day(local: &DateTime<Tz>) -> u16 {
    // At most 23 * 60 + 59: it fits.
    u16::try_from(local.hour() * 60 + local.minute()).unwrap_or(u16::MAX)
}

/// A wall-clock time as an instant. In the hour skipped when clocks go
/// forward it is the end of the gap; in the hour lived twice, the first one.
fn resolve(zone: Tz, local: NaiveDateTime) -> Option<DateTime<Tz>> {
    // Gaps last at most a few hours: look a quarter of an hour later each time.
    (0..=16).find_map(|quarter| {
        let shifted = local + Duration::minutes(15 * quarter);
        zone.from_local_datetime(&shifted).earliest()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(raw: &str) -> DateTime<Utc> {
        raw.parse().unwrap()
    }

    fn weekdays_9_to_17(zone: &str) -> BusinessHours {
        BusinessHours::parse(
            zone,
            Weekday::ALL.map(|day| (day, vec![("09:00", "17:00")])),
        )
        .unwrap()
    }

    fn opening(hours: &BusinessHours, closures: &[Closure], at: &str) -> String {
        Schedule::new(hours, closures)
            .next_opening(utc(at))
            .unwrap()
            .to_rfc3339()
    }

    #[test]
    fn paris_opens_at_nine_local_on_both_sides_of_the_spring_change() {
        // Clocks went from 02:00 to 03:00 on Sunday 29 March 2026.
        let hours = weekdays_9_to_17("Europe/Paris");
        let schedule = Schedule::new(&hours, &[]);
        // Saturday, still winter time (UTC+1): 08:30 UTC is 09:30 local.
        assert!(schedule.is_open_at(utc("2026-03-28T08:30:00Z")));
        assert!(!schedule.is_open_at(utc("2026-03-28T07:30:00Z")));
        // Sunday, summer time (UTC+2): 07:30 UTC is 09:30 local, 06:30 is 08:30.
        assert!(schedule.is_open_at(utc("2026-03-29T07:30:00Z")));
        assert!(!schedule.is_open_at(utc("2026-03-29T06:30:00Z")));
        // Closed on Saturday evening: opens Sunday 09:00 local, 07:00 UTC.
        assert_eq!(
            opening(&hours, &[], "2026-03-28T20:00:00Z"),
            "2026-03-29T09:00:00+02:00"
        );
    }

    #[test]
    fn paris_autumn_change_keeps_nine_to_five_local() {
        // Clocks went from 03:00 back to 02:00 on Sunday 25 October 2026.
        let hours = weekdays_9_to_17("Europe/Paris");
        let schedule = Schedule::new(&hours, &[]);
        // Sunday, winter time (UTC+1): 16:30 UTC is 17:30 local, closed.
        assert!(!schedule.is_open_at(utc("2026-10-25T16:30:00Z")));
        assert!(schedule.is_open_at(utc("2026-10-25T15:30:00Z")));
        // Saturday, summer time (UTC+2): 15:30 UTC is 17:30 local, closed.
        assert!(!schedule.is_open_at(utc("2026-10-24T15:30:00Z")));
        assert_eq!(
            opening(&hours, &[], "2026-10-24T20:00:00Z"),
            "2026-10-25T09:00:00+01:00"
        );
    }

    #[test]
    fn jerusalem_spring_and_autumn_changes() {
        // Forward on Friday 27 March 2026 (02:00 → 03:00), back on Sunday
        // 25 October 2026 (02:00 → 01:00).
        let hours = weekdays_9_to_17("Asia/Jerusalem");
        let schedule = Schedule::new(&hours, &[]);
        // Thursday 26 March, UTC+2: 06:30 UTC is 08:30 local.
        assert!(!schedule.is_open_at(utc("2026-03-26T06:30:00Z")));
        // Friday 27 March, UTC+3: 06:30 UTC is 09:30 local.
        assert!(schedule.is_open_at(utc("2026-03-27T06:30:00Z")));
        assert_eq!(
            opening(&hours, &[], "2026-03-26T20:00:00Z"),
            "2026-03-27T09:00:00+03:00"
        );
        // Sunday 25 October, UTC+2 again: 06:30 UTC is 08:30 local.
        assert!(!schedule.is_open_at(utc("2026-10-25T06:30:00Z")));
        assert_eq!(
            opening(&hours, &[], "2026-10-24T20:00:00Z"),
            "2026-10-25T09:00:00+02:00"
        );
    }

    #[test]
    fn new_york_spring_and_autumn_changes() {
        // Forward on Sunday 8 March 2026, back on Sunday 1 November 2026.
        let hours = weekdays_9_to_17("America/New_York");
        let schedule = Schedule::new(&hours, &[]);
        // Saturday 7 March, EST (UTC-5): 14:30 UTC is 09:30 local.
        assert!(schedule.is_open_at(utc("2026-03-07T14:30:00Z")));
        // Sunday 8 March, EDT (UTC-4): 13:30 UTC is 09:30 local, 12:30 is 08:30.
        assert!(schedule.is_open_at(utc("2026-03-08T13:30:00Z")));
        assert!(!schedule.is_open_at(utc("2026-03-08T12:30:00Z")));
        // Sunday 1 November, EST again: 21:30 UTC is 16:30 local, 22:30 is 17:30.
        assert!(schedule.is_open_at(utc("2026-11-01T21:30:00Z")));
        assert!(!schedule.is_open_at(utc("2026-11-01T22:30:00Z")));
        assert_eq!(
            opening(&hours, &[], "2026-10-31T23:00:00Z"),
            "2026-11-01T09:00:00-05:00"
        );
    }

    #[test]
    fn an_opening_in_the_skipped_hour_is_the_end_of_the_gap() {
        // 02:30 does not exist in Paris on 29 March 2026.
        let hours = BusinessHours::parse(
            "Europe/Paris",
            vec![(Weekday::Sun, vec![("02:30", "06:00")])],
        )
        .unwrap();
        assert_eq!(
            opening(&hours, &[], "2026-03-28T12:00:00Z"),
            "2026-03-29T03:00:00+02:00"
        );
    }

    #[test]
    fn an_opening_in_the_hour_lived_twice_is_the_first_one() {
        // 02:30 happens twice in Paris on 25 October 2026.
        let hours = BusinessHours::parse(
            "Europe/Paris",
            vec![(Weekday::Sun, vec![("02:30", "06:00")])],
        )
        .unwrap();
        assert_eq!(
            opening(&hours, &[], "2026-10-24T12:00:00Z"),
            "2026-10-25T02:30:00+02:00"
        );
    }

    #[test]
    fn a_closure_closes_the_whole_local_day() {
        let hours = weekdays_9_to_17("Asia/Jerusalem");
        let closures =
            parse_closures([("2026-12-03", Some("Hanukkah")), ("2026-12-04", None)].into_iter())
                .unwrap();
        let schedule = Schedule::new(&hours, &closures);
        // 10:00 local on the 3rd (UTC+2).
        assert!(!schedule.is_open_at(utc("2026-12-03T08:00:00Z")));
        assert!(schedule.is_open_at(utc("2026-12-02T08:00:00Z")));
        // Closed the 3rd and the 4th: next opening the 5th at 09:00.
        assert_eq!(
            opening(&hours, &closures, "2026-12-02T16:00:00Z"),
            "2026-12-05T09:00:00+02:00"
        );
    }

    #[test]
    fn later_ranges_of_the_same_day_come_first() {
        let hours = BusinessHours::parse(
            "Europe/Paris",
            vec![(Weekday::Wed, vec![("08:00", "12:00"), ("14:00", "18:00")])],
        )
        .unwrap();
        let schedule = Schedule::new(&hours, &[]);
        // Wednesday 2 December 2026, 13:00 local (UTC+1).
        let at = utc("2026-12-02T12:00:00Z");
        assert!(!schedule.is_open_at(at));
        assert_eq!(
            opening(&hours, &[], "2026-12-02T12:00:00Z"),
            "2026-12-02T14:00:00+01:00"
        );
        // After closing, the next Wednesday.
        assert_eq!(
            opening(&hours, &[], "2026-12-02T18:00:00Z"),
            "2026-12-09T08:00:00+01:00"
        );
    }

    #[test]
    fn a_business_that_never_opens_has_no_next_opening() {
        let hours = BusinessHours::parse("Europe/Paris", vec![]).unwrap();
        let schedule = Schedule::new(&hours, &[]);
        assert!(!schedule.is_open_at(utc("2026-12-02T12:00:00Z")));
        assert_eq!(schedule.next_opening(utc("2026-12-02T12:00:00Z")), None);
    }

    #[test]
    fn closures_are_checked_sorted_and_unique() {
        let closures =
            parse_closures([("2026-12-25", Some("Noël")), ("2026-01-01", None)].into_iter())
                .unwrap();
        let dates: Vec<String> = closures.iter().map(|c| c.date.to_string()).collect();
        assert_eq!(dates, ["2026-01-01", "2026-12-25"]);
        let errors = parse_closures(
            [
                ("2026-12-25", None),
                ("2026-12-25", None),
                ("25/12/2026", None),
                ("2026-2-30", None),
            ]
            .into_iter(),
        )
        .unwrap_err();
        assert_eq!(
            errors.iter().collect::<Vec<_>>(),
            vec![
                ("1.date", Invalid::Duplicate),
                ("2.date", Invalid::Date),
                ("3.date", Invalid::Date)
            ]
        );
        let many = vec![("2026-01-01", None); MAX_CLOSURES + 1];
        assert_eq!(
            parse_closures(many.into_iter()).unwrap_err().iter().next(),
            Some(("", Invalid::TooMany { max: MAX_CLOSURES }))
        );
    }

    #[test]
    fn forwarding_needs_a_number() {
        assert_eq!(
            AfterHours::new(AfterHoursMode::Forward, None)
                .unwrap_err()
                .iter()
                .next(),
            Some(("forward_to", Invalid::Required))
        );
        let number = PhoneNumber::parse("+33612345678").unwrap();
        let kept = AfterHours::new(AfterHoursMode::TakeMessage, Some(number.clone())).unwrap();
        assert_eq!(kept.forward_to(), Some(&number));
    }
}
