//! The rules Ava checks values against, written once and applied by both
//! the server (`crates/domain`, the authority) and the web app (`frontend`,
//! for instant feedback), so the two can never disagree.
//!
//! Only plain types cross this boundary (string slices, small enums, minutes
//! as `u16`): each side adapts them to its own types and error messages.

pub mod after_hours;
pub mod catalog;
pub mod credentials;
pub mod hours;
pub mod locale;
pub mod phone;
pub mod profile;
pub mod progress;
pub mod steps;
pub mod studio;
pub mod text;
pub mod zones;

pub use locale::Locale;
pub use progress::Progress;
pub use steps::StepKey;
