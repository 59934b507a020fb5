//! The operating system's clock and random source.

use chrono::{DateTime, SubsecRound, Utc};

use secrecy::SecretString;

use ava_application::ports::{Clock, TokenGenerator};
use ava_domain::session::{ResetToken, SessionToken};

pub struct SystemClock;

impl Clock for SystemClock {
    /// To the microsecond: what PostgreSQL keeps of a timestamp. A finer
    /// instant would be answered by the write that made it and come back
    /// rounded from every later read (so "launch" would not answer the same
    /// `completed_at` twice).
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(6)
    }
}

pub struct RandomTokens;

impl TokenGenerator for RandomTokens {
    fn session_token(&self) -> SessionToken {
        let mut bytes = [0u8; 32];
        // Without the OS random source no secure token can exist; there is
        // nothing sensible to fall back to.
        getrandom::fill(&mut bytes).expect("the operating system's random source failed");
        SessionToken::from_random_bytes(&bytes)
    }

    /// 256 random bits, URL-safe, like a session token.
    fn webhook_secret(&self) -> SecretString {
        SecretString::from(self.session_token().expose().to_owned())
    }

    /// 256 random bits, URL-safe, like a session token.
    fn reset_token(&self) -> ResetToken {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("the operating system's random source failed");
        ResetToken::from_random_bytes(&bytes)
    }
}
