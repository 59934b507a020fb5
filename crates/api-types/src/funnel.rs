//! The onboarding funnel, for Ava's operators (`GET /admin/funnel`).

use serde::{Deserialize, Serialize};

use crate::onboarding::StepKey;

/// One wizard step of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunnelStep {
    pub step: StepKey,
    /// Owners whose furthest step is this one or a later one.
    pub reached: u64,
    /// Owners whose data completed the step (for `done`: who launched Ava).
    pub completed: u64,
    /// Owners who skipped the step and never completed it.
    pub skipped: u64,
    /// The median time on the step, in seconds: from an owner's first
    /// arrival at it to the first time it was completed or skipped, over
    /// the owners who did both. Null when none did.
    pub median_seconds: Option<f64>,
}

/// The funnel of the owners who signed up within the period asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Funnel {
    /// Every step, in wizard order.
    pub steps: Vec<FunnelStep>,
    /// Owners who signed up.
    pub started: u64,
    /// Owners who launched Ava.
    pub completed: u64,
}
