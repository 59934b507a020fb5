//! The HTTP API, end to end: the real app on port 0, an empty database per
//! test (SQLite, or PostgreSQL with `AVA_TEST_DATABASE=postgres`), and fake
//! Vapi and Twilio on loopback driven through the real HTTP adapters.

mod account;
mod assistants;
mod auth;
mod basics;
mod demo;
mod funnel;
mod golive;
mod hardening;
mod helpers;
mod keys;
mod metrics;
mod onboarding;
mod profile;
mod restart;
mod secrets;
mod studio;
mod tenancy;
mod twilio;
mod vapi;
mod versions;
