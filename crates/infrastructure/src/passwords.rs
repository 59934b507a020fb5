//! Passwords hashed with argon2id (OWASP's parameters, argon2's defaults),
//! on threads of their own so that hashing never stalls the async workers.
//!
//! Each hash takes 19 MiB and a core for a moment: one thread per core
//! hashes, a bounded queue waits, and beyond that the answer is "busy" at
//! once. Each hash's memory is its own mapping, given back to the system as
//! soon as the hash is done (see [`HASH_MAPPING_BYTES`]), so memory stays
//! flat however many owners sign up.

use std::sync::{
    Arc, Mutex, PoisonError,
    mpsc::{Receiver, SyncSender, TrySendError, sync_channel},
};

use argon2::{
    Algorithm, Argon2, Block, Params, Version,
    password_hash::{
        self, Decimal, Ident, ParamsString, PasswordHasher as _, PasswordVerifier as _, Salt,
        SaltString, rand_core::OsRng,
    },
};
use async_trait::async_trait;

use ava_application::ports::{HashingError, PasswordHasher};
use ava_domain::password::{Password, PasswordHash};

type Job = Box<dyn FnOnce() + Send>;

pub struct Argon2Hasher {
    /// Verified against when the account does not exist, so that a wrong
    /// email costs as much time as a wrong password.
    decoy: tokio::sync::OnceCell<String>,
    /// The queue of the hashing threads; they stop when it is dropped.
    jobs: SyncSender<Job>,
}

/// How many hashes may wait, per worker: a few seconds of work.
const WAITING_PER_WORKER: usize = 8;

impl Default for Argon2Hasher {
    /// One worker per core.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self::with_workers(cores)
    }
}

/// The capacity reserved for a hash's memory. glibc serves an allocation
/// above its dynamic mmap threshold from a mapping of its own, unmapped when
/// freed; the threshold rises to the size of the largest mapping freed, so a
/// 19 MiB buffer allocated per hash would soon stay in the allocator's arenas
/// (one per hashing thread), but it never rises above 32 MiB on 64-bit
/// systems (mallopt(3), M_MMAP_THRESHOLD). Reserving more than that keeps
/// every hash's memory a mapping of its own; only the blocks the hash uses
/// are ever touched, so the rest costs address space, not memory.
const HASH_MAPPING_BYTES: usize = 33 << 20;

/// Argon2id, computing in memory given back when the hash is done.
/// Verification comes with it (`PasswordVerifier` is implemented for every
/// hasher).
struct MappedArgon2;

impl password_hash::PasswordHasher for MappedArgon2 {
    type Params = Params;

    fn hash_password_customized<'a>(
        &self,
        password: &[u8],
        algorithm: Option<Ident<'a>>,
        version: Option<Decimal>,
        params: Params,
        salt: impl Into<Salt<'a>>,
    ) -> password_hash::Result<password_hash::PasswordHash<'a>> {
        let algorithm = algorithm
            .map(Algorithm::try_from)
            .transpose()?
            .unwrap_or_default();
        let version = version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default();
        let argon2 = Argon2::new(algorithm, version, params.clone());
        let salt = salt.into();
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
        let blocks = params.block_count();
        let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
        let output = password_hash::Output::init_with(output_len, |out| {
            let mut memory =
                Vec::with_capacity(blocks.max(HASH_MAPPING_BYTES / std::mem::size_of::<Block>()));
            memory.resize(blocks, Block::default());
            argon2
                .hash_password_into_with_memory(password, salt_bytes, out, &mut memory)
                .map_err(password_hash::Error::from)
        })?;
        Ok(password_hash::PasswordHash {
            algorithm: algorithm.ident(),
            version: Some(version.into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt),
            hash: Some(output),
        })
    }
}

fn hash(password: &str) -> Result<String, password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(MappedArgon2
        .hash_password_customized(password.as_bytes(), None, None, Params::default(), &salt)?
        .to_string())
}

fn hashing_error(error: impl std::fmt::Display) -> HashingError {
    HashingError::Failed(error.to_string())
}

/// Takes jobs off the queue until it is closed.
fn work(jobs: &Mutex<Receiver<Job>>) {
    loop {
        let next = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        match next {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

impl Argon2Hasher {
    pub fn with_workers(workers: usize) -> Self {
        let workers = workers.max(1);
        let (jobs, queue) = sync_channel::<Job>(workers * WAITING_PER_WORKER);
        let queue = Arc::new(Mutex::new(queue));
        for worker in 0..workers {
            let queue = queue.clone();
            // Without a thread the hasher answers "failed" to every request.
            let _ = std::thread::Builder::new()
                .name(format!("argon2-{worker}"))
                .spawn(move || work(&queue));
        }
        Self {
            decoy: tokio::sync::OnceCell::new(),
            jobs,
        }
    }

    /// Runs `work` on a hashing thread; refuses at once when the queue is full.
    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, HashingError> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // The requester may have gone: nobody to answer.
            let _ = answer.send(work());
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(HashingError::Busy),
            Err(TrySendError::Disconnected(_)) => {
                return Err(hashing_error("the hashing threads are gone"));
            }
        }
        answered.await.map_err(hashing_error)
    }

    /// Made once, on a hashing thread like any other hash.
    async fn decoy(&self) -> Result<String, HashingError> {
        self.decoy
            .get_or_try_init(|| async {
                self.blocking(|| hash("a password that no account has"))
                    .await?
                    .map_err(hashing_error)
            })
            .await
            .cloned()
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
            None => self.decoy().await?,
        };
        let matches = self
            .blocking(move || {
                let parsed = argon2::PasswordHash::new(&phc)?;
                match MappedArgon2.verify_password(password.expose().as_bytes(), &parsed) {
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
        // The eight queued get through (and the one a worker took already,
        // if it was quick); the rest are told to retry.
        assert!(hashed >= WAITING_PER_WORKER, "{hashed} hashed");
        assert!(busy >= 1, "{busy} refused");
        // Room again once the queue has drained.
        assert!(hasher.hash(password("correct horse battery")).await.is_ok());
    }

    #[tokio::test]
    async fn hashes_made_by_the_argon2_crate_itself_still_verify() {
        use argon2::PasswordHasher as _;
        let salt = SaltString::generate(&mut OsRng);
        let stored = Argon2::default()
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        let hasher = Argon2Hasher::with_workers(1);
        let stored = PasswordHash::new(stored);
        assert!(
            hasher
                .verify(password("correct horse battery"), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(
            !hasher
                .verify(password("wrong horse battery"), Some(stored))
                .await
                .unwrap()
        );
        // And the crate verifies ours.
        let ours = hasher
            .hash(password("correct horse battery"))
            .await
            .unwrap();
        let parsed = argon2::PasswordHash::new(ours.as_str()).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
    }
}
