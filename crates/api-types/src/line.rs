//! Whether Ava really answers the owner's line, and why not.

use serde::{Deserialize, Serialize};

/// Something that stops Ava answering calls, or weakens how she does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineProblem {
    VapiNotConnected,
    /// Vapi refuses the stored key now.
    VapiKeyRejected,
    /// Vapi could not be asked: the state of the line is unknown.
    VapiUnreachable,
    NoAssistant,
    TwilioNotConnected,
    /// No number is chosen for Ava to answer.
    NoPhoneNumber,
    /// The number is not in the owner's Vapi organization.
    NumberNotImported,
    /// Vapi has the number, but it reaches neither Ava nor her assistant.
    NumberNotRouted,
    /// Without hours Ava treats the business as always open.
    HoursNotSet,
    /// `AVA_PUBLIC_URL` is not set: Vapi cannot ask Ava about each call,
    /// so hours, closures and the after-hours choice are only advice to the
    /// assistant.
    PublicUrlNotSet,
}

impl LineProblem {
    /// Whether calls go unanswered because of it (the others are warnings).
    pub fn blocks_calls(self) -> bool {
        !matches!(
            self,
            LineProblem::HoursNotSet | LineProblem::PublicUrlNotSet
        )
    }
}

/// `GET /line/status`, computed from the stored state and checked with Vapi.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineStatus {
    /// True only when a call to `phone_number` reaches Ava right now.
    pub answering: bool,
    /// E.164, the number Ava answers (or should).
    pub phone_number: Option<String>,
    /// Vapi asks Ava about each call, so hours and closures are enforced.
    pub hours_enforced: bool,
    /// Open right now by the owner's hours and closures; null without hours.
    pub open_now: Option<bool>,
    /// Blocking problems first.
    pub problems: Vec<LineProblem>,
}

/// `POST /demo/simulate-call` (demo mode only): the simulated Vapi places a
/// call to the owner's number, asking Ava how to route it and then
/// reporting it, exactly as Vapi would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SimulateCallRequest {
    /// E.164; a made-up caller when absent.
    #[serde(default)]
    pub caller: Option<String>,
}

/// What happened to the simulated call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SimulatedRoute {
    /// Ava's assistant answered.
    Assistant,
    /// The call went to a person's number.
    Forwarded,
    /// Nobody answered (Ava refused or could not be reached).
    Unanswered,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimulatedCall {
    pub call_id: String,
    pub route: SimulatedRoute,
}
