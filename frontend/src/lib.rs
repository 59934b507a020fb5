//! Ava's single-page app (Leptos, client-side rendered).
//!
//! The pure modules ([`autosave::draft`], [`autosave::field`], [`validate`],
//! [`routes`], [`transcript`], [`funnel_chart`]) build and test on the host
//! (`cargo test -p ava-frontend --lib`); the rest is the Leptos app, built
//! for `wasm32-unknown-unknown` only:
//!
//! - `shell`: the router, the frame of every page (locale redirect, header,
//!   demo banner) and the private-page guard.
//! - `context`: who is signed in, the URL's locale, the server's facts —
//!   provided by the shell, read by pages.
//! - `pages`: sign-up and log-in, password reset, account, the Vapi and
//!   Twilio settings, Ava Studio with its calls and test call, and the
//!   operators' onboarding funnel.
//! - `wizard`: the nine-step wizard (stepper, navigation, Done summary and
//!   launch check).
//! - `steps`: one module per step body, shared by the wizard and Ava Studio.
//! - `connect`: the Vapi / Twilio connection panel and forms.
//! - `workspace`: the owner's data, loaded per page, the autosave driver
//!   and the onboarding progress writes.
//! - `autosave`: one autosaved resource (PATCH, offline copy, status line).
//! - `line`: whether Ava answers calls (`GET /line/status`), what is missing.
//! - `api`: the typed HTTP client; `browser`: storage and `Intl` helpers;
//!   `messages`: translated text for codes; `ui`: labelled form controls.

pub mod autosave;
pub mod funnel_chart;
pub mod routes;
pub mod transcript;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod connect;
#[cfg(target_arch = "wasm32")]
mod context;
#[cfg(target_arch = "wasm32")]
mod line;
#[cfg(target_arch = "wasm32")]
mod messages;
#[cfg(target_arch = "wasm32")]
mod pages;
#[cfg(target_arch = "wasm32")]
mod shell;
#[cfg(target_arch = "wasm32")]
mod steps;
#[cfg(target_arch = "wasm32")]
mod ui;
#[cfg(target_arch = "wasm32")]
mod wizard;
#[cfg(target_arch = "wasm32")]
mod workspace;

#[cfg(target_arch = "wasm32")]
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(target_arch = "wasm32")]
pub use shell::start;
