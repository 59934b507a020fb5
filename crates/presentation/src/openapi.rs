//! The OpenAPI document of `/api/v1`, served with Swagger UI at `/api/docs`.
//!
//! The document is the contract (schemathesis checks the server against it,
//! see `scripts/schemathesis`). Handlers document what is particular to them;
//! [`add_shared_problems`] adds, to every operation, the problems that come
//! from the layers every request crosses, and writes every error answer as
//! `application/problem+json`.

use utoipa::{
    Modify, OpenApi,
    openapi::{
        self, ContentBuilder, Ref, RefOr, ResponseBuilder,
        header::HeaderBuilder,
        path::Operation,
        schema::{ObjectBuilder, Type},
        security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

use ava_api_types::problem;
use ava_domain::{
    Invalid, catalog,
    onboarding::StepKey,
    password::Password,
    schedule::{ClosureLabel, MAX_CLOSURES},
    text::{FirstMessage, FullName, Guidelines, JobToBeDone, OrganizationName, Persona, Text},
    timezone::Timezone,
};
use ava_rules::credentials::MAX_SECRET_LENGTH;
use serde_json::{Value, json};

use crate::extract::{SESSION_COOKIE, session_cookie_name};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ava API",
        description = "Onboarding of AI voice receptionists: the owner's profile, the wizard's progress, \
            their Vapi and Twilio accounts, the studio configuration and the assistants built from it. \
            Errors are RFC 9457 problem+json (`application/problem+json`) with a stable `code`; \
            docs/api.md lists every code.",
    ),
    modifiers(&SecuritySchemes),
    tags(
        (name = "auth", description = "Accounts and sessions"),
        (name = "onboarding", description = "Profile and wizard progress"),
        (name = "providers", description = "The owner's Vapi key and Twilio account"),
        (name = "studio", description = "What the assistant is built from"),
        (name = "assistants", description = "Assistants in the owner's Vapi organization"),
        (name = "line", description = "The live line: its status, its calls, a test call"),
        (name = "webhooks", description = "Vapi's messages about calls, authenticated by the owner's secret"),
        (name = "meta", description = "Choices offered and server facts"),
        (name = "admin", description = "For Ava's operators (`AVA_ADMIN_EMAILS`): the onboarding funnel"),
    )
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The `token` answered by sign-up and log-in, as `Authorization: Bearer …`.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                session_cookie_name(true).to_owned(),
                format!(
                    "The session cookie set at sign-up and log-in (HttpOnly, SameSite=Lax). Behind HTTPS \
                     (production) it is `{}`; a development server on plain HTTP names it `{SESSION_COOKIE}`.",
                    session_cookie_name(true)
                ),
            ))),
        );
    }
}

/// A problem every operation of a kind can answer, kept once in
/// `components/responses` and referred to from each operation.
struct SharedProblem {
    status: &'static str,
    name: &'static str,
    description: &'static str,
}

/// Every operation: what the panic catcher, the database and the request
/// deadline can answer.
const EVERY_OPERATION: [SharedProblem; 2] = [
    SharedProblem {
        status: "500",
        name: "InternalError",
        description: "`internal_error`: an unexpected failure (logged on the server, never described)",
    },
    SharedProblem {
        status: "503",
        name: "RequestTimeout",
        description: "`request_timeout`: the request passed its 60-second deadline and was stopped",
    },
];

/// Operations that need a session (bearer token or cookie).
const SIGNED_IN: SharedProblem = SharedProblem {
    status: "401",
    name: "Unauthorized",
    description: "`unauthorized`: no session, or one that ended or expired",
};

/// Writes (the CSRF layer): a browser's cross-site request is refused.
const WRITE: SharedProblem = SharedProblem {
    status: "403",
    name: "CrossSiteRequest",
    description: "`cross_site_request`: a browser sent this write from another site",
};

/// Operations with a JSON body (the `ValidJson` extractor).
const JSON_BODY: [SharedProblem; 4] = [
    SharedProblem {
        status: "400",
        name: "MalformedJson",
        description: "`malformed_json`: the body is not JSON",
    },
    SharedProblem {
        status: "413",
        name: "PayloadTooLarge",
        description: "`payload_too_large`: the body is larger than 1 MiB",
    },
    SharedProblem {
        status: "415",
        name: "UnsupportedMediaType",
        description: "`unsupported_media_type`: the body is not sent as `application/json`",
    },
    SharedProblem {
        status: "422",
        name: "ValidationFailed",
        description: "`validation_failed`: `errors` names each refused field (`field`, `code`, `detail`)",
    },
];

fn problem_content() -> openapi::Content {
    ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("Problem")))
        .build()
}

fn retry_after_header() -> openapi::header::Header {
    HeaderBuilder::new()
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(1)),
        ))
        .description(Some("Seconds to wait before trying again"))
        .build()
}

/// Adds the problems of the shared layers to every operation that can
/// answer them (an operation's own description of a status wins), and
/// writes every error answer as `application/problem+json`.
fn add_shared_problems(openapi: &mut openapi::OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    let shared = EVERY_OPERATION
        .iter()
        .chain([&SIGNED_IN, &WRITE])
        .chain(JSON_BODY.iter());
    for problem in shared {
        let response = ResponseBuilder::new()
            .description(problem.description)
            .content(problem::CONTENT_TYPE, problem_content())
            .build();
        components
            .responses
            .insert(problem.name.to_owned(), RefOr::T(response));
    }
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            (false, item.get.as_mut()),
            (true, item.post.as_mut()),
            (true, item.put.as_mut()),
            (true, item.patch.as_mut()),
            (true, item.delete.as_mut()),
        ];
        for (write, operation) in operations {
            let Some(operation) = operation else { continue };
            as_problems(operation);
            let mut problems: Vec<&SharedProblem> = EVERY_OPERATION.iter().collect();
            if signed_in(operation) {
                problems.push(&SIGNED_IN);
            }
            if write {
                problems.push(&WRITE);
            }
            if has_json_body(operation) {
                problems.extend(JSON_BODY.iter());
            }
            for problem in problems {
                operation
                    .responses
                    .responses
                    .entry(problem.status.to_owned())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(problem.name)));
            }
        }
    }
}

/// Error answers documented by handlers with `body = Problem` become
/// `application/problem+json`, as the server sends them; a throttle's 429
/// always says when to try again.
fn as_problems(operation: &mut Operation) {
    for (status, response) in operation.responses.responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        if !status.starts_with(['4', '5']) {
            continue;
        }
        if let Some(content) = response.content.shift_remove("application/json") {
            response
                .content
                .insert(problem::CONTENT_TYPE.to_owned(), content);
        }
        if status == "429" {
            response
                .headers
                .insert("Retry-After".to_owned(), retry_after_header().into());
        }
    }
}

fn signed_in(operation: &Operation) -> bool {
    operation
        .security
        .as_ref()
        .is_some_and(|requirements| !requirements.is_empty())
}

fn has_json_body(operation: &Operation) -> bool {
    operation
        .request_body
        .as_ref()
        .is_some_and(|body| match body {
            RefOr::T(body) => body.content.contains_key("application/json"),
            RefOr::Ref(_) => false,
        })
}

// ---- what request fields accept ----
//
// The server's parsers (crates/domain) decide; these patterns say the same
// in JSON Schema, from the same constants and catalogs. Text is trimmed by
// Rust's `str::trim` (Unicode White_Space) before it is judged, and refused
// when it holds control characters other than tab and line breaks.

/// What `str::trim` removes.
const TRIMMED: &str = r"[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";
/// Whitespace that is not a refused control character.
const SPACE: &str = r"[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";
/// Neither whitespace nor a control character.
const VISIBLE: &str =
    r"[^ \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f]";
/// Anything but a control character other than tab and line breaks.
const PRINTABLE: &str = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]";
/// E.164 once the separators people type (space, dot, dash, brackets) are dropped.
const E164: &str = r"[ .()\-]*\+[ .()\-]*[1-9](?:[ .()\-]*[0-9]){7,14}[ .()\-]*";
/// A calendar date, `YYYY-MM-DD` (29 February in leap years only).
const DATE: &str = r"(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)";
/// `HH:MM` from `00:00` to `24:00`.
const CLOCK: &str = r"^(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$";
/// The longest email address, and its part before the `@` (in bytes: the
/// pattern keeps to ASCII, where bytes and characters agree).
const EMAIL_MAX: usize = 254;
const EMAIL_LOCAL_MAX: usize = 64;
/// Reset tokens: Ava's are 43 characters of base64url.
const RESET_TOKEN: &str = r"[A-Za-z0-9_\-]{1,128}";

/// The `MAX` of a `Text<MAX>` type, read from its constructor.
fn max_chars<const MAX: usize>(_: fn(&str) -> Result<Text<MAX>, Invalid>) -> usize {
    MAX
}

fn string(pattern: String) -> Value {
    json!({"type": "string", "pattern": pattern})
}

fn nullable(mut schema: Value) -> Value {
    schema["type"] = json!([schema["type"], "null"]);
    schema
}

/// Free text of at most `max` characters once trimmed; blank is no text.
fn text(max: usize) -> Value {
    nullable(string(format!(
        "^{TRIMMED}*(?:{VISIBLE}(?:{PRINTABLE}{{0,{}}}{VISIBLE})?)?{TRIMMED}*$",
        max - 2
    )))
}

fn email() -> Value {
    let local = "[!-?A-~]";
    let label = r"[!-\-/-?A-~]+";
    let mut schema = string(format!(
        r"^{TRIMMED}*{local}{{1,{EMAIL_LOCAL_MAX}}}@{label}(?:\.{label})+{TRIMMED}*$"
    ));
    schema["maxLength"] = json!(EMAIL_MAX);
    schema
}

fn password(min: usize) -> Value {
    json!({"type": "string", "minLength": min, "maxLength": Password::MAX_LENGTH})
}

fn phone() -> Value {
    string(format!("^{TRIMMED}*{E164}{TRIMMED}*$"))
}

/// A number, or blank (none).
fn optional_phone() -> Value {
    nullable(string(format!("^{TRIMMED}*(?:{E164})?{TRIMMED}*$")))
}

/// A pasted key or token, or the masked preview sent back (keeps the stored one).
fn secret() -> Value {
    string(format!(
        r"^(?:{TRIMMED}*\*{{4}}[\s\S]*|{SPACE}*{VISIBLE}{{1,{MAX_SECRET_LENGTH}}}{SPACE}*)$"
    ))
}

fn escape(literal: &str) -> String {
    literal
        .chars()
        .flat_map(|c| {
            let special = r"\^$.|?*+()[]{}-/".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

fn one_of<'a>(choices: impl IntoIterator<Item = &'a str>) -> String {
    let choices: Vec<String> = choices.into_iter().map(escape).collect();
    format!("(?:{})", choices.join("|"))
}

fn exact_choice<'a>(choices: impl IntoIterator<Item = &'a str>) -> Value {
    let choices: Vec<&str> = choices.into_iter().collect();
    json!({"type": "string", "enum": choices})
}

fn nullable_choice<'a>(choices: impl IntoIterator<Item = &'a str>) -> Value {
    let mut choices: Vec<Value> = choices.into_iter().map(Value::from).collect();
    choices.push(Value::Null);
    json!({"type": ["string", "null"], "enum": choices})
}

/// Pairs from a catalog, as alternatives per provider.
fn pairs<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
    provider: &str,
    id: &str,
) -> Value {
    let mut by_provider: Vec<(&str, Vec<&str>)> = Vec::new();
    for (name, choice) in entries {
        match by_provider.iter_mut().find(|(known, _)| *known == name) {
            Some((_, choices)) => choices.push(choice),
            None => by_provider.push((name, vec![choice])),
        }
    }
    let alternatives: Vec<Value> = by_provider
        .into_iter()
        .map(|(name, choices)| {
            json!({
                "type": "object",
                "required": [provider, id],
                "properties": {provider: {"const": name}, id: {"type": "string", "enum": choices}},
            })
        })
        .collect();
    json!({"oneOf": alternatives})
}

/// `(schema, property, what it accepts)`; an empty property replaces the
/// whole schema.
fn request_constraints() -> Vec<(&'static str, &'static str, Value)> {
    let timezones = one_of(Timezone::all_names());
    let industries = one_of(catalog::INDUSTRIES);
    let plans = one_of(catalog::PLANS);
    let skippable: Vec<&str> = StepKey::ALL
        .into_iter()
        .filter(|step| step.is_skippable())
        .map(StepKey::code)
        .collect();
    let name = max_chars(FullName::new);
    vec![
        ("SignupRequest", "email", email()),
        ("SignupRequest", "password", password(Password::MIN_LENGTH)),
        ("SignupRequest", "full_name", text(name)),
        (
            "LoginRequest",
            "email",
            string(format!("^{PRINTABLE}*{VISIBLE}{PRINTABLE}*$")),
        ),
        ("LoginRequest", "password", password(1)),
        ("PasswordChangeRequest", "current_password", password(1)),
        (
            "PasswordChangeRequest",
            "new_password",
            password(Password::MIN_LENGTH),
        ),
        ("PasswordResetRequest", "email", email()),
        (
            "PasswordResetConfirm",
            "token",
            string(format!("^{TRIMMED}*{RESET_TOKEN}{TRIMMED}*$")),
        ),
        (
            "PasswordResetConfirm",
            "new_password",
            password(Password::MIN_LENGTH),
        ),
        ("ProfilePatch", "full_name", text(name)),
        (
            "ProfilePatch",
            "organization_name",
            text(max_chars(OrganizationName::new)),
        ),
        (
            "ProfilePatch",
            "industry",
            nullable(string(format!("^{TRIMMED}*{industries}?{TRIMMED}*$"))),
        ),
        (
            "ProfilePatch",
            "timezone",
            nullable(string(format!("^{TRIMMED}*{timezones}?{TRIMMED}*$"))),
        ),
        (
            "OnboardingPatch",
            "skipped_steps",
            json!({"type": ["array", "null"], "items": exact_choice(skippable)}),
        ),
        (
            "StudioConfigPatch",
            "persona",
            text(max_chars(Persona::new)),
        ),
        (
            "StudioConfigPatch",
            "job_to_be_done",
            text(max_chars(JobToBeDone::new)),
        ),
        (
            "StudioConfigPatch",
            "guidelines",
            text(max_chars(Guidelines::new)),
        ),
        (
            "StudioConfigPatch",
            "first_message",
            text(max_chars(FirstMessage::new)),
        ),
        ("StudioConfigPatch", "phone_number", optional_phone()),
        ("StudioConfigPatch", "handoff_number", optional_phone()),
        (
            "StudioConfigPatch",
            "plan",
            nullable(string(format!("^(?:{TRIMMED}*|{plans})$"))),
        ),
        (
            "StudioConfigPatch",
            "languages",
            json!({"type": ["array", "null"], "items": {"$ref": "#/components/schemas/Locale"}, "uniqueItems": true}),
        ),
        (
            "StudioConfigPatch",
            "closures",
            json!({"type": ["array", "null"], "items": {"$ref": "#/components/schemas/Closure"}, "maxItems": MAX_CLOSURES}),
        ),
        (
            "Closure",
            "date",
            string(format!("^{TRIMMED}*{DATE}{TRIMMED}*$")),
        ),
        ("Closure", "label", text(max_chars(ClosureLabel::new))),
        (
            "BusinessHours",
            "timezone",
            string(format!("^{TRIMMED}*{timezones}{TRIMMED}*$")),
        ),
        (
            "BusinessHours",
            "days",
            json!({
                "type": "object",
                "propertyNames": {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
                "additionalProperties": {
                    "type": "array",
                    "items": {
                        "type": "array",
                        "prefixItems": [{"type": "string", "pattern": CLOCK}, {"type": "string", "pattern": CLOCK}],
                        "items": false,
                        "minItems": 2,
                    },
                },
            }),
        ),
        (
            "Integrations",
            "calendar",
            nullable_choice(catalog::CALENDARS),
        ),
        ("Integrations", "crm", nullable_choice(catalog::CRMS)),
        (
            "Integrations",
            "workspace",
            json!({"type": "array", "items": exact_choice(catalog::WORKSPACE_APPS), "uniqueItems": true}),
        ),
        (
            "AfterHours",
            "",
            json!({
                "description": "What Ava does with a call outside business hours: `forward` needs `forward_to`.",
                "oneOf": [
                    {
                        "type": "object",
                        "required": ["mode"],
                        "properties": {"mode": {"const": "take_message"}, "forward_to": optional_phone()},
                    },
                    {
                        "type": "object",
                        "required": ["mode", "forward_to"],
                        "properties": {"mode": {"const": "forward"}, "forward_to": phone()},
                    },
                ],
            }),
        ),
        (
            "Voice",
            "",
            pairs(
                catalog::voices().map(|voice| (voice.provider, voice.voice_id)),
                "provider",
                "voice_id",
            ),
        ),
        ("Model", "", pairs(catalog::MODELS, "provider", "model")),
        ("VapiSettingsRequest", "vapi_api_key", secret()),
        (
            "TwilioSettingsRequest",
            "account_sid",
            string(format!("^{TRIMMED}*AC[0-9A-Fa-f]{{32}}{TRIMMED}*$")),
        ),
        ("TwilioSettingsRequest", "auth_token", secret()),
        ("TwilioSettingsRequest", "phone_number", optional_phone()),
        ("TestCallRequest", "number", phone()),
        ("SimulateCallRequest", "caller", nullable(phone())),
    ]
}

/// Schemas of demo mode's routes, absent from a build without them.
const DEMO_SCHEMAS: [&str; 1] = ["SimulateCallRequest"];

/// Puts the request constraints into the document's schemas (keeping their
/// descriptions); answers the `schema.property` names it did not find.
fn add_request_constraints(document: &mut Value) -> Vec<String> {
    let mut missing = Vec::new();
    for (schema, property, constraint) in request_constraints() {
        let slot = match property {
            "" => document.pointer_mut(&format!("/components/schemas/{schema}")),
            _ => document.pointer_mut(&format!(
                "/components/schemas/{schema}/properties/{property}"
            )),
        };
        let Some(slot) = slot else {
            if !DEMO_SCHEMAS.contains(&schema) {
                missing.push(format!("{schema}.{property}"));
            }
            continue;
        };
        let description = slot.get("description").cloned();
        *slot = constraint;
        if let (Some(description), None) = (description, slot.get("description")) {
            slot["description"] = description;
        }
    }
    missing
}

/// The finished document: shared problems, then request constraints (in
/// JSON: utoipa's types cannot hold `const`, `prefixItems` or `propertyNames`).
pub fn finish(mut openapi: openapi::OpenApi) -> Value {
    add_shared_problems(&mut openapi);
    let mut document = serde_json::to_value(&openapi).unwrap_or_else(|error| {
        tracing::error!(%error, "the OpenAPI document could not be written");
        Value::Null
    });
    let missing = add_request_constraints(&mut document);
    if !missing.is_empty() {
        tracing::error!(?missing, "the OpenAPI document lacks fields it constrains");
    }
    document
}

#[cfg(test)]
mod tests {
    use ava_domain::credentials::{VapiApiKey, is_masked};
    use regex::Regex;

    use super::*;

    fn document() -> Value {
        crate::openapi()
    }

    #[test]
    fn every_constrained_field_exists() {
        let mut document = serde_json::to_value(
            utoipa_axum::router::OpenApiRouter::<crate::AppState>::with_openapi(ApiDoc::openapi())
                .nest("/api/v1", crate::routes::api())
                .split_for_parts()
                .1,
        )
        .unwrap();
        assert_eq!(add_request_constraints(&mut document), Vec::<String>::new());
    }

    #[test]
    fn errors_are_problem_json_and_writes_document_their_shared_problems() {
        let document = document();
        let signup = &document["paths"]["/api/v1/auth/signup"]["post"]["responses"];
        assert!(signup["409"]["content"]["application/problem+json"].is_object());
        assert!(signup["409"]["content"]["application/json"].is_null());
        for status in ["400", "403", "413", "415", "422", "500", "503"] {
            assert!(signup[status].is_object(), "signup documents {status}");
        }
        assert!(signup["429"]["headers"]["Retry-After"].is_object());
        let me = &document["paths"]["/api/v1/auth/me"]["get"]["responses"];
        assert!(me["401"].is_object() && me["403"].is_null() && me["415"].is_null());
    }

    fn matches(schema: &Value, value: &str) -> bool {
        let pattern = schema["pattern"].as_str().expect("a pattern");
        Regex::new(pattern)
            .expect("the pattern compiles")
            .is_match(value)
    }

    #[test]
    fn patterns_accept_what_the_domain_accepts() {
        use ava_domain::{email::EmailAddress, phone::PhoneNumber};
        for raw in [
            "+14155550123",
            " +1 (415) 555-0123 ",
            "+33.6.12.34.56.78",
            "+12",
            "0501234567",
            "+0501234567",
            "",
            "++14155550123",
        ] {
            assert_eq!(
                matches(&phone(), raw),
                PhoneNumber::parse(raw).is_ok(),
                "{raw:?}"
            );
        }
        for raw in [
            "dana@acme.test",
            " Dana.Levi+ava@Acme.test ",
            "dana",
            "dana@acme",
            "a@b@c.test",
            "dana@.acme.test",
            "dana@acme..test",
            "da na@acme.test",
        ] {
            assert_eq!(
                matches(&email(), raw),
                EmailAddress::parse(raw).is_ok(),
                "{raw:?}"
            );
        }
        let name = text(max_chars(FullName::new));
        for raw in [
            "Dana",
            "  ",
            "",
            " Dana Levi ",
            "a\u{9f}b",
            &"ש".repeat(120),
            &"ש".repeat(121),
        ] {
            let accepted = FullName::optional(Some(raw)).is_ok();
            assert_eq!(matches(&name, raw), accepted, "{raw:?}");
        }
        for raw in [
            "2024-02-29",
            "2023-02-29",
            "2026-12-31",
            "2026-13-01",
            "2026-04-31",
            "2000-02-29",
            "1900-02-29",
        ] {
            let date = string(format!("^{DATE}$"));
            assert_eq!(
                matches(&date, raw),
                ava_domain::schedule::parse_date(raw).is_ok(),
                "{raw:?}"
            );
        }
        let secret = secret();
        for raw in [
            "****3f9a",
            "2ff69b2e-aeb9-4bab-ad05-5d06555e19e2",
            " key ",
            "",
            "key with spaces",
            &"k".repeat(257),
        ] {
            let accepted = is_masked(raw) || VapiApiKey::parse(raw).is_ok();
            assert_eq!(matches(&secret, raw), accepted, "{raw:?}");
        }
    }
}
