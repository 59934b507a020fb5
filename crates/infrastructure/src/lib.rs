//! Adapters of the application's ports: storage (sea-orm on SQLite or
//! PostgreSQL), secrets (Fernet), passwords (argon2id), the system clock and
//! random tokens, email (lettre), and the Vapi and Twilio HTTP APIs (reqwest).

pub mod cipher;
pub mod mail;
pub mod passwords;
pub mod persistence;
pub mod providers;
pub mod system;
