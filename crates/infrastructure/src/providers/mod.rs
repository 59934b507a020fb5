//! reqwest clients of the Vapi and Twilio HTTP APIs (see docs/providers.md).
//!
//! Both adapters share the rules of [`http`]: a timeout per request, no
//! redirects, a size limit on answers, every failure mapped to a
//! [`ProviderError`](ava_application::ports::ProviderError), and secrets kept
//! out of logs and errors (answers may echo them, so their bodies are never
//! logged).

mod http;
pub mod twilio;
pub mod vapi;

use std::time::Duration;

pub use http::{ProviderSetupError, http_client};
pub use twilio::TwilioHttpClient;
pub use vapi::VapiHttpClient;

/// The request timeout in production.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the real APIs live (overridden by `VAPI_BASE_URL` / `TWILIO_BASE_URL`).
pub const DEFAULT_VAPI_BASE_URL: &str = "https://api.vapi.ai";
pub const DEFAULT_TWILIO_BASE_URL: &str = "https://api.twilio.com";
