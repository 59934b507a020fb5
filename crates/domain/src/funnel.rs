//! The onboarding funnel: where owners stop. Ava records a milestone the
//! first time an owner reaches, completes or skips each step (signing up
//! reaches Profile), and computes the funnel of the owners who signed up
//! within a period from those milestones alone.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::{
    FieldErrors,
    ids::UserId,
    onboarding::{OnboardingProgress, StepKey, StepStatus},
    schedule::parse_date,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MilestoneKind {
    /// The owner arrived at the step.
    Reached,
    /// The step's data became complete (for Done: the owner launched Ava).
    Completed,
    /// The owner skipped the step (and its data was not complete).
    Skipped,
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 3] = [
        MilestoneKind::Reached,
        MilestoneKind::Completed,
        MilestoneKind::Skipped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MilestoneKind::Reached => "reached",
            MilestoneKind::Completed => "completed",
            MilestoneKind::Skipped => "skipped",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Milestone {
    pub step: StepKey,
    pub kind: MilestoneKind,
}

impl Milestone {
    /// Signing up is reaching the first step.
    pub const SIGNED_UP: Milestone = Milestone {
        step: StepKey::Profile,
        kind: MilestoneKind::Reached,
    };

    /// The milestones the owner's progress shows right now: the step they
    /// are on is reached, each complete step completed, each skipped one
    /// skipped. Recorded at every change of progress, of which only the
    /// first occurrence of each counts.
    pub fn shown_by(
        progress: &OnboardingProgress,
        statuses: &BTreeMap<StepKey, StepStatus>,
    ) -> Vec<Milestone> {
        let reached = Milestone {
            step: progress.current_step,
            kind: MilestoneKind::Reached,
        };
        let by_status = statuses.iter().filter_map(|(&step, status)| {
            let kind = match status {
                StepStatus::Complete => MilestoneKind::Completed,
                StepStatus::Skipped => MilestoneKind::Skipped,
                StepStatus::Pending | StepStatus::InProgress => return None,
            };
            Some(Milestone { step, kind })
        });
        std::iter::once(reached).chain(by_status).collect()
    }
}

/// A milestone of one owner, and when it was first recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnboardingEvent {
    pub owner: UserId,
    pub milestone: Milestone,
    pub at: DateTime<Utc>,
}

/// Whose sign-ups a funnel follows: calendar days in UTC, both ends
/// included; an end left open is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// Why `from` and `to` do not make a period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// A bound is not a `YYYY-MM-DD` date (by field: `from`, `to`).
    #[error("{0}")]
    Dates(FieldErrors),
    #[error("`to` is before `from`")]
    Reversed,
}

impl Period {
    /// Every sign-up, whenever it happened.
    pub const ALWAYS: Period = Period {
        from: None,
        to: None,
    };

    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Self, PeriodError> {
        match (from, to) {
            (Some(from), Some(to)) if to < from => Err(PeriodError::Reversed),
            _ => Ok(Self { from, to }),
        }
    }

    /// From `YYYY-MM-DD` bounds, as a query string or a command line gives them.
    pub fn parse(from: Option<&str>, to: Option<&str>) -> Result<Self, PeriodError> {
        let mut errors = FieldErrors::new();
        let from = from.and_then(|raw| errors.check("from", parse_date(raw)));
        let to = to.and_then(|raw| errors.check("to", parse_date(raw)));
        if !errors.is_empty() {
            return Err(PeriodError::Dates(errors));
        }
        Self::new(from, to)
    }

    /// The first instant of the period, if bounded.
    pub fn starts_at(&self) -> Option<DateTime<Utc>> {
        self.from
            .map(|day| day.and_time(chrono::NaiveTime::MIN).and_utc())
    }

    /// The first instant after the period, if bounded (`to`'s next midnight).
    pub fn ends_before(&self) -> Option<DateTime<Utc>> {
        self.to
            .and_then(|day| day.checked_add_days(Days::new(1)))
            .map(|day| day.and_time(chrono::NaiveTime::MIN).and_utc())
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.starts_at().is_none_or(|start| at >= start)
            && self.ends_before().is_none_or(|end| at < end)
    }
}

/// One step of the funnel.
#[derive(Debug, Clone, PartialEq)]
pub struct StepFunnel {
    pub step: StepKey,
    /// Owners whose furthest step (the furthest step of any of their
    /// milestones) is this one or a later one.
    pub reached: u64,
    /// Owners whose data completed the step.
    pub completed: u64,
    /// Owners who skipped the step and never completed it.
    pub skipped: u64,
    /// The median, over the owners who both reached the step and then
    /// completed or skipped it, of the seconds from their first arrival at
    /// the step to the first time it was completed or skipped (the mean of
    /// the two middle values for an even count); none without such owners.
    pub median_seconds: Option<f64>,
}

/// The funnel of a cohort of owners.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    /// In wizard order, every step.
    pub steps: Vec<StepFunnel>,
    /// Owners who signed up.
    pub started: u64,
    /// Owners who launched Ava (completed Done).
    pub completed: u64,
}

impl Funnel {
    /// The funnel of the owners whose milestones `events` are. Only the
    /// earliest of an owner's identical milestones counts, in any order.
    pub fn of(events: &[OnboardingEvent]) -> Self {
        let mut first: BTreeMap<(UserId, Milestone), DateTime<Utc>> = BTreeMap::new();
        for event in events {
            first
                .entry((event.owner, event.milestone))
                .and_modify(|at| *at = (*at).min(event.at))
                .or_insert(event.at);
        }
        let mut furthest: BTreeMap<UserId, StepKey> = BTreeMap::new();
        for (owner, milestone) in first.keys() {
            let step = furthest.entry(*owner).or_insert(milestone.step);
            *step = (*step).max(milestone.step);
        }
        let had = |owner: UserId, step: StepKey, kind: MilestoneKind| {
            first.get(&(owner, Milestone { step, kind })).copied()
        };
        let owners: BTreeSet<UserId> = furthest.keys().copied().collect();
        let steps = StepKey::ALL
            .into_iter()
            .map(|step| {
                let mut completed = 0;
                let mut skipped = 0;
                let mut durations = Vec::new();
                for &owner in &owners {
                    let completed_at = had(owner, step, MilestoneKind::Completed);
                    let skipped_at = had(owner, step, MilestoneKind::Skipped);
                    match (completed_at, skipped_at) {
                        (Some(_), _) => completed += 1,
                        (None, Some(_)) => skipped += 1,
                        (None, None) => {}
                    }
                    let left_at = [completed_at, skipped_at].into_iter().flatten().min();
                    if let (Some(reached_at), Some(left_at)) =
                        (had(owner, step, MilestoneKind::Reached), left_at)
                    {
                        // A step completed before the owner arrived (its data
                        // filled from elsewhere) took no time of theirs.
                        let seconds = (left_at - reached_at).num_milliseconds().max(0);
                        durations.push(seconds as f64 / 1000.0);
                    }
                }
                StepFunnel {
                    step,
                    reached: count(furthest.values().filter(|&&far| far >= step)),
                    completed,
                    skipped,
                    median_seconds: median(durations),
                }
            })
            .collect();
        Funnel {
            steps,
            started: count(
                owners.iter().filter(|&&owner| {
                    had(owner, StepKey::Profile, MilestoneKind::Reached).is_some()
                }),
            ),
            completed: count(
                owners.iter().filter(|&&owner| {
                    had(owner, StepKey::Done, MilestoneKind::Completed).is_some()
                }),
            ),
        }
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u64 {
    u64::try_from(items.count()).unwrap_or(u64::MAX)
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => None,
        length if length % 2 == 1 => Some(values[middle]),
        _ => Some((values[middle - 1] + values[middle]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::{Invalid, onboarding::OnboardingProgress};

    fn start() -> DateTime<Utc> {
        "2026-12-01T09:00:00Z".parse().unwrap()
    }

    /// Events of one owner: `(step, kind, seconds after start)`.
    fn owner(milestones: &[(StepKey, MilestoneKind, i64)]) -> Vec<OnboardingEvent> {
        let owner = UserId::generate();
        milestones
            .iter()
            .map(|&(step, kind, seconds)| OnboardingEvent {
                owner,
                milestone: Milestone { step, kind },
                at: start() + Duration::seconds(seconds),
            })
            .collect()
    }

    use super::MilestoneKind::{Completed, Reached, Skipped};
    use crate::onboarding::StepKey::{Done, Persona, Plan, Profile, Twilio, Vapi};

    fn step(funnel: &Funnel, key: StepKey) -> &StepFunnel {
        funnel.steps.iter().find(|s| s.step == key).unwrap()
    }

    #[test]
    fn owners_who_stop_at_different_steps() {
        let events: Vec<OnboardingEvent> = [
            // Signed up and left.
            owner(&[(Profile, Reached, 0)]),
            // Finished the profile in 60 s, skipped Vapi after 10 s, stopped at Persona.
            owner(&[
                (Profile, Reached, 0),
                (Profile, Completed, 60),
                (Vapi, Reached, 60),
                (Vapi, Skipped, 70),
                (Persona, Reached, 70),
            ]),
            // Profile in 120 s, Vapi connected in 30 s, then jumped to Plan.
            owner(&[
                (Profile, Reached, 0),
                (Profile, Completed, 120),
                (Vapi, Reached, 120),
                (Vapi, Completed, 150),
                (Plan, Reached, 200),
            ]),
            // Launched: profile in 90 s, Done reached at 500 s, launched at 530 s.
            owner(&[
                (Profile, Reached, 0),
                (Profile, Completed, 90),
                (Done, Reached, 500),
                (Done, Completed, 530),
            ]),
        ]
        .concat();
        let funnel = Funnel::of(&events);
        assert_eq!((funnel.started, funnel.completed), (4, 1));
        let reached: Vec<u64> = funnel.steps.iter().map(|s| s.reached).collect();
        assert_eq!(reached, [4, 3, 3, 2, 2, 2, 2, 2, 1]);
        let profile = step(&funnel, Profile);
        assert_eq!((profile.completed, profile.skipped), (3, 0));
        assert_eq!(profile.median_seconds, Some(90.0));
        let vapi = step(&funnel, Vapi);
        assert_eq!((vapi.completed, vapi.skipped), (1, 1));
        assert_eq!(vapi.median_seconds, Some(20.0), "mean of 10 s and 30 s");
        assert_eq!(step(&funnel, Persona).median_seconds, None);
        assert_eq!(step(&funnel, Done).median_seconds, Some(30.0));
        assert_eq!(step(&funnel, Done).completed, 1);
    }

    #[test]
    fn no_events_no_owners() {
        let funnel = Funnel::of(&[]);
        assert_eq!((funnel.started, funnel.completed), (0, 0));
        assert_eq!(funnel.steps.len(), 9);
        assert!(funnel.steps.iter().all(|s| s.reached == 0
            && s.completed == 0
            && s.skipped == 0
            && s.median_seconds.is_none()));
    }

    #[test]
    fn a_completed_skip_counts_as_completed_and_times_run_from_the_first_events() {
        let events = owner(&[
            (Profile, Reached, 0),
            (Twilio, Reached, 100),
            // Skipped at 130 s, connected later from the settings.
            (Twilio, Skipped, 130),
            (Twilio, Completed, 900),
            // A repeated arrival does not restart the clock.
            (Twilio, Reached, 800),
        ]);
        let funnel = Funnel::of(&events);
        let twilio = step(&funnel, Twilio);
        assert_eq!((twilio.completed, twilio.skipped), (1, 0));
        assert_eq!(twilio.median_seconds, Some(30.0));
        assert_eq!(step(&funnel, Profile).median_seconds, None);
    }

    #[test]
    fn a_step_completed_before_the_owner_arrived_took_no_time() {
        let events = owner(&[
            (Profile, Reached, 0),
            (Vapi, Completed, 50),
            (Vapi, Reached, 80),
        ]);
        assert_eq!(step(&Funnel::of(&events), Vapi).median_seconds, Some(0.0));
    }

    #[test]
    fn the_milestones_a_progress_shows() {
        let progress = OnboardingProgress {
            current_step: Persona,
            skipped: [Vapi].into(),
            ..OnboardingProgress::default()
        };
        let statuses: BTreeMap<StepKey, StepStatus> = [
            (Profile, StepStatus::Complete),
            (Vapi, StepStatus::Skipped),
            (Persona, StepStatus::InProgress),
            (Twilio, StepStatus::Pending),
        ]
        .into();
        assert_eq!(
            Milestone::shown_by(&progress, &statuses),
            [
                Milestone {
                    step: Persona,
                    kind: Reached
                },
                Milestone {
                    step: Profile,
                    kind: Completed
                },
                Milestone {
                    step: Vapi,
                    kind: Skipped
                },
            ]
        );
    }

    #[test]
    fn a_period_is_whole_utc_days_both_included() {
        let period = Period::parse(Some("2026-12-01"), Some("2026-12-02")).unwrap();
        let at = |raw: &str| raw.parse::<DateTime<Utc>>().unwrap();
        assert!(!period.contains(at("2026-11-30T23:59:59Z")));
        assert!(period.contains(at("2026-12-01T00:00:00Z")));
        assert!(period.contains(at("2026-12-02T23:59:59Z")));
        assert!(!period.contains(at("2026-12-03T00:00:00Z")));
        let one_day = Period::parse(Some("2026-12-01"), Some("2026-12-01")).unwrap();
        assert!(one_day.contains(at("2026-12-01T12:00:00Z")));
        let open = Period::parse(None, Some("2026-12-01")).unwrap();
        assert!(open.contains(at("1999-01-01T00:00:00Z")));
        assert!(Period::ALWAYS.contains(at("2999-01-01T00:00:00Z")));
    }

    #[test]
    fn a_period_refuses_bad_dates_and_a_reversed_range() {
        assert_eq!(
            Period::parse(Some("2026-12-02"), Some("2026-12-01")),
            Err(PeriodError::Reversed)
        );
        let Err(PeriodError::Dates(errors)) = Period::parse(Some("yesterday"), Some("2026-02-30"))
        else {
            panic!("bad dates are refused");
        };
        let fields: Vec<_> = errors.iter().collect();
        assert_eq!(fields, [("from", Invalid::Date), ("to", Invalid::Date)]);
        assert!(Period::parse(Some("2026-12-01T00:00:00Z"), None).is_err());
    }
}
