//! The Profile step: read and change the owner's profile.

use std::sync::Arc;

use async_trait::async_trait;

use ava_domain::{
    ids::UserId,
    profile::{Profile, ProfileChanges},
};

use crate::{
    error::{AppError, Current},
    ports::{Clock, SaveError, UserRepository},
    versioned::{Outcome, VersionedRecords, update_versioned},
};

pub struct ProfileService {
    users: Arc<dyn UserRepository>,
    clock: Arc<dyn Clock>,
}

impl ProfileService {
    pub fn new(users: Arc<dyn UserRepository>, clock: Arc<dyn Clock>) -> Self {
        Self { users, clock }
    }

    pub async fn get(&self, owner: UserId) -> Result<Profile, AppError> {
        self.users
            .profile(owner)
            .await?
            .ok_or(AppError::Unauthenticated)
    }

    pub async fn update(
        &self,
        owner: UserId,
        changes: ProfileChanges,
        expected_version: Option<i64>,
    ) -> Result<Profile, AppError> {
        let now = self.clock.now();
        let outcome = update_versioned(self, owner, expected_version, |profile| {
            Ok(profile.apply(changes.clone(), now)?)
        })
        .await?;
        match outcome {
            Outcome::Saved(profile) => Ok(profile),
            Outcome::Conflict(current) => {
                Err(AppError::Conflict(Box::new(Current::Profile(current))))
            }
        }
    }
}

#[async_trait]
impl VersionedRecords for ProfileService {
    type Record = Profile;

    async fn load_record(&self, owner: UserId) -> Result<Profile, AppError> {
        self.get(owner).await
    }

    async fn store_record(&self, owner: UserId, profile: &Profile) -> Result<i64, SaveError> {
        self.users.save_profile(owner, profile).await
    }
}

#[cfg(test)]
mod tests;
