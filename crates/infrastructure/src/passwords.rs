//! Passwords hashed with argon2id (OWASP's parameters, argon2's defaults),
//! on the blocking pool so that hashing never stalls the async workers.

use std::sync::OnceLock;

use argon2::{
    Argon2,
    password_hash::{
        self, PasswordHasher as _, PasswordVerifier as _, SaltString, rand_core::OsRng,
    },
};
use async_trait::async_trait;

use ava_application::ports::{HashingError, PasswordHasher};
use ava_domain::password::{Password, PasswordHash};

#[derive(Default)]
pub struct Argon2Hasher {
    /// Verified against when the account does not exist, so that a wrong
    /// email costs as much time as a wrong password.
    decoy: OnceLock<Result<String, password_hash::Error>>,
}

fn hash(password: &str) -> Result<String, password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

fn hashing_error(error: impl std::fmt::Display) -> HashingError {
    HashingError(error.to_string())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HashingError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(hashing_error)
}

impl Argon2Hasher {
    fn decoy(&self) -> Result<String, HashingError> {
        self.decoy
            .get_or_init(|| hash("a password that no account has"))
            .clone()
            .map_err(hashing_error)
    }
}

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    async fn hash(&self, password: Password) -> Result<PasswordHash, HashingError> {
        let phc = blocking(move || hash(password.expose()))
            .await?
            .map_err(hashing_error)?;
        Ok(PasswordHash::new(phc))
    }

    async fn verify(
        &self,
        password: Password,
        stored: Option<PasswordHash>,
    ) -> Result<bool, HashingError> {
        let exists = stored.is_some();
        let phc = match stored {
            Some(hash) => hash.as_str().to_owned(),
            None => self.decoy()?,
        };
        let matches = blocking(move || {
            let parsed = argon2::PasswordHash::new(&phc)?;
            match Argon2::default().verify_password(password.expose().as_bytes(), &parsed) {
                Ok(()) => Ok(true),
                Err(password_hash::Error::Password) => Ok(false),
                Err(error) => Err(error),
            }
        })
        .await?
        .map_err(hashing_error)?;
        Ok(exists && matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(raw: &str) -> Password {
        Password::attempt(raw.to_owned()).unwrap()
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let hasher = Argon2Hasher::default();
        let hash = hasher
            .hash(password("correct horse battery"))
            .await
            .unwrap();
        assert!(hash.as_str().starts_with("$argon2id$"));
        assert!(!hash.as_str().contains("correct horse"));
        assert!(
            hasher
                .verify(password("correct horse battery"), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(password("wrong horse battery"), Some(hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn without_an_account_nothing_verifies() {
        let hasher = Argon2Hasher::default();
        assert!(
            !hasher
                .verify(password("a password that no account has"), None)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn a_corrupt_stored_hash_is_an_error_not_a_match() {
        let hasher = Argon2Hasher::default();
        let corrupt = PasswordHash::new("not a phc string".to_owned());
        assert!(
            hasher
                .verify(password("anything"), Some(corrupt))
                .await
                .is_err()
        );
    }
}
