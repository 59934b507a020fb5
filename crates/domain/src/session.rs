//! Sign-in sessions: opaque random tokens, of which only a hash is stored.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::ids::UserId;

/// The bearer token handed to the owner. Whoever holds it is signed in, so
/// it is never stored, logged or printed; only its [`TokenHash`] is kept.
#[derive(Debug, Clone)]
pub struct SessionToken(SecretString);

impl SessionToken {
    /// 256 random bits, URL-safe: fits a header and a cookie unescaped.
    pub fn from_random_bytes(bytes: &[u8; 32]) -> Self {
        Self(URL_SAFE_NO_PAD.encode(bytes).into())
    }

    /// A token presented by a client, unchecked.
    pub fn presented(raw: &str) -> Self {
        Self(raw.to_owned().into())
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// SHA-256 is enough: the token has 256 bits of entropy, so unlike a
    /// password it needs no slow hash to resist guessing.
    pub fn hash(&self) -> TokenHash {
        let digest = Sha256::digest(self.expose().as_bytes());
        TokenHash(URL_SAFE_NO_PAD.encode(digest))
    }
}

/// What is stored of a session token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn from_stored(hash: String) -> Self {
        Self(hash)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: TokenHash,
    pub user_id: UserId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

impl Session {
    pub fn is_expired_at(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_url_safe_and_their_hash_differs_from_them() {
        let token = SessionToken::from_random_bytes(&[7; 32]);
        assert_eq!(token.expose().len(), 43);
        assert!(
            token
                .expose()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(token.hash().as_str(), token.expose());
        assert_eq!(token.hash(), SessionToken::presented(token.expose()).hash());
    }

    #[test]
    fn a_session_expires_at_its_expiry_instant() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let session = Session {
            token_hash: TokenHash::from_stored("h".into()),
            user_id: UserId::generate(),
            created_at: at("2026-11-01T00:00:00Z"),
            expires_at: at("2026-12-01T00:00:00Z"),
        };
        assert!(!session.is_expired_at(at("2026-11-30T23:59:59Z")));
        assert!(session.is_expired_at(at("2026-12-01T00:00:00Z")));
    }
}
