use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};

use ava_application::ports::{RepositoryError, SessionRepository};
use ava_domain::{
    ids::{SessionId, UserId},
    session::{DeviceHint, Session, TokenHash},
};

use super::{Store, entities::sessions, storage};

fn session(row: sessions::Model) -> Session {
    Session {
        id: SessionId::from_uuid(row.id),
        token_hash: TokenHash::from_stored(row.token_hash),
        user_id: UserId::from_uuid(row.user_id),
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        expires_at: row.expires_at,
        device: row.device.as_deref().and_then(DeviceHint::from_stored),
    }
}

#[async_trait]
impl SessionRepository for Store {
    async fn create(&self, session: &Session) -> Result<(), RepositoryError> {
        let row = sessions::ActiveModel {
            id: Set(session.id.as_uuid()),
            token_hash: Set(session.token_hash.as_str().to_owned()),
            user_id: Set(session.user_id.as_uuid()),
            created_at: Set(session.created_at),
            last_used_at: Set(session.last_used_at),
            expires_at: Set(session.expires_at),
            device: Set(session
                .device
                .as_ref()
                .map(|device| device.as_str().to_owned())),
        };
        sessions::Entity::insert(row)
            .exec(&self.writer)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn find(&self, token_hash: &TokenHash) -> Result<Option<Session>, RepositoryError> {
        let row = sessions::Entity::find()
            .filter(sessions::Column::TokenHash.eq(token_hash.as_str()))
            .one(&self.db)
            .await
            .map_err(storage)?;
        Ok(row.map(session))
    }

    async fn delete(&self, token_hash: &TokenHash) -> Result<(), RepositoryError> {
        sessions::Entity::delete_many()
            .filter(sessions::Column::TokenHash.eq(token_hash.as_str()))
            .exec(&self.writer)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn delete_expired(&self, now: DateTime<Utc>) -> Result<u64, RepositoryError> {
        let result = sessions::Entity::delete_many()
            .filter(sessions::Column::ExpiresAt.lte(now))
            .exec(&self.writer)
            .await
            .map_err(storage)?;
        Ok(result.rows_affected)
    }

    async fn count_active(&self, now: DateTime<Utc>) -> Result<u64, RepositoryError> {
        // A range of the expiry index: cheap enough for every scrape.
        sessions::Entity::find()
            .filter(sessions::Column::ExpiresAt.gt(now))
            .count(&self.db)
            .await
            .map_err(storage)
    }

    async fn touch(&self, id: SessionId, at: DateTime<Utc>) -> Result<(), RepositoryError> {
        // Never backwards: two requests of one session may race.
        sessions::Entity::update_many()
            .col_expr(sessions::Column::LastUsedAt, Expr::value(at))
            .filter(sessions::Column::Id.eq(id.as_uuid()))
            .filter(sessions::Column::LastUsedAt.lt(at))
            .exec(&self.writer)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn list(&self, owner: UserId) -> Result<Vec<Session>, RepositoryError> {
        let rows = sessions::Entity::find()
            .filter(sessions::Column::UserId.eq(owner.as_uuid()))
            .order_by_desc(sessions::Column::CreatedAt)
            .order_by_desc(sessions::Column::Id)
            .all(&self.db)
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(session).collect())
    }

    async fn delete_of(&self, owner: UserId, id: SessionId) -> Result<bool, RepositoryError> {
        let result = sessions::Entity::delete_many()
            .filter(sessions::Column::Id.eq(id.as_uuid()))
            .filter(sessions::Column::UserId.eq(owner.as_uuid()))
            .exec(&self.writer)
            .await
            .map_err(storage)?;
        Ok(result.rows_affected > 0)
    }

    async fn delete_all_of(
        &self,
        owner: UserId,
        keep: Option<&TokenHash>,
    ) -> Result<u64, RepositoryError> {
        let mut condition = Condition::all().add(sessions::Column::UserId.eq(owner.as_uuid()));
        if let Some(keep) = keep {
            condition = condition.add(sessions::Column::TokenHash.ne(keep.as_str()));
        }
        let result = sessions::Entity::delete_many()
            .filter(condition)
            .exec(&self.writer)
            .await
            .map_err(storage)?;
        Ok(result.rows_affected)
    }
}
