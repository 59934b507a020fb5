use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

use ava_application::ports::{OnboardingEventRepository, RepositoryError};
use ava_domain::{
    Invalid,
    funnel::{Milestone, MilestoneKind, OnboardingEvent, Period},
    ids::UserId,
    onboarding::StepKey,
};

use super::{Store, entities::onboarding_events as rows, storage, stored};

fn event(row: rows::Model) -> Result<OnboardingEvent, RepositoryError> {
    let step = stored(
        "onboarding_events.step",
        StepKey::from_code(&row.step).ok_or(Invalid::UnknownChoice),
    )?;
    let kind = stored(
        "onboarding_events.kind",
        MilestoneKind::from_code(&row.kind).ok_or(Invalid::UnknownChoice),
    )?;
    Ok(OnboardingEvent {
        owner: UserId::from_uuid(row.user_id),
        milestone: Milestone { step, kind },
        at: row.at,
    })
}

#[async_trait]
impl OnboardingEventRepository for Store {
    async fn record(
        &self,
        owner: UserId,
        milestones: &[Milestone],
        at: DateTime<Utc>,
    ) -> Result<(), RepositoryError> {
        let rows = milestones.iter().map(|milestone| rows::ActiveModel {
            user_id: Set(owner.as_uuid()),
            step: Set(milestone.step.code().to_owned()),
            kind: Set(milestone.kind.code().to_owned()),
            at: Set(at),
        });
        // The key is (owner, step, kind): a milestone recorded before keeps its time.
        rows::Entity::insert_many(rows)
            .on_conflict_do_nothing()
            .exec_without_returning(&self.writer)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn of_cohort(&self, period: &Period) -> Result<Vec<OnboardingEvent>, RepositoryError> {
        let signed_up = Milestone::SIGNED_UP;
        let cohort = rows::Entity::find()
            .select_only()
            .column(rows::Column::UserId)
            .filter(rows::Column::Step.eq(signed_up.step.code()))
            .filter(rows::Column::Kind.eq(signed_up.kind.code()))
            .apply_if(period.starts_at(), |query, start| {
                query.filter(rows::Column::At.gte(start))
            })
            .apply_if(period.ends_before(), |query, end| {
                query.filter(rows::Column::At.lt(end))
            })
            .into_query();
        rows::Entity::find()
            .filter(rows::Column::UserId.in_subquery(cohort))
            .all(&self.db)
            .await
            .map_err(storage)?
            .into_iter()
            .map(event)
            .collect()
    }
}
