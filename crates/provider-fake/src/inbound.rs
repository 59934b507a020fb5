//! Vapi's side of an incoming call (docs/providers.md, "Vapi calling Ava"): who takes
//! it (the number's assistant, or whoever the number's server URL names in
//! its answer to `assistant-request`, or the fallback destination), and the
//! `end-of-call-report` sent once it ends.
//!
//! The simulated call takes no time on the clock: it starts now, and its
//! report says it ended `durationSeconds` later.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use crate::state::{Shared, State, VapiOrg, new_sid, vapi_timestamp};

/// How long Vapi waits for the answer to `assistant-request`: "a few
/// seconds" (docs/providers.md); UNCONFIRMED value. A shorter
/// `server.timeoutSeconds` wins.
const ASSISTANT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// `server.timeoutSeconds` when the number does not set it (Vapi's API reference).
const DEFAULT_SERVER_TIMEOUT: Duration = Duration::from_secs(20);

/// Spoken before a transfer when the destination has no `message` (Vapi's
/// API reference of `TransferDestinationNumber`).
const DEFAULT_TRANSFER_MESSAGE: &str = "Transferring the call now";

/// The rest of an answered call after the first message (caller,
/// assistant, caller: the fake has no voice), in the assistant's
/// transcriber language (`en` otherwise).
fn script(language: Option<&str>) -> [&'static str; 3] {
    match language {
        Some("fr") => [
            "Bonjour, je voudrais prendre rendez-vous pour la semaine prochaine, s'il vous plaît.",
            "Bien sûr. Puis-je avoir votre nom, s'il vous plaît ?",
            "Dana Levi. Merci !",
        ],
        Some("he") => [
            "שלום, אני רוצה לקבוע תור לשבוע הבא, בבקשה.",
            "בשמחה. מה השם, בבקשה?",
            "דנה לוי. תודה!",
        ],
        _ => [
            "Hi, I'd like to book an appointment for next week, please.",
            "Of course. May I have your name, please?",
            "It's Dana Levi. Thank you!",
        ],
    }
}

/// UNCONFIRMED: the summary is in English whatever was spoken (Vapi's
/// default summary prompt is English).
const ANSWERED_SUMMARY: &str = "The caller, Dana Levi, asked to book an appointment for next week.";

/// UNCONFIRMED: an illustrative price, in USD per minute.
const COST_PER_MINUTE: f64 = 0.05;

/// What happened to a simulated incoming call.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedInbound {
    /// Vapi's id of the call (as in both messages and in `GET /call`).
    pub call_id: String,
    /// The organization that imported the number.
    pub org_id: String,
    pub route: InboundRoute,
    /// The report's `endedReason`, e.g. `customer-ended-call`.
    pub ended_reason: String,
    /// How `assistant-request` went; `None` when it was not sent (the number
    /// has an assistant, or no server URL).
    pub assistant_request: Option<Delivery>,
    /// How `end-of-call-report` went; `None` when it was not sent (no
    /// server URL, or the assistant's `serverMessages` leave it out).
    pub end_of_call_report: Option<Delivery>,
}

/// Who took the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboundRoute {
    /// An assistant answered: a stored one (`assistant_id`) or the transient
    /// one of an `assistant-request` answer (`None`). `first_message` is what
    /// it said first, placeholders filled.
    Assistant {
        assistant_id: Option<String>,
        first_message: String,
    },
    /// Sent to a number without AI: the `destination` of the answer, or the
    /// number's `fallbackDestination`.
    Forwarded { to: String },
    /// Nobody took it; Vapi hung up.
    Unanswered,
}

/// How one message to the server URL went.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// The server answered: its status, and its body if it was JSON.
    Answered { status: u16, body: Option<Value> },
    /// No answer within the timeout.
    TimedOut,
    /// The request could not be sent (nothing listening, bad TLS…).
    Failed,
}

/// Why a call could not be simulated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimulationError {
    /// No organization imported this number.
    UnknownNumber,
    /// The number hands its calls to a squad or a workflow, which this fake
    /// does not play.
    Unsupported,
}

impl std::fmt::Display for SimulationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SimulationError::UnknownNumber => "no Vapi organization imported this number",
            SimulationError::Unsupported => {
                "the number hands its calls to a squad or a workflow, which the fake does not play"
            }
        })
    }
}

impl std::error::Error for SimulationError {}

/// Where Vapi posts messages: a `server.url` (or the older `serverUrl`)
/// with the `server.headers` (and the older `serverUrlSecret` as
/// `x-vapi-secret`, docs/providers.md).
#[derive(Debug, Clone)]
struct Target {
    url: String,
    headers: Vec<(String, String)>,
    timeout: Duration,
}

impl Target {
    fn of(owner: &Map<String, Value>) -> Option<Self> {
        let server = owner.get("server").and_then(Value::as_object);
        let url = server
            .and_then(|server| server.get("url"))
            .or_else(|| owner.get("serverUrl"))
            .and_then(Value::as_str)?
            .to_owned();
        let mut headers: Vec<(String, String)> = server
            .and_then(|server| server.get("headers"))
            .and_then(Value::as_object)
            .map(|headers| {
                headers
                    .iter()
                    .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        let legacy_secret = owner.get("serverUrlSecret").and_then(Value::as_str);
        if let Some(secret) = legacy_secret
            && !headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("x-vapi-secret"))
        {
            headers.push(("x-vapi-secret".to_owned(), secret.to_owned()));
        }
        let timeout = server
            .and_then(|server| server.get("timeoutSeconds"))
            .and_then(Value::as_f64)
            .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
            .unwrap_or(DEFAULT_SERVER_TIMEOUT);
        Some(Self {
            url,
            headers,
            timeout,
        })
    }
}

/// The number as Vapi's messages show it: without the Twilio credentials or
/// the server's headers (UNCONFIRMED which fields Vapi leaves out).
fn public_view(number: &Map<String, Value>) -> Value {
    let mut view = number.clone();
    for secret in [
        "twilioAuthToken",
        "twilioApiKey",
        "twilioApiSecret",
        "serverUrlSecret",
    ] {
        view.remove(secret);
    }
    if let Some(Value::Object(server)) = view.get_mut("server") {
        server.remove("headers");
    }
    Value::Object(view)
}

/// Everything known about the called line when the call comes in.
struct Line {
    org_id: String,
    number: Map<String, Value>,
    /// The assistant bound to the number, if it has one.
    assistant: Option<Map<String, Value>>,
}

fn find_line(state: &State, number: &str) -> Option<Line> {
    state.vapi.orgs.iter().find_map(|(org_id, org)| {
        let record = org
            .phone_numbers
            .iter()
            .find(|record| record.get("number").and_then(Value::as_str) == Some(number))?;
        let assistant = record
            .get("assistantId")
            .and_then(Value::as_str)
            .and_then(|id| find_assistant(org, id));
        Some(Line {
            org_id: org_id.clone(),
            number: record.clone(),
            assistant,
        })
    })
}

fn find_assistant(org: &VapiOrg, id: &str) -> Option<Map<String, Value>> {
    org.assistants
        .iter()
        .find(|assistant| assistant.get("id").and_then(Value::as_str) == Some(id))
        .cloned()
}

/// Who takes the call, before the fallback is considered.
enum Decision {
    Answer {
        assistant_id: Option<String>,
        assistant: Map<String, Value>,
        overrides: Map<String, Value>,
    },
    Forward {
        destination: Map<String, Value>,
        reason: &'static str,
    },
    /// Vapi speaks `error` and hangs up (`assistant-request-returned-error`).
    Refuse { error: String },
    /// Nobody can take it; `reason` is the `endedReason`.
    Fail { reason: &'static str },
}

/// Reads an answer to `assistant-request`. In Vapi's API reference, `error` wins over
/// `destination`, which wins over an assistant.
fn interpret(state: &State, org_id: &str, delivery: &Delivery) -> Decision {
    let failed = Decision::Fail {
        reason: "assistant-request-failed",
    };
    let Delivery::Answered {
        status: 200..=299,
        body: Some(body),
    } = delivery
    else {
        return failed;
    };
    let Some(answer) = body.as_object() else {
        return failed;
    };
    if let Some(error) = answer.get("error").and_then(Value::as_str) {
        return Decision::Refuse {
            error: error.to_owned(),
        };
    }
    if let Some(destination) = answer.get("destination") {
        return match destination.as_object() {
            Some(destination) if forwarding_number(destination).is_some() => Decision::Forward {
                destination: destination.clone(),
                reason: "assistant-request-returned-forwarding-phone-number",
            },
            // UNCONFIRMED endedReason for a destination Vapi cannot dial.
            _ => failed,
        };
    }
    let overrides = answer
        .get("assistantOverrides")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if let Some(id) = answer.get("assistantId").and_then(Value::as_str) {
        let org = state.vapi.orgs.get(org_id);
        return match org.and_then(|org| find_assistant(org, id)) {
            Some(assistant) => Decision::Answer {
                assistant_id: Some(id.to_owned()),
                assistant,
                overrides,
            },
            None => Decision::Fail {
                reason: "assistant-request-returned-invalid-assistant",
            },
        };
    }
    if let Some(assistant) = answer.get("assistant").and_then(Value::as_object) {
        return Decision::Answer {
            assistant_id: None,
            assistant: assistant.clone(),
            overrides,
        };
    }
    // Squads and workflows are not played: as if no assistant was named.
    Decision::Fail {
        reason: "assistant-request-returned-no-assistant",
    }
}

/// The number a `{"type": "number", "number": "+…"}` destination dials.
fn forwarding_number(destination: &Map<String, Value>) -> Option<&str> {
    if destination.get("type").and_then(Value::as_str) != Some("number") {
        return None;
    }
    destination
        .get("number")
        .and_then(Value::as_str)
        .filter(|number| !number.trim().is_empty())
}

/// Fills `{{name}}` placeholders from `values`. Vapi renders Liquid, where
/// an unknown variable is empty; the fake leaves it as written, so that a
/// value Ava forgot shows (UNCONFIRMED beyond plain `{{name}}`).
fn fill(template: &str, values: &Map<String, Value>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start + 2..].find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        let placeholder = &rest[start..start + 2 + length + 2];
        match values.get(rest[start + 2..start + 2 + length].trim()) {
            Some(Value::String(text)) => out.push_str(text),
            Some(Value::Null) => {}
            Some(other) => out.push_str(&other.to_string()),
            None => out.push_str(placeholder),
        }
        rest = &rest[start + placeholder.len()..];
    }
    out.push_str(rest);
    out
}

/// One line of the conversation.
struct Turn {
    role: &'static str,
    text: String,
}

/// What Vapi says, if anything, before it transfers or hangs up.
fn said(spoken: Option<String>) -> Vec<Turn> {
    spoken
        .filter(|text| !text.is_empty())
        .map(|text| Turn { role: "bot", text })
        .into_iter()
        .collect()
}

/// What was said, and how the call ended.
struct Conversation {
    route: InboundRoute,
    ended_reason: &'static str,
    turns: Vec<Turn>,
    /// The assistant's system prompt, placeholders filled.
    prompt: Option<String>,
    summary: Option<String>,
    /// Where the call was sent, for the report's `destination`.
    destination: Option<Map<String, Value>>,
    /// The assistant whose `server` and `serverMessages` apply.
    assistant: Option<Map<String, Value>>,
}

impl Conversation {
    fn answered(
        assistant_id: Option<String>,
        assistant: Map<String, Value>,
        overrides: &Map<String, Value>,
        caller: &str,
    ) -> Self {
        let mut values = overrides
            .get("variableValues")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        values
            .entry("customer.number")
            .or_insert_with(|| Value::String(caller.to_owned()));
        let first_message = overrides
            .get("firstMessage")
            .or_else(|| assistant.get("firstMessage"))
            .and_then(Value::as_str)
            .map(|message| fill(message, &values))
            .unwrap_or_default();
        let prompt = assistant
            .get("model")
            .and_then(|model| model.get("messages"))
            .and_then(Value::as_array)
            .and_then(|messages| {
                messages
                    .iter()
                    .find(|message| message.get("role").and_then(Value::as_str) == Some("system"))
            })
            .and_then(|message| message.get("content"))
            .and_then(Value::as_str)
            .map(|prompt| fill(prompt, &values));
        let mut turns = Vec::new();
        // Without a first message the assistant waits for the caller.
        if !first_message.is_empty() {
            turns.push(Turn {
                role: "bot",
                text: first_message.clone(),
            });
        }
        let language = assistant
            .get("transcriber")
            .and_then(|transcriber| transcriber.get("language"))
            .and_then(Value::as_str);
        for (line, role) in script(language).into_iter().zip(["user", "bot", "user"]) {
            turns.push(Turn {
                role,
                text: line.to_owned(),
            });
        }
        Self {
            route: InboundRoute::Assistant {
                assistant_id,
                first_message,
            },
            ended_reason: "customer-ended-call",
            turns,
            prompt,
            summary: Some(ANSWERED_SUMMARY.to_owned()),
            destination: None,
            assistant: Some(assistant),
        }
    }

    fn forwarded(destination: Map<String, Value>, reason: &'static str) -> Self {
        let to = forwarding_number(&destination)
            .unwrap_or_default()
            .to_owned();
        let spoken = match destination.get("message").and_then(Value::as_str) {
            Some(message) => message.to_owned(),
            None => DEFAULT_TRANSFER_MESSAGE.to_owned(),
        };
        Self {
            summary: Some(format!("The call was forwarded to {to}.")),
            route: InboundRoute::Forwarded { to },
            ended_reason: reason,
            // An empty message transfers silently (Vapi's API reference).
            turns: said(Some(spoken)),
            prompt: None,
            destination: Some(destination),
            assistant: None,
        }
    }

    fn unanswered(reason: &'static str, spoken: Option<String>) -> Self {
        Self {
            route: InboundRoute::Unanswered,
            ended_reason: reason,
            turns: said(spoken),
            prompt: None,
            summary: None,
            destination: None,
            assistant: None,
        }
    }

    /// Where the call goes when the server URL did not name who takes it:
    /// the number's `fallbackDestination`, else nowhere.
    fn fallback(number: &Map<String, Value>, reason: &'static str, spoken: Option<String>) -> Self {
        let fallback = number
            .get("fallbackDestination")
            .and_then(Value::as_object)
            .filter(|destination| forwarding_number(destination).is_some());
        match fallback {
            // UNCONFIRMED endedReason for a call sent to the fallback.
            Some(destination) => Self::forwarded(destination.clone(), "assistant-forwarded-call"),
            None => Self::unanswered(reason, spoken),
        }
    }

    fn transcript(&self) -> String {
        self.turns
            .iter()
            .map(|turn| {
                let speaker = if turn.role == "bot" { "AI" } else { "User" };
                format!("{speaker}: {}", turn.text)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Vapi's `messages`: the system prompt, then each turn with its
    /// timing (about 4 s each, UNCONFIRMED); answers them and the duration.
    fn messages(&self, started: DateTime<Utc>) -> (Vec<Value>, Duration) {
        let started_ms = started.timestamp_millis();
        let mut messages = Vec::new();
        if let Some(prompt) = &self.prompt {
            messages.push(json!({
                "role": "system", "message": prompt, "time": started_ms, "secondsFromStart": 0,
            }));
        }
        let mut offset = Duration::from_millis(600);
        for turn in &self.turns {
            let length = Duration::from_millis(800 + 60 * turn.text.chars().count() as u64);
            let time = started_ms + offset.as_millis() as i64;
            let end_time = time + length.as_millis() as i64;
            messages.push(json!({
                "role": turn.role,
                "message": turn.text,
                "time": time,
                "endTime": end_time,
                "secondsFromStart": offset.as_secs_f64(),
                "duration": length.as_millis() as u64,
            }));
            offset += length + Duration::from_millis(700);
        }
        let duration = if self.turns.is_empty() {
            Duration::from_secs(1)
        } else {
            offset
        };
        (messages, duration)
    }
}

/// Plays an incoming call to `number` from `caller`, as Vapi would.
pub(crate) async fn simulate(
    shared: &Shared,
    client: &reqwest::Client,
    number: &str,
    caller: &str,
) -> Result<SimulatedInbound, SimulationError> {
    let line = shared
        .with(|state| find_line(state, number))
        .ok_or(SimulationError::UnknownNumber)?;
    if ["squadId", "workflowId"]
        .iter()
        .any(|field| line.number.get(*field).is_some_and(Value::is_string))
    {
        return Err(SimulationError::Unsupported);
    }
    let number_target = Target::of(&line.number);
    let phone_number = public_view(&line.number);
    let customer = json!({"number": caller});
    let created = Utc::now();
    let call_id = uuid::Uuid::new_v4().to_string();
    let mut call = json!({
        "id": call_id,
        "orgId": line.org_id,
        "type": "inboundPhoneCall",
        "phoneNumberId": line.number.get("id"),
        "customer": customer,
        "status": "ringing",
        "phoneCallProvider": "twilio",
        "phoneCallTransport": "pstn",
        // Twilio's CallSid (UNCONFIRMED that Vapi shows it here).
        "phoneCallProviderId": new_sid("CA"),
        "createdAt": vapi_timestamp(created),
        "updatedAt": vapi_timestamp(created),
    });
    if let Some(id) = line.number.get("assistantId") {
        call["assistantId"] = id.clone();
    }
    record_call(shared, &line.org_id, &call);

    let mut assistant_request = None;
    let decision = match (line.assistant, line.number.get("assistantId")) {
        (Some(assistant), Some(id)) => Decision::Answer {
            assistant_id: id.as_str().map(str::to_owned),
            assistant,
            overrides: Map::new(),
        },
        // The bound assistant is gone (the fake unbinds deleted ones).
        (None, Some(_)) => Decision::Fail {
            reason: "assistant-not-found",
        },
        (_, None) => match &number_target {
            Some(target) => {
                let message = json!({"message": {
                    "type": "assistant-request",
                    "timestamp": created.timestamp_millis(),
                    "call": call,
                    "phoneNumber": phone_number,
                    "customer": customer,
                }});
                let timeout = target.timeout.min(ASSISTANT_REQUEST_TIMEOUT);
                let delivery = deliver(client, target, &message, timeout).await;
                let decision = shared.with(|state| interpret(state, &line.org_id, &delivery));
                assistant_request = Some(delivery);
                decision
            }
            // UNCONFIRMED endedReason: no assistant and nobody to ask.
            None => Decision::Fail {
                reason: "assistant-not-found",
            },
        },
    };
    let conversation = match decision {
        Decision::Answer {
            assistant_id,
            assistant,
            overrides,
        } => Conversation::answered(assistant_id, assistant, &overrides, caller),
        Decision::Forward {
            destination,
            reason,
        } => Conversation::forwarded(destination, reason),
        // UNCONFIRMED: the brief of this fake sends an `error` answer to the
        // fallback too; Vapi's documentation names only a failed `assistant-request`.
        Decision::Refuse { error } => Conversation::fallback(
            &line.number,
            "assistant-request-returned-error",
            Some(error),
        ),
        Decision::Fail { reason } => Conversation::fallback(&line.number, reason, None),
    };

    let started = created;
    let (messages, duration) = conversation.messages(started);
    let ended = started
        + chrono::Duration::from_std(duration).unwrap_or_else(|_| chrono::Duration::seconds(1));
    let transcript = conversation.transcript();
    let recording_url = (!conversation.turns.is_empty()).then(|| {
        // UNCONFIRMED shape of Vapi's recording URLs.
        format!(
            "https://storage.vapi.ai/{call_id}-{}-mono.wav",
            ended.timestamp_millis()
        )
    });
    call["status"] = json!("ended");
    call["endedReason"] = json!(conversation.ended_reason);
    call["startedAt"] = json!(vapi_timestamp(started));
    call["endedAt"] = json!(vapi_timestamp(ended));
    call["updatedAt"] = json!(vapi_timestamp(ended));
    if let InboundRoute::Assistant {
        assistant_id: Some(id),
        ..
    } = &conversation.route
    {
        call["assistantId"] = json!(id);
    }
    if let Some(destination) = &conversation.destination {
        call["destination"] = Value::Object(destination.clone());
    }
    record_call(shared, &line.org_id, &call);

    // The assistant's server comes before the number's (docs/providers.md).
    let report_target = conversation
        .assistant
        .as_ref()
        .and_then(Target::of)
        .or(number_target);
    let reported = conversation
        .assistant
        .as_ref()
        .and_then(|assistant| assistant.get("serverMessages"))
        .and_then(Value::as_array)
        .is_none_or(|kinds| kinds.iter().any(|kind| kind == "end-of-call-report"));
    let mut end_of_call_report = None;
    if let Some(target) = report_target.filter(|_| reported) {
        let seconds = duration.as_secs_f64();
        let cost = (seconds / 60.0 * COST_PER_MINUTE * 10_000.0).round() / 10_000.0;
        let mut artifact = json!({"transcript": transcript, "messages": messages});
        let mut analysis = json!({});
        let mut report = json!({
            "type": "end-of-call-report",
            "timestamp": ended.timestamp_millis(),
            "endedReason": conversation.ended_reason,
            "call": call,
            "phoneNumber": phone_number,
            "customer": customer,
            "startedAt": vapi_timestamp(started),
            "endedAt": vapi_timestamp(ended),
            "durationSeconds": (seconds * 1000.0).round() / 1000.0,
            "durationMs": duration.as_millis() as u64,
            "cost": cost,
            "transcript": transcript,
            "messages": messages,
        });
        if let Some(summary) = &conversation.summary {
            report["summary"] = json!(summary);
            analysis["summary"] = json!(summary);
        }
        if let Some(url) = &recording_url {
            report["recordingUrl"] = json!(url);
            artifact["recordingUrl"] = json!(url);
        }
        if let Some(destination) = &conversation.destination {
            report["destination"] = Value::Object(destination.clone());
        }
        report["artifact"] = artifact;
        report["analysis"] = analysis;
        let message = json!({ "message": report });
        end_of_call_report = Some(deliver(client, &target, &message, target.timeout).await);
    }

    Ok(SimulatedInbound {
        call_id,
        org_id: line.org_id,
        route: conversation.route,
        ended_reason: conversation.ended_reason.to_owned(),
        assistant_request,
        end_of_call_report,
    })
}

/// Stores the call as `GET /call` shows it, replacing its earlier state.
fn record_call(shared: &Shared, org_id: &str, call: &Value) {
    let Some(call) = call.as_object() else {
        return;
    };
    shared.with(|state| {
        let Some(org) = state.vapi.orgs.get_mut(org_id) else {
            return;
        };
        match org
            .calls
            .iter_mut()
            .find(|known| known.get("id") == call.get("id"))
        {
            Some(known) => *known = call.clone(),
            None => org.calls.push(call.clone()),
        }
    });
}

/// `POST url` with the target's headers and a JSON body, as Vapi sends
/// every server message.
async fn deliver(
    client: &reqwest::Client,
    target: &Target,
    message: &Value,
    timeout: Duration,
) -> Delivery {
    let mut request = client.post(&target.url).timeout(timeout);
    for (name, value) in &target.headers {
        request = request.header(name, value);
    }
    let response = match request.json(message).send().await {
        Ok(response) => response,
        Err(error) if error.is_timeout() => return Delivery::TimedOut,
        Err(_) => return Delivery::Failed,
    };
    let status = response.status().as_u16();
    match response.bytes().await {
        Ok(body) => Delivery::Answered {
            status,
            body: serde_json::from_slice(&body).ok(),
        },
        Err(error) if error.is_timeout() => Delivery::TimedOut,
        Err(_) => Delivery::Failed,
    }
}
