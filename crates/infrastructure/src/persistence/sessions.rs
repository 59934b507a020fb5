use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use ava_application::ports::{RepositoryError, SessionRepository};
use ava_domain::{
    ids::UserId,
    session::{Session, TokenHash},
};

use super::{Store, entities::sessions, storage};

#[async_trait]
impl SessionRepository for Store {
    async fn create(&self, session: &Session) -> Result<(), RepositoryError> {
        let row = sessions::ActiveModel {
            token_hash: Set(session.token_hash.as_str().to_owned()),
            user_id: Set(session.user_id.as_uuid()),
            created_at: Set(session.created_at),
            expires_at: Set(session.expires_at),
        };
        sessions::Entity::insert(row)
            .exec(&self.db)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn find(&self, token_hash: &TokenHash) -> Result<Option<Session>, RepositoryError> {
        let row = sessions::Entity::find_by_id(token_hash.as_str().to_owned())
            .one(&self.db)
            .await
            .map_err(storage)?;
        Ok(row.map(|row| Session {
            token_hash: TokenHash::from_stored(row.token_hash),
            user_id: UserId::from_uuid(row.user_id),
            created_at: row.created_at,
            expires_at: row.expires_at,
        }))
    }

    async fn delete(&self, token_hash: &TokenHash) -> Result<(), RepositoryError> {
        sessions::Entity::delete_by_id(token_hash.as_str().to_owned())
            .exec(&self.db)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn delete_expired(&self, now: DateTime<Utc>) -> Result<u64, RepositoryError> {
        let result = sessions::Entity::delete_many()
            .filter(sessions::Column::ExpiresAt.lte(now))
            .exec(&self.db)
            .await
            .map_err(storage)?;
        Ok(result.rows_affected)
    }
}
