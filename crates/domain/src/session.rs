//! Sign-in sessions: opaque random tokens, of which only a hash is stored.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::ids::{SessionId, UserId};

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
    pub id: SessionId,
    pub token_hash: TokenHash,
    pub user_id: UserId,
    pub created_at: DateTime<Utc>,
    /// When a request last used it, to the minute (see [`Session::is_stale_use`]).
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub device: Option<DeviceHint>,
}

impl Session {
    /// How often `last_used_at` is written: at most once a minute, so that
    /// a busy client does not turn every request into a write.
    pub const USE_RECORDED_EVERY: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

    pub fn is_expired_at(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_at
    }

    /// Whether a use at `now` is worth recording.
    pub fn is_stale_use(&self, now: DateTime<Utc>) -> bool {
        now - self.last_used_at >= Self::USE_RECORDED_EVERY
    }
}

/// What kind of device opened a session ("Firefox on Android"), read from
/// its User-Agent. Only names from a fixed list are kept, so the hint is
/// short and clean whatever the client sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceHint(String);

impl DeviceHint {
    /// The longest hint a stored value is cut to.
    pub const MAX_LENGTH: usize = 64;

    pub fn from_user_agent(user_agent: &str) -> Option<Self> {
        // Only the start matters; an endless header is not read through.
        let agent: String = user_agent.chars().take(512).collect();
        let has = |needle: &str| agent.contains(needle);
        let browser = if has("Edg/") || has("EdgA/") || has("EdgiOS/") {
            Some("Edge")
        } else if has("OPR/") || has("Opera") {
            Some("Opera")
        } else if has("SamsungBrowser/") {
            Some("Samsung Internet")
        } else if has("Firefox/") || has("FxiOS/") {
            Some("Firefox")
        } else if has("CriOS/") || has("Chrome/") || has("Chromium/") {
            Some("Chrome")
        } else if has("Safari/") {
            Some("Safari")
        } else if agent.starts_with("curl/") {
            Some("curl")
        } else {
            None
        };
        let system = if has("iPhone") || has("iPad") || has("iPod") {
            Some("iOS")
        } else if has("Android") {
            Some("Android")
        } else if has("Windows") {
            Some("Windows")
        } else if has("CrOS") {
            Some("ChromeOS")
        } else if has("Macintosh") || has("Mac OS X") {
            Some("macOS")
        } else if has("Linux") || has("X11") {
            Some("Linux")
        } else {
            None
        };
        match (browser, system) {
            (Some(browser), Some(system)) => Some(Self(format!("{browser} on {system}"))),
            (Some(name), None) | (None, Some(name)) => Some(Self(name.to_owned())),
            (None, None) => None,
        }
    }

    /// A hint read back from storage, cut and cleaned all the same.
    pub fn from_stored(hint: &str) -> Option<Self> {
        let clean: String = hint
            .chars()
            .filter(|c| !c.is_control())
            .take(Self::MAX_LENGTH)
            .collect();
        (!clean.trim().is_empty()).then(|| Self(clean.trim().to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The single-use secret of a password-reset link. Like a session token it
/// is only handed out (in the email) and never stored: only its hash is.
pub struct ResetToken(SessionToken);

impl ResetToken {
    /// How long a reset link works.
    pub const LIFETIME: chrono::TimeDelta = chrono::TimeDelta::minutes(30);

    pub fn from_random_bytes(bytes: &[u8; 32]) -> Self {
        Self(SessionToken::from_random_bytes(bytes))
    }

    /// A token presented by a client, unchecked.
    pub fn presented(raw: &str) -> Self {
        Self(SessionToken::presented(raw))
    }

    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    pub fn hash(&self) -> TokenHash {
        self.0.hash()
    }
}

impl std::fmt::Debug for ResetToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResetToken(..)")
    }
}

/// A password reset asked for by an owner, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordReset {
    pub token_hash: TokenHash,
    pub user_id: UserId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// Why a reset token cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetRefusal {
    /// No such token: never issued, or superseded by a newer request.
    Unknown,
    Used,
    Expired,
}

impl PasswordReset {
    /// Whether the token can reset the password at `now`.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), ResetRefusal> {
        if self.used_at.is_some() {
            Err(ResetRefusal::Used)
        } else if now >= self.expires_at {
            Err(ResetRefusal::Expired)
        } else {
            Ok(())
        }
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
            id: SessionId::generate(),
            token_hash: TokenHash::from_stored("h".into()),
            user_id: UserId::generate(),
            created_at: at("2026-11-01T00:00:00Z"),
            last_used_at: at("2026-11-01T00:00:00Z"),
            expires_at: at("2026-12-01T00:00:00Z"),
            device: None,
        };
        assert!(!session.is_expired_at(at("2026-11-30T23:59:59Z")));
        assert!(session.is_expired_at(at("2026-12-01T00:00:00Z")));
        assert!(!session.is_stale_use(at("2026-11-01T00:00:59Z")));
        assert!(session.is_stale_use(at("2026-11-01T00:01:00Z")));
    }

    #[test]
    fn device_hints_name_the_browser_and_the_system_only() {
        let hint = |agent: &str| DeviceHint::from_user_agent(agent).map(|h| h.0);
        let linux_chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                            Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(hint(linux_chrome).as_deref(), Some("Chrome on Linux"));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 \
                      (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(hint(iphone).as_deref(), Some("Safari on iOS"));
        let android_firefox =
            "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0";
        assert_eq!(hint(android_firefox).as_deref(), Some("Firefox on Android"));
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                    Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(hint(edge).as_deref(), Some("Edge on Windows"));
        assert_eq!(hint("curl/8.5.0").as_deref(), Some("curl"));
        assert_eq!(hint("\u{0}<script>alert(1)</script>"), None);
        assert_eq!(hint(""), None);
    }

    #[test]
    fn stored_hints_are_cut_and_cleaned() {
        let long = format!("a\u{0}b{}", "x".repeat(200));
        let hint = DeviceHint::from_stored(&long).unwrap();
        assert_eq!(hint.as_str().chars().count(), DeviceHint::MAX_LENGTH);
        assert!(hint.as_str().starts_with("abx"));
        assert_eq!(DeviceHint::from_stored(" \u{7} "), None);
    }

    #[test]
    fn a_reset_works_once_and_until_it_expires() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let mut reset = PasswordReset {
            token_hash: ResetToken::presented("t").hash(),
            user_id: UserId::generate(),
            created_at: at("2026-11-01T00:00:00Z"),
            expires_at: at("2026-11-01T00:30:00Z"),
            used_at: None,
        };
        assert_eq!(reset.check(at("2026-11-01T00:29:59Z")), Ok(()));
        assert_eq!(
            reset.check(at("2026-11-01T00:30:00Z")),
            Err(ResetRefusal::Expired)
        );
        reset.used_at = Some(at("2026-11-01T00:10:00Z"));
        assert_eq!(
            reset.check(at("2026-11-01T00:11:00Z")),
            Err(ResetRefusal::Used)
        );
        assert_eq!(
            format!("{:?}", ResetToken::presented("secret")),
            "ResetToken(..)"
        );
    }
}
