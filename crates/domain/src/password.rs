use secrecy::{ExposeSecret, SecretString};

use crate::Invalid;

/// A password as typed, held so that it cannot be printed by accident.
#[derive(Debug)]
pub struct Password(SecretString);

impl Password {
    pub const MIN_LENGTH: usize = 10;
    /// Hashing is costly; an unbounded password is a denial-of-service lever.
    pub const MAX_LENGTH: usize = 128;

    /// A new password must follow the length policy.
    pub fn new(raw: String) -> Result<Self, Invalid> {
        let length = raw.chars().count();
        if raw.is_empty() {
            Err(Invalid::Required)
        } else if length < Self::MIN_LENGTH {
            Err(Invalid::TooShort {
                min: Self::MIN_LENGTH,
            })
        } else if length > Self::MAX_LENGTH {
            Err(Invalid::TooLong {
                max: Self::MAX_LENGTH,
            })
        } else {
            Ok(Self(raw.into()))
        }
    }

    /// A password offered at login is only checked against the stored hash,
    /// whatever its length, so that the policy can change without locking
    /// anyone out; overlong input is still refused.
    pub fn attempt(raw: String) -> Result<Self, Invalid> {
        if raw.chars().count() > Self::MAX_LENGTH {
            Err(Invalid::TooLong {
                max: Self::MAX_LENGTH,
            })
        } else {
            Ok(Self(raw.into()))
        }
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

/// A password hash in PHC string form (`$argon2id$…`).
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn new(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_passwords_follow_the_length_policy() {
        assert_eq!(Password::new(String::new()).unwrap_err(), Invalid::Required);
        assert_eq!(
            Password::new("short".into()).unwrap_err(),
            Invalid::TooShort { min: 10 }
        );
        assert_eq!(
            Password::new("x".repeat(129)).unwrap_err(),
            Invalid::TooLong { max: 128 }
        );
        assert!(Password::new("correct horse".into()).is_ok());
    }

    #[test]
    fn debug_output_hides_the_password() {
        let password = Password::new("correct horse battery".into()).unwrap();
        assert!(!format!("{password:?}").contains("horse"));
        let hash = PasswordHash::new("$argon2id$v=19$secret".into());
        assert!(!format!("{hash:?}").contains("secret"));
    }
}
