//! The composition root of Ava: configuration, wiring and the command line.
//! The only crate that knows every other one.

pub mod config;
#[cfg(feature = "demo")]
mod demo;
pub mod funnel;
pub mod keys;
pub mod serve;
pub mod startup;
