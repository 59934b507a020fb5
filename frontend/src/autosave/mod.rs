//! Autosave: a [`Doc`] is one autosaved resource (the profile, or the studio
//! configuration), read and written by typed fields ([`field`]). The merge
//! rules live in [`draft`] (pure, unit-tested); `doc` sends the PATCH
//! requests, keeps unsaved edits in localStorage and retries with backoff;
//! what differs between resources is their [`Resource`] implementation;
//! `status` renders the save status.
//!
//! When a save runs: every 10 seconds while there are unsaved changes, on
//! step change and Back/Continue/Skip, when the page is hidden, and when the
//! browser comes back online (see `Workspace::start_autosave`).

pub mod draft;
pub mod field;

#[cfg(target_arch = "wasm32")]
mod doc;
#[cfg(target_arch = "wasm32")]
mod resource;
#[cfg(target_arch = "wasm32")]
mod status;

#[cfg(target_arch = "wasm32")]
pub use self::{
    doc::{Doc, Net, SaveState, Status},
    resource::{ProfileResource, Resource, StudioResource, profile_fields, studio_fields},
    status::AutosaveStatus,
};
