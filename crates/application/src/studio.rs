//! The studio configuration: persona, telephony, integrations, voice and model.

use std::sync::Arc;

use ava_domain::{
    ids::UserId,
    studio::{StudioChanges, StudioConfig},
};

use crate::{
    error::{AppError, Current},
    ports::{SaveError, StudioRepository},
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

    /// Applies `changes` if the owner's configuration is still at
    /// `expected_version`; without a version, applies them to whatever is
    /// stored (never a conflict). Every field the wizard saves is replaced
    /// whole, so the repository applies the change in one statement instead
    /// of loading the record first (the voice a change of languages brings
    /// included, see [`StudioChanges::voice_moves`]).
    pub async fn update(
        &self,
        owner: UserId,
        changes: StudioChanges,
        expected_version: Option<i64>,
    ) -> Result<StudioConfig, AppError> {
        match self.configs.update(owner, changes, expected_version).await {
            Ok(config) => Ok(config),
            Err(SaveError::Conflict) => {
                let current = self.get(owner).await?;
                Err(AppError::Conflict(Box::new(Current::Studio(current))))
            }
            Err(SaveError::Repository(error)) => Err(error.into()),
        }
    }
}

#[cfg(test)]
mod tests;
