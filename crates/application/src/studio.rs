//! The studio configuration: persona, telephony, integrations, voice and model.

use std::sync::Arc;

use async_trait::async_trait;

use ava_domain::{
    ids::UserId,
    studio::{StudioChanges, StudioConfig},
};

use crate::{
    error::{AppError, Current},
    ports::{SaveError, StudioRepository},
    versioned::{Outcome, VersionedRecords, update_versioned},
};

pub struct StudioService {
    configs: Arc<dyn StudioRepository>,
}

impl StudioService {
    pub fn new(configs: Arc<dyn StudioRepository>) -> Self {
        Self { configs }
    }

    /// The owner's configuration; the defaults (version 0) until first saved.
    pub async fn get(&self, owner: UserId) -> Result<StudioConfig, AppError> {
        Ok(self.configs.get(owner).await?.unwrap_or_default())
    }

    pub async fn update(
        &self,
        owner: UserId,
        changes: StudioChanges,
        expected_version: Option<i64>,
    ) -> Result<StudioConfig, AppError> {
        let outcome = update_versioned(self, owner, expected_version, |config| {
            config.apply(changes);
            Ok(())
        })
        .await?;
        match outcome {
            Outcome::Saved(config) => Ok(config),
            Outcome::Conflict(current) => {
                Err(AppError::Conflict(Box::new(Current::Studio(current))))
            }
        }
    }
}

#[async_trait]
impl VersionedRecords for StudioService {
    type Record = StudioConfig;

    async fn load_record(&self, owner: UserId) -> Result<StudioConfig, AppError> {
        self.get(owner).await
    }

    async fn store_record(&self, owner: UserId, config: &StudioConfig) -> Result<i64, SaveError> {
        self.configs.save(owner, config).await
    }
}

#[cfg(test)]
mod tests;
