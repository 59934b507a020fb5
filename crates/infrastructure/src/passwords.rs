//! Passwords hashed with argon2id (OWASP's parameters, argon2's defaults),
//! on the blocking pool so that hashing never stalls the async workers.
//!
//! Each hash takes 19 MiB and a core for a moment: at most one per core runs
//! at a time, a bounded number wait, and beyond that the answer is "busy"
//! at once, so a flood of logins keeps memory flat.

use std::sync::{
    Arc, OnceLock,
    atomic::{AtomicUsize, Ordering},
};

use argon2::{
    Argon2,
    password_hash::{
        self, PasswordHasher as _, PasswordVerifier as _, SaltString, rand_core::OsRng,
    },
};
use async_trait::async_trait;
use tokio::sync::Semaphore;

use ava_application::ports::{HashingError, PasswordHasher};
use ava_domain::password::{Password, PasswordHash};

pub struct Argon2Hasher {
    /// Verified against when the account does not exist, so that a wrong
    /// email costs as much time as a wrong password.
    decoy: OnceLock<Result<String, password_hash::Error>>,
    running: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
}

/// How many hashes may wait for a worker, per worker: a few seconds of work.
const WAITING_PER_WORKER: usize = 8;

impl Default for Argon2Hasher {
    /// One worker per core.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self::with_workers(cores)
    }
}

/// Counts a request as waiting for as long as it lives (a client that goes
/// away while waiting stops counting).
struct Waiting(Arc<AtomicUsize>);

impl Drop for Waiting {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn hash(password: &str) -> Result<String, password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

fn hashing_error(error: impl std::fmt::Display) -> HashingError {
    HashingError::Failed(error.to_string())
}

impl Argon2Hasher {
    pub fn with_workers(workers: usize) -> Self {
        let workers = workers.max(1);
        Self {
            decoy: OnceLock::new(),
            running: Arc::new(Semaphore::new(workers)),
            waiting: Arc::new(AtomicUsize::new(0)),
            max_waiting: workers * WAITING_PER_WORKER,
        }
    }

    /// Runs `work` on the blocking pool once a worker is free; refuses at
    /// once when too many are waiting already.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(HashingError::Busy);
        }
        let waiting = Waiting(self.waiting.clone());
        let permit = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(hashing_error)?;
        drop(waiting);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(hashing_error)
    }

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
        let phc = self
            .blocking(move || hash(password.expose()))
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
        let matches = self
            .blocking(move || {
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

    #[tokio::test]
    async fn beyond_the_waiting_room_a_hash_is_refused_at_once() {
        let hasher = Arc::new(Argon2Hasher::with_workers(1));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..30 {
            let hasher = hasher.clone();
            tasks.spawn(async move { hasher.hash(password("correct horse battery")).await });
        }
        let (mut hashed, mut busy) = (0, 0);
        while let Some(result) = tasks.join_next().await {
            match result.unwrap() {
                Ok(_) => hashed += 1,
                Err(HashingError::Busy) => busy += 1,
                Err(other) => panic!("{other}"),
            }
        }
        // One running and eight waiting get through; the rest are told to retry.
        assert!(hashed > WAITING_PER_WORKER, "{hashed} hashed");
        assert!(busy >= 1, "{busy} refused");
        assert_eq!(
            hasher.waiting.load(Ordering::SeqCst),
            0,
            "nobody left counted"
        );
    }
}
