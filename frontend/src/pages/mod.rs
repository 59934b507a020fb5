//! The pages outside the wizard, one module each (the wizard is `wizard`).

pub mod account;
pub mod auth;
pub mod calls;
pub mod funnel;
pub mod password;
pub mod settings;
pub mod studio;
pub mod terms;
pub mod test_call;
