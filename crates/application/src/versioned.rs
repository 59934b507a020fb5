//! Optimistic locking, shared by every record the wizard autosaves: a write
//! based on a stale read is refused, never silently applied over a newer one.

use async_trait::async_trait;

use ava_domain::{
    ids::UserId, onboarding::OnboardingProgress, profile::Profile, studio::StudioConfig,
};

use crate::{error::AppError, ports::SaveError};

pub(crate) trait Versioned {
    fn version(&self) -> i64;
    fn set_version(&mut self, version: i64);
}

macro_rules! versioned {
    ($($record:ty),*) => {$(
        impl Versioned for $record {
            fn version(&self) -> i64 {
                self.version
            }
            fn set_version(&mut self, version: i64) {
                self.version = version;
            }
        }
    )*};
}

versioned!(Profile, OnboardingProgress, StudioConfig);

/// Where one kind of versioned record of an owner is loaded and saved.
#[async_trait]
pub(crate) trait VersionedRecords: Send + Sync {
    type Record: Versioned + Send + Sync;

    async fn load_record(&self, owner: UserId) -> Result<Self::Record, AppError>;
    /// Saves if the stored version is still the record's; answers the new version.
    async fn store_record(&self, owner: UserId, record: &Self::Record) -> Result<i64, SaveError>;
}

pub(crate) enum Outcome<T> {
    Saved(T),
    /// The write lost: here is the record as it is now.
    Conflict(T),
}

/// Loads the record, refuses when the client read an older version than
/// the stored one, applies the change and saves it unless someone else
/// saved in between. Without an expected version, see [`update_latest`].
pub(crate) async fn update_versioned<R: VersionedRecords>(
    records: &R,
    owner: UserId,
    expected_version: Option<i64>,
    apply: impl Fn(&mut R::Record) -> Result<(), AppError> + Send + Sync,
) -> Result<Outcome<R::Record>, AppError> {
    let Some(expected) = expected_version else {
        return update_latest(records, owner, apply)
            .await
            .map(Outcome::Saved);
    };
    let mut record = records.load_record(owner).await?;
    if expected != record.version() {
        return Ok(Outcome::Conflict(record));
    }
    apply(&mut record)?;
    match records.store_record(owner, &record).await {
        Ok(version) => {
            record.set_version(version);
            Ok(Outcome::Saved(record))
        }
        Err(SaveError::Conflict) => Ok(Outcome::Conflict(records.load_record(owner).await?)),
        Err(SaveError::Repository(error)) => Err(error.into()),
    }
}

/// "My change on top of whatever is there" (no version given): when another
/// save lands between the load and the store, the change is applied again
/// to the newer record instead of answering a conflict. Each retry means
/// another save went through, so the loop always makes progress.
pub(crate) async fn update_latest<R: VersionedRecords>(
    records: &R,
    owner: UserId,
    apply: impl Fn(&mut R::Record) -> Result<(), AppError> + Send + Sync,
) -> Result<R::Record, AppError> {
    loop {
        let mut record = records.load_record(owner).await?;
        apply(&mut record)?;
        match records.store_record(owner, &record).await {
            Ok(version) => {
                record.set_version(version);
                return Ok(record);
            }
            Err(SaveError::Conflict) => continue,
            Err(SaveError::Repository(error)) => return Err(error.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use ava_domain::onboarding::StepKey;

    use super::*;

    /// A stored progress where another writer saves first for the next
    /// `interleaved` stores: each of them bumps the version and lands a
    /// step of its own, so a store based on the earlier read conflicts.
    struct Racing {
        stored: Mutex<OnboardingProgress>,
        interleaved: Mutex<usize>,
    }

    impl Racing {
        fn new(interleaved: usize) -> Self {
            Self {
                stored: Mutex::new(OnboardingProgress::default()),
                interleaved: Mutex::new(interleaved),
            }
        }
    }

    #[async_trait]
    impl VersionedRecords for Racing {
        type Record = OnboardingProgress;

        async fn load_record(&self, _: UserId) -> Result<OnboardingProgress, AppError> {
            Ok(self.stored.lock().unwrap().clone())
        }

        async fn store_record(
            &self,
            _: UserId,
            record: &OnboardingProgress,
        ) -> Result<i64, SaveError> {
            let mut stored = self.stored.lock().unwrap();
            let mut interleaved = self.interleaved.lock().unwrap();
            if *interleaved > 0 {
                *interleaved -= 1;
                stored.skipped.insert(StepKey::Plan);
                stored.version += 1;
            }
            if stored.version != record.version {
                return Err(SaveError::Conflict);
            }
            *stored = record.clone();
            stored.version += 1;
            Ok(stored.version)
        }
    }

    fn skip_hours(progress: &mut OnboardingProgress) -> Result<(), AppError> {
        progress.skipped.insert(StepKey::Hours);
        Ok(())
    }

    #[tokio::test]
    async fn without_a_version_a_lost_race_applies_the_change_again() {
        let records = Racing::new(3);
        let outcome = update_versioned(&records, UserId::generate(), None, skip_hours)
            .await
            .unwrap();
        let Outcome::Saved(saved) = outcome else {
            panic!("a save without a version answered a conflict");
        };
        assert_eq!(saved.version, 4, "three other saves, then ours");
        assert!(saved.skipped.contains(&StepKey::Hours));
        assert!(
            saved.skipped.contains(&StepKey::Plan),
            "the other writer's change is kept"
        );
        assert_eq!(*records.stored.lock().unwrap(), saved);
    }

    #[tokio::test]
    async fn with_a_version_a_lost_race_is_a_conflict_with_the_newer_record() {
        let records = Racing::new(1);
        let outcome = update_versioned(&records, UserId::generate(), Some(0), skip_hours)
            .await
            .unwrap();
        let Outcome::Conflict(current) = outcome else {
            panic!("a stale write was saved");
        };
        assert_eq!(current.version, 1);
        assert!(!current.skipped.contains(&StepKey::Hours));
    }
}
