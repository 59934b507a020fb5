//! The studio configuration: everything the owner tells Ava about the
//! receptionist, from persona to business hours. The assistant is built from it.

use ava_rules::studio::{PersonaInput, telephony_progress};

use crate::{
    FieldErrors, Invalid,
    catalog::{self, CALENDARS, CRMS, PLANS, WORKSPACE_APPS},
    hours::BusinessHours,
    locale::Locale,
    onboarding::Progress,
    phone::PhoneNumber,
    schedule::{AfterHours, Closure},
    text::{FirstMessage, Guidelines, JobToBeDone, Persona},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Warm,
    Professional,
    Friendly,
    Concise,
}

impl Tone {
    pub const ALL: [Tone; 4] = [
        Tone::Warm,
        Tone::Professional,
        Tone::Friendly,
        Tone::Concise,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Tone::Warm => "warm",
            Tone::Professional => "professional",
            Tone::Friendly => "friendly",
            Tone::Concise => "concise",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|tone| tone.code() == code)
    }

    /// How the tone reads in the assistant's instructions.
    pub fn instruction(self) -> &'static str {
        match self {
            Tone::Warm => "warm and caring: make callers feel welcome and listened to",
            Tone::Professional => "professional and composed: courteous, precise, never casual",
            Tone::Friendly => "friendly and upbeat: relaxed, approachable, positive",
            Tone::Concise => "concise: short sentences, straight to the point, no small talk",
        }
    }
}

/// A catalog entry picked by `(provider, id)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoiceChoice {
    pub provider: &'static str,
    pub voice_id: &'static str,
}

impl VoiceChoice {
    pub fn parse(provider: &str, voice_id: &str) -> Result<Self, Invalid> {
        catalog::find_voice(provider, voice_id)
            .map(|voice| Self {
                provider: voice.provider,
                voice_id: voice.voice_id,
            })
            .ok_or(Invalid::UnknownChoice)
    }
}

impl Default for VoiceChoice {
    fn default() -> Self {
        let (provider, voice_id) = catalog::DEFAULT_VOICE;
        Self { provider, voice_id }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelChoice {
    pub provider: &'static str,
    pub model: &'static str,
}

impl ModelChoice {
    pub fn parse(provider: &str, model: &str) -> Result<Self, Invalid> {
        catalog::find_model(provider, model)
            .map(|(provider, model)| Self { provider, model })
            .ok_or(Invalid::UnknownChoice)
    }
}

impl Default for ModelChoice {
    fn default() -> Self {
        let (provider, model) = catalog::DEFAULT_MODEL;
        Self { provider, model }
    }
}

fn choose(options: &[&'static str], raw: &str) -> Result<&'static str, Invalid> {
    catalog::find(options, raw).ok_or(Invalid::UnknownChoice)
}

/// The apps the owner wants Ava to work with, each from the catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Integrations {
    pub calendar: Option<&'static str>,
    pub crm: Option<&'static str>,
    pub workspace: Vec<&'static str>,
}

impl Integrations {
    /// Refusals name `calendar`, `crm` or `workspace`.
    pub fn parse(
        calendar: Option<&str>,
        crm: Option<&str>,
        workspace: &[String],
    ) -> Result<Self, FieldErrors> {
        if workspace.len() > WORKSPACE_APPS.len() {
            return Err(FieldErrors::single(
                "workspace",
                Invalid::TooMany {
                    max: WORKSPACE_APPS.len(),
                },
            ));
        }
        let mut errors = FieldErrors::new();
        let calendar = calendar.and_then(|raw| errors.check("calendar", choose(&CALENDARS, raw)));
        let crm = crm.and_then(|raw| errors.check("crm", choose(&CRMS, raw)));
        let mut apps = Vec::new();
        for raw in workspace {
            match choose(&WORKSPACE_APPS, raw) {
                Ok(app) if apps.contains(&app) => errors.add("workspace", Invalid::Duplicate),
                Ok(app) => apps.push(app),
                Err(invalid) => errors.add("workspace", invalid),
            }
        }
        errors.into_result(|| Self {
            calendar,
            crm,
            workspace: apps,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.calendar.is_none() && self.crm.is_none() && self.workspace.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan(&'static str);

impl Plan {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        choose(&PLANS, raw).map(Self)
    }

    pub fn code(&self) -> &'static str {
        self.0
    }
}

/// The languages Ava speaks, the first one by default; none repeated.
pub fn parse_languages(languages: &[Locale]) -> Result<Vec<Locale>, Invalid> {
    let mut unique: Vec<Locale> = Vec::with_capacity(languages.len());
    for language in languages {
        if unique.contains(language) {
            return Err(Invalid::Duplicate);
        }
        unique.push(*language);
    }
    Ok(unique)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudioConfig {
    pub persona: Option<Persona>,
    pub job_to_be_done: Option<JobToBeDone>,
    pub languages: Vec<Locale>,
    pub tone: Tone,
    pub guidelines: Option<Guidelines>,
    pub first_message: Option<FirstMessage>,
    pub voice: VoiceChoice,
    pub model: ModelChoice,
    pub phone_number: Option<PhoneNumber>,
    pub business_hours: Option<BusinessHours>,
    pub integrations: Integrations,
    pub plan: Option<Plan>,
    /// The person Ava transfers a caller to.
    pub handoff_number: Option<PhoneNumber>,
    pub after_hours: AfterHours,
    /// Dates closed all day, oldest first.
    pub closures: Vec<Closure>,
    /// 0 until first saved; each save adds one.
    pub version: i64,
}

/// A validated change: `None` leaves a field, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct StudioChanges {
    pub persona: Option<Option<Persona>>,
    pub job_to_be_done: Option<Option<JobToBeDone>>,
    pub languages: Option<Vec<Locale>>,
    pub tone: Option<Tone>,
    pub guidelines: Option<Option<Guidelines>>,
    pub first_message: Option<Option<FirstMessage>>,
    pub voice: Option<VoiceChoice>,
    pub model: Option<ModelChoice>,
    pub phone_number: Option<Option<PhoneNumber>>,
    pub business_hours: Option<Option<BusinessHours>>,
    pub integrations: Option<Integrations>,
    pub plan: Option<Option<Plan>>,
    pub handoff_number: Option<Option<PhoneNumber>>,
    pub after_hours: Option<AfterHours>,
    pub closures: Option<Vec<Closure>>,
}

/// What a change of languages does to a voice: a configuration whose
/// first language was `before` and whose voice is `from` gets `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoiceMove {
    pub before: Option<Locale>,
    pub from: VoiceChoice,
    pub to: VoiceChoice,
}

impl StudioChanges {
    /// Every voice this change moves: a change of Ava's first language that
    /// leaves the voice alone also moves a default voice to the new
    /// language's (`ava_rules::catalog`), since Elliot speaks only English.
    /// None when the change sets a voice or leaves the languages. Listed
    /// for every stored state, so that a repository can apply the change
    /// in one statement instead of reading the configuration first.
    pub fn voice_moves(&self) -> Vec<VoiceMove> {
        let (None, Some(languages)) = (self.voice, &self.languages) else {
            return Vec::new();
        };
        let after = languages.first().copied();
        let befores = std::iter::once(None).chain(Locale::ALL.map(Some));
        befores
            .flat_map(|before| {
                catalog::voices().filter_map(move |voice| {
                    let (provider, voice_id) = catalog::voice_after_language_change(
                        (voice.provider, voice.voice_id),
                        before,
                        after,
                    )?;
                    Some(VoiceMove {
                        before,
                        from: VoiceChoice {
                            provider: voice.provider,
                            voice_id: voice.voice_id,
                        },
                        to: VoiceChoice { provider, voice_id },
                    })
                })
            })
            .collect()
    }

    /// Adds to the change the voice move that applies to `current`, if any.
    pub fn fit_voice_to_languages(&mut self, current: &StudioConfig) {
        let moves = self.voice_moves();
        self.take_voice_move(&moves, current);
    }

    /// Adds to the change the move of `moves` (this change's
    /// [`voice_moves`](Self::voice_moves)) that applies to `current`, if any.
    pub fn take_voice_move(&mut self, moves: &[VoiceMove], current: &StudioConfig) {
        let before = current.languages.first().copied();
        if let Some(fitting) = moves
            .iter()
            .find(|fit| fit.before == before && fit.from == current.voice)
        {
            self.voice = Some(fitting.to);
        }
    }
}

fn set<T>(field: &mut T, change: Option<T>) {
    if let Some(value) = change {
        *field = value;
    }
}

impl StudioConfig {
    pub fn apply(&mut self, changes: StudioChanges) {
        set(&mut self.persona, changes.persona);
        set(&mut self.job_to_be_done, changes.job_to_be_done);
        set(&mut self.languages, changes.languages);
        set(&mut self.tone, changes.tone);
        set(&mut self.guidelines, changes.guidelines);
        set(&mut self.first_message, changes.first_message);
        set(&mut self.voice, changes.voice);
        set(&mut self.model, changes.model);
        set(&mut self.phone_number, changes.phone_number);
        set(&mut self.business_hours, changes.business_hours);
        set(&mut self.integrations, changes.integrations);
        set(&mut self.plan, changes.plan);
        set(&mut self.handoff_number, changes.handoff_number);
        set(&mut self.after_hours, changes.after_hours);
        set(&mut self.closures, changes.closures);
    }

    /// The language Ava greets callers in: the first she speaks, or the owner's.
    pub fn first_language(&self, owner_locale: Locale) -> Locale {
        self.languages.first().copied().unwrap_or(owner_locale)
    }

    /// The persona step, by the shared rule (`ava_rules::studio`).
    pub fn persona_progress(&self) -> Progress {
        PersonaInput {
            persona: self.persona.as_ref().map(Persona::as_str),
            job_to_be_done: self.job_to_be_done.as_ref().map(JobToBeDone::as_str),
            languages: self.languages.len(),
            guidelines: self.guidelines.as_ref().map(Guidelines::as_str),
            first_message: self.first_message.as_ref().map(FirstMessage::as_str),
        }
        .progress()
    }

    pub fn telephony_progress(&self) -> Progress {
        telephony_progress(
            self.phone_number.as_ref().map(PhoneNumber::as_str),
            self.business_hours.is_some(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    #[test]
    fn a_new_config_has_the_catalog_defaults() {
        let config = StudioConfig::default();
        assert_eq!(config.voice, VoiceChoice::parse("vapi", "Elliot").unwrap());
        assert_eq!(
            config.model,
            ModelChoice::parse("openai", "gpt-4o-mini").unwrap()
        );
        assert_eq!(config.tone, Tone::Warm);
        assert_eq!(config.version, 0);
    }

    #[test]
    fn choices_outside_the_catalog_are_refused() {
        assert_eq!(
            VoiceChoice::parse("vapi", "Nobody"),
            Err(Invalid::UnknownChoice)
        );
        assert_eq!(
            ModelChoice::parse("openai", "gpt-2"),
            Err(Invalid::UnknownChoice)
        );
        assert_eq!(Plan::parse("enterprise"), Err(Invalid::UnknownChoice));
    }

    #[test]
    fn integrations_name_the_field_they_refuse() {
        let errors = Integrations::parse(
            Some("google"),
            Some("excel"),
            &["slack".into(), "slack".into(), "fax".into()],
        )
        .unwrap_err();
        assert_eq!(
            errors.iter().collect::<Vec<_>>(),
            vec![
                ("crm", Invalid::UnknownChoice),
                ("workspace", Invalid::Duplicate),
                ("workspace", Invalid::UnknownChoice)
            ]
        );
    }

    #[test]
    fn repeated_languages_are_refused() {
        assert_eq!(
            parse_languages(&[Locale::He, Locale::En]).unwrap(),
            [Locale::He, Locale::En]
        );
        assert_eq!(
            parse_languages(&[Locale::He, Locale::He]),
            Err(Invalid::Duplicate)
        );
    }

    #[test]
    fn applying_changes_sets_clears_and_leaves_fields() {
        let mut config = StudioConfig {
            guidelines: Some(Text::new("Be kind").unwrap()),
            ..StudioConfig::default()
        };
        config.apply(StudioChanges {
            persona: Some(Some(Text::new("Maya").unwrap())),
            guidelines: Some(None),
            tone: Some(Tone::Concise),
            ..StudioChanges::default()
        });
        assert_eq!(config.persona.as_ref().map(Text::as_str), Some("Maya"));
        assert_eq!(config.guidelines, None);
        assert_eq!(config.tone, Tone::Concise);
        assert_eq!(config.voice, VoiceChoice::default());
    }

    #[test]
    fn a_new_first_language_brings_its_default_voice_unless_one_was_picked() {
        let hebrew = || StudioChanges {
            languages: Some(vec![Locale::He, Locale::En]),
            ..StudioChanges::default()
        };
        let mut changes = hebrew();
        changes.fit_voice_to_languages(&StudioConfig::default());
        assert_eq!(
            changes.voice,
            Some(VoiceChoice::parse("openai", "nova").unwrap())
        );

        let picked = StudioConfig {
            voice: VoiceChoice::parse("vapi", "Kai").unwrap(),
            ..StudioConfig::default()
        };
        let mut changes = hebrew();
        changes.fit_voice_to_languages(&picked);
        assert_eq!(changes.voice, None);

        let mut with_voice = StudioChanges {
            voice: Some(VoiceChoice::parse("vapi", "Emma").unwrap()),
            ..hebrew()
        };
        with_voice.fit_voice_to_languages(&StudioConfig::default());
        assert_eq!(with_voice.voice, VoiceChoice::parse("vapi", "Emma").ok());
    }

    #[test]
    fn voice_moves_list_every_stored_state_the_rule_changes() {
        let french = StudioChanges {
            languages: Some(vec![Locale::Fr]),
            ..StudioChanges::default()
        };
        let elliot = VoiceChoice::default();
        let nova = VoiceChoice::parse("openai", "nova").unwrap();
        let moves_from_elliot =
            [None, Some(Locale::En), Some(Locale::He)].map(|before| VoiceMove {
                before,
                from: elliot,
                to: nova,
            });
        assert_eq!(french.voice_moves(), moves_from_elliot);

        let with_voice = StudioChanges {
            voice: Some(nova),
            ..french.clone()
        };
        assert_eq!(with_voice.voice_moves(), []);
        let no_languages = StudioChanges {
            tone: Some(Tone::Concise),
            ..StudioChanges::default()
        };
        assert_eq!(no_languages.voice_moves(), []);
    }

    #[test]
    fn persona_progress_follows_what_is_filled() {
        let mut config = StudioConfig::default();
        assert_eq!(config.persona_progress(), Progress::Untouched);
        config.guidelines = Some(Text::new("No medical advice").unwrap());
        assert_eq!(config.persona_progress(), Progress::Partial);
        config.persona = Some(Text::new("Maya").unwrap());
        config.job_to_be_done = Some(Text::new("Book cleanings").unwrap());
        config.languages = vec![Locale::He];
        assert_eq!(config.persona_progress(), Progress::Complete);
    }
}
