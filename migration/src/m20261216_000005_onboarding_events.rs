//! The onboarding funnel: the first time each owner reached, completed or
//! skipped each wizard step (signing up reaches `profile`). Owners who
//! signed up before this migration have no events, so no funnel counts them.

use sea_orm_migration::{prelude::*, schema::*};

use crate::owned_by_user;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("onboarding_events")
                    .col(uuid("user_id"))
                    // A step's code (`profile` … `done`).
                    .col(string_len("step", 16))
                    // `reached`, `completed` or `skipped`.
                    .col(string_len("kind", 16))
                    .col(timestamp_with_time_zone("at"))
                    // One row per owner, step and kind: the first one is kept.
                    .primary_key(Index::create().col("user_id").col("step").col("kind"))
                    .foreign_key(&mut owned_by_user("onboarding_events"))
                    .to_owned(),
            )
            .await?;
        // A period's cohort: the sign-ups (`profile` reached) by date.
        manager
            .create_index(
                Index::create()
                    .name("idx_onboarding_events_milestone_at")
                    .table("onboarding_events")
                    .col("step")
                    .col("kind")
                    .col("at")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("onboarding_events").to_owned())
            .await
    }
}
