//! Sessions, and the cache that spares a signed-in request its database
//! round trip.

use std::{
    collections::HashMap,
    sync::{Mutex, MutexGuard, PoisonError},
    time::{Duration, Instant},
};

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

/// How long a session read from the database is trusted without reading
/// it again. A session ended through another process sharing the database
/// (a log-out, "sign out everywhere", a password change or reset on
/// another replica) stops signing in here at most this long after; one
/// ended through this process is evicted at once. See
/// docs/operations.md, "Replicas".
const TRUSTED_FOR: Duration = Duration::from_secs(1);
/// Past this many entries, the stale ones are swept (all, if none is).
const MOST_ENTRIES: usize = 10_000;

/// The sessions read in the last `TRUSTED_FOR`, by token hash.
#[derive(Default)]
pub(super) struct SessionCache(Mutex<CachedSessions>);

#[derive(Default)]
struct CachedSessions {
    by_hash: HashMap<String, (Session, Instant)>,
    /// Bumped by every eviction: a read that began before one does not
    /// cache what it read, which may be the session just ended.
    evictions: u64,
}

impl SessionCache {
    fn lock(&self) -> MutexGuard<'_, CachedSessions> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn get(&self, hash: &TokenHash) -> Option<Session> {
        let cached = self.lock();
        let (session, read_at) = cached.by_hash.get(hash.as_str())?;
        (read_at.elapsed() < TRUSTED_FOR).then(|| session.clone())
    }

    /// Where a read from the database begins: the eviction count then.
    fn reading(&self) -> u64 {
        self.lock().evictions
    }

    fn put(&self, session: &Session, read_at: Instant, evictions_then: u64) {
        let mut cached = self.lock();
        if cached.evictions != evictions_then {
            return;
        }
        if cached.by_hash.len() >= MOST_ENTRIES {
            cached
                .by_hash
                .retain(|_, (_, read_at)| read_at.elapsed() < TRUSTED_FOR);
            if cached.by_hash.len() >= MOST_ENTRIES {
                cached.by_hash.clear();
            }
        }
        let key = session.token_hash.as_str().to_owned();
        cached.by_hash.insert(key, (session.clone(), read_at));
    }

    /// Forgets the sessions `ended` says were ended.
    fn evict(&self, ended: impl Fn(&Session) -> bool) {
        let mut cached = self.lock();
        cached.evictions += 1;
        cached.by_hash.retain(|_, (session, _)| !ended(session));
    }

    fn touched(&self, id: SessionId, at: DateTime<Utc>) {
        let mut cached = self.lock();
        for (session, _) in cached.by_hash.values_mut() {
            if session.id == id && session.last_used_at < at {
                session.last_used_at = at;
            }
        }
    }
}

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
        if let Some(cached) = self.sessions.get(token_hash) {
            return Ok(Some(cached));
        }
        let (read_at, evictions_then) = (Instant::now(), self.sessions.reading());
        let row = sessions::Entity::find()
            .filter(sessions::Column::TokenHash.eq(token_hash.as_str()))
            .one(&self.db)
            .await
            .map_err(storage)?;
        let found = row.map(session);
        if let Some(found) = &found {
            self.sessions.put(found, read_at, evictions_then);
        }
        Ok(found)
    }

    async fn delete(&self, token_hash: &TokenHash) -> Result<(), RepositoryError> {
        sessions::Entity::delete_many()
            .filter(sessions::Column::TokenHash.eq(token_hash.as_str()))
            .exec(&self.writer)
            .await
            .map_err(storage)?;
        self.sessions
            .evict(|session| session.token_hash.as_str() == token_hash.as_str());
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
        self.sessions.touched(id, at);
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
        self.sessions
            .evict(|session| session.id == id && session.user_id == owner);
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
        self.sessions.evict(|session| {
            session.user_id == owner && keep.is_none_or(|keep| session.token_hash != *keep)
        });
        Ok(result.rows_affected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a_session() -> Session {
        let now = Utc::now();
        Session {
            id: SessionId::generate(),
            token_hash: TokenHash::from_stored("a-token-hash".to_owned()),
            user_id: UserId::generate(),
            created_at: now,
            last_used_at: now,
            expires_at: now + chrono::Duration::days(30),
            device: None,
        }
    }

    #[test]
    fn a_session_read_is_trusted_for_a_second_only() {
        let cache = SessionCache::default();
        let session = a_session();
        cache.put(&session, Instant::now(), cache.reading());
        assert_eq!(cache.get(&session.token_hash), Some(session.clone()));

        let a_second_ago = Instant::now()
            .checked_sub(TRUSTED_FOR)
            .expect("the clock is past a second");
        cache.put(&session, a_second_ago, cache.reading());
        assert_eq!(cache.get(&session.token_hash), None);
    }

    #[test]
    fn an_ended_session_is_forgotten_even_by_a_read_under_way() {
        let cache = SessionCache::default();
        let session = a_session();
        cache.put(&session, Instant::now(), cache.reading());
        let began = cache.reading();
        cache.evict(|ended| ended.id == session.id);
        assert_eq!(cache.get(&session.token_hash), None);

        // The read began before the session ended: what it read is stale.
        cache.put(&session, Instant::now(), began);
        assert_eq!(cache.get(&session.token_hash), None);
    }

    #[test]
    fn only_the_sessions_said_ended_are_forgotten() {
        let cache = SessionCache::default();
        let (kept, ended) = (
            a_session(),
            Session {
                token_hash: TokenHash::from_stored("another-hash".to_owned()),
                ..a_session()
            },
        );
        for session in [&kept, &ended] {
            cache.put(session, Instant::now(), cache.reading());
        }
        cache.evict(|session| session.id == ended.id);
        assert_eq!(cache.get(&kept.token_hash), Some(kept));
        assert_eq!(cache.get(&ended.token_hash), None);
    }
}
