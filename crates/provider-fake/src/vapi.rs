//! The fake Vapi API: `/assistant`, `/phone-number` and `/call` (see
//! docs/providers.md).
//!
//! Vapi is a NestJS application: validation errors are 400 with `message` an
//! array of strings, other errors carry `message` as a string, and unknown
//! properties are refused (`whitelist` + `forbidNonWhitelisted`).

use std::sync::Arc;

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header},
    response::Response,
};
use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value, json};

use crate::{
    Behaviour, KeyKind, Provider,
    http::{garbage, json, query_pairs, segments},
    state::{Shared, State as FakeState, VapiOrg, now_vapi},
};

/// The body of every 401, whatever the cause (missing, unknown or public key).
pub const INVALID_KEY_MESSAGE: &str = "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.";

/// Vapi's limit on assistant and phone-number names.
const MAX_NAME_CHARS: usize = 40;

/// The real `limit` bounds of list endpoints.
const MAX_LIMIT: i64 = 1000;

/// UNCONFIRMED: the default page of a list without `limit`.
const DEFAULT_LIMIT: usize = 100;

/// UNCONFIRMED: where Vapi points an imported Twilio number's webhooks.
pub(crate) const VAPI_TWILIO_VOICE_URL: &str = "https://api.vapi.ai/twilio/inbound_call";
pub(crate) const VAPI_TWILIO_SMS_URL: &str = "https://api.vapi.ai/twilio/sms";

/// UNCONFIRMED wording (seen only in third-party code; docs/providers.md).
pub const NUMBER_NOT_FOUND_MESSAGE: &str = "Number Not Found on Twilio.";

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Collection {
    Assistants,
    PhoneNumbers,
    Calls,
}

enum Route<'a> {
    List(Collection),
    CreateAssistant,
    ImportNumber,
    CreateCall,
    Get(Collection, &'a str),
    UpdateAssistant(&'a str),
    UpdateNumber(&'a str),
    Delete(Collection, &'a str),
}

fn route<'a>(method: &Method, path: &'a str) -> Option<Route<'a>> {
    let collection = |name: &str| match name {
        "assistant" => Some(Collection::Assistants),
        "phone-number" => Some(Collection::PhoneNumbers),
        "call" => Some(Collection::Calls),
        _ => None,
    };
    match (segments(path).as_slice(), method.as_str()) {
        ([name], "GET") => Some(Route::List(collection(name)?)),
        ([name], "POST") => match collection(name)? {
            Collection::Assistants => Some(Route::CreateAssistant),
            Collection::PhoneNumbers => Some(Route::ImportNumber),
            Collection::Calls => Some(Route::CreateCall),
        },
        ([name, id], "GET") => Some(Route::Get(collection(name)?, id)),
        ([name, id], "PATCH") => match collection(name)? {
            Collection::Assistants => Some(Route::UpdateAssistant(id)),
            Collection::PhoneNumbers => Some(Route::UpdateNumber(id)),
            // Renaming a call (`PATCH /call/{id}`) is not faked.
            Collection::Calls => None,
        },
        ([name, id], "DELETE") => Some(Route::Delete(collection(name)?, id)),
        _ => None,
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    tracing::debug!(%method, path, "fake vapi request");
    let behaviour = shared.record(Provider::Vapi, method.as_str(), &path, uri.query());
    match behaviour {
        Behaviour::ServerError => server_error(),
        Behaviour::Garbage => garbage(),
        _ => {
            // Carried out at once, answered late: a client that gives up
            // does not undo the request, as with the real API.
            let response = respond(&shared, &method, &path, &uri, &headers, &body);
            if let Some(delay) = behaviour.delay(&method) {
                tokio::time::sleep(delay).await;
            }
            response
        }
    }
}

fn respond(
    shared: &Shared,
    method: &Method,
    path: &str,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    // NestJS matches the route first (unknown routes are 404 even without a
    // key), then runs the auth guard, then validation.
    let Some(route) = route(method, path) else {
        return error(
            StatusCode::NOT_FOUND,
            Value::String(format!("Cannot {method} {path}")),
        )
        .into_response();
    };
    let Some(org_id) = authenticate(shared, headers) else {
        return error(
            StatusCode::UNAUTHORIZED,
            Value::String(INVALID_KEY_MESSAGE.to_owned()),
        )
        .into_response();
    };
    let body = match route {
        Route::CreateAssistant
        | Route::ImportNumber
        | Route::CreateCall
        | Route::UpdateAssistant(_)
        | Route::UpdateNumber(_) => match parse_body(body) {
            Ok(body) => body,
            Err(error) => return error.into_response(),
        },
        _ => Map::new(),
    };
    shared.with(|state| {
        let outcome = match route {
            Route::List(collection) => list(state, &org_id, collection, uri),
            Route::Get(collection, id) => get(state, &org_id, collection, id),
            Route::Delete(collection, id) => delete(state, &org_id, collection, id),
            Route::CreateAssistant => create_assistant(state, &org_id, body),
            Route::UpdateAssistant(id) => update_assistant(state, &org_id, id, body),
            Route::ImportNumber => import_number(state, &org_id, body),
            Route::UpdateNumber(id) => update_number(state, &org_id, id, body),
            Route::CreateCall => create_call(state, &org_id, body),
        };
        match outcome {
            Ok((status, value)) => json(status, &value),
            Err(error) => error.into_response(),
        }
    })
}

type Outcome = Result<(StatusCode, Value), VapiError>;

/// The organization of a private key sent as `Authorization: Bearer <key>`.
fn authenticate(shared: &Shared, headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let key = value.strip_prefix("Bearer ")?.trim();
    shared.with(|state| match state.vapi.keys.get(key) {
        Some((org, KeyKind::Private)) => Some(org.clone()),
        _ => None,
    })
}

/// A NestJS error: its body has `message` (a string, or an array of
/// strings for validation), `error` (the status's reason phrase) and
/// `statusCode`.
struct VapiError {
    status: StatusCode,
    message: Value,
}

impl VapiError {
    fn into_response(self) -> Response {
        json(
            self.status,
            &json!({
                "message": self.message,
                "error": self.status.canonical_reason().unwrap_or("Error"),
                "statusCode": self.status.as_u16(),
            }),
        )
    }
}

fn error(status: StatusCode, message: Value) -> VapiError {
    VapiError { status, message }
}

fn invalid(messages: Vec<String>) -> VapiError {
    error(
        StatusCode::BAD_REQUEST,
        Value::Array(messages.into_iter().map(Value::String).collect()),
    )
}

fn bad_request(message: &str) -> VapiError {
    error(StatusCode::BAD_REQUEST, Value::String(message.to_owned()))
}

/// NestJS's answer to an unhandled exception.
fn server_error() -> Response {
    json(
        StatusCode::INTERNAL_SERVER_ERROR,
        &json!({"statusCode": 500, "message": "Internal server error"}),
    )
}

fn not_found(collection: Collection) -> VapiError {
    // UNCONFIRMED wording.
    let message = match collection {
        Collection::Assistants => "Assistant not found",
        Collection::PhoneNumbers => "Phone Number not found",
        Collection::Calls => "Call not found",
    };
    error(StatusCode::NOT_FOUND, Value::String(message.to_owned()))
}

/// The JSON body: an empty body is `{}` (Express's parser); malformed JSON
/// is a 400 with a string message; anything but an object fails validation.
fn parse_body(body: &Bytes) -> Result<Map<String, Value>, VapiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(invalid(vec![
            "an unknown value was passed to the validate function".to_owned(),
        ])),
        Err(parse) => Err(bad_request(&format!(
            "Unexpected token in JSON at position {}",
            parse.column().saturating_sub(1)
        ))),
    }
}

// ---------- Lists ----------

#[derive(Clone, Copy)]
enum DateOp {
    Gt,
    Lt,
    Ge,
    Le,
}

/// The date filters of the list endpoints, as Vapi's API reference gives them for
/// `GET /call` (UNCONFIRMED for the other lists).
const DATE_FILTERS: [(&str, &str, DateOp); 8] = [
    ("createdAtGt", "createdAt", DateOp::Gt),
    ("createdAtLt", "createdAt", DateOp::Lt),
    ("createdAtGe", "createdAt", DateOp::Ge),
    ("createdAtLe", "createdAt", DateOp::Le),
    ("updatedAtGt", "updatedAt", DateOp::Gt),
    ("updatedAtLt", "updatedAt", DateOp::Lt),
    ("updatedAtGe", "updatedAt", DateOp::Ge),
    ("updatedAtLe", "updatedAt", DateOp::Le),
];

/// The filters of `GET /call` that a call's property must equal.
const CALL_FILTERS: &[&str] = &["id", "assistantId", "phoneNumberId"];

/// A list's query: at most `limit` items, newest first, matching every filter.
struct ListQuery {
    limit: usize,
    equal: Vec<(String, String)>,
    dates: Vec<(&'static str, DateOp, DateTime<FixedOffset>)>,
}

impl ListQuery {
    fn parse(uri: &Uri, collection: Collection) -> Result<Self, VapiError> {
        let mut errors = Vec::new();
        let mut query = ListQuery {
            limit: DEFAULT_LIMIT,
            equal: Vec::new(),
            dates: Vec::new(),
        };
        for (name, value) in query_pairs(uri) {
            let date = DATE_FILTERS.iter().find(|(filter, ..)| *filter == name);
            if name == "limit" {
                match value.trim().parse::<f64>() {
                    Ok(number) if number.is_finite() => {
                        if number > MAX_LIMIT as f64 {
                            errors.push(format!("limit must not be greater than {MAX_LIMIT}"));
                        } else if number < 0.0 {
                            errors.push("limit must not be less than 0".to_owned());
                        } else {
                            // In range: a whole number of at most 1000 fits.
                            query.limit = number.trunc() as usize;
                        }
                    }
                    _ => errors.push(
                        "limit must be a number conforming to the specified constraints".to_owned(),
                    ),
                }
            } else if let Some((_, field, op)) = date {
                match DateTime::parse_from_rfc3339(value.trim()) {
                    Ok(bound) => query.dates.push((field, *op, bound)),
                    // UNCONFIRMED wording (class-validator's `@IsDateString`).
                    Err(_) => errors.push(format!("{name} must be a valid ISO 8601 date string")),
                }
            } else if collection == Collection::Calls && CALL_FILTERS.contains(&name.as_str()) {
                query.equal.push((name, value));
            } else {
                errors.push(format!("property {name} should not exist"));
            }
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(invalid(errors))
        }
    }

    fn keeps(&self, item: &Map<String, Value>) -> bool {
        let equal = self
            .equal
            .iter()
            .all(|(name, wanted)| item.get(name).and_then(Value::as_str) == Some(wanted));
        let dates = self.dates.iter().all(|(field, op, bound)| {
            let Some(at) = item
                .get(*field)
                .and_then(Value::as_str)
                .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
            else {
                return false;
            };
            match op {
                DateOp::Gt => at > *bound,
                DateOp::Lt => at < *bound,
                DateOp::Ge => at >= *bound,
                DateOp::Le => at <= *bound,
            }
        });
        equal && dates
    }
}

fn items(org: &VapiOrg, collection: Collection) -> &Vec<Map<String, Value>> {
    match collection {
        Collection::Assistants => &org.assistants,
        Collection::PhoneNumbers => &org.phone_numbers,
        Collection::Calls => &org.calls,
    }
}

fn items_mut(org: &mut VapiOrg, collection: Collection) -> &mut Vec<Map<String, Value>> {
    match collection {
        Collection::Assistants => &mut org.assistants,
        Collection::PhoneNumbers => &mut org.phone_numbers,
        Collection::Calls => &mut org.calls,
    }
}

fn org<'a>(state: &'a mut FakeState, org_id: &str) -> &'a mut VapiOrg {
    state.vapi.orgs.entry(org_id.to_owned()).or_default()
}

fn position(items: &[Map<String, Value>], id: &str) -> Option<usize> {
    items
        .iter()
        .position(|item| item.get("id").and_then(Value::as_str) == Some(id))
}

/// A bare JSON array, newest first (UNCONFIRMED order).
fn list(state: &mut FakeState, org_id: &str, collection: Collection, uri: &Uri) -> Outcome {
    let query = ListQuery::parse(uri, collection)?;
    let org = org(state, org_id);
    let page: Vec<Value> = items(org, collection)
        .iter()
        .rev()
        .filter(|item| query.keeps(item))
        .take(query.limit)
        .cloned()
        .map(Value::Object)
        .collect();
    Ok((StatusCode::OK, Value::Array(page)))
}

fn get(state: &mut FakeState, org_id: &str, collection: Collection, id: &str) -> Outcome {
    let items = items(org(state, org_id), collection);
    let index = position(items, id).ok_or_else(|| not_found(collection))?;
    Ok((StatusCode::OK, Value::Object(items[index].clone())))
}

/// Answers the deleted resource, as Vapi does.
fn delete(state: &mut FakeState, org_id: &str, collection: Collection, id: &str) -> Outcome {
    let org = org(state, org_id);
    let items = items_mut(org, collection);
    let index = position(items, id).ok_or_else(|| not_found(collection))?;
    let removed = items.remove(index);
    if collection == Collection::Assistants {
        // UNCONFIRMED: numbers bound to a deleted assistant lose the binding.
        for number in &mut org.phone_numbers {
            if number.get("assistantId").and_then(Value::as_str) == Some(id) {
                number.remove("assistantId");
            }
        }
    }
    Ok((StatusCode::OK, Value::Object(removed)))
}

// ---------- Validation ----------

/// Top-level properties of an assistant (create and update). A reasonable
/// subset of the real `CreateAssistantDTO`; anything else is refused.
const ASSISTANT_PROPERTIES: &[&str] = &[
    "name",
    "firstMessage",
    "firstMessageMode",
    "firstMessageInterruptionsEnabled",
    "model",
    "voice",
    "transcriber",
    "metadata",
    "voicemailMessage",
    "endCallMessage",
    "endCallPhrases",
    "maxDurationSeconds",
    "silenceTimeoutSeconds",
    "backgroundSound",
    "backgroundDenoisingEnabled",
    "backgroundSpeechDenoisingPlan",
    "modelOutputInMessagesEnabled",
    "transportConfigurations",
    "observabilityPlan",
    "credentials",
    "credentialIds",
    "hooks",
    "clientMessages",
    "serverMessages",
    "server",
    "serverUrl",
    "serverUrlSecret",
    "analysisPlan",
    "artifactPlan",
    "messagePlan",
    "startSpeakingPlan",
    "stopSpeakingPlan",
    "monitorPlan",
    "voicemailDetection",
    "compliancePlan",
    "keypadInputPlan",
    "hipaaEnabled",
];

/// Properties of `model` across the providers' variants (UNCONFIRMED subset).
const MODEL_PROPERTIES: &[&str] = &[
    "provider",
    "model",
    "messages",
    "tools",
    "toolIds",
    "knowledgeBase",
    "knowledgeBaseId",
    "temperature",
    "maxTokens",
    "emotionRecognitionEnabled",
    "numFastTurns",
    "fallbackModels",
    "toolStrictCompatibilityMode",
];

/// UNCONFIRMED subset of the real providers.
const MODEL_PROVIDERS: &[&str] = &[
    "openai",
    "anthropic",
    "google",
    "groq",
    "deepinfra",
    "deep-seek",
    "together-ai",
    "perplexity-ai",
    "openrouter",
    "xai",
    "custom-llm",
];

const MESSAGE_ROLES: &[&str] = &["assistant", "function", "user", "system", "tool"];

const MESSAGE_PROPERTIES: &[&str] = &["role", "content"];

/// Properties of `voice` across the providers' variants (UNCONFIRMED subset).
const VOICE_PROPERTIES: &[&str] = &[
    "provider",
    "voiceId",
    "model",
    "speed",
    "stability",
    "similarityBoost",
    "style",
    "useSpeakerBoost",
    "optimizeStreamingLatency",
    "enableSsmlParsing",
    "autoMode",
    "language",
    "instructions",
    "cachingEnabled",
    "chunkPlan",
    "fallbackPlan",
];

/// UNCONFIRMED subset of the real providers.
const VOICE_PROVIDERS: &[&str] = &[
    "vapi", "11labs", "openai", "azure", "cartesia", "deepgram", "playht", "rime-ai", "lmnt",
    "neets", "hume",
];

/// Properties of `transcriber` across variants (UNCONFIRMED subset).
const TRANSCRIBER_PROPERTIES: &[&str] = &[
    "provider",
    "model",
    "language",
    "smartFormat",
    "codeSwitchingEnabled",
    "keywords",
    "keyterm",
    "endpointing",
    "numerals",
    "confidenceThreshold",
    "fallbackPlan",
];

/// UNCONFIRMED subset of the real providers.
const TRANSCRIBER_PROVIDERS: &[&str] = &[
    "deepgram",
    "assembly-ai",
    "azure",
    "gladia",
    "google",
    "openai",
    "speechmatics",
    "talkscriber",
    "11labs",
    "cartesia",
];

#[derive(Clone, Copy)]
enum Type {
    String,
    Bool,
    Number,
    Array,
    Object,
}

/// The type of the other top-level assistant properties we check.
fn assistant_property_type(name: &str) -> Option<Type> {
    Some(match name {
        "name" | "firstMessage" | "firstMessageMode" | "voicemailMessage" | "endCallMessage"
        | "backgroundSound" | "serverUrl" | "serverUrlSecret" => Type::String,
        "firstMessageInterruptionsEnabled"
        | "backgroundDenoisingEnabled"
        | "modelOutputInMessagesEnabled"
        | "hipaaEnabled" => Type::Bool,
        "maxDurationSeconds" | "silenceTimeoutSeconds" => Type::Number,
        "endCallPhrases"
        | "credentials"
        | "credentialIds"
        | "hooks"
        | "clientMessages"
        | "serverMessages"
        | "transportConfigurations" => Type::Array,
        "metadata" => Type::Object,
        _ => return None,
    })
}

fn check_type(errors: &mut Vec<String>, path: &str, value: &Value, expected: Type) {
    let (ok, message) = match expected {
        Type::String => (value.is_string(), "must be a string"),
        Type::Bool => (value.is_boolean(), "must be a boolean value"),
        Type::Number => (
            value.is_number(),
            "must be a number conforming to the specified constraints",
        ),
        Type::Array => (value.is_array(), "must be an array"),
        Type::Object => (value.is_object(), "must be an object"),
    };
    if !ok {
        errors.push(format!("{path} {message}"));
    }
}

fn check_name(errors: &mut Vec<String>, value: &Value) {
    match value.as_str() {
        Some(name) if name.chars().count() > MAX_NAME_CHARS => {
            errors.push(format!(
                "name must be shorter than or equal to {MAX_NAME_CHARS} characters"
            ));
        }
        Some(_) => {}
        None => errors.push("name must be a string".to_owned()),
    }
}

fn one_of(errors: &mut Vec<String>, path: &str, value: Option<&Value>, allowed: &[&str]) {
    if !value
        .and_then(Value::as_str)
        .is_some_and(|v| allowed.contains(&v))
    {
        errors.push(format!(
            "{path} must be one of the following values: {}",
            allowed.join(", ")
        ));
    }
}

fn unknown_properties(
    errors: &mut Vec<String>,
    prefix: &str,
    object: &Map<String, Value>,
    allowed: &[&str],
) {
    for key in object.keys() {
        if !allowed.contains(&key.as_str()) {
            errors.push(format!("{prefix}property {key} should not exist"));
        }
    }
}

/// A nested object (class-validator's `@ValidateNested`): answers it, or
/// records the error class-validator gives for a non-object.
fn nested<'a>(
    errors: &mut Vec<String>,
    path: &str,
    value: &'a Value,
) -> Option<&'a Map<String, Value>> {
    let object = value.as_object();
    if object.is_none() {
        errors.push(format!(
            "nested property {path} must be either object or array"
        ));
    }
    object
}

fn check_model(errors: &mut Vec<String>, value: &Value) {
    let Some(model) = nested(errors, "model", value) else {
        return;
    };
    unknown_properties(errors, "model.", model, MODEL_PROPERTIES);
    one_of(
        errors,
        "model.provider",
        model.get("provider"),
        MODEL_PROVIDERS,
    );
    if !model.get("model").is_some_and(Value::is_string) {
        errors.push("model.model must be a string".to_owned());
    }
    match model.get("messages") {
        None | Some(Value::Null) => {}
        Some(Value::Array(messages)) => {
            for (index, message) in messages.iter().enumerate() {
                let path = format!("model.messages.{index}");
                let Some(message) = nested(errors, &path, message) else {
                    continue;
                };
                unknown_properties(errors, &format!("{path}."), message, MESSAGE_PROPERTIES);
                one_of(
                    errors,
                    &format!("{path}.role"),
                    message.get("role"),
                    MESSAGE_ROLES,
                );
                if let Some(content) = message.get("content").filter(|c| !c.is_null()) {
                    check_type(errors, &format!("{path}.content"), content, Type::String);
                }
            }
        }
        Some(_) => errors.push("model.messages must be an array".to_owned()),
    }
    match model.get("tools") {
        None | Some(Value::Null) => {}
        Some(Value::Array(tools)) => {
            for (index, tool) in tools.iter().enumerate() {
                check_tool(errors, &format!("model.tools.{index}"), tool);
            }
        }
        Some(_) => errors.push("model.tools must be an array".to_owned()),
    }
}

/// UNCONFIRMED subset of the real tool types (docs/providers.md names
/// `transferCall` and `endCall`).
const TOOL_TYPES: &[&str] = &["transferCall", "endCall", "function", "dtmf", "voicemail"];

/// An inline tool: its type, and a `transferCall`'s destinations checked
/// like a number's fallback (the other properties vary by type, unchecked).
fn check_tool(errors: &mut Vec<String>, path: &str, value: &Value) {
    let Some(tool) = nested(errors, path, value) else {
        return;
    };
    one_of(
        errors,
        &format!("{path}.type"),
        tool.get("type"),
        TOOL_TYPES,
    );
    if tool.get("type").and_then(Value::as_str) != Some("transferCall") {
        return;
    }
    match tool.get("destinations") {
        None | Some(Value::Null) => {}
        Some(Value::Array(destinations)) => {
            for (index, destination) in destinations.iter().enumerate() {
                check_destination(errors, &format!("{path}.destinations.{index}"), destination);
            }
        }
        Some(_) => errors.push(format!("{path}.destinations must be an array")),
    }
}

fn check_voice(errors: &mut Vec<String>, value: &Value) {
    let Some(voice) = nested(errors, "voice", value) else {
        return;
    };
    unknown_properties(errors, "voice.", voice, VOICE_PROPERTIES);
    one_of(
        errors,
        "voice.provider",
        voice.get("provider"),
        VOICE_PROVIDERS,
    );
    if !voice.get("voiceId").is_some_and(Value::is_string) {
        errors.push("voice.voiceId must be a string".to_owned());
    }
}

fn check_transcriber(errors: &mut Vec<String>, value: &Value) {
    let Some(transcriber) = nested(errors, "transcriber", value) else {
        return;
    };
    unknown_properties(errors, "transcriber.", transcriber, TRANSCRIBER_PROPERTIES);
    one_of(
        errors,
        "transcriber.provider",
        transcriber.get("provider"),
        TRANSCRIBER_PROVIDERS,
    );
    for field in ["model", "language"] {
        if let Some(value) = transcriber.get(field).filter(|v| !v.is_null()) {
            check_type(errors, &format!("transcriber.{field}"), value, Type::String);
        }
    }
}

/// The validation of `CreateAssistantDTO` / `UpdateAssistantDTO` (every
/// property optional; `null` counts as absent, as with `@IsOptional`).
fn validate_assistant(body: &Map<String, Value>) -> Vec<String> {
    let mut errors = Vec::new();
    unknown_properties(&mut errors, "", body, ASSISTANT_PROPERTIES);
    for (key, value) in body {
        if value.is_null() {
            continue;
        }
        match key.as_str() {
            "name" => check_name(&mut errors, value),
            "model" => check_model(&mut errors, value),
            "voice" => check_voice(&mut errors, value),
            "transcriber" => check_transcriber(&mut errors, value),
            other => {
                if let Some(expected) = assistant_property_type(other) {
                    check_type(&mut errors, other, value, expected);
                }
            }
        }
    }
    errors
}

// ---------- Assistants ----------

fn create_assistant(state: &mut FakeState, org_id: &str, body: Map<String, Value>) -> Outcome {
    let errors = validate_assistant(&body);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let now = now_vapi();
    let mut assistant: Map<String, Value> = body
        .into_iter()
        .filter(|(_, value)| !value.is_null())
        .collect();
    assistant.insert(
        "id".to_owned(),
        Value::String(uuid::Uuid::new_v4().to_string()),
    );
    assistant.insert("orgId".to_owned(), Value::String(org_id.to_owned()));
    assistant.insert("createdAt".to_owned(), Value::String(now.clone()));
    assistant.insert("updatedAt".to_owned(), Value::String(now));
    // A field the real API adds; clients must ignore what they do not know.
    assistant.insert("isServerUrlSecretSet".to_owned(), Value::Bool(false));
    org(state, org_id).assistants.push(assistant.clone());
    Ok((StatusCode::CREATED, Value::Object(assistant)))
}

/// UNCONFIRMED: top-level properties replace the stored ones (nested objects
/// are not merged); `null` removes a property.
fn update_assistant(
    state: &mut FakeState,
    org_id: &str,
    id: &str,
    body: Map<String, Value>,
) -> Outcome {
    let org = org(state, org_id);
    let index = position(&org.assistants, id).ok_or_else(|| not_found(Collection::Assistants))?;
    let errors = validate_assistant(&body);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let assistant = &mut org.assistants[index];
    for (key, value) in body {
        if value.is_null() {
            assistant.remove(&key);
        } else {
            assistant.insert(key, value);
        }
    }
    assistant.insert("updatedAt".to_owned(), Value::String(now_vapi()));
    Ok((StatusCode::OK, Value::Object(assistant.clone())))
}

// ---------- Phone numbers ----------

/// Properties of a Twilio import (`CreateTwilioPhoneNumberDTO`).
const IMPORT_PROPERTIES: &[&str] = &[
    "provider",
    "number",
    "twilioAccountSid",
    "twilioAuthToken",
    "twilioApiKey",
    "twilioApiSecret",
    "smsEnabled",
    "name",
    "assistantId",
    "squadId",
    "workflowId",
    "credentialId",
    "server",
    "serverUrl",
    "serverUrlSecret",
    "fallbackDestination",
    "hooks",
    "numberE164CheckEnabled",
];

/// Properties of `PATCH /phone-number/{id}` for a Twilio number.
const NUMBER_UPDATE_PROPERTIES: &[&str] = &[
    "assistantId",
    "squadId",
    "workflowId",
    "twilioAuthToken",
    "twilioApiKey",
    "twilioApiSecret",
    "smsEnabled",
    "name",
    "credentialId",
    "server",
    "serverUrl",
    "serverUrlSecret",
    "fallbackDestination",
    "hooks",
    "numberE164CheckEnabled",
];

/// The real providers of `POST /phone-number`; this fake imports only Twilio.
const NUMBER_PROVIDERS: &[&str] = &["byo-phone-number", "twilio", "vonage", "vapi", "telnyx"];

fn is_e164(number: &str) -> bool {
    let Some(digits) = number.strip_prefix('+') else {
        return false;
    };
    (2..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
}

fn check_number_fields(errors: &mut Vec<String>, body: &Map<String, Value>) {
    for (key, value) in body {
        if value.is_null() {
            continue;
        }
        match key.as_str() {
            "name" => check_name(errors, value),
            "smsEnabled" | "numberE164CheckEnabled" => check_type(errors, key, value, Type::Bool),
            "twilioAuthToken" | "twilioApiKey" | "twilioApiSecret" | "assistantId" | "squadId"
            | "workflowId" | "credentialId" | "serverUrl" | "serverUrlSecret" => {
                check_type(errors, key, value, Type::String)
            }
            "hooks" => check_type(errors, key, value, Type::Array),
            "server" => check_server(errors, value),
            "fallbackDestination" => check_destination(errors, "fallbackDestination", value),
            _ => {}
        }
    }
}

/// The part of the `Server` DTO this fake carries out when it plays a call
/// (`credentialId`, `backoffPlan`, `staticIpAddressesEnabled` and
/// `encryptedPaths` are real too, refused here as unknown).
const SERVER_PROPERTIES: &[&str] = &["url", "headers", "timeoutSeconds"];

/// The `timeoutSeconds` bounds of Vapi's API reference.
const SERVER_TIMEOUT_SECONDS: std::ops::RangeInclusive<f64> = 1.0..=300.0;

/// `server`: where Vapi posts its messages about the number's calls.
fn check_server(errors: &mut Vec<String>, value: &Value) {
    let Some(server) = nested(errors, "server", value) else {
        return;
    };
    unknown_properties(errors, "server.", server, SERVER_PROPERTIES);
    for (key, value) in server {
        if value.is_null() {
            continue;
        }
        match key.as_str() {
            "url" => match value.as_str() {
                Some(url) if is_http_url(url) => {}
                // UNCONFIRMED: Vapi's API reference types it as a string only.
                Some(_) => errors.push("server.url must be a URL address".to_owned()),
                None => errors.push("server.url must be a string".to_owned()),
            },
            "headers" => check_headers(errors, value),
            "timeoutSeconds" => match value.as_f64() {
                Some(seconds) if seconds < *SERVER_TIMEOUT_SECONDS.start() => errors.push(format!(
                    "server.timeoutSeconds must not be less than {}",
                    SERVER_TIMEOUT_SECONDS.start()
                )),
                Some(seconds) if seconds > *SERVER_TIMEOUT_SECONDS.end() => errors.push(format!(
                    "server.timeoutSeconds must not be greater than {}",
                    SERVER_TIMEOUT_SECONDS.end()
                )),
                Some(_) => {}
                None => check_type(errors, "server.timeoutSeconds", value, Type::Number),
            },
            _ => {}
        }
    }
}

/// An absolute http(s) URL with a host: what the fake can post to.
fn is_http_url(url: &str) -> bool {
    reqwest::Url::parse(url)
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some())
}

/// `server.headers`: an object (Vapi's API reference); UNCONFIRMED that Vapi also
/// refuses values that are not strings or that HTTP cannot carry, as here.
fn check_headers(errors: &mut Vec<String>, value: &Value) {
    let Some(headers) = value.as_object() else {
        errors.push("server.headers must be an object".to_owned());
        return;
    };
    for (name, value) in headers {
        let valid = value.as_str().is_some_and(|value| {
            HeaderName::from_bytes(name.as_bytes()).is_ok() && HeaderValue::from_str(value).is_ok()
        });
        if !valid {
            errors.push(format!(
                "server.headers.{name} must be a string usable as an HTTP header"
            ));
        }
    }
}

/// The part of `TransferDestinationNumber` this fake accepts (the real
/// `transferPlan` is refused as unknown; SIP destinations are not faked).
const DESTINATION_PROPERTIES: &[&str] = &[
    "type",
    "number",
    "message",
    "description",
    "numberE164CheckEnabled",
    "extension",
    "callerId",
];

/// A number to send calls to: `{"type": "number", "number": "+…", "message"?}`.
fn check_destination(errors: &mut Vec<String>, path: &str, value: &Value) {
    let Some(destination) = nested(errors, path, value) else {
        return;
    };
    unknown_properties(
        errors,
        &format!("{path}."),
        destination,
        DESTINATION_PROPERTIES,
    );
    one_of(
        errors,
        &format!("{path}.type"),
        destination.get("type"),
        &["number"],
    );
    let e164_check = destination
        .get("numberE164CheckEnabled")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    check_phone(
        errors,
        &format!("{path}.number"),
        destination.get("number"),
        e164_check,
    );
    for field in ["message", "description", "extension", "callerId"] {
        if let Some(value) = destination.get(field).filter(|v| !v.is_null()) {
            check_type(errors, &format!("{path}.{field}"), value, Type::String);
        }
    }
    if let Some(value) = destination
        .get("numberE164CheckEnabled")
        .filter(|v| !v.is_null())
    {
        check_type(
            errors,
            &format!("{path}.numberE164CheckEnabled"),
            value,
            Type::Bool,
        );
    }
}

/// A required phone number, E.164 unless the check is turned off; the E.164
/// message is the one docs/providers.md gives for `customer.number`.
fn check_phone(errors: &mut Vec<String>, path: &str, value: Option<&Value>, e164_check: bool) {
    match value.and_then(Value::as_str) {
        None => errors.push(format!("{path} must be a string")),
        Some(number) if e164_check && !is_e164(number) => {
            errors.push(format!(
                "{path} must be a valid phone number in the E.164 format"
            ));
        }
        Some(_) => {}
    }
}

/// An `assistantId` that names no assistant of the organization.
fn unknown_assistant(org: &VapiOrg, body: &Map<String, Value>) -> Option<VapiError> {
    let id = body.get("assistantId").and_then(Value::as_str)?;
    if position(&org.assistants, id).is_some() {
        return None;
    }
    // UNCONFIRMED wording.
    Some(bad_request(&format!(
        "Couldn't Find Assistant. assistantId: {id}"
    )))
}

fn import_number(state: &mut FakeState, org_id: &str, body: Map<String, Value>) -> Outcome {
    let mut errors = Vec::new();
    unknown_properties(&mut errors, "", &body, IMPORT_PROPERTIES);
    one_of(
        &mut errors,
        "provider",
        body.get("provider"),
        NUMBER_PROVIDERS,
    );
    let e164_check = body
        .get("numberE164CheckEnabled")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    check_phone(&mut errors, "number", body.get("number"), e164_check);
    if !body.get("twilioAccountSid").is_some_and(Value::is_string) {
        errors.push("twilioAccountSid must be a string".to_owned());
    }
    check_number_fields(&mut errors, &body);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    if body.get("provider").and_then(Value::as_str) != Some("twilio") {
        return Err(bad_request(
            "This fake imports only Twilio numbers (provider \"twilio\").",
        ));
    }
    let number = body
        .get("number")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let account_sid = body
        .get("twilioAccountSid")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let token = body
        .get("twilioAuthToken")
        .and_then(Value::as_str)
        .map(str::to_owned);

    let vapi_org = org(state, org_id);
    if let Some(response) = unknown_assistant(vapi_org, &body) {
        return Err(response);
    }
    if vapi_org
        .phone_numbers
        .iter()
        .any(|existing| existing.get("number").and_then(Value::as_str) == Some(number.as_str()))
    {
        // UNCONFIRMED wording.
        return Err(bad_request(
            "Number Already Exists. Delete the existing phone number first.",
        ));
    }

    // Vapi asks Twilio, with the credentials given, for that number, then
    // points its webhooks at Vapi. Here: the fake Twilio's own state.
    let sms_enabled = body
        .get("smsEnabled")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let owned = state
        .twilio
        .account_mut(&account_sid)
        .filter(|account| {
            account.status == crate::AccountStatus::Active
                && token
                    .as_deref()
                    .is_some_and(|token| token == account.auth_token)
        })
        .and_then(|account| {
            account
                .numbers
                .iter_mut()
                .find(|n| n.phone_number == number)
        });
    let Some(twilio_number) = owned else {
        return Err(bad_request(NUMBER_NOT_FOUND_MESSAGE));
    };
    twilio_number.voice_url = Some(VAPI_TWILIO_VOICE_URL.to_owned());
    if sms_enabled {
        twilio_number.sms_url = VAPI_TWILIO_SMS_URL.to_owned();
    }
    twilio_number.date_updated = chrono::Utc::now();

    let now = now_vapi();
    let mut record: Map<String, Value> = body
        .into_iter()
        .filter(|(_, value)| !value.is_null())
        .collect();
    record.insert(
        "id".to_owned(),
        Value::String(uuid::Uuid::new_v4().to_string()),
    );
    record.insert("orgId".to_owned(), Value::String(org_id.to_owned()));
    record.insert("status".to_owned(), Value::String("active".to_owned()));
    record.insert("smsEnabled".to_owned(), Value::Bool(sms_enabled));
    record.insert("numberE164CheckEnabled".to_owned(), Value::Bool(e164_check));
    record.insert("createdAt".to_owned(), Value::String(now.clone()));
    record.insert("updatedAt".to_owned(), Value::String(now));
    org(state, org_id).phone_numbers.push(record.clone());
    // The response echoes `twilioAuthToken`, as the real one may.
    Ok((StatusCode::CREATED, Value::Object(record)))
}

/// UNCONFIRMED: a new `twilioAuthToken` is stored without asking Twilio.
fn update_number(
    state: &mut FakeState,
    org_id: &str,
    id: &str,
    body: Map<String, Value>,
) -> Outcome {
    let org = org(state, org_id);
    let index =
        position(&org.phone_numbers, id).ok_or_else(|| not_found(Collection::PhoneNumbers))?;
    let mut errors = Vec::new();
    unknown_properties(&mut errors, "", &body, NUMBER_UPDATE_PROPERTIES);
    check_number_fields(&mut errors, &body);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    if let Some(response) = unknown_assistant(org, &body) {
        return Err(response);
    }
    let record = &mut org.phone_numbers[index];
    for (key, value) in body {
        if value.is_null() {
            record.remove(&key);
        } else {
            record.insert(key, value);
        }
    }
    record.insert("updatedAt".to_owned(), Value::String(now_vapi()));
    Ok((StatusCode::OK, Value::Object(record.clone())))
}

// ---------- Calls ----------

/// The part of `CreateCallDTO` this fake carries out (the real one also
/// takes transient assistants, squads, workflows, `customerId`,
/// `customers`, `schedulePlan`…, refused here as unknown).
const CALL_PROPERTIES: &[&str] = &[
    "name",
    "assistantId",
    "assistantOverrides",
    "phoneNumberId",
    "customer",
];

/// The part of `CreateCustomerDTO` this fake accepts.
const CUSTOMER_PROPERTIES: &[&str] = &[
    "number",
    "numberE164CheckEnabled",
    "extension",
    "name",
    "email",
    "externalId",
];

fn validate_call(body: &Map<String, Value>) -> Vec<String> {
    let mut errors = Vec::new();
    unknown_properties(&mut errors, "", body, CALL_PROPERTIES);
    for (key, value) in body {
        if value.is_null() {
            continue;
        }
        match key.as_str() {
            "name" => check_name(&mut errors, value),
            "assistantId" | "phoneNumberId" => check_type(&mut errors, key, value, Type::String),
            "assistantOverrides" => check_type(&mut errors, key, value, Type::Object),
            "customer" => check_customer(&mut errors, value),
            _ => {}
        }
    }
    errors
}

fn check_customer(errors: &mut Vec<String>, value: &Value) {
    let Some(customer) = nested(errors, "customer", value) else {
        return;
    };
    unknown_properties(errors, "customer.", customer, CUSTOMER_PROPERTIES);
    let e164_check = customer
        .get("numberE164CheckEnabled")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    check_phone(
        errors,
        "customer.number",
        customer.get("number"),
        e164_check,
    );
    for field in ["extension", "name", "email", "externalId"] {
        if let Some(value) = customer.get(field).filter(|v| !v.is_null()) {
            check_type(errors, &format!("customer.{field}"), value, Type::String);
        }
    }
    if let Some(value) = customer
        .get("numberE164CheckEnabled")
        .filter(|v| !v.is_null())
    {
        check_type(errors, "customer.numberE164CheckEnabled", value, Type::Bool);
    }
}

/// `POST /call`: an outbound call from a number imported in the same
/// organization, with one of its assistants. It stays `queued`: nobody
/// picks up in a fake.
fn create_call(state: &mut FakeState, org_id: &str, body: Map<String, Value>) -> Outcome {
    let errors = validate_call(&body);
    if !errors.is_empty() {
        return Err(invalid(errors));
    }
    let org = org(state, org_id);
    // UNCONFIRMED wording of the refusals below.
    let Some(number_id) = body.get("phoneNumberId").and_then(Value::as_str) else {
        return Err(bad_request(
            "phoneNumberId is required to place a phone call.",
        ));
    };
    if position(&org.phone_numbers, number_id).is_none() {
        return Err(bad_request(&format!(
            "Couldn't Find Phone Number. phoneNumberId: {number_id}"
        )));
    }
    if !body.get("assistantId").is_some_and(Value::is_string) {
        return Err(bad_request(
            "assistantId is required: this fake places calls with an existing assistant.",
        ));
    }
    if let Some(error) = unknown_assistant(org, &body) {
        return Err(error);
    }
    if !body.get("customer").is_some_and(Value::is_object) {
        return Err(bad_request("customer is required to place a phone call."));
    }
    let now = now_vapi();
    let mut call: Map<String, Value> = body
        .into_iter()
        .filter(|(_, value)| !value.is_null())
        .collect();
    call.insert(
        "id".to_owned(),
        Value::String(uuid::Uuid::new_v4().to_string()),
    );
    call.insert("orgId".to_owned(), Value::String(org_id.to_owned()));
    call.insert(
        "type".to_owned(),
        Value::String("outboundPhoneCall".to_owned()),
    );
    call.insert("status".to_owned(), Value::String("queued".to_owned()));
    // Fields of the `Call` of Vapi's API reference that a Twilio number's call carries.
    call.insert(
        "phoneCallProvider".to_owned(),
        Value::String("twilio".to_owned()),
    );
    call.insert(
        "phoneCallTransport".to_owned(),
        Value::String("pstn".to_owned()),
    );
    call.insert("createdAt".to_owned(), Value::String(now.clone()));
    call.insert("updatedAt".to_owned(), Value::String(now));
    org.calls.push(call.clone());
    Ok((StatusCode::CREATED, Value::Object(call)))
}
