//! The choices Ava offers, kept with the shared rules (`ava_rules::catalog`)
//! so the server and the web app read the same lists; the SPA also gets
//! them through `GET /catalog`.

pub use ava_rules::catalog::{
    CALENDARS, CRMS, DEFAULT_MODEL, DEFAULT_VOICE, INDUSTRIES, MODELS, PLANS, VoiceEntry,
    WORKSPACE_APPS, find, find_model, find_voice, voice_after_language_change, voices,
};
