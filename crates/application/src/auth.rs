//! Sign-up, log-in, log-out and recognising a signed-in owner.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use ava_domain::{
    email::EmailAddress,
    funnel::Milestone,
    ids::{SessionId, UserId},
    locale::Locale,
    password::Password,
    session::{DeviceHint, Session, SessionToken},
    text::FullName,
    user::{NewUser, User},
};

use crate::{
    error::AppError,
    funnel,
    ports::{
        Clock, OnboardingEventRepository, PasswordHasher, SessionRepository, TokenGenerator,
        UserRepository,
    },
};

pub struct SignUp {
    pub email: EmailAddress,
    pub password: Password,
    pub full_name: Option<FullName>,
    pub locale: Locale,
}

/// A new session: the token is handed to the owner once and never stored.
#[derive(Debug)]
pub struct SignedIn {
    pub user: User,
    pub token: SessionToken,
    pub expires_at: DateTime<Utc>,
}

pub struct AuthService {
    users: Arc<dyn UserRepository>,
    sessions: Arc<dyn SessionRepository>,
    events: Arc<dyn OnboardingEventRepository>,
    hasher: Arc<dyn PasswordHasher>,
    tokens: Arc<dyn TokenGenerator>,
    clock: Arc<dyn Clock>,
    session_lifetime: Duration,
}

impl AuthService {
    pub fn new(
        users: Arc<dyn UserRepository>,
        sessions: Arc<dyn SessionRepository>,
        events: Arc<dyn OnboardingEventRepository>,
        hasher: Arc<dyn PasswordHasher>,
        tokens: Arc<dyn TokenGenerator>,
        clock: Arc<dyn Clock>,
        session_lifetime: Duration,
    ) -> Self {
        Self {
            users,
            sessions,
            events,
            hasher,
            tokens,
            clock,
            session_lifetime,
        }
    }

    pub fn session_lifetime(&self) -> Duration {
        self.session_lifetime
    }

    /// How many sessions are signed in now, of every owner: for operators.
    pub async fn active_sessions(&self) -> Result<u64, AppError> {
        Ok(self.sessions.count_active(self.clock.now()).await?)
    }

    /// `device` describes the client, for the owner's list of sessions.
    pub async fn sign_up(
        &self,
        request: SignUp,
        device: Option<DeviceHint>,
    ) -> Result<SignedIn, AppError> {
        let user = User {
            id: UserId::generate(),
            email: request.email,
            full_name: request.full_name,
            locale: request.locale,
            created_at: self.clock.now(),
        };
        let password_hash = self.hasher.hash(request.password).await?;
        self.users
            .create(&NewUser {
                user: user.clone(),
                password_hash,
            })
            .await?;
        tracing::info!(user_id = %user.id, "owner signed up");
        funnel::record(
            self.events.as_ref(),
            user.id,
            &[Milestone::SIGNED_UP],
            user.created_at,
        )
        .await;
        self.open_session(user, device).await
    }

    /// The same answer for an unknown email and a wrong password.
    pub async fn log_in(
        &self,
        email: &str,
        password: Password,
        device: Option<DeviceHint>,
    ) -> Result<SignedIn, AppError> {
        let found = self
            .users
            .find_by_email(&email.trim().to_lowercase())
            .await?;
        let (user, hash) = found.map_or((None, None), |(user, hash)| (Some(user), Some(hash)));
        let matches = self.hasher.verify(password, hash).await?;
        match user {
            Some(user) if matches => {
                // Log-in is rare and cheap to piggyback on: sweep the expired sessions.
                self.sessions.delete_expired(self.clock.now()).await?;
                self.open_session(user, device).await
            }
            _ => Err(AppError::InvalidCredentials),
        }
    }

    pub async fn log_out(&self, token: &SessionToken) -> Result<(), AppError> {
        Ok(self.sessions.delete(&token.hash()).await?)
    }

    /// The owner a token signs in, if the session exists and has not expired.
    /// The use is recorded, at most once a minute per session.
    pub async fn authenticate(&self, token: &SessionToken) -> Result<UserId, AppError> {
        let hash = token.hash();
        let session = self
            .sessions
            .find(&hash)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let now = self.clock.now();
        if session.is_expired_at(now) {
            self.sessions.delete(&hash).await?;
            return Err(AppError::Unauthenticated);
        }
        if session.is_stale_use(now) {
            self.sessions.touch(session.id, now).await?;
        }
        Ok(session.user_id)
    }

    pub async fn me(&self, owner: UserId) -> Result<User, AppError> {
        self.users
            .get(owner)
            .await?
            .ok_or(AppError::Unauthenticated)
    }

    pub(crate) async fn open_session(
        &self,
        user: User,
        device: Option<DeviceHint>,
    ) -> Result<SignedIn, AppError> {
        let token = self.tokens.session_token();
        let now = self.clock.now();
        let session = Session {
            id: SessionId::generate(),
            token_hash: token.hash(),
            user_id: user.id,
            created_at: now,
            last_used_at: now,
            expires_at: now + self.session_lifetime,
            device,
        };
        self.sessions.create(&session).await?;
        Ok(SignedIn {
            user,
            token,
            expires_at: session.expires_at,
        })
    }
}

#[cfg(test)]
mod tests;
