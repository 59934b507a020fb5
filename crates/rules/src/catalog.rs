//! The choices Ava offers. Provider lists change: they live here, as data,
//! and nowhere else (the server refuses anything else and serves them as
//! `GET /catalog`; the web app reads what it needs from here or from there).

use crate::Locale;

pub struct VoiceEntry {
    pub provider: &'static str,
    pub voice_id: &'static str,
    /// Languages the voice is known to speak well.
    pub languages: &'static [Locale],
}

const ENGLISH: &[Locale] = &[Locale::En];
const MULTILINGUAL: &[Locale] = &[Locale::En, Locale::Fr, Locale::He];

macro_rules! voices {
    ($provider:literal, $languages:expr, [$($id:literal),* $(,)?]) => {
        [$(VoiceEntry { provider: $provider, voice_id: $id, languages: $languages }),*]
    };
}

const VAPI_VOICES: [VoiceEntry; 13] = voices!(
    "vapi",
    ENGLISH,
    [
        "Elliot", "Savannah", "Rohan", "Emma", "Clara", "Nico", "Kai", "Layla", "Leo", "Zoe",
        "Mia", "Jess", "Tara"
    ]
);
const OPENAI_VOICES: [VoiceEntry; 6] = voices!(
    "openai",
    MULTILINGUAL,
    ["alloy", "echo", "fable", "onyx", "nova", "shimmer"]
);

/// Every voice offered, Vapi's own first (its `Elliot` is the default).
pub fn voices() -> impl Iterator<Item = &'static VoiceEntry> {
    VAPI_VOICES.iter().chain(OPENAI_VOICES.iter())
}

pub fn find_voice(provider: &str, voice_id: &str) -> Option<&'static VoiceEntry> {
    voices().find(|voice| voice.provider == provider && voice.voice_id == voice_id)
}

pub const DEFAULT_VOICE: (&str, &str) = ("vapi", "Elliot");

/// The voice an assistant starts with when it speaks `language` first:
/// Vapi's own for English, a multilingual one for the others (Vapi's voices
/// speak English only).
pub fn default_voice(language: Locale) -> (&'static str, &'static str) {
    match language {
        Locale::En => DEFAULT_VOICE,
        Locale::Fr | Locale::He => ("openai", "nova"),
    }
}

/// Whether the voice is known to speak `language` (an unknown voice speaks nothing).
pub fn speaks(provider: &str, voice_id: &str, language: Locale) -> bool {
    find_voice(provider, voice_id).is_some_and(|voice| voice.languages.contains(&language))
}

/// The voice to switch to when Ava's first language changes from `before`
/// to `after`: the new language's default, unless the voice is one the owner
/// picked (any voice that is no language's default) or already that default.
pub fn voice_after_language_change(
    current: (&str, &str),
    before: Option<Locale>,
    after: Option<Locale>,
) -> Option<(&'static str, &'static str)> {
    let after = after.filter(|after| before != Some(*after))?;
    let fitting = default_voice(after);
    let picked_by_owner = !Locale::ALL
        .into_iter()
        .any(|any| default_voice(any) == current);
    (!picked_by_owner && current != fitting).then_some(fitting)
}

/// `(provider, model)` pairs of the language models an assistant can run on.
pub const MODELS: [(&str, &str); 4] = [
    ("openai", "gpt-4o-mini"),
    ("openai", "gpt-4o"),
    ("openai", "gpt-4.1"),
    ("openai", "gpt-4.1-mini"),
];

pub const DEFAULT_MODEL: (&str, &str) = MODELS[0];

pub fn find_model(provider: &str, model: &str) -> Option<(&'static str, &'static str)> {
    MODELS
        .into_iter()
        .find(|(p, m)| *p == provider && *m == model)
}

pub const CALENDARS: [&str; 2] = ["google", "outlook"];
pub const CRMS: [&str; 3] = ["hubspot", "salesforce", "pipedrive"];
pub const WORKSPACE_APPS: [&str; 5] = [
    "slack",
    "notion",
    "microsoft_teams",
    "google_drive",
    "trello",
];

pub const INDUSTRIES: [&str; 12] = [
    "dental",
    "medical",
    "legal",
    "real_estate",
    "beauty",
    "restaurant",
    "automotive",
    "home_services",
    "fitness",
    "accounting",
    "retail",
    "other",
];

pub const PLANS: [&str; 1] = ["free"];

/// The offered code equal to `code` (exactly: codes are not typed by hand).
pub fn find(options: &[&'static str], code: &str) -> Option<&'static str> {
    options.iter().find(|option| **option == code).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_offered_choices() {
        assert!(find_voice(DEFAULT_VOICE.0, DEFAULT_VOICE.1).is_some());
        assert_eq!(
            find_model(DEFAULT_MODEL.0, DEFAULT_MODEL.1),
            Some(DEFAULT_MODEL)
        );
    }

    #[test]
    fn each_language_default_voice_speaks_it() {
        for language in Locale::ALL {
            let (provider, voice_id) = default_voice(language);
            assert!(speaks(provider, voice_id, language), "{language:?}");
        }
        assert_eq!(default_voice(Locale::En), DEFAULT_VOICE);
        assert!(!speaks("vapi", "Elliot", Locale::He));
        assert!(!speaks("vapi", "Nobody", Locale::En));
    }

    #[test]
    fn a_default_voice_follows_the_first_language_and_a_picked_one_stays() {
        let change = voice_after_language_change;
        let (en, fr, he) = (Some(Locale::En), Some(Locale::Fr), Some(Locale::He));
        assert_eq!(change(DEFAULT_VOICE, None, he), Some(("openai", "nova")));
        assert_eq!(change(DEFAULT_VOICE, en, fr), Some(("openai", "nova")));
        assert_eq!(change(("openai", "nova"), he, en), Some(DEFAULT_VOICE));
        assert_eq!(change(("openai", "nova"), fr, he), None);
        // Only a change of the first language moves the voice: Elliot kept
        // with Hebrew first was the owner's choice.
        assert_eq!(change(DEFAULT_VOICE, he, he), None);
        assert_eq!(change(DEFAULT_VOICE, he, None), None);
        // Voices that are no language's default were picked by the owner.
        assert_eq!(change(("vapi", "Kai"), en, he), None);
        assert_eq!(change(("openai", "onyx"), he, en), None);
    }

    #[test]
    fn voices_are_unique_per_provider() {
        let mut seen = std::collections::HashSet::new();
        assert!(voices().all(|voice| seen.insert((voice.provider, voice.voice_id))));
    }

    #[test]
    fn every_language_has_a_voice_that_speaks_it() {
        for locale in Locale::ALL {
            assert!(
                voices().any(|voice| voice.languages.contains(&locale)),
                "{locale:?}"
            );
        }
    }

    #[test]
    fn choices_outside_the_catalog_are_not_found() {
        assert_eq!(find(&CRMS, "hubspot"), Some("hubspot"));
        assert_eq!(find(&CRMS, "HubSpot"), None);
        assert_eq!(find(&PLANS, "enterprise"), None);
        assert!(find_voice("vapi", "Nobody").is_none());
        assert!(find_voice("openai", "Elliot").is_none());
        assert_eq!(find_model("openai", "gpt-2"), None);
    }

    #[test]
    fn codes_are_unique_in_each_list() {
        for list in [&CALENDARS[..], &CRMS, &WORKSPACE_APPS, &INDUSTRIES, &PLANS] {
            let mut seen = std::collections::HashSet::new();
            assert!(list.iter().all(|code| seen.insert(code)), "{list:?}");
        }
    }
}
