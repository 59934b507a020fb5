//! Vapi's messages about an owner's calls. They come from the internet:
//! the owner's secret is checked before the body is read, the body is read
//! as untyped JSON (a field of the wrong type is a missing field, never a
//! failure), and no answer is a 5xx for anything the sender controls.

use axum::{
    Json,
    extract::{Path, Request, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{codes, problem::Problem};
use ava_application::line::{MessageAnswer, VapiMessage, WEBHOOK_SECRET_HEADER};
use ava_domain::{
    call::{CallReport, RawCallReport},
    routing::CallRoute,
};

use crate::{
    error::{ApiError, ApiResult},
    state::AppState,
};

/// A long call's report (transcript, messages, artifact) can pass the
/// API's 1 MiB; beyond this it is no call report.
const MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(vapi_message))
}

/// A message from Vapi about one of the owner's calls (`assistant-request`,
/// `end-of-call-report`; other types are acknowledged and ignored). Vapi
/// presents the owner's secret in `x-ava-secret`, as Ava configured it on
/// the number.
#[utoipa::path(
    post, path = "/webhooks/vapi/{owner}", tag = "webhooks",
    params(
        ("owner" = String, Path, description = "The owner's id, from the number's server URL"),
        ("x-ava-secret" = String, Header, description = "The owner's webhook secret"),
    ),
    request_body(content = serde_json::Value, description = "`{\"message\": {\"type\": …}}`, as Vapi sends it"),
    responses(
        (status = 200, description = "For `assistant-request`: `{assistantId, assistantOverrides}`, `{destination}` or `{error}`; otherwise `{}`", body = serde_json::Value),
        (status = 400, description = "`malformed_json`", body = Problem),
        (status = 401, description = "`webhook_unauthorized`: nothing was read or changed", body = Problem),
        (status = 413, description = "`payload_too_large`", body = Problem),
    )
)]
async fn vapi_message(
    State(state): State<AppState>,
    Path(owner): Path<String>,
    request: Request,
) -> ApiResult<Json<Value>> {
    let presented = request
        .headers()
        .get(WEBHOOK_SECRET_HEADER)
        .and_then(|value| value.to_str().ok());
    let owner = state.services.line.authenticate(&owner, presented).await?;
    // Only now is the body read: a stranger's message costs nothing.
    let body = axum::body::to_bytes(request.into_body(), MAX_MESSAGE_BYTES)
        .await
        // Too long (or the sender went away mid-body: nobody reads this answer).
        .map_err(|_| {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, codes::PAYLOAD_TOO_LARGE)
                .detail("The message is larger than 4 MiB.")
        })?;
    let body: Value = serde_json::from_slice(&body).map_err(|_| malformed())?;
    let message = body.get("message").ok_or_else(malformed)?;
    let message = read(message);
    let is_report = matches!(message, VapiMessage::EndOfCallReport(_));
    let answer = state.services.line.handle(owner, message).await?;
    count(&answer, is_report);
    Ok(Json(respond(answer)))
}

/// The going-live counters: how calls were routed, reports received.
fn count(answer: &MessageAnswer, is_report: bool) {
    let decision = match answer {
        MessageAnswer::Route {
            route: CallRoute::Assistant { variables, .. },
            ..
        } if variables.is_open => "open",
        MessageAnswer::Route {
            route: CallRoute::Assistant { .. },
            ..
        } => "closed",
        MessageAnswer::Route {
            route: CallRoute::Forward { .. },
            ..
        } => "forward",
        MessageAnswer::Unavailable => "unavailable",
        MessageAnswer::Acknowledged if is_report => {
            metrics::counter!("ava_call_reports_total").increment(1);
            return;
        }
        MessageAnswer::Acknowledged => return,
    };
    metrics::counter!("ava_assistant_requests_total", "decision" => decision).increment(1);
}

fn malformed() -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, codes::MALFORMED_JSON)
        .detail("Expected a JSON object with a `message`.")
}

fn text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter()
        .try_fold(value, |value, key| value.get(key))?
        .as_str()
}

fn instant(value: &Value, key: &str) -> Option<DateTime<Utc>> {
    text(value, &[key])?.parse().ok()
}

/// What Ava reads of a message; anything else in it is ignored.
fn read(message: &Value) -> VapiMessage {
    match text(message, &["type"]) {
        Some("assistant-request") => VapiMessage::AssistantRequest,
        Some("end-of-call-report") => {
            let raw = RawCallReport {
                vapi_call_id: text(message, &["call", "id"]).unwrap_or_default(),
                caller: text(message, &["customer", "number"])
                    .or_else(|| text(message, &["call", "customer", "number"])),
                started_at: instant(message, "startedAt"),
                ended_at: instant(message, "endedAt"),
                duration_seconds: message.get("durationSeconds").and_then(Value::as_f64),
                ended_reason: text(message, &["endedReason"]),
                // Newer payloads carry them under `analysis` and `artifact`.
                summary: text(message, &["summary"])
                    .or_else(|| text(message, &["analysis", "summary"])),
                transcript: text(message, &["transcript"])
                    .or_else(|| text(message, &["artifact", "transcript"])),
            };
            match CallReport::clean(raw) {
                Some(report) => VapiMessage::EndOfCallReport(report),
                None => VapiMessage::Other,
            }
        }
        _ => VapiMessage::Other,
    }
}

/// What Vapi expects back (docs/going-live.md, docs/providers.md).
fn respond(answer: MessageAnswer) -> Value {
    match answer {
        MessageAnswer::Route {
            vapi_assistant_id,
            route:
                CallRoute::Assistant {
                    variables,
                    first_message,
                },
        } => {
            let mut overrides = json!({
                "variableValues": {
                    "is_open": variables.is_open,
                    "business_status": variables.business_status,
                    "next_opening": variables.next_opening,
                    "local_time": variables.local_time,
                }
            });
            if let Some(first_message) = first_message {
                overrides["firstMessage"] = Value::String(first_message);
            }
            json!({"assistantId": vapi_assistant_id, "assistantOverrides": overrides})
        }
        MessageAnswer::Route {
            route: CallRoute::Forward { to, message },
            ..
        } => json!({"destination": {"type": "number", "number": to.as_str(), "message": message}}),
        MessageAnswer::Unavailable => {
            json!({"error": "Sorry, this line cannot take calls right now. Please try again later."})
        }
        MessageAnswer::Acknowledged => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_read_from_either_generation_of_payload() {
        let older = json!({
            "type": "end-of-call-report",
            "call": {"id": "call-1"},
            "customer": {"number": "+33612345678"},
            "startedAt": "2026-12-02T10:00:00Z",
            "endedAt": "2026-12-02T10:01:00Z",
            "summary": "Booked.",
            "transcript": "AI: Hello"
        });
        let newer = json!({
            "type": "end-of-call-report",
            "call": {"id": "call-1", "customer": {"number": "+33612345678"}},
            "startedAt": "2026-12-02T10:00:00Z",
            "endedAt": "2026-12-02T10:01:00Z",
            "analysis": {"summary": "Booked."},
            "artifact": {"transcript": "AI: Hello"}
        });
        let (VapiMessage::EndOfCallReport(a), VapiMessage::EndOfCallReport(b)) =
            (read(&older), read(&newer))
        else {
            panic!("both are reports");
        };
        assert_eq!(a, b);
        assert_eq!(a.duration_seconds, Some(60.0));
    }

    #[test]
    fn fields_of_the_wrong_type_are_missing_fields() {
        let odd = json!({
            "type": "end-of-call-report",
            "call": {"id": 42},
            "durationSeconds": "long",
        });
        assert!(matches!(read(&odd), VapiMessage::Other));
        let odd = json!({
            "type": "end-of-call-report",
            "call": {"id": "call-2"},
            "startedAt": 17,
            "durationSeconds": "long",
            "summary": ["not", "text"],
        });
        let VapiMessage::EndOfCallReport(report) = read(&odd) else {
            panic!("a report");
        };
        assert_eq!(report.started_at, None);
        assert_eq!(report.duration_seconds, None);
        assert_eq!(report.summary, None);
        assert!(matches!(read(&json!({"type": 3})), VapiMessage::Other));
    }
}
