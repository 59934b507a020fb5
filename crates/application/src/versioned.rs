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
