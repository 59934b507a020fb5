//! Table rows, one module per table of `migration/`. Only the repositories
//! see these; the rest of Ava works with domain types.

pub mod assistants;
pub mod calls;
pub mod onboarding_events;
pub mod onboarding_progress;
pub mod password_resets;
pub mod secrets;
pub mod sessions;
pub mod studio_configs;
pub mod twilio_accounts;
pub mod users;
