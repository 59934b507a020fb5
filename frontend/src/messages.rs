//! Translated text for codes: problem codes, field codes, steps, catalog
//! entries. Unknown codes from a newer server fall back to something readable.

use ava_api_types::{
    Locale, codes,
    line::LineProblem,
    onboarding::{StepKey, StepStatus},
    problem::FieldError,
    studio::Tone,
};

use crate::{
    api::ApiError,
    i18n::{Locale as UiLocale, t_string},
};

pub type I18n = leptos_i18n::I18nContext<UiLocale>;

pub fn ui_locale(locale: Locale) -> UiLocale {
    match locale {
        Locale::En => UiLocale::en,
        Locale::Fr => UiLocale::fr,
        Locale::He => UiLocale::he,
    }
}

pub fn api_locale(locale: UiLocale) -> Locale {
    match locale {
        UiLocale::en => Locale::En,
        UiLocale::fr => Locale::Fr,
        UiLocale::he => Locale::He,
    }
}

/// The current interface locale as the API names it (tracked).
pub fn current(i18n: I18n) -> Locale {
    api_locale(i18n.get_locale())
}

/// "Please try again in N seconds" when the server said when, else "in a moment".
fn retry_text(i18n: I18n, error: &ApiError) -> String {
    match error.retry_after() {
        Some(1) => t_string!(i18n, errors.retry_in_one_second).to_owned(),
        Some(seconds) => {
            t_string!(i18n, errors.retry_in_seconds, seconds = seconds.to_string()).to_string()
        }
        None => t_string!(i18n, errors.retry_soon).to_owned(),
    }
}

pub fn error_text(i18n: I18n, error: &ApiError) -> String {
    let busy = |text: &str| format!("{text} {}", retry_text(i18n, error));
    let text = match error.code() {
        codes::TOO_MANY_REQUESTS => {
            return match error.retry_after() {
                Some(1) => t_string!(i18n, errors.too_many_requests_one_second).to_owned(),
                Some(seconds) => t_string!(
                    i18n,
                    errors.too_many_requests_seconds,
                    seconds = seconds.to_string()
                )
                .to_string(),
                None => t_string!(i18n, errors.too_many_requests).to_owned(),
            };
        }
        codes::SERVER_BUSY => return busy(t_string!(i18n, errors.server_busy)),
        codes::VAPI_BUSY => return busy(t_string!(i18n, errors.vapi_busy)),
        codes::TWILIO_BUSY => return busy(t_string!(i18n, errors.twilio_busy)),
        codes::REQUEST_TIMEOUT => t_string!(i18n, errors.request_timeout),
        // Not the owner's doing: the page sent something the server refuses.
        codes::MALFORMED_JSON
        | codes::UNSUPPORTED_MEDIA_TYPE
        | codes::METHOD_NOT_ALLOWED
        | codes::CROSS_SITE_REQUEST
        | codes::WEBHOOK_UNAUTHORIZED => t_string!(i18n, errors.request_refused),
        "network" => t_string!(i18n, errors.network),
        codes::UNAUTHORIZED => t_string!(i18n, errors.unauthorized),
        codes::FORBIDDEN => t_string!(i18n, errors.forbidden),
        codes::INVALID_CREDENTIALS => t_string!(i18n, errors.invalid_credentials),
        codes::EMAIL_TAKEN => t_string!(i18n, errors.email_taken),
        codes::VALIDATION_FAILED => t_string!(i18n, errors.validation_failed),
        codes::VERSION_CONFLICT => t_string!(i18n, errors.version_conflict),
        codes::PROFILE_INCOMPLETE => t_string!(i18n, errors.profile_incomplete),
        codes::NOT_FOUND => t_string!(i18n, errors.not_found),
        codes::PAYLOAD_TOO_LARGE => t_string!(i18n, errors.payload_too_large),
        codes::INTERNAL_ERROR => t_string!(i18n, errors.internal_error),
        codes::VAPI_NOT_CONNECTED => t_string!(i18n, errors.vapi_not_connected),
        codes::VAPI_KEY_REJECTED => t_string!(i18n, errors.vapi_key_rejected),
        codes::VAPI_REQUEST_REJECTED => t_string!(i18n, errors.vapi_request_rejected),
        codes::VAPI_UNAVAILABLE => t_string!(i18n, errors.vapi_unavailable),
        codes::VAPI_TIMEOUT => t_string!(i18n, errors.vapi_timeout),
        codes::VAPI_BAD_RESPONSE => t_string!(i18n, errors.vapi_bad_response),
        codes::TWILIO_NOT_CONNECTED => t_string!(i18n, errors.twilio_not_connected),
        codes::TWILIO_CREDENTIALS_REJECTED => t_string!(i18n, errors.twilio_credentials_rejected),
        codes::TWILIO_ACCOUNT_INACTIVE => t_string!(i18n, errors.twilio_account_inactive),
        codes::TWILIO_NUMBER_NOT_ON_ACCOUNT => t_string!(i18n, errors.twilio_number_not_on_account),
        codes::TWILIO_UNAVAILABLE => t_string!(i18n, errors.twilio_unavailable),
        codes::TWILIO_TIMEOUT => t_string!(i18n, errors.twilio_timeout),
        codes::TWILIO_BAD_RESPONSE => t_string!(i18n, errors.twilio_bad_response),
        codes::ASSISTANT_NOT_FOUND => t_string!(i18n, errors.assistant_not_found),
        codes::LINE_NOT_READY => t_string!(i18n, errors.line_not_ready),
        codes::WRONG_PASSWORD => t_string!(i18n, errors.wrong_password),
        codes::SESSION_NOT_FOUND => t_string!(i18n, errors.session_not_found),
        codes::INVALID_RESET_TOKEN => t_string!(i18n, errors.invalid_reset_token),
        other => {
            let code = match error {
                ApiError::Problem(problem) if other == "http" => problem.status.to_string(),
                _ => other.to_owned(),
            };
            return t_string!(i18n, errors.other, code = code).to_string();
        }
    };
    text.to_string()
}

pub fn field_error_text(i18n: I18n, error: &FieldError) -> String {
    use codes::field;
    let text = match error.code.as_str() {
        field::REQUIRED if error.field == "accept_terms" => {
            t_string!(i18n, field_errors.accept_terms)
        }
        field::REQUIRED => t_string!(i18n, field_errors.required),
        field::TOO_SHORT if error.field == "password" || error.field == "new_password" => {
            t_string!(i18n, field_errors.password_too_short)
        }
        field::TOO_SHORT => t_string!(i18n, field_errors.too_short),
        field::TOO_LONG => t_string!(i18n, field_errors.too_long),
        field::INVALID => t_string!(i18n, field_errors.invalid),
        field::CONTROL_CHARACTERS => t_string!(i18n, field_errors.control_characters),
        field::INVALID_EMAIL => t_string!(i18n, field_errors.invalid_email),
        field::INVALID_TIMEZONE => t_string!(i18n, field_errors.invalid_timezone),
        field::INVALID_DATE => t_string!(i18n, field_errors.invalid_date),
        field::INVALID_PHONE_NUMBER => t_string!(i18n, field_errors.invalid_phone_number),
        field::INVALID_ACCOUNT_SID => t_string!(i18n, field_errors.invalid_account_sid),
        field::INVALID_TIME_RANGE => t_string!(i18n, field_errors.invalid_time_range),
        field::OVERLAPPING_TIME_RANGES => t_string!(i18n, field_errors.overlapping_time_ranges),
        field::UNKNOWN_CHOICE => t_string!(i18n, field_errors.unknown_choice),
        field::DUPLICATE => t_string!(i18n, field_errors.duplicate),
        field::NOT_SKIPPABLE => t_string!(i18n, field_errors.not_skippable),
        field::CANNOT_BE_UNDONE => t_string!(i18n, field_errors.cannot_be_undone),
        field::REJECTED_BY_PROVIDER if error.field == "vapi_api_key" => {
            t_string!(i18n, errors.vapi_key_rejected)
        }
        field::REJECTED_BY_PROVIDER => t_string!(i18n, field_errors.rejected_by_provider),
        field::TAKEN => t_string!(i18n, field_errors.taken),
        field::NOT_ON_ACCOUNT => t_string!(i18n, errors.twilio_number_not_on_account),
        field::UNKNOWN_FIELD => t_string!(i18n, field_errors.unknown_field),
        field::WRONG_PASSWORD => t_string!(i18n, field_errors.wrong_password),
        field::RESET_TOKEN_UNKNOWN => t_string!(i18n, field_errors.reset_token_unknown),
        field::RESET_TOKEN_USED => t_string!(i18n, field_errors.reset_token_used),
        field::RESET_TOKEN_EXPIRED => t_string!(i18n, field_errors.reset_token_expired),
        _ => t_string!(i18n, field_errors.invalid),
    };
    text.to_string()
}

pub fn step_name(i18n: I18n, step: StepKey) -> &'static str {
    match step {
        StepKey::Profile => t_string!(i18n, steps.profile),
        StepKey::Vapi => t_string!(i18n, steps.vapi),
        StepKey::Persona => t_string!(i18n, steps.persona),
        StepKey::Twilio => t_string!(i18n, steps.twilio),
        StepKey::Telephony => t_string!(i18n, steps.telephony),
        StepKey::Integrations => t_string!(i18n, steps.integrations),
        StepKey::Assistant => t_string!(i18n, steps.assistant),
        StepKey::Plan => t_string!(i18n, steps.plan),
        StepKey::Done => t_string!(i18n, steps.done),
    }
}

pub fn step_title(i18n: I18n, step: StepKey) -> &'static str {
    match step {
        StepKey::Profile => t_string!(i18n, step_titles.profile),
        StepKey::Vapi => t_string!(i18n, step_titles.vapi),
        StepKey::Persona => t_string!(i18n, step_titles.persona),
        StepKey::Twilio => t_string!(i18n, step_titles.twilio),
        StepKey::Telephony => t_string!(i18n, step_titles.telephony),
        StepKey::Integrations => t_string!(i18n, step_titles.integrations),
        StepKey::Assistant => t_string!(i18n, step_titles.assistant),
        StepKey::Plan => t_string!(i18n, step_titles.plan),
        StepKey::Done => t_string!(i18n, step_titles.done),
    }
}

pub fn step_lead(i18n: I18n, step: StepKey) -> &'static str {
    match step {
        StepKey::Profile => t_string!(i18n, step_leads.profile),
        StepKey::Vapi => t_string!(i18n, step_leads.vapi),
        StepKey::Persona => t_string!(i18n, step_leads.persona),
        StepKey::Twilio => t_string!(i18n, step_leads.twilio),
        StepKey::Telephony => t_string!(i18n, step_leads.telephony),
        StepKey::Integrations => t_string!(i18n, step_leads.integrations),
        StepKey::Assistant => t_string!(i18n, step_leads.assistant),
        StepKey::Plan => t_string!(i18n, step_leads.plan),
        StepKey::Done => t_string!(i18n, step_leads.done),
    }
}

pub fn status_name(i18n: I18n, status: StepStatus) -> &'static str {
    match status {
        StepStatus::Pending => t_string!(i18n, status.pending),
        StepStatus::InProgress => t_string!(i18n, status.in_progress),
        StepStatus::Skipped => t_string!(i18n, status.skipped),
        StepStatus::Complete => t_string!(i18n, status.complete),
    }
}

pub fn status_class(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Pending => "pending",
        StepStatus::InProgress => "in-progress",
        StepStatus::Skipped => "skipped",
        StepStatus::Complete => "complete",
    }
}

pub fn language_name(i18n: I18n, locale: Locale) -> &'static str {
    match locale {
        Locale::En => t_string!(i18n, languages.en),
        Locale::Fr => t_string!(i18n, languages.fr),
        Locale::He => t_string!(i18n, languages.he),
    }
}

pub fn endonym(i18n: I18n, locale: Locale) -> &'static str {
    match locale {
        Locale::En => t_string!(i18n, endonyms.en),
        Locale::Fr => t_string!(i18n, endonyms.fr),
        Locale::He => t_string!(i18n, endonyms.he),
    }
}

pub fn tone_name(i18n: I18n, tone: Tone) -> &'static str {
    match tone {
        Tone::Warm => t_string!(i18n, tones.warm),
        Tone::Professional => t_string!(i18n, tones.professional),
        Tone::Friendly => t_string!(i18n, tones.friendly),
        Tone::Concise => t_string!(i18n, tones.concise),
    }
}

/// `home_services` → `Home services`, for codes this build doesn't know.
fn humanize(code: &str) -> String {
    let spaced = code.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn industry_name(i18n: I18n, code: &str) -> String {
    let text = match code {
        "dental" => t_string!(i18n, industries.dental),
        "medical" => t_string!(i18n, industries.medical),
        "legal" => t_string!(i18n, industries.legal),
        "real_estate" => t_string!(i18n, industries.real_estate),
        "beauty" => t_string!(i18n, industries.beauty),
        "restaurant" => t_string!(i18n, industries.restaurant),
        "automotive" => t_string!(i18n, industries.automotive),
        "home_services" => t_string!(i18n, industries.home_services),
        "fitness" => t_string!(i18n, industries.fitness),
        "accounting" => t_string!(i18n, industries.accounting),
        "retail" => t_string!(i18n, industries.retail),
        "other" => t_string!(i18n, industries.other),
        _ => return humanize(code),
    };
    text.to_owned()
}

pub fn integration_name(i18n: I18n, code: &str) -> String {
    let text = match code {
        "google" => t_string!(i18n, integrations.google),
        "outlook" => t_string!(i18n, integrations.outlook),
        "hubspot" => t_string!(i18n, integrations.hubspot),
        "salesforce" => t_string!(i18n, integrations.salesforce),
        "pipedrive" => t_string!(i18n, integrations.pipedrive),
        "slack" => t_string!(i18n, integrations.slack),
        "notion" => t_string!(i18n, integrations.notion),
        "microsoft_teams" => t_string!(i18n, integrations.microsoft_teams),
        "google_drive" => t_string!(i18n, integrations.google_drive),
        "trello" => t_string!(i18n, integrations.trello),
        _ => return humanize(code),
    };
    text.to_owned()
}

/// The label of an autosaved field, for the conflict notice.
pub fn field_label(i18n: I18n, key: &str) -> String {
    let text = match key {
        "full_name" => t_string!(i18n, profile.full_name),
        "organization_name" => t_string!(i18n, profile.organization_name),
        "industry" => t_string!(i18n, profile.industry),
        "timezone" => t_string!(i18n, profile.timezone),
        "locale" => t_string!(i18n, profile.locale),
        "marketing_opt_in" => t_string!(i18n, profile.marketing_opt_in),
        "accept_terms" => t_string!(i18n, profile.accept_terms),
        "persona" => t_string!(i18n, persona.persona),
        "job_to_be_done" => t_string!(i18n, persona.job_to_be_done),
        "languages" => t_string!(i18n, persona.languages),
        "tone" => t_string!(i18n, persona.tone),
        "guidelines" => t_string!(i18n, persona.guidelines),
        "first_message" => t_string!(i18n, persona.first_message),
        "voice" => t_string!(i18n, assistant.voice),
        "model" => t_string!(i18n, assistant.model),
        "phone_number" => t_string!(i18n, telephony.phone_number),
        "business_hours" => t_string!(i18n, telephony.hours_title),
        "integrations" => t_string!(i18n, steps.integrations),
        "plan" => t_string!(i18n, plan.legend),
        "handoff_number" => t_string!(i18n, handoff.number),
        "after_hours" => t_string!(i18n, handoff.after_hours),
        "closures" => t_string!(i18n, handoff.closures),
        _ => return humanize(key),
    };
    text.to_owned()
}

/// What a line problem means for the owner's calls, in plain words.
pub fn problem_text(i18n: I18n, problem: LineProblem) -> &'static str {
    match problem {
        LineProblem::VapiNotConnected => t_string!(i18n, problems.vapi_not_connected),
        LineProblem::VapiKeyRejected => t_string!(i18n, problems.vapi_key_rejected),
        LineProblem::VapiUnreachable => t_string!(i18n, problems.vapi_unreachable),
        LineProblem::NoAssistant => t_string!(i18n, problems.no_assistant),
        LineProblem::TwilioNotConnected => t_string!(i18n, problems.twilio_not_connected),
        LineProblem::NoPhoneNumber => t_string!(i18n, problems.no_phone_number),
        LineProblem::NumberNotImported => t_string!(i18n, problems.number_not_imported),
        LineProblem::NumberNotRouted => t_string!(i18n, problems.number_not_routed),
        LineProblem::HoursNotSet => t_string!(i18n, problems.hours_not_set),
        LineProblem::PublicUrlNotSet => t_string!(i18n, problems.public_url_not_set),
    }
}

/// Vapi's `endedReason` of a call in words (`customer-ended-call` → "Caller hung up").
pub fn ended_reason(i18n: I18n, code: &str) -> String {
    let text = match code {
        "customer-ended-call" => t_string!(i18n, calls.reason_customer_ended),
        "assistant-ended-call" | "assistant-said-end-call-phrase" => {
            t_string!(i18n, calls.reason_assistant_ended)
        }
        "assistant-forwarded-call" | "assistant-request-returned-forwarding-phone-number" => {
            t_string!(i18n, calls.reason_forwarded)
        }
        "silence-timed-out" => t_string!(i18n, calls.reason_silence),
        reason if reason.starts_with("assistant-request-") || reason == "assistant-not-found" => {
            t_string!(i18n, calls.reason_unanswered)
        }
        _ => return humanize(code),
    };
    text.to_owned()
}
