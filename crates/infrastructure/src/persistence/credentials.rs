use async_trait::async_trait;
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait, sea_query::OnConflict,
};

use ava_application::ports::{
    CredentialRepository, KeyFingerprint, RepositoryError, SealedEntry, SealedSecret, StoredTwilio,
    StoredVapi,
};
use ava_domain::{
    Invalid,
    credentials::{SecretKind, SecretScope, TwilioAccountSid},
    ids::UserId,
    phone::PhoneNumber,
};

use super::{
    Store,
    entities::{secrets, twilio_accounts},
    storage, stored,
};

fn sealed(row: &secrets::Model) -> SealedSecret {
    SealedSecret {
        ciphertext: row.ciphertext.clone(),
        key_fingerprint: KeyFingerprint(row.key_fingerprint.clone()),
    }
}

async fn find_secret(
    db: &impl ConnectionTrait,
    owner: UserId,
    kind: SecretKind,
) -> Result<Option<secrets::Model>, RepositoryError> {
    secrets::Entity::find_by_id((owner.as_uuid(), kind.code().to_owned()))
        .one(db)
        .await
        .map_err(storage)
}

/// Inserts or replaces the owner's secret of `kind`.
async fn put_secret(
    db: &impl ConnectionTrait,
    owner: UserId,
    kind: SecretKind,
    secret: &SealedSecret,
    preview: &str,
) -> Result<(), RepositoryError> {
    let row = secrets::ActiveModel {
        user_id: Set(owner.as_uuid()),
        kind: Set(kind.code().to_owned()),
        ciphertext: Set(secret.ciphertext.clone()),
        key_fingerprint: Set(secret.key_fingerprint.0.clone()),
        preview: Set(preview.to_owned()),
        updated_at: Set(Utc::now()),
    };
    let on_conflict = OnConflict::columns([secrets::Column::UserId, secrets::Column::Kind])
        .update_columns([
            secrets::Column::Ciphertext,
            secrets::Column::KeyFingerprint,
            secrets::Column::Preview,
            secrets::Column::UpdatedAt,
        ])
        .to_owned();
    secrets::Entity::insert(row)
        .on_conflict(on_conflict)
        .exec(db)
        .await
        .map_err(storage)?;
    Ok(())
}

async fn delete_secret(
    db: &impl ConnectionTrait,
    owner: UserId,
    kind: SecretKind,
) -> Result<bool, RepositoryError> {
    let result = secrets::Entity::delete_by_id((owner.as_uuid(), kind.code().to_owned()))
        .exec(db)
        .await
        .map_err(storage)?;
    Ok(result.rows_affected > 0)
}

#[async_trait]
impl CredentialRepository for Store {
    async fn vapi(&self, owner: UserId) -> Result<Option<StoredVapi>, RepositoryError> {
        let row = find_secret(&self.db, owner, SecretKind::VapiApiKey).await?;
        Ok(row.map(|row| StoredVapi {
            key: sealed(&row),
            preview: row.preview,
        }))
    }

    async fn put_vapi(&self, owner: UserId, stored: &StoredVapi) -> Result<(), RepositoryError> {
        put_secret(
            &self.writer,
            owner,
            SecretKind::VapiApiKey,
            &stored.key,
            &stored.preview,
        )
        .await
    }

    async fn delete_vapi(&self, owner: UserId) -> Result<bool, RepositoryError> {
        delete_secret(&self.writer, owner, SecretKind::VapiApiKey).await
    }

    async fn twilio(&self, owner: UserId) -> Result<Option<StoredTwilio>, RepositoryError> {
        let account = twilio_accounts::Entity::find_by_id(owner.as_uuid())
            .one(&self.db)
            .await
            .map_err(storage)?;
        let token = find_secret(&self.db, owner, SecretKind::TwilioAuthToken).await?;
        let (Some(account), Some(token)) = (account, token) else {
            return Ok(None);
        };
        Ok(Some(StoredTwilio {
            account_sid: stored(
                "twilio_accounts.account_sid",
                TwilioAccountSid::parse(&account.account_sid),
            )?,
            phone_number: account
                .phone_number
                .as_deref()
                .map(|number| stored("twilio_accounts.phone_number", PhoneNumber::parse(number)))
                .transpose()?,
            auth_token: sealed(&token),
            preview: token.preview,
        }))
    }

    async fn put_twilio(
        &self,
        owner: UserId,
        stored: &StoredTwilio,
    ) -> Result<(), RepositoryError> {
        let txn = self.writer.begin().await.map_err(storage)?;
        let account = twilio_accounts::ActiveModel {
            user_id: Set(owner.as_uuid()),
            account_sid: Set(stored.account_sid.as_str().to_owned()),
            phone_number: Set(stored
                .phone_number
                .as_ref()
                .map(|number| number.as_str().to_owned())),
            updated_at: Set(Utc::now()),
        };
        let on_conflict = OnConflict::column(twilio_accounts::Column::UserId)
            .update_columns([
                twilio_accounts::Column::AccountSid,
                twilio_accounts::Column::PhoneNumber,
                twilio_accounts::Column::UpdatedAt,
            ])
            .to_owned();
        twilio_accounts::Entity::insert(account)
            .on_conflict(on_conflict)
            .exec(&txn)
            .await
            .map_err(storage)?;
        put_secret(
            &txn,
            owner,
            SecretKind::TwilioAuthToken,
            &stored.auth_token,
            &stored.preview,
        )
        .await?;
        txn.commit().await.map_err(storage)
    }

    async fn delete_twilio(&self, owner: UserId) -> Result<bool, RepositoryError> {
        let txn = self.writer.begin().await.map_err(storage)?;
        let account = twilio_accounts::Entity::delete_by_id(owner.as_uuid())
            .exec(&txn)
            .await
            .map_err(storage)?;
        let token = delete_secret(&txn, owner, SecretKind::TwilioAuthToken).await?;
        txn.commit().await.map_err(storage)?;
        Ok(account.rows_affected > 0 || token)
    }

    async fn webhook_secret(&self, owner: UserId) -> Result<Option<SealedSecret>, RepositoryError> {
        let row = find_secret(&self.db, owner, SecretKind::WebhookSecret).await?;
        Ok(row.as_ref().map(sealed))
    }

    async fn put_webhook_secret(
        &self,
        owner: UserId,
        sealed: &SealedSecret,
    ) -> Result<(), RepositoryError> {
        // Never shown: no preview.
        put_secret(&self.writer, owner, SecretKind::WebhookSecret, sealed, "").await
    }

    async fn all_sealed(&self) -> Result<Vec<SealedEntry>, RepositoryError> {
        let rows = secrets::Entity::find()
            .all(&self.db)
            .await
            .map_err(storage)?;
        rows.iter()
            .map(|row| {
                let kind = stored(
                    "secrets.kind",
                    SecretKind::from_code(&row.kind).ok_or(Invalid::UnknownChoice),
                )?;
                Ok(SealedEntry {
                    scope: SecretScope {
                        owner: UserId::from_uuid(row.user_id),
                        kind,
                    },
                    sealed: sealed(row),
                })
            })
            .collect()
    }

    async fn reseal(
        &self,
        scope: SecretScope,
        previous: &SealedSecret,
        resealed: &SealedSecret,
    ) -> Result<bool, RepositoryError> {
        let changes = secrets::ActiveModel {
            ciphertext: Set(resealed.ciphertext.clone()),
            key_fingerprint: Set(resealed.key_fingerprint.0.clone()),
            ..Default::default()
        };
        let result = secrets::Entity::update_many()
            .set(changes)
            .filter(secrets::Column::UserId.eq(scope.owner.as_uuid()))
            .filter(secrets::Column::Kind.eq(scope.kind.code()))
            .filter(secrets::Column::Ciphertext.eq(previous.ciphertext.as_str()))
            .exec(&self.writer)
            .await
            .map_err(storage)?;
        Ok(result.rows_affected == 1)
    }

    async fn fingerprints_in_use(&self) -> Result<Vec<(KeyFingerprint, u64)>, RepositoryError> {
        let counts: Vec<(String, i64)> = secrets::Entity::find()
            .select_only()
            .column(secrets::Column::KeyFingerprint)
            .column_as(secrets::Column::UserId.count(), "secrets")
            .group_by(secrets::Column::KeyFingerprint)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(storage)?;
        Ok(counts
            .into_iter()
            .map(|(fingerprint, count)| (KeyFingerprint(fingerprint), count.unsigned_abs()))
            .collect())
    }
}
