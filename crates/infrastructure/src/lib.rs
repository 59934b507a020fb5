//! Adapters of the application's ports: storage (sea-orm on SQLite or
//! PostgreSQL), secrets (Fernet), passwords (argon2id), the system clock and
//! random tokens, and the Vapi and Twilio HTTP APIs (reqwest).

pub mod cipher;
pub mod passwords;
pub mod persistence;
pub mod providers;
pub mod system;
