//! What Ava answers when Vapi asks how to take an incoming call
//! (`assistant-request`): her assistant, told whether the business is open,
//! or straight to a person outside business hours.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use crate::{
    hours::Weekday,
    locale::Locale,
    phone::PhoneNumber,
    schedule::{AfterHoursMode, Schedule},
    studio::StudioConfig,
};

/// The values of the `{{…}}` placeholders in the assistant's prompt, for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallVariables {
    pub is_open: bool,
    /// For the model, in English: `open`, or `closed` and when it opens next.
    pub business_status: String,
    /// The next opening in the caller's language, empty when open.
    pub next_opening: String,
    /// The business's wall clock, for the model: `Wednesday 14:05 (Europe/Paris)`.
    pub local_time: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallRoute {
    /// Ava's assistant answers. Outside hours, with its own greeting.
    Assistant {
        variables: CallVariables,
        first_message: Option<String>,
    },
    /// Outside hours, to a person's number, without Ava.
    Forward { to: PhoneNumber, message: String },
}

/// Decides a call coming in at `at`. `language` is the one Ava greets in;
/// without business hours the business counts as always open.
pub fn route_call(
    studio: &StudioConfig,
    business: Option<&str>,
    language: Locale,
    at: DateTime<Utc>,
) -> CallRoute {
    let Some(hours) = &studio.business_hours else {
        return CallRoute::Assistant {
            variables: CallVariables {
                is_open: true,
                business_status: "open".to_owned(),
                next_opening: String::new(),
                local_time: format!("{} (UTC)", clock_words(&at.with_timezone(&Tz::UTC))),
            },
            first_message: None,
        };
    };
    let schedule = Schedule::new(hours, &studio.closures);
    let local = schedule.local(at);
    let local_time = format!("{} ({})", clock_words(&local), hours.timezone().name());
    if schedule.is_open_at(at) {
        return CallRoute::Assistant {
            variables: CallVariables {
                is_open: true,
                business_status: "open".to_owned(),
                next_opening: String::new(),
                local_time,
            },
            first_message: None,
        };
    }
    if studio.after_hours.mode() == AfterHoursMode::Forward
        && let Some(to) = studio.after_hours.forward_to()
    {
        return CallRoute::Forward {
            to: to.clone(),
            message: transfer_message(language).to_owned(),
        };
    }
    let opening = schedule.next_opening(at);
    let next_opening = opening
        .map(|opening| opening_words(language, &local, &opening))
        .unwrap_or_default();
    let business_status = match &opening {
        Some(opening) => format!(
            "closed; it opens again {}",
            opening_words(Locale::En, &local, opening)
        ),
        None => "closed".to_owned(),
    };
    CallRoute::Assistant {
        first_message: Some(after_hours_greeting(language, business, &next_opening)),
        variables: CallVariables {
            is_open: false,
            business_status,
            next_opening,
            local_time,
        },
    }
}

/// What Vapi says before handing the caller to a person.
pub fn transfer_message(language: Locale) -> &'static str {
    match language {
        Locale::En => "Please hold while I connect you.",
        Locale::Fr => "Veuillez patienter, je vous mets en relation.",
        Locale::He => "השיחה מועברת, נא להמתין.",
    }
}

fn after_hours_greeting(language: Locale, business: Option<&str>, next_opening: &str) -> String {
    let hello = match (language, business) {
        (Locale::En, Some(b)) => format!("Hello, you have reached {b}."),
        (Locale::En, None) => "Hello.".to_owned(),
        (Locale::Fr, Some(b)) => format!("Bonjour, vous êtes bien chez {b}."),
        (Locale::Fr, None) => "Bonjour.".to_owned(),
        (Locale::He, Some(b)) => format!("שלום, הגעתם ל{b}."),
        (Locale::He, None) => "שלום.".to_owned(),
    };
    let closed = match (language, next_opening.is_empty()) {
        (Locale::En, false) => format!("We are closed right now and open again {next_opening}."),
        (Locale::En, true) => "We are closed right now.".to_owned(),
        (Locale::Fr, false) => {
            format!("Nous sommes fermés pour le moment et rouvrons {next_opening}.")
        }
        (Locale::Fr, true) => "Nous sommes fermés pour le moment.".to_owned(),
        (Locale::He, false) => format!("אנחנו סגורים כרגע ונפתח שוב {next_opening}."),
        (Locale::He, true) => "אנחנו סגורים כרגע.".to_owned(),
    };
    let message = match language {
        Locale::En => "I can take a message for the team.",
        Locale::Fr => "Je peux prendre un message pour l'équipe.",
        Locale::He => "אפשר להשאיר לי הודעה לצוות.",
    };
    format!("{hello} {closed} {message}")
}

fn clock_words(local: &DateTime<Tz>) -> String {
    format!(
        "{} {}",
        Weekday::of(local.date_naive()).english_name(),
        local.format("%H:%M")
    )
}

/// "tomorrow at 09:00", "demain à 09:00", "מחר ב-09:00"…
fn opening_words(language: Locale, now: &DateTime<Tz>, opening: &DateTime<Tz>) -> String {
    let days_ahead = (opening.date_naive() - now.date_naive()).num_days();
    let time = opening.format("%H:%M").to_string();
    let date = opening.date_naive();
    let day = Weekday::of(date);
    let month = MONTHS[language as usize][date.month0() as usize];
    match language {
        Locale::En => match days_ahead {
            0 => format!("today at {time}"),
            1 => format!("tomorrow at {time}"),
            2..=6 => format!("on {} at {time}", day.english_name()),
            _ => format!("on {} {} {month} at {time}", day.english_name(), date.day()),
        },
        Locale::Fr => match days_ahead {
            0 => format!("aujourd'hui à {time}"),
            1 => format!("demain à {time}"),
            2..=6 => format!("{} à {time}", french_day(day)),
            _ => format!("{} {} {month} à {time}", french_day(day), date.day()),
        },
        Locale::He => match days_ahead {
            0 => format!("היום ב-{time}"),
            1 => format!("מחר ב-{time}"),
            2..=6 => format!("ביום {} ב-{time}", hebrew_day(day)),
            _ => format!(
                "ביום {}, {} ב{month}, ב-{time}",
                hebrew_day(day),
                date.day()
            ),
        },
    }
}

/// Month names by `Locale as usize` (en, fr, he).
const MONTHS: [[&str; 12]; 3] = [
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    [
        "ינואר",
        "פברואר",
        "מרץ",
        "אפריל",
        "מאי",
        "יוני",
        "יולי",
        "אוגוסט",
        "ספטמבר",
        "אוקטובר",
        "נובמבר",
        "דצמבר",
    ],
];

fn french_day(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    }
}

fn hebrew_day(day: Weekday) -> &'static str {
    match day {
        Weekday::Sun => "ראשון",
        Weekday::Mon => "שני",
        Weekday::Tue => "שלישי",
        Weekday::Wed => "רביעי",
        Weekday::Thu => "חמישי",
        Weekday::Fri => "שישי",
        Weekday::Sat => "שבת",
    }
}

/// Whether a call that started at `at` was within business hours; unknown
/// without hours.
pub fn during_hours(studio: &StudioConfig, at: DateTime<Utc>) -> Option<bool> {
    let hours = studio.business_hours.as_ref()?;
    Some(Schedule::new(hours, &studio.closures).is_open_at(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        hours::BusinessHours,
        schedule::{AfterHours, parse_closures},
    };

    fn studio() -> StudioConfig {
        StudioConfig {
            business_hours: Some(
                BusinessHours::parse(
                    "Europe/Paris",
                    [
                        Weekday::Mon,
                        Weekday::Tue,
                        Weekday::Wed,
                        Weekday::Thu,
                        Weekday::Fri,
                    ]
                    .map(|day| (day, vec![("09:00", "17:00")])),
                )
                .unwrap(),
            ),
            ..StudioConfig::default()
        }
    }

    fn at(raw: &str) -> DateTime<Utc> {
        raw.parse().unwrap()
    }

    #[test]
    fn open_hours_go_to_the_assistant_with_its_own_greeting() {
        // Wednesday 2 December 2026, 10:00 in Paris.
        let route = route_call(
            &studio(),
            Some("Acme"),
            Locale::En,
            at("2026-12-02T09:00:00Z"),
        );
        let CallRoute::Assistant {
            variables,
            first_message,
        } = route
        else {
            panic!("expected the assistant, got {route:?}");
        };
        assert!(variables.is_open);
        assert_eq!(variables.business_status, "open");
        assert_eq!(variables.local_time, "Wednesday 10:00 (Europe/Paris)");
        assert_eq!(first_message, None);
    }

    #[test]
    fn after_hours_the_assistant_says_when_the_business_opens() {
        // Friday 4 December 2026, 18:30 in Paris: opens Monday 09:00.
        let route = route_call(
            &studio(),
            Some("Acme"),
            Locale::Fr,
            at("2026-12-04T17:30:00Z"),
        );
        let CallRoute::Assistant {
            variables,
            first_message,
        } = route
        else {
            panic!("expected the assistant, got {route:?}");
        };
        assert!(!variables.is_open);
        assert_eq!(variables.next_opening, "lundi à 09:00");
        assert_eq!(
            variables.business_status,
            "closed; it opens again on Monday at 09:00"
        );
        assert_eq!(
            first_message.as_deref(),
            Some(
                "Bonjour, vous êtes bien chez Acme. Nous sommes fermés pour le moment et rouvrons lundi à 09:00. Je peux prendre un message pour l'équipe."
            )
        );
    }

    #[test]
    fn a_closure_far_ahead_is_told_with_its_date() {
        let mut config = studio();
        // Closed from Monday 7 to Friday 11 December.
        config.closures = parse_closures(
            [
                "2026-12-07",
                "2026-12-08",
                "2026-12-09",
                "2026-12-10",
                "2026-12-11",
            ]
            .into_iter()
            .map(|date| (date, None)),
        )
        .unwrap();
        let route = route_call(&config, None, Locale::He, at("2026-12-04T17:30:00Z"));
        let CallRoute::Assistant { variables, .. } = route else {
            panic!("expected the assistant");
        };
        assert_eq!(variables.next_opening, "ביום שני, 14 בדצמבר, ב-09:00");
        let english = route_call(&config, None, Locale::En, at("2026-12-04T17:30:00Z"));
        let CallRoute::Assistant { variables, .. } = english else {
            panic!("expected the assistant");
        };
        assert_eq!(variables.next_opening, "on Monday 14 December at 09:00");
    }

    #[test]
    fn after_hours_forwarding_sends_the_call_to_a_person() {
        let mut config = studio();
        let person = PhoneNumber::parse("+33612345678").unwrap();
        config.after_hours =
            AfterHours::new(AfterHoursMode::Forward, Some(person.clone())).unwrap();
        let closed = route_call(&config, None, Locale::En, at("2026-12-05T10:00:00Z"));
        assert_eq!(
            closed,
            CallRoute::Forward {
                to: person,
                message: "Please hold while I connect you.".to_owned()
            }
        );
        // During hours the assistant still answers.
        let open = route_call(&config, None, Locale::En, at("2026-12-02T10:00:00Z"));
        assert!(matches!(open, CallRoute::Assistant { .. }));
    }

    #[test]
    fn without_hours_the_business_is_always_open() {
        let config = StudioConfig::default();
        let route = route_call(&config, None, Locale::En, at("2026-12-06T03:00:00Z"));
        assert!(matches!(
            route,
            CallRoute::Assistant {
                variables: CallVariables { is_open: true, .. },
                first_message: None
            }
        ));
        assert_eq!(during_hours(&config, at("2026-12-06T03:00:00Z")), None);
        assert_eq!(
            during_hours(&studio(), at("2026-12-02T10:00:00Z")),
            Some(true)
        );
    }

    #[test]
    fn today_and_tomorrow_read_as_such() {
        // Wednesday 2 December, 07:00 in Paris: opens today at 09:00.
        let route = route_call(&studio(), None, Locale::En, at("2026-12-02T06:00:00Z"));
        let CallRoute::Assistant { variables, .. } = route else {
            panic!("expected the assistant");
        };
        assert_eq!(variables.next_opening, "today at 09:00");
        let route = route_call(&studio(), None, Locale::He, at("2026-12-02T18:00:00Z"));
        let CallRoute::Assistant { variables, .. } = route else {
            panic!("expected the assistant");
        };
        assert_eq!(variables.next_opening, "מחר ב-09:00");
    }
}
