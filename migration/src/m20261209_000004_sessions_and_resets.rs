//! Owners control their sessions and passwords: each session gets an id of
//! its own (what the owner's list shows, never the token's hash), when it
//! was last used and a hint of the device; password resets are recorded
//! by the hash of their single-use token.
//!
//! The sessions table is made anew: sessions opened before this migration
//! have no id to show, so their owners sign in once more.

use sea_orm_migration::{prelude::*, schema::*};

use crate::owned_by_user;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("sessions").to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(pk_uuid("id"))
                    // SHA-256 of the token: the token itself is never stored.
                    .col(string_uniq("token_hash"))
                    .col(uuid("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_used_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(string_len_null("device", 64))
                    .foreign_key(&mut owned_by_user("sessions"))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_sessions_user", "user_id"),
            ("idx_sessions_expiry", "expires_at"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table("sessions")
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("password_resets")
                    // SHA-256 of the token mailed to the owner.
                    .col(string("token_hash").primary_key())
                    .col(uuid("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .foreign_key(&mut owned_by_user("password_resets"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_password_resets_user")
                    .table("password_resets")
                    .col("user_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("password_resets").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("sessions").to_owned())
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    .col(string("token_hash").primary_key())
                    .col(uuid("user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .foreign_key(&mut owned_by_user("sessions"))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_sessions_user", "user_id"),
            ("idx_sessions_expiry", "expires_at"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table("sessions")
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
