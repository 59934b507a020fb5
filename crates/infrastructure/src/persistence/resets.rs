use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait, sea_query::Expr,
};

use ava_application::ports::{PasswordResetRepository, RepositoryError};
use ava_domain::{
    ids::UserId,
    session::{PasswordReset, TokenHash},
};

use super::{Store, entities::password_resets, storage};

#[async_trait]
impl PasswordResetRepository for Store {
    async fn replace(&self, reset: &PasswordReset) -> Result<(), RepositoryError> {
        let transaction = self.writer.begin().await.map_err(storage)?;
        password_resets::Entity::delete_many()
            .filter(password_resets::Column::UserId.eq(reset.user_id.as_uuid()))
            .exec(&transaction)
            .await
            .map_err(storage)?;
        let row = password_resets::ActiveModel {
            token_hash: Set(reset.token_hash.as_str().to_owned()),
            user_id: Set(reset.user_id.as_uuid()),
            created_at: Set(reset.created_at),
            expires_at: Set(reset.expires_at),
            used_at: Set(reset.used_at),
        };
        password_resets::Entity::insert(row)
            .exec(&transaction)
            .await
            .map_err(storage)?;
        transaction.commit().await.map_err(storage)
    }

    async fn find(&self, token_hash: &TokenHash) -> Result<Option<PasswordReset>, RepositoryError> {
        let row = password_resets::Entity::find_by_id(token_hash.as_str().to_owned())
            .one(&self.db)
            .await
            .map_err(storage)?;
        Ok(row.map(|row| PasswordReset {
            token_hash: TokenHash::from_stored(row.token_hash),
            user_id: UserId::from_uuid(row.user_id),
            created_at: row.created_at,
            expires_at: row.expires_at,
            used_at: row.used_at,
        }))
    }

    async fn consume(
        &self,
        token_hash: &TokenHash,
        now: DateTime<Utc>,
    ) -> Result<bool, RepositoryError> {
        let result = password_resets::Entity::update_many()
            .col_expr(password_resets::Column::UsedAt, Expr::value(Some(now)))
            .filter(password_resets::Column::TokenHash.eq(token_hash.as_str()))
            .filter(password_resets::Column::UsedAt.is_null())
            .filter(password_resets::Column::ExpiresAt.gt(now))
            .exec(&self.writer)
            .await
            .map_err(storage)?;
        Ok(result.rows_affected == 1)
    }
}
