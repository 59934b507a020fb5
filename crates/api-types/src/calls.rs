//! The owner's calls, as Vapi reported them, and the test call.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One call to the owner's number, from Vapi's end-of-call report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Call {
    pub id: String,
    /// The caller's number (E.164), when Vapi knew it.
    pub caller: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub duration_seconds: Option<f64>,
    /// Vapi's reason, e.g. `customer-ended-call`.
    pub ended_reason: Option<String>,
    pub summary: Option<String>,
    /// `AI: …` / `User: …` lines, as Vapi wrote them.
    pub transcript: Option<String>,
    /// Whether the call started within business hours (null without hours).
    pub during_hours: Option<bool>,
}

/// `GET /calls`: newest first; `next` is the cursor of the following page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallList {
    pub calls: Vec<Call>,
    pub next: Option<String>,
}

/// `POST /assistants/test-call`: Vapi calls `number` with the owner's
/// assistant, from the owner's imported number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TestCallRequest {
    /// E.164, the owner's own phone.
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallStarted {
    /// Vapi's id of the call.
    pub call_id: String,
}
