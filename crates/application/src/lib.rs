//! Ava's use cases, and the ports (traits) through which they reach storage,
//! encryption, the clock and the providers. Adapters live in
//! `ava-infrastructure`; the HTTP layer calls the services here.

pub mod account;
pub mod assistants;
pub mod auth;
pub mod credentials;
pub mod error;
#[cfg(test)]
mod fakes;
pub mod funnel;
pub mod keys;
pub mod line;
pub mod onboarding;
pub mod ports;
pub mod profile;
pub mod services;
pub mod studio;
mod versioned;

pub use error::{AppError, Current, Provider};
pub use services::{Ports, Services};
