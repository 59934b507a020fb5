//! The wizard's progress, the studio configuration, the owner's provider
//! credentials (secrets sealed) and the assistants created in Vapi.

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
                    .table("onboarding_progress")
                    .col(uuid("user_id").primary_key())
                    .col(string("current_step"))
                    // JSON array of step keys.
                    .col(text("skipped_steps"))
                    .col(timestamp_with_time_zone_null("completed_at"))
                    .col(big_integer("version"))
                    .foreign_key(&mut owned_by_user("onboarding_progress"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("studio_configs")
                    .col(uuid("user_id").primary_key())
                    .col(text_null("persona"))
                    .col(text_null("job_to_be_done"))
                    // JSON array of language codes.
                    .col(text("languages"))
                    .col(string("tone"))
                    .col(text_null("guidelines"))
                    .col(text_null("first_message"))
                    .col(string("voice_provider"))
                    .col(string("voice_id"))
                    .col(string("model_provider"))
                    .col(string("model"))
                    .col(string_null("phone_number"))
                    // JSON objects, validated by the domain before they are written.
                    .col(text_null("business_hours"))
                    .col(text("integrations"))
                    .col(string_null("plan"))
                    .col(big_integer("version"))
                    .foreign_key(&mut owned_by_user("studio_configs"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("secrets")
                    .col(uuid("user_id"))
                    // vapi_api_key | twilio_auth_token
                    .col(string("kind"))
                    // Fernet token; the plaintext inside names its owner and kind.
                    .col(text("ciphertext"))
                    // Which configured key sealed it (a hash prefix, not the key).
                    .col(string("key_fingerprint"))
                    .col(string("preview"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .primary_key(Index::create().col("user_id").col("kind"))
                    .foreign_key(&mut owned_by_user("secrets"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_secrets_key_fingerprint")
                    .table("secrets")
                    .col("key_fingerprint")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("twilio_accounts")
                    .col(uuid("user_id").primary_key())
                    .col(string("account_sid"))
                    .col(string_null("phone_number"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .foreign_key(&mut owned_by_user("twilio_accounts"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("assistants")
                    .col(pk_uuid("id"))
                    .col(uuid("user_id"))
                    .col(string("name"))
                    .col(string("vapi_assistant_id"))
                    .col(string_null("phone_number"))
                    .col(string_null("vapi_phone_number_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("synced_at"))
                    .foreign_key(&mut owned_by_user("assistants"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_assistants_user")
                    .table("assistants")
                    .col("user_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "assistants",
            "twilio_accounts",
            "secrets",
            "studio_configs",
            "onboarding_progress",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
