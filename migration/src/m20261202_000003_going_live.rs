//! Going live: the hand-off number, the after-hours choice and the closed
//! days of the studio configuration, and the calls Vapi reports.

use sea_orm_migration::{prelude::*, schema::*};

use crate::owned_by_user;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// SQLite takes one change per `ALTER TABLE`.
const STUDIO_COLUMNS: [&str; 3] = ["handoff_number", "after_hours", "closures"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            string_null("handoff_number"),
            // JSON objects, validated by the domain before they are written.
            text_null("after_hours"),
            text_null("closures"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("studio_configs")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("calls")
                    // Time-ordered (UUIDv7): the order of the call log and its cursor.
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string("vapi_call_id"))
                    .col(string_null("caller"))
                    .col(timestamp_with_time_zone_null("started_at"))
                    .col(timestamp_with_time_zone_null("ended_at"))
                    .col(double_null("duration_seconds"))
                    .col(string_null("ended_reason"))
                    .col(text_null("summary"))
                    .col(text_null("transcript"))
                    .col(boolean_null("during_hours"))
                    .foreign_key(&mut owned_by_user("calls"))
                    .to_owned(),
            )
            .await?;
        // One record per call and owner: a repeated report updates it.
        manager
            .create_index(
                Index::create()
                    .name("idx_calls_user_vapi_call")
                    .table("calls")
                    .col("user_id")
                    .col("vapi_call_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_calls_user_id")
                    .table("calls")
                    .col("user_id")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("calls").to_owned())
            .await?;
        for column in STUDIO_COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table("studio_configs")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
