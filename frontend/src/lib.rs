//! Ava's single-page app (Leptos, client-side rendered).
//!
//! The pure modules ([`draft`], [`validate`], [`routes`], [`transcript`]) build and test on
//! the host (`cargo test -p ava-frontend --lib`); the rest is the Leptos
//! app, built for `wasm32-unknown-unknown` only:
//!
//! - `app`: shell, routes under `/{locale}/`, locale redirect, private-page
//!   guard, header (language switcher, log-out), demo banner.
//! - `auth`: sign-up and log-in forms.
//! - `wizard`: the nine-step wizard (stepper, navigation, Done summary).
//! - `fields`: step bodies shared by the wizard and Ava Studio.
//! - `connect`: Vapi / Twilio connection forms; `settings`: their pages.
//! - `studio`: Ava Studio.
//! - `line`: whether Ava answers calls (`GET /line/status`), what is missing;
//!   `launch`: the Done step's check before launch; `testcall`: "Call me now";
//!   `calls`: the Calls view; `handoff`, `closures`: a person when needed,
//!   after hours, closed days (parts of the telephony fields).
//! - `workspace`: the owner's data, loaded per page, and the autosave driver.
//! - `autosave`: one autosaved resource (PATCH, offline copy, status line).
//! - `api`: the typed HTTP client; `browser`: storage and `Intl` helpers;
//!   `messages`: translated text for codes; `ui`: labelled form controls.

pub mod draft;
pub mod routes;
pub mod transcript;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod account;
#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod auth;
#[cfg(target_arch = "wasm32")]
mod autosave;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod calls;
#[cfg(target_arch = "wasm32")]
mod closures;
#[cfg(target_arch = "wasm32")]
mod connect;
#[cfg(target_arch = "wasm32")]
mod fields;
#[cfg(target_arch = "wasm32")]
mod handoff;
#[cfg(target_arch = "wasm32")]
mod launch;
#[cfg(target_arch = "wasm32")]
mod line;
#[cfg(target_arch = "wasm32")]
mod messages;
#[cfg(target_arch = "wasm32")]
mod settings;
#[cfg(target_arch = "wasm32")]
mod studio;
#[cfg(target_arch = "wasm32")]
mod testcall;
#[cfg(target_arch = "wasm32")]
mod ui;
#[cfg(target_arch = "wasm32")]
mod wizard;
#[cfg(target_arch = "wasm32")]
mod workspace;

#[cfg(target_arch = "wasm32")]
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(target_arch = "wasm32")]
pub use app::start;
