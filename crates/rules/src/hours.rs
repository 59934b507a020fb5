//! Business hours: clock times, ranges, and what one day may hold.

/// `24:00` in minutes: the end of a range that runs to midnight.
pub const MIDNIGHT_END: u16 = 24 * 60;

/// More ranges in one day than anyone needs: a bound on what is stored.
pub const MAX_RANGES_PER_DAY: usize = 6;

/// `HH:MM` (two digits each) from `00:00` to `24:00`, in minutes since midnight.
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

/// Minutes since midnight as `HH:MM`.
pub fn format_clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A range from `start` to a strictly later `end` within one day, in
/// minutes; `24:00` may end a range but not start one.
pub fn range_minutes(start: &str, end: &str) -> Option<(u16, u16)> {
    let (start, end) = (clock_minutes(start)?, clock_minutes(end)?);
    (start < end && start < MIDNIGHT_END).then_some((start, end))
}

/// Why a day's ranges are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayProblem {
    /// More than [`MAX_RANGES_PER_DAY`] ranges.
    TooMany,
    /// A time that is not `HH:MM`, or a range whose end is not after its start.
    InvalidRange,
    /// Ranges that overlap or are out of order (the owner reads them back in
    /// the order given). Ranges that touch (`12:00` ending one and starting
    /// the next) are fine.
    Overlapping,
}

/// A day's ranges in minutes, checked in this order: how many there are,
/// each range, then their order. An empty day is closed, and valid.
pub fn day_ranges<'a>(
    ranges: impl ExactSizeIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<(u16, u16)>, DayProblem> {
    if ranges.len() > MAX_RANGES_PER_DAY {
        return Err(DayProblem::TooMany);
    }
    let minutes = ranges
        .map(|(start, end)| range_minutes(start, end))
        .collect::<Option<Vec<_>>>()
        .ok_or(DayProblem::InvalidRange)?;
    if minutes.windows(2).all(|pair| pair[0].1 <= pair[1].0) {
        Ok(minutes)
    } else {
        Err(DayProblem::Overlapping)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(ranges: &[(&'static str, &'static str)]) -> Result<Vec<(u16, u16)>, DayProblem> {
        day_ranges(ranges.iter().copied())
    }

    #[test]
    fn clock_times_have_two_digits_each() {
        assert_eq!(clock_minutes("00:00"), Some(0));
        assert_eq!(clock_minutes("08:30"), Some(510));
        assert_eq!(clock_minutes("23:59"), Some(1439));
        for bad in [
            "8:30", "08:3", "083:0", "0830", "", ":", "ab:cd", "+1:00", " 8:30",
        ] {
            assert_eq!(clock_minutes(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn midnight_is_24_00_and_nothing_later() {
        assert_eq!(clock_minutes("24:00"), Some(MIDNIGHT_END));
        assert_eq!(clock_minutes("24:01"), None);
        assert_eq!(clock_minutes("25:00"), None);
        assert_eq!(clock_minutes("08:60"), None);
    }

    #[test]
    fn formatting_reads_back_what_was_parsed() {
        for text in ["00:00", "09:05", "17:30", "24:00"] {
            assert_eq!(clock_minutes(text).map(format_clock).as_deref(), Some(text));
        }
    }

    #[test]
    fn a_range_ends_strictly_after_it_starts() {
        assert_eq!(range_minutes("09:00", "17:00"), Some((540, 1020)));
        assert_eq!(range_minutes("18:00", "24:00"), Some((1080, 1440)));
        assert_eq!(range_minutes("08:00", "08:00"), None);
        assert_eq!(range_minutes("13:00", "11:00"), None);
        assert_eq!(range_minutes("24:00", "24:00"), None);
        assert_eq!(range_minutes("", "12:00"), None);
    }

    #[test]
    fn ranges_in_order_may_touch() {
        assert_eq!(
            day(&[("08:00", "12:00"), ("12:00", "17:00")]),
            Ok(vec![(480, 720), (720, 1020)])
        );
        assert_eq!(day(&[]), Ok(vec![]));
    }

    #[test]
    fn crossing_or_unordered_ranges_overlap() {
        assert_eq!(
            day(&[("08:00", "12:00"), ("11:00", "17:00")]),
            Err(DayProblem::Overlapping)
        );
        assert_eq!(
            day(&[("13:00", "17:00"), ("08:00", "12:00")]),
            Err(DayProblem::Overlapping)
        );
        assert_eq!(
            day(&[("08:00", "17:00"), ("10:00", "11:00")]),
            Err(DayProblem::Overlapping)
        );
    }

    #[test]
    fn a_bad_range_is_reported_before_the_order() {
        assert_eq!(
            day(&[("13:00", "17:00"), ("17:00", "08:00")]),
            Err(DayProblem::InvalidRange)
        );
    }

    #[test]
    fn a_day_holds_at_most_six_ranges() {
        let six = [
            ("01:00", "02:00"),
            ("03:00", "04:00"),
            ("05:00", "06:00"),
            ("07:00", "08:00"),
            ("09:00", "10:00"),
            ("11:00", "12:00"),
        ];
        assert_eq!(day(&six).map(|ranges| ranges.len()), Ok(6));
        let seven = [&six[..], &[("13:00", "14:00")]].concat();
        assert_eq!(day(&seven), Err(DayProblem::TooMany));
        // The count is checked first, even when the ranges are also wrong.
        assert_eq!(day(&[("x", "y"); 7]), Err(DayProblem::TooMany));
    }
}
