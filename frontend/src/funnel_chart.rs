//! The arithmetic of the operators' funnel page (`pages::funnel`): where
//! each bar of its SVG chart goes, and how a median time is said.

/// The share of the chart's width the longest bar spans (the most owners
/// of any count); the rest is for its number.
pub const TRACK: f64 = 78.0;

/// A bar of the chart, in percent of the chart's width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub width: f64,
    /// Where its number is anchored: just past the bar's end.
    pub label_x: f64,
}

/// The bar of `value` when the longest is `longest`; right to left, bars
/// grow from the right edge and the number sits on their left.
pub fn bar(value: u64, longest: u64, rtl: bool) -> Bar {
    let width = if longest == 0 {
        0.0
    } else {
        value.min(longest) as f64 / longest as f64 * TRACK
    };
    if rtl {
        Bar {
            x: 100.0 - width,
            width,
            label_x: 100.0 - width - 1.0,
        }
    } else {
        Bar {
            x: 0.0,
            width,
            label_x: width + 1.0,
        }
    }
}

/// A duration the way the page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spoken {
    /// `42 s`
    Seconds(u64),
    /// `4 min 05 s`
    Minutes { minutes: u64, seconds: u64 },
    /// `2 h 10 min`
    Hours { hours: u64, minutes: u64 },
}

/// `seconds` rounded to the second, in the largest unit that reads well;
/// none for a missing or nonsensical value.
pub fn spoken(seconds: Option<f64>) -> Option<Spoken> {
    let seconds = seconds.filter(|s| s.is_finite() && *s >= 0.0)?;
    let whole = seconds.round() as u64;
    Some(match whole {
        0..60 => Spoken::Seconds(whole),
        60..3600 => Spoken::Minutes {
            minutes: whole / 60,
            seconds: whole % 60,
        },
        _ => Spoken::Hours {
            hours: whole / 3600,
            minutes: whole % 3600 / 60,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_longest_and_grow_from_where_reading_starts() {
        assert_eq!(
            bar(10, 10, false),
            Bar {
                x: 0.0,
                width: TRACK,
                label_x: TRACK + 1.0
            }
        );
        assert_eq!(
            bar(5, 10, false),
            Bar {
                x: 0.0,
                width: 39.0,
                label_x: 40.0
            }
        );
        assert_eq!(
            bar(5, 10, true),
            Bar {
                x: 61.0,
                width: 39.0,
                label_x: 60.0
            }
        );
        assert_eq!(
            bar(0, 0, true),
            Bar {
                x: 100.0,
                width: 0.0,
                label_x: 99.0
            }
        );
    }

    #[test]
    fn durations_are_said_in_the_largest_unit_that_reads_well() {
        assert_eq!(spoken(None), None);
        assert_eq!(spoken(Some(f64::NAN)), None);
        assert_eq!(spoken(Some(42.4)), Some(Spoken::Seconds(42)));
        assert_eq!(
            spoken(Some(245.4)),
            Some(Spoken::Minutes {
                minutes: 4,
                seconds: 5
            })
        );
        assert_eq!(
            spoken(Some(7_800.0)),
            Some(Spoken::Hours {
                hours: 2,
                minutes: 10
            })
        );
    }
}
