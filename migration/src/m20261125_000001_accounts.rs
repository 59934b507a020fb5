//! Accounts and their sign-in sessions.

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
                    .table("users")
                    .col(pk_uuid("id"))
                    .col(string("email"))
                    // Lower-cased email: addresses are unique whatever their case.
                    .col(string_uniq("email_key"))
                    .col(string("password_hash"))
                    .col(string_null("full_name"))
                    .col(string_null("organization_name"))
                    .col(string_null("industry"))
                    .col(string_null("timezone"))
                    .col(string_len("locale", 2))
                    .col(boolean("marketing_opt_in").default(false))
                    .col(timestamp_with_time_zone_null("terms_accepted_at"))
                    .col(big_integer("profile_version").default(1))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sessions")
                    // SHA-256 of the token: the token itself is never stored.
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

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["sessions", "users"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
