//! How the owner's answers become a voice assistant: its name, greeting,
//! instructions, voice, model and transcriber language.

use chrono::{DateTime, Utc};

use crate::{
    hours::{BusinessHours, TimeRange, Weekday},
    ids::{AssistantId, UserId},
    locale::Locale,
    phone::PhoneNumber,
    profile::Profile,
    studio::{ModelChoice, StudioConfig, VoiceChoice},
};

/// Vapi's limit on an assistant's name.
pub const MAX_NAME_CHARS: usize = 40;

/// Everything Vapi needs to create or update the assistant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssistantBlueprint {
    pub name: String,
    pub first_message: String,
    pub system_prompt: String,
    pub voice: VoiceChoice,
    pub model: ModelChoice,
    /// Deepgram language code: `en`, `fr`, `he`, or `multi`.
    pub transcriber_language: &'static str,
    pub owner: UserId,
    /// Ava's id of the assistant, also written into Vapi's copy: after a
    /// timeout it tells whether Vapi created the assistant anyway.
    pub assistant: AssistantId,
    /// The person the assistant may transfer a caller to (`transferCall`).
    pub transfer_to: Option<PhoneNumber>,
}

/// Who decides, for each call, whether the business is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursEnforcement {
    /// Ava, when Vapi asks her about the call (`assistant-request`): the
    /// prompt reads the decision from the call's variables.
    ByAva,
    /// Nobody: Vapi cannot reach Ava, so the prompt lists the hours and the
    /// model is trusted with them.
    Advisory,
}

/// An assistant Ava created in the owner's Vapi organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assistant {
    pub id: AssistantId,
    pub owner: UserId,
    pub name: String,
    pub vapi_assistant_id: String,
    pub phone_number: Option<PhoneNumber>,
    pub vapi_phone_number_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub synced_at: DateTime<Utc>,
}

impl AssistantBlueprint {
    pub fn compose(
        owner: UserId,
        assistant: AssistantId,
        profile: &Profile,
        studio: &StudioConfig,
        hours: HoursEnforcement,
    ) -> Self {
        let business = profile
            .organization_name
            .as_ref()
            .map(|name| name.as_str().to_owned());
        let languages = spoken_languages(profile, studio);
        Self {
            name: assistant_name(profile.locale, business.as_deref()),
            first_message: studio
                .first_message
                .as_ref()
                .map(|message| message.as_str().to_owned())
                .unwrap_or_else(|| default_greeting(languages.first, business.as_deref())),
            system_prompt: system_prompt(profile, studio, business.as_deref(), &languages, hours),
            voice: studio.voice,
            model: studio.model,
            transcriber_language: transcriber_language(&languages),
            owner,
            assistant,
            transfer_to: studio.handoff_number.clone(),
        }
    }
}

/// The languages Ava speaks: never none.
struct Spoken {
    first: Locale,
    others: Vec<Locale>,
}

/// The configured languages, or the owner's own when none is chosen yet.
fn spoken_languages(profile: &Profile, studio: &StudioConfig) -> Spoken {
    Spoken {
        first: studio.first_language(profile.locale),
        others: studio.languages.iter().skip(1).copied().collect(),
    }
}

/// "<business> Reception" in the owner's language (the name they see in
/// Vapi's dashboard), Ava's own name standing in for a missing business.
fn assistant_name(owner_locale: Locale, business: Option<&str>) -> String {
    let business = business.unwrap_or("Ava");
    let name = match owner_locale {
        Locale::En => format!("{business} Reception"),
        Locale::Fr => format!("Accueil {business}"),
        Locale::He => format!("הקבלה של {business}"),
    };
    name.chars()
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

fn default_greeting(language: Locale, business: Option<&str>) -> String {
    match (language, business) {
        (Locale::En, Some(b)) => format!("Hello, you have reached {b}. How can I help you today?"),
        (Locale::En, None) => "Hello, how can I help you today?".to_owned(),
        (Locale::Fr, Some(b)) => {
            format!("Bonjour, vous êtes bien chez {b}. Comment puis-je vous aider ?")
        }
        (Locale::Fr, None) => "Bonjour, comment puis-je vous aider ?".to_owned(),
        (Locale::He, Some(b)) => format!("שלום, הגעתם ל{b}. איך אפשר לעזור?"),
        (Locale::He, None) => "שלום, איך אפשר לעזור?".to_owned(),
    }
}

/// Deepgram's nova-3 takes `multi` for a mix of English and French; whether
/// `multi` covers Hebrew is unconfirmed, so any mix with Hebrew listens for
/// the first language.
fn transcriber_language(languages: &Spoken) -> &'static str {
    let covered_by_multi = |l: &Locale| matches!(l, Locale::En | Locale::Fr);
    if !languages.others.is_empty()
        && covered_by_multi(&languages.first)
        && languages.others.iter().all(covered_by_multi)
    {
        "multi"
    } else {
        languages.first.code()
    }
}

fn describe_ranges(ranges: &[TimeRange]) -> String {
    if ranges.is_empty() {
        return "closed".to_owned();
    }
    ranges
        .iter()
        .map(|range| format!("{} to {}", range.start(), range.end()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn hours_section(hours: &BusinessHours, enforcement: HoursEnforcement) -> String {
    let zone = hours.timezone().name();
    let week: Vec<String> = Weekday::ALL
        .iter()
        .map(|day| {
            format!(
                "- {}: {}",
                day.english_name(),
                describe_ranges(hours.ranges(*day))
            )
        })
        .collect();
    let now = match enforcement {
        // The variables of `routing::CallVariables`, filled in for each call.
        HoursEnforcement::ByAva => {
            "Right now it is {{local_time}} at the business, and the business is \
             {{business_status}}. This is decided for you: never work out the time or whether the \
             business is open yourself; the hours above are only for callers who ask about them."
                .to_owned()
        }
        HoursEnforcement::Advisory => format!(
            "The current date and time at the business is {{{{\"now\" | date: \"%A %H:%M\", \"{zone}\"}}}}."
        ),
    };
    format!(
        "Business hours ({zone} time):\n{}\n{now}\n\
         Outside business hours, tell the caller the business is closed and when it opens next, \
         offer to take a message (name, phone number and reason for calling), and do not promise \
         a call-back time.",
        week.join("\n")
    )
}

fn transfer_section(enforcement: HoursEnforcement) -> String {
    let when = match enforcement {
        HoursEnforcement::ByAva => {
            "Only transfer while the business is open; when it is closed, take a message instead."
        }
        HoursEnforcement::Advisory => {
            "Only transfer during business hours; outside them, take a message instead."
        }
    };
    format!(
        "When the caller asks to speak to a person, or you cannot help them, tell them you are \
         transferring the call and use the transferCall tool. {when}"
    )
}

fn system_prompt(
    profile: &Profile,
    studio: &StudioConfig,
    business: Option<&str>,
    languages: &Spoken,
    enforcement: HoursEnforcement,
) -> String {
    let mut sections = Vec::new();
    let who = studio
        .persona
        .as_ref()
        .map(|persona| persona.as_str().to_owned())
        .unwrap_or_else(|| "the receptionist".to_owned());
    let place = business.unwrap_or("this business");
    let industry = profile
        .industry
        .map(|industry| format!(" (industry: {})", industry.code().replace('_', " ")))
        .unwrap_or_default();
    sections.push(format!(
        "You are {who}, answering phone calls for {place}{industry}."
    ));
    if let Some(job) = &studio.job_to_be_done {
        sections.push(format!("Your job: {job}."));
    }
    sections.push(format!("Your tone is {}.", studio.tone.instruction()));
    let first = languages.first.english_name();
    sections.push(if languages.others.is_empty() {
        format!("Speak {first}.")
    } else {
        let others: Vec<&str> = languages.others.iter().map(|l| l.english_name()).collect();
        format!(
            "Speak {first} by default. You also speak {}: when the caller uses one of them, answer in it.",
            others.join(" and ")
        )
    });
    match &studio.business_hours {
        Some(hours) if !hours.is_always_closed() => {
            sections.push(hours_section(hours, enforcement));
        }
        _ => {}
    }
    if studio.handoff_number.is_some() {
        sections.push(transfer_section(enforcement));
    }
    if let Some(guidelines) = &studio.guidelines {
        sections.push(format!(
            "The owner's guidelines, which always apply:\n{guidelines}"
        ));
    }
    sections.push(
        "This is a phone call: keep answers short and easy to follow by ear. Never invent prices, \
         availability or facts you were not given; when unsure, offer to take a message."
            .to_owned(),
    );
    sections.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        email::EmailAddress, hours::BusinessHours, profile::Industry, studio::Tone, text::Text,
        timezone::Timezone,
    };

    fn profile(organization: Option<&str>) -> Profile {
        Profile {
            email: EmailAddress::parse("dana@acme.test").unwrap(),
            full_name: Some(Text::new("Dana Levi").unwrap()),
            organization_name: organization.map(|o| Text::new(o).unwrap()),
            industry: Some(Industry::parse("dental").unwrap()),
            timezone: Some(Timezone::parse("Asia/Jerusalem").unwrap()),
            locale: Locale::He,
            marketing_opt_in: false,
            terms_accepted_at: None,
            version: 1,
        }
    }

    fn studio() -> StudioConfig {
        StudioConfig {
            persona: Some(Text::new("Maya, the front desk of Acme Dental").unwrap()),
            job_to_be_done: Some(Text::new("book and move cleaning appointments").unwrap()),
            languages: vec![Locale::He, Locale::En],
            tone: Tone::Warm,
            guidelines: Some(Text::new("Never give medical advice.").unwrap()),
            business_hours: Some(
                BusinessHours::parse(
                    "Asia/Jerusalem",
                    vec![
                        (Weekday::Sun, vec![("08:00", "17:00")]),
                        (Weekday::Mon, vec![("08:00", "12:00"), ("13:00", "17:00")]),
                    ],
                )
                .unwrap(),
            ),
            ..StudioConfig::default()
        }
    }

    #[test]
    fn the_prompt_carries_every_answer_of_the_owner() {
        let blueprint = AssistantBlueprint::compose(
            UserId::generate(),
            AssistantId::generate(),
            &profile(Some("Acme Dental")),
            &studio(),
            HoursEnforcement::Advisory,
        );
        let prompt = &blueprint.system_prompt;
        for expected in [
            "You are Maya, the front desk of Acme Dental, answering phone calls for Acme Dental (industry: dental).",
            "Your job: book and move cleaning appointments.",
            "warm and caring",
            "Speak Hebrew by default. You also speak English",
            "- Monday: 08:00 to 12:00, 13:00 to 17:00",
            "- Tuesday: closed",
            "- Sunday: 08:00 to 17:00",
            r#"{{"now" | date: "%A %H:%M", "Asia/Jerusalem"}}"#,
            "Outside business hours",
            "Never give medical advice.",
        ] {
            assert!(
                prompt.contains(expected),
                "missing {expected:?} in:\n{prompt}"
            );
        }
    }

    #[test]
    fn without_hours_the_prompt_says_nothing_of_closing() {
        let config = StudioConfig {
            business_hours: None,
            ..studio()
        };
        let blueprint = AssistantBlueprint::compose(
            UserId::generate(),
            AssistantId::generate(),
            &profile(None),
            &config,
            HoursEnforcement::Advisory,
        );
        assert!(!blueprint.system_prompt.contains("Outside business hours"));
        assert!(
            blueprint
                .system_prompt
                .contains("answering phone calls for this business")
        );
    }

    #[test]
    fn the_name_fits_vapi_limit() {
        let long = "The Very Long Named Family Dental Clinic of Tel Aviv";
        let blueprint = AssistantBlueprint::compose(
            UserId::generate(),
            AssistantId::generate(),
            &profile(Some(long)),
            &studio(),
            HoursEnforcement::Advisory,
        );
        assert!(blueprint.name.chars().count() <= MAX_NAME_CHARS);
        assert!(blueprint.name.starts_with("הקבלה של The Very Long"));
        assert!(!blueprint.name.ends_with(' '));
    }

    #[test]
    fn the_name_is_in_the_owner_language() {
        let named = |locale, organization| {
            let profile = Profile {
                locale,
                ..profile(organization)
            };
            AssistantBlueprint::compose(
                UserId::generate(),
                AssistantId::generate(),
                &profile,
                &studio(),
                HoursEnforcement::Advisory,
            )
            .name
        };
        assert_eq!(named(Locale::En, Some("Acme")), "Acme Reception");
        assert_eq!(named(Locale::Fr, Some("Acme")), "Accueil Acme");
        assert_eq!(named(Locale::He, Some("Acme")), "הקבלה של Acme");
        assert_eq!(named(Locale::En, None), "Ava Reception");
        assert_eq!(named(Locale::Fr, None), "Accueil Ava");
    }

    #[test]
    fn the_greeting_defaults_to_the_first_language() {
        let config = StudioConfig {
            first_message: None,
            ..studio()
        };
        let blueprint = AssistantBlueprint::compose(
            UserId::generate(),
            AssistantId::generate(),
            &profile(Some("Acme")),
            &config,
            HoursEnforcement::Advisory,
        );
        assert_eq!(
            blueprint.first_message,
            "שלום, הגעתם לAcme. איך אפשר לעזור?"
        );
        let own = StudioConfig {
            first_message: Some(Text::new("Acme, good morning").unwrap()),
            ..studio()
        };
        let blueprint = AssistantBlueprint::compose(
            UserId::generate(),
            AssistantId::generate(),
            &profile(Some("Acme")),
            &own,
            HoursEnforcement::Advisory,
        );
        assert_eq!(blueprint.first_message, "Acme, good morning");
    }

    #[test]
    fn the_transcriber_listens_for_the_right_language() {
        let spoken = |first, others: &[Locale]| Spoken {
            first,
            others: others.to_vec(),
        };
        assert_eq!(
            transcriber_language(&spoken(Locale::He, &[Locale::En])),
            "he"
        );
        assert_eq!(
            transcriber_language(&spoken(Locale::En, &[Locale::He])),
            "en"
        );
        assert_eq!(
            transcriber_language(&spoken(Locale::Fr, &[Locale::En])),
            "multi"
        );
        assert_eq!(transcriber_language(&spoken(Locale::Fr, &[])), "fr");
    }

    #[test]
    fn without_chosen_languages_ava_speaks_the_owner_locale() {
        let config = StudioConfig {
            languages: vec![],
            ..studio()
        };
        let blueprint = AssistantBlueprint::compose(
            UserId::generate(),
            AssistantId::generate(),
            &profile(Some("Acme")),
            &config,
            HoursEnforcement::Advisory,
        );
        assert_eq!(blueprint.transcriber_language, "he");
        assert!(blueprint.system_prompt.contains("Speak Hebrew."));
    }
}

#[cfg(test)]
mod enforced_tests {
    use super::*;
    use crate::{email::EmailAddress, hours::BusinessHours, text::Text};

    #[test]
    fn with_ava_deciding_the_prompt_reads_the_call_variables_and_can_transfer() {
        let profile = Profile {
            email: EmailAddress::parse("dana@acme.test").unwrap(),
            full_name: None,
            organization_name: Some(Text::new("Acme").unwrap()),
            industry: None,
            timezone: None,
            locale: Locale::En,
            marketing_opt_in: false,
            terms_accepted_at: None,
            version: 1,
        };
        let studio = StudioConfig {
            business_hours: Some(
                BusinessHours::parse(
                    "Europe/Paris",
                    vec![(Weekday::Mon, vec![("09:00", "17:00")])],
                )
                .unwrap(),
            ),
            handoff_number: Some(PhoneNumber::parse("+33612345678").unwrap()),
            ..StudioConfig::default()
        };
        let blueprint = AssistantBlueprint::compose(
            UserId::generate(),
            AssistantId::generate(),
            &profile,
            &studio,
            HoursEnforcement::ByAva,
        );
        let prompt = &blueprint.system_prompt;
        assert!(prompt.contains("{{local_time}}"), "{prompt}");
        assert!(prompt.contains("{{business_status}}"), "{prompt}");
        assert!(!prompt.contains("| date:"), "{prompt}");
        assert!(prompt.contains("transferCall"), "{prompt}");
        assert_eq!(
            blueprint.transfer_to.as_ref().map(PhoneNumber::as_str),
            Some("+33612345678")
        );
    }
}
