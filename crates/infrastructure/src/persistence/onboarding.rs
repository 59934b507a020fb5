use async_trait::async_trait;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryTrait};

use ava_application::ports::{OnboardingRepository, RepositoryError, SaveError};
use ava_domain::{
    Invalid,
    ids::UserId,
    onboarding::{OnboardingProgress, StepKey},
};

use super::{
    Store, entities::onboarding_progress as rows, first_insert, storage, stored, stored_json,
    to_json, versioned_update,
};

fn step(code: &str) -> Result<StepKey, RepositoryError> {
    stored(
        "onboarding_progress.step",
        StepKey::from_code(code).ok_or(Invalid::UnknownChoice),
    )
}

#[async_trait]
impl OnboardingRepository for Store {
    async fn get(&self, owner: UserId) -> Result<Option<OnboardingProgress>, RepositoryError> {
        let Some(row) = rows::Entity::find_by_id(owner.as_uuid())
            .one(&self.db)
            .await
            .map_err(storage)?
        else {
            return Ok(None);
        };
        let skipped: Vec<String> =
            stored_json("onboarding_progress.skipped_steps", &row.skipped_steps)?;
        Ok(Some(OnboardingProgress {
            current_step: step(&row.current_step)?,
            skipped: skipped
                .iter()
                .map(|code| step(code))
                .collect::<Result<_, _>>()?,
            completed_at: row.completed_at,
            version: row.version,
        }))
    }

    async fn save(&self, owner: UserId, progress: &OnboardingProgress) -> Result<i64, SaveError> {
        let skipped: Vec<&str> = progress.skipped.iter().map(|step| step.code()).collect();
        let row = rows::ActiveModel {
            user_id: Set(owner.as_uuid()),
            current_step: Set(progress.current_step.code().to_owned()),
            skipped_steps: Set(to_json(&skipped)),
            completed_at: Set(progress.completed_at),
            version: Set(progress.version + 1),
        };
        if progress.version == 0 {
            let insert = rows::Entity::insert(row).build(self.backend());
            return first_insert(self.write(insert).await.map(drop));
        }
        let update = rows::Entity::update_many()
            .set(row)
            .filter(rows::Column::UserId.eq(owner.as_uuid()))
            .filter(rows::Column::Version.eq(progress.version))
            .build(self.backend());
        let rows_affected = self.write(update).await.map_err(storage)?;
        versioned_update(rows_affected, progress.version)
    }
}
