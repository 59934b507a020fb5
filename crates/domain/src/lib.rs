//! Ava's domain: what an owner, their receptionist and their onboarding are,
//! and the rules they obey. Every value object here is valid by construction
//! (requests are turned into these at the edge), and nothing here does I/O.

pub mod assistant;
pub mod call;
pub mod catalog;
pub mod credentials;
pub mod email;
pub mod funnel;
pub mod hours;
pub mod ids;
pub mod invalid;
pub mod locale;
pub mod onboarding;
pub mod password;
pub mod phone;
pub mod profile;
pub mod routing;
pub mod schedule;
pub mod session;
pub mod studio;
pub mod text;
pub mod timezone;
pub mod user;

pub use invalid::{FieldErrors, Invalid, printable};
