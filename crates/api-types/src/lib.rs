//! The wire contract of Ava's HTTP API (`/api/v1`).
//!
//! Written once, compiled twice: by the server (with the `openapi` feature,
//! which derives the OpenAPI schemas) and by the WASM SPA. JSON field names
//! are part of the contract (docs/api.md); change them only with both sides
//! in view.

pub mod account;
pub mod assistants;
pub mod auth;
pub mod calls;
pub mod catalog;
pub mod codes;
pub mod funnel;
pub mod line;
pub mod onboarding;
pub mod patch;
pub mod problem;
pub mod profile;
pub mod providers;
pub mod studio;

use serde::{Deserialize, Serialize};

/// `Debug` that names the type and shows none of its fields: for the
/// requests and answers that carry a password, a key or a token.
macro_rules! redacted_debug {
    ($($name:ty),+ $(,)?) => {$(
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), " { [redacted] }"))
            }
        }
    )+};
}
pub(crate) use redacted_debug;

/// A language of the product: the interface locale, and a language Ava speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    En,
    Fr,
    He,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Fr, Locale::He];

    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::He => "he",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|locale| locale.as_str() == value)
    }
}

/// What `GET /api/v1/meta` answers: facts about this server the SPA shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meta {
    pub version: String,
    /// True when Vapi and Twilio are simulated in-process (never in production).
    pub demo: bool,
    /// `AVA_PUBLIC_URL` is set: Vapi asks Ava how to route each call.
    pub public_url_set: bool,
}
