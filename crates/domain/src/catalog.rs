//! The choices Ava offers. Provider lists change: they live here, as data,
//! and nowhere else (the SPA reads them through `GET /catalog`).

use crate::locale::Locale;

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

/// `(provider, model)` pairs of the language models an assistant can run on.
pub const MODELS: [(&str, &str); 4] = [
    ("openai", "gpt-4o-mini"),
    ("openai", "gpt-4o"),
    ("openai", "gpt-4.1"),
    ("openai", "gpt-4.1-mini"),
];

pub const DEFAULT_MODEL: (&str, &str) = MODELS[0];

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_offered_choices() {
        assert!(find_voice(DEFAULT_VOICE.0, DEFAULT_VOICE.1).is_some());
        assert!(MODELS.contains(&DEFAULT_MODEL));
    }

    #[test]
    fn voices_are_unique_per_provider() {
        let mut seen = std::collections::HashSet::new();
        assert!(voices().all(|voice| seen.insert((voice.provider, voice.voice_id))));
    }
}
