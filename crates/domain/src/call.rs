//! A call to the owner's number, as Vapi reported it at its end. Every field
//! comes from the internet: it is bounded and cleaned before it is kept.

use chrono::{DateTime, Utc};

use crate::ids::{CallId, UserId};

/// Bounds on what a report may store; longer text is cut, not refused (a
/// long call is still a call).
pub const MAX_TRANSCRIPT_CHARS: usize = 100_000;
pub const MAX_SUMMARY_CHARS: usize = 10_000;
pub const MAX_SHORT_CHARS: usize = 200;
/// A call longer than a day is not a call.
const MAX_DURATION_SECONDS: f64 = 86_400.0;

/// What an end-of-call report says, cleaned.
#[derive(Debug, Clone, PartialEq)]
pub struct CallReport {
    /// Vapi's id: one record per call, whatever the number of reports.
    pub vapi_call_id: String,
    pub caller: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub duration_seconds: Option<f64>,
    pub ended_reason: Option<String>,
    pub summary: Option<String>,
    pub transcript: Option<String>,
}

/// The raw fields of a report, as they arrived.
#[derive(Debug, Clone, Default)]
pub struct RawCallReport<'a> {
    pub vapi_call_id: &'a str,
    pub caller: Option<&'a str>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub duration_seconds: Option<f64>,
    pub ended_reason: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub transcript: Option<&'a str>,
}

impl CallReport {
    /// `None` when the report names no call.
    pub fn clean(raw: RawCallReport<'_>) -> Option<Self> {
        let vapi_call_id = clean_text(Some(raw.vapi_call_id), MAX_SHORT_CHARS)?;
        let duration_seconds = raw
            .duration_seconds
            .filter(|seconds| seconds.is_finite() && (0.0..=MAX_DURATION_SECONDS).contains(seconds))
            .or_else(|| match (raw.started_at, raw.ended_at) {
                (Some(start), Some(end)) if end >= start => {
                    Some((end - start).num_milliseconds() as f64 / 1000.0)
                }
                _ => None,
            });
        Some(Self {
            vapi_call_id,
            caller: clean_text(raw.caller, MAX_SHORT_CHARS),
            started_at: raw.started_at,
            ended_at: raw.ended_at,
            duration_seconds,
            ended_reason: clean_text(raw.ended_reason, MAX_SHORT_CHARS),
            summary: clean_text(raw.summary, MAX_SUMMARY_CHARS),
            transcript: clean_text(raw.transcript, MAX_TRANSCRIPT_CHARS),
        })
    }
}

/// Trimmed, without control characters but line breaks and tabs (a NUL
/// cannot even be stored in PostgreSQL), at most `max` characters; blank is none.
fn clean_text(raw: Option<&str>, max: usize) -> Option<String> {
    let cleaned: String = raw?
        .trim()
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .take(max)
        .collect();
    let cleaned = cleaned.trim_end().to_owned();
    (!cleaned.is_empty()).then_some(cleaned)
}

/// A call as Ava keeps it, for the owner's call log.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub id: CallId,
    pub owner: UserId,
    pub report: CallReport,
    /// Whether it started within business hours; unknown without hours.
    pub during_hours: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_without_a_call_id_is_not_a_call() {
        assert_eq!(CallReport::clean(RawCallReport::default()), None);
        let blank = RawCallReport {
            vapi_call_id: "  \u{0}  ",
            ..RawCallReport::default()
        };
        assert_eq!(CallReport::clean(blank), None);
    }

    #[test]
    fn text_is_bounded_and_cleaned_of_control_characters() {
        let long = "a".repeat(MAX_TRANSCRIPT_CHARS + 10);
        let report = CallReport::clean(RawCallReport {
            vapi_call_id: "call-1",
            transcript: Some(&long),
            summary: Some("Booked\u{0} a cleaning.\nThanks\t!"),
            ended_reason: Some("   "),
            ..RawCallReport::default()
        })
        .unwrap();
        assert_eq!(
            report.transcript.map(|t| t.chars().count()),
            Some(MAX_TRANSCRIPT_CHARS)
        );
        assert_eq!(
            report.summary.as_deref(),
            Some("Booked a cleaning.\nThanks\t!")
        );
        assert_eq!(report.ended_reason, None);
    }

    #[test]
    fn the_duration_is_sane_or_derived_from_the_times() {
        let start: DateTime<Utc> = "2026-12-02T10:00:00Z".parse().unwrap();
        let end: DateTime<Utc> = "2026-12-02T10:01:30Z".parse().unwrap();
        let report = |duration| {
            CallReport::clean(RawCallReport {
                vapi_call_id: "call-1",
                started_at: Some(start),
                ended_at: Some(end),
                duration_seconds: duration,
                ..RawCallReport::default()
            })
            .unwrap()
            .duration_seconds
        };
        assert_eq!(report(Some(42.5)), Some(42.5));
        assert_eq!(report(Some(f64::NAN)), Some(90.0));
        assert_eq!(report(Some(-3.0)), Some(90.0));
        assert_eq!(report(None), Some(90.0));
    }
}
