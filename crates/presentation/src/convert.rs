//! Between the wire (`ava-api-types`) and the core: requests become domain
//! values here (so a bad field is a 422 naming it), results become JSON shapes.

use ava_api_types as api;
use ava_application::{
    auth::SignUp,
    credentials::{SecretInput, TwilioConnect, TwilioStatus, VapiStatus},
    funnel::Funnel,
    line::{LineProblem, LineStatus},
    onboarding::OnboardingView,
};
use ava_domain::{
    FieldErrors, Invalid,
    assistant::Assistant,
    call::Call,
    catalog,
    credentials::{TwilioAccountSid, TwilioAuthToken, VapiApiKey, is_masked},
    email::EmailAddress,
    hours::{BusinessHours, TimeRange, Weekday},
    locale::Locale,
    onboarding::{OnboardingChanges, StepKey, StepStatus},
    password::Password,
    phone::PhoneNumber,
    profile::{Industry, Profile, ProfileChanges},
    schedule::{AfterHours, AfterHoursMode, parse_closures},
    studio::{
        Integrations, ModelChoice, Plan, StudioChanges, StudioConfig, Tone, VoiceChoice,
        parse_languages,
    },
    text::Text,
    timezone::{Timezone, ZoneCities},
    user::User,
};

pub fn locale(locale: api::Locale) -> Locale {
    match locale {
        api::Locale::En => Locale::En,
        api::Locale::Fr => Locale::Fr,
        api::Locale::He => Locale::He,
    }
}

pub fn api_locale(locale: Locale) -> api::Locale {
    match locale {
        Locale::En => api::Locale::En,
        Locale::Fr => api::Locale::Fr,
        Locale::He => api::Locale::He,
    }
}

fn step(step: api::onboarding::StepKey) -> StepKey {
    use api::onboarding::StepKey as Wire;
    match step {
        Wire::Profile => StepKey::Profile,
        Wire::Vapi => StepKey::Vapi,
        Wire::Persona => StepKey::Persona,
        Wire::Twilio => StepKey::Twilio,
        Wire::Telephony => StepKey::Telephony,
        Wire::Integrations => StepKey::Integrations,
        Wire::Assistant => StepKey::Assistant,
        Wire::Plan => StepKey::Plan,
        Wire::Done => StepKey::Done,
    }
}

fn api_step(step: StepKey) -> api::onboarding::StepKey {
    use api::onboarding::StepKey as Wire;
    match step {
        StepKey::Profile => Wire::Profile,
        StepKey::Vapi => Wire::Vapi,
        StepKey::Persona => Wire::Persona,
        StepKey::Twilio => Wire::Twilio,
        StepKey::Telephony => Wire::Telephony,
        StepKey::Integrations => Wire::Integrations,
        StepKey::Assistant => Wire::Assistant,
        StepKey::Plan => Wire::Plan,
        StepKey::Done => Wire::Done,
    }
}

fn api_status(status: StepStatus) -> api::onboarding::StepStatus {
    use api::onboarding::StepStatus as Wire;
    match status {
        StepStatus::Pending => Wire::Pending,
        StepStatus::InProgress => Wire::InProgress,
        StepStatus::Skipped => Wire::Skipped,
        StepStatus::Complete => Wire::Complete,
    }
}

fn tone(tone: api::studio::Tone) -> Tone {
    use api::studio::Tone as Wire;
    match tone {
        Wire::Warm => Tone::Warm,
        Wire::Professional => Tone::Professional,
        Wire::Friendly => Tone::Friendly,
        Wire::Concise => Tone::Concise,
    }
}

fn api_tone(tone: Tone) -> api::studio::Tone {
    use api::studio::Tone as Wire;
    match tone {
        Tone::Warm => Wire::Warm,
        Tone::Professional => Wire::Professional,
        Tone::Friendly => Wire::Friendly,
        Tone::Concise => Wire::Concise,
    }
}

fn weekday(day: api::studio::Weekday) -> Weekday {
    use api::studio::Weekday as Wire;
    match day {
        Wire::Mon => Weekday::Mon,
        Wire::Tue => Weekday::Tue,
        Wire::Wed => Weekday::Wed,
        Wire::Thu => Weekday::Thu,
        Wire::Fri => Weekday::Fri,
        Wire::Sat => Weekday::Sat,
        Wire::Sun => Weekday::Sun,
    }
}

fn api_weekday(day: Weekday) -> api::studio::Weekday {
    use api::studio::Weekday as Wire;
    match day {
        Weekday::Mon => Wire::Mon,
        Weekday::Tue => Wire::Tue,
        Weekday::Wed => Wire::Wed,
        Weekday::Thu => Wire::Thu,
        Weekday::Fri => Wire::Fri,
        Weekday::Sat => Wire::Sat,
        Weekday::Sun => Wire::Sun,
    }
}

fn after_hours_mode(mode: api::studio::AfterHoursMode) -> AfterHoursMode {
    use api::studio::AfterHoursMode as Wire;
    match mode {
        Wire::TakeMessage => AfterHoursMode::TakeMessage,
        Wire::Forward => AfterHoursMode::Forward,
    }
}

fn api_after_hours_mode(mode: AfterHoursMode) -> api::studio::AfterHoursMode {
    use api::studio::AfterHoursMode as Wire;
    match mode {
        AfterHoursMode::TakeMessage => Wire::TakeMessage,
        AfterHoursMode::Forward => Wire::Forward,
    }
}

/// A nullable PATCH field of free text: absent leaves it, null or blank clears it.
fn text_change<const MAX: usize>(
    errors: &mut FieldErrors,
    field: &str,
    change: Option<Option<String>>,
) -> Option<Option<Text<MAX>>> {
    let value = change?;
    errors.check(field, Text::optional(value.as_deref()))
}

/// A nullable PATCH field parsed by `parse`; blank clears it like null.
fn parsed_change<T>(
    errors: &mut FieldErrors,
    field: &str,
    change: Option<Option<String>>,
    parse: impl FnOnce(&str) -> Result<T, Invalid>,
) -> Option<Option<T>> {
    match change? {
        Some(value) if !value.trim().is_empty() => errors.check(field, parse(&value)).map(Some),
        _ => Some(None),
    }
}

// ---- requests ----

pub fn sign_up(request: api::auth::SignupRequest) -> Result<SignUp, FieldErrors> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", EmailAddress::parse(&request.email));
    let password = errors.check("password", Password::new(request.password));
    let full_name = errors.check("full_name", Text::optional(request.full_name.as_deref()));
    match (email, password, full_name) {
        (Some(email), Some(password), Some(full_name)) if errors.is_empty() => Ok(SignUp {
            email,
            password,
            full_name,
            locale: request.locale.map(locale).unwrap_or_default(),
        }),
        _ => Err(errors),
    }
}

pub fn log_in(request: api::auth::LoginRequest) -> Result<(String, Password), FieldErrors> {
    let mut errors = FieldErrors::new();
    if request.email.trim().is_empty() {
        errors.add("email", Invalid::Required);
    }
    errors.check("email", ava_domain::printable(&request.email));
    if request.password.is_empty() {
        errors.add("password", Invalid::Required);
    }
    let password = errors.check("password", Password::attempt(request.password));
    match password {
        Some(password) if errors.is_empty() => Ok((request.email, password)),
        _ => Err(errors),
    }
}

pub fn profile_changes(
    patch: api::profile::ProfilePatch,
) -> Result<(ProfileChanges, Option<i64>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let changes = ProfileChanges {
        full_name: text_change(&mut errors, "full_name", patch.full_name),
        organization_name: text_change(&mut errors, "organization_name", patch.organization_name),
        industry: parsed_change(&mut errors, "industry", patch.industry, Industry::parse),
        timezone: parsed_change(&mut errors, "timezone", patch.timezone, Timezone::parse),
        locale: patch.locale.map(locale),
        marketing_opt_in: patch.marketing_opt_in,
        accept_terms: patch.accept_terms,
    };
    errors.into_result(|| (changes, patch.version))
}

pub fn onboarding_changes(
    patch: api::onboarding::OnboardingPatch,
) -> (OnboardingChanges, Option<i64>) {
    let changes = OnboardingChanges {
        current_step: patch.current_step.map(step),
        skipped_steps: patch
            .skipped_steps
            .map(|steps| steps.into_iter().map(step).collect()),
        vapi_skipped: patch.vapi_skipped,
        twilio_skipped: patch.twilio_skipped,
    };
    (changes, patch.version)
}

fn business_hours(hours: &api::studio::BusinessHours) -> Result<BusinessHours, FieldErrors> {
    let days = hours.days.iter().map(|(day, ranges)| {
        let ranges = ranges
            .iter()
            .map(|[start, end]| (start.as_str(), end.as_str()))
            .collect();
        (weekday(*day), ranges)
    });
    BusinessHours::parse(&hours.timezone, days)
}

pub fn studio_changes(
    patch: api::studio::StudioConfigPatch,
) -> Result<(StudioChanges, Option<i64>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let business_hours = match patch.business_hours {
        None => None,
        Some(None) => Some(None),
        Some(Some(hours)) => match business_hours(&hours) {
            Ok(hours) => Some(Some(hours)),
            Err(invalid) => {
                errors.extend_prefixed("business_hours", invalid);
                None
            }
        },
    };
    let integrations = match patch.integrations {
        None => None,
        Some(wire) => {
            match Integrations::parse(
                wire.calendar.as_deref(),
                wire.crm.as_deref(),
                &wire.workspace,
            ) {
                Ok(integrations) => Some(integrations),
                Err(invalid) => {
                    errors.extend_prefixed("integrations", invalid);
                    None
                }
            }
        }
    };
    let after_hours = patch.after_hours.and_then(|wire| {
        let forward_to = parsed_change(
            &mut errors,
            "after_hours.forward_to",
            Some(wire.forward_to),
            PhoneNumber::parse,
        )
        .flatten();
        match AfterHours::new(after_hours_mode(wire.mode), forward_to) {
            Ok(after_hours) => Some(after_hours),
            Err(invalid) => {
                errors.extend_prefixed("after_hours", invalid);
                None
            }
        }
    });
    let closures = patch.closures.and_then(|wire| {
        let entries = wire
            .iter()
            .map(|closure| (closure.date.as_str(), closure.label.as_deref()));
        match parse_closures(entries) {
            Ok(closures) => Some(closures),
            Err(invalid) => {
                errors.extend_prefixed("closures", invalid);
                None
            }
        }
    });
    let languages: Option<Vec<Locale>> = patch
        .languages
        .map(|list| list.into_iter().map(locale).collect());
    let changes = StudioChanges {
        persona: text_change(&mut errors, "persona", patch.persona),
        job_to_be_done: text_change(&mut errors, "job_to_be_done", patch.job_to_be_done),
        languages: languages.and_then(|list| errors.check("languages", parse_languages(&list))),
        tone: patch.tone.map(tone),
        guidelines: text_change(&mut errors, "guidelines", patch.guidelines),
        first_message: text_change(&mut errors, "first_message", patch.first_message),
        voice: patch.voice.and_then(|voice| {
            errors.check(
                "voice",
                VoiceChoice::parse(&voice.provider, &voice.voice_id),
            )
        }),
        model: patch.model.and_then(|model| {
            errors.check("model", ModelChoice::parse(&model.provider, &model.model))
        }),
        phone_number: parsed_change(
            &mut errors,
            "phone_number",
            patch.phone_number,
            PhoneNumber::parse,
        ),
        business_hours,
        integrations,
        plan: parsed_change(&mut errors, "plan", patch.plan, Plan::parse),
        handoff_number: parsed_change(
            &mut errors,
            "handoff_number",
            patch.handoff_number,
            PhoneNumber::parse,
        ),
        after_hours,
        closures,
    };
    errors.into_result(|| (changes, patch.version))
}

/// The masked preview sent back means "keep the stored secret".
fn secret_input<T>(
    field: &str,
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, Invalid>,
) -> Result<SecretInput<T>, FieldErrors> {
    if is_masked(raw) {
        return Ok(SecretInput::Unchanged);
    }
    parse(raw)
        .map(SecretInput::New)
        .map_err(|invalid| FieldErrors::single(field, invalid))
}

pub fn vapi_key(
    request: &api::providers::VapiSettingsRequest,
) -> Result<SecretInput<VapiApiKey>, FieldErrors> {
    secret_input("vapi_api_key", &request.vapi_api_key, VapiApiKey::parse)
}

pub fn twilio_connect(
    request: &api::providers::TwilioSettingsRequest,
) -> Result<TwilioConnect, FieldErrors> {
    let mut errors = FieldErrors::new();
    let account_sid = errors.check("account_sid", TwilioAccountSid::parse(&request.account_sid));
    let auth_token = match secret_input("auth_token", &request.auth_token, TwilioAuthToken::parse) {
        Ok(input) => Some(input),
        Err(invalid) => {
            errors.merge(invalid);
            None
        }
    };
    let phone_number = request
        .phone_number
        .as_deref()
        .filter(|number| !number.trim().is_empty())
        .and_then(|number| errors.check("phone_number", PhoneNumber::parse(number)));
    match (account_sid, auth_token) {
        (Some(account_sid), Some(auth_token)) if errors.is_empty() => Ok(TwilioConnect {
            account_sid,
            auth_token,
            phone_number,
        }),
        _ => Err(errors),
    }
}

// ---- responses ----

pub fn user(user: &User, operator: bool) -> api::auth::User {
    api::auth::User {
        id: user.id.to_string(),
        email: user.email.as_str().to_owned(),
        full_name: user.full_name.as_ref().map(|name| name.as_str().to_owned()),
        locale: api_locale(user.locale),
        created_at: user.created_at,
        operator,
    }
}

pub fn funnel(funnel: &Funnel) -> api::funnel::Funnel {
    api::funnel::Funnel {
        steps: funnel
            .steps
            .iter()
            .map(|step| api::funnel::FunnelStep {
                step: api_step(step.step),
                reached: step.reached,
                completed: step.completed,
                skipped: step.skipped,
                median_seconds: step.median_seconds,
            })
            .collect(),
        started: funnel.started,
        completed: funnel.completed,
    }
}

pub fn profile(profile: &Profile) -> api::profile::Profile {
    api::profile::Profile {
        email: profile.email.as_str().to_owned(),
        full_name: profile
            .full_name
            .as_ref()
            .map(|name| name.as_str().to_owned()),
        organization_name: profile
            .organization_name
            .as_ref()
            .map(|name| name.as_str().to_owned()),
        industry: profile.industry.map(|industry| industry.code().to_owned()),
        timezone: profile.timezone.map(|timezone| timezone.name().to_owned()),
        locale: api_locale(profile.locale),
        marketing_opt_in: profile.marketing_opt_in,
        terms_accepted_at: profile.terms_accepted_at,
        complete: profile.is_complete(),
        version: profile.version,
    }
}

pub fn onboarding(view: &OnboardingView) -> api::onboarding::Onboarding {
    let progress = &view.progress;
    api::onboarding::Onboarding {
        current_step: api_step(progress.current_step),
        completed: progress.is_completed(),
        completed_at: progress.completed_at,
        vapi_skipped: progress.skipped.contains(&StepKey::Vapi),
        twilio_skipped: progress.skipped.contains(&StepKey::Twilio),
        assistant_created: view.assistant_created,
        skipped_steps: progress.skipped.iter().copied().map(api_step).collect(),
        steps: view
            .statuses
            .iter()
            .map(|(step, status)| (api_step(*step), api_status(*status)))
            .collect(),
        version: progress.version,
    }
}

pub fn studio(config: &StudioConfig) -> api::studio::StudioConfig {
    let text = |value: Option<&str>| value.map(str::to_owned);
    api::studio::StudioConfig {
        persona: text(config.persona.as_ref().map(Text::as_str)),
        job_to_be_done: text(config.job_to_be_done.as_ref().map(Text::as_str)),
        languages: config.languages.iter().copied().map(api_locale).collect(),
        tone: api_tone(config.tone),
        guidelines: text(config.guidelines.as_ref().map(Text::as_str)),
        first_message: text(config.first_message.as_ref().map(Text::as_str)),
        voice: api::studio::Voice {
            provider: config.voice.provider.to_owned(),
            voice_id: config.voice.voice_id.to_owned(),
        },
        model: api::studio::Model {
            provider: config.model.provider.to_owned(),
            model: config.model.model.to_owned(),
        },
        phone_number: text(config.phone_number.as_ref().map(PhoneNumber::as_str)),
        business_hours: config
            .business_hours
            .as_ref()
            .map(|hours| api::studio::BusinessHours {
                timezone: hours.timezone().name().to_owned(),
                days: hours
                    .open_days()
                    .map(|(day, ranges)| {
                        let ranges = ranges.iter().map(TimeRange::as_text).collect();
                        (api_weekday(day), ranges)
                    })
                    .collect(),
            }),
        integrations: api::studio::Integrations {
            calendar: config.integrations.calendar.map(str::to_owned),
            crm: config.integrations.crm.map(str::to_owned),
            workspace: config
                .integrations
                .workspace
                .iter()
                .map(|app| (*app).to_owned())
                .collect(),
        },
        plan: config.plan.map(|plan| plan.code().to_owned()),
        handoff_number: text(config.handoff_number.as_ref().map(PhoneNumber::as_str)),
        after_hours: api::studio::AfterHours {
            mode: api_after_hours_mode(config.after_hours.mode()),
            forward_to: text(config.after_hours.forward_to().map(PhoneNumber::as_str)),
        },
        closures: config
            .closures
            .iter()
            .map(|closure| api::studio::Closure {
                date: closure.date.to_string(),
                label: text(closure.label.as_ref().map(Text::as_str)),
            })
            .collect(),
        version: config.version,
    }
}

pub fn vapi_settings(status: VapiStatus) -> api::providers::VapiSettings {
    api::providers::VapiSettings {
        configured: status.preview.is_some(),
        preview: status.preview,
    }
}

pub fn twilio_settings(status: TwilioStatus) -> api::providers::TwilioSettings {
    api::providers::TwilioSettings {
        configured: status.account_sid.is_some(),
        account_sid_preview: status.account_sid.map(|sid| sid.preview()),
        phone_number: status.phone_number.map(|number| number.as_str().to_owned()),
        preview: status.preview,
    }
}

pub fn assistant(assistant: &Assistant) -> api::assistants::Assistant {
    api::assistants::Assistant {
        id: assistant.id.to_string(),
        name: assistant.name.clone(),
        vapi_assistant_id: assistant.vapi_assistant_id.clone(),
        phone_number: assistant
            .phone_number
            .as_ref()
            .map(|number| number.as_str().to_owned()),
        vapi_phone_number_id: assistant.vapi_phone_number_id.clone(),
        created_at: assistant.created_at,
        synced_at: assistant.synced_at,
    }
}

pub fn catalog() -> api::catalog::Catalog {
    let names = |list: &[&str]| list.iter().map(|name| (*name).to_owned()).collect();
    api::catalog::Catalog {
        voices: catalog::voices()
            .map(|voice| api::catalog::VoiceOption {
                provider: voice.provider.to_owned(),
                voice_id: voice.voice_id.to_owned(),
                languages: voice.languages.iter().copied().map(api_locale).collect(),
            })
            .collect(),
        models: catalog::MODELS
            .iter()
            .map(|(provider, model)| api::catalog::ModelOption {
                provider: (*provider).to_owned(),
                model: (*model).to_owned(),
            })
            .collect(),
        calendars: names(&catalog::CALENDARS),
        crms: names(&catalog::CRMS),
        workspace_apps: names(&catalog::WORKSPACE_APPS),
        industries: names(&catalog::INDUSTRIES),
        timezones: Timezone::all_names().map(str::to_owned).collect(),
        zones: ZoneCities::all()
            .iter()
            .map(|zone| api::catalog::ZoneOption {
                id: zone.zone.to_owned(),
                cities: api::catalog::ZoneCities {
                    en: zone.city(Locale::En).to_owned(),
                    fr: zone.city(Locale::Fr).to_owned(),
                    he: zone.city(Locale::He).to_owned(),
                },
            })
            .collect(),
    }
}

pub fn line_status(status: &LineStatus) -> api::line::LineStatus {
    use api::line::LineProblem as Wire;
    let problem = |problem: &LineProblem| match problem {
        LineProblem::VapiNotConnected => Wire::VapiNotConnected,
        LineProblem::VapiKeyRejected => Wire::VapiKeyRejected,
        LineProblem::VapiUnreachable => Wire::VapiUnreachable,
        LineProblem::NoAssistant => Wire::NoAssistant,
        LineProblem::TwilioNotConnected => Wire::TwilioNotConnected,
        LineProblem::NoPhoneNumber => Wire::NoPhoneNumber,
        LineProblem::NumberNotImported => Wire::NumberNotImported,
        LineProblem::NumberNotRouted => Wire::NumberNotRouted,
        LineProblem::HoursNotSet => Wire::HoursNotSet,
        LineProblem::PublicUrlNotSet => Wire::PublicUrlNotSet,
    };
    let mut problems: Vec<Wire> = status.problems.iter().map(problem).collect();
    // Blocking problems first, as the owner should fix them.
    problems.sort_by_key(|problem| !problem.blocks_calls());
    api::line::LineStatus {
        answering: status.answering,
        phone_number: status
            .phone_number
            .as_ref()
            .map(|number| number.as_str().to_owned()),
        hours_enforced: status.hours_enforced,
        open_now: status.open_now,
        problems,
    }
}

pub fn call(call: &Call) -> api::calls::Call {
    let report = &call.report;
    api::calls::Call {
        id: call.id.to_string(),
        caller: report.caller.clone(),
        started_at: report.started_at,
        ended_at: report.ended_at,
        duration_seconds: report.duration_seconds,
        ended_reason: report.ended_reason.clone(),
        summary: report.summary.clone(),
        transcript: report.transcript.clone(),
        during_hours: call.during_hours,
    }
}
