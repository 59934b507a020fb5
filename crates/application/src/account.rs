//! What an owner does with their own account: see and end their sessions,
//! change their password, and get back in after forgetting it (a
//! single-use link by email).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use ava_domain::{
    ids::{SessionId, UserId},
    password::Password,
    session::{DeviceHint, PasswordReset, ResetRefusal, ResetToken, SessionToken},
};

use crate::{
    error::AppError,
    ports::{
        Clock, Mailer, PasswordHasher, PasswordResetRepository, SessionRepository, TokenGenerator,
        UserRepository,
    },
};

mod mail;

/// Where owners open the web app: the links Ava emails start with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppUrl(String);

impl AppUrl {
    /// `base` without its trailing slashes.
    pub fn new(base: &str) -> Self {
        Self(base.trim_end_matches('/').to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One of the owner's sessions, as they see it in their list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    pub id: SessionId,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub device: Option<DeviceHint>,
    /// The session of the request that asked.
    pub current: bool,
}

pub struct AccountService {
    users: Arc<dyn UserRepository>,
    sessions: Arc<dyn SessionRepository>,
    resets: Arc<dyn PasswordResetRepository>,
    hasher: Arc<dyn PasswordHasher>,
    tokens: Arc<dyn TokenGenerator>,
    clock: Arc<dyn Clock>,
    mailer: Arc<dyn Mailer>,
    app_url: AppUrl,
}

/// The adapters the account's use cases need.
pub struct AccountPorts {
    pub users: Arc<dyn UserRepository>,
    pub sessions: Arc<dyn SessionRepository>,
    pub resets: Arc<dyn PasswordResetRepository>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub tokens: Arc<dyn TokenGenerator>,
    pub clock: Arc<dyn Clock>,
    pub mailer: Arc<dyn Mailer>,
}

impl AccountService {
    pub fn new(ports: AccountPorts, app_url: AppUrl) -> Self {
        Self {
            users: ports.users,
            sessions: ports.sessions,
            resets: ports.resets,
            hasher: ports.hasher,
            tokens: ports.tokens,
            clock: ports.clock,
            mailer: ports.mailer,
            app_url,
        }
    }

    /// The owner's unexpired sessions, newest first; `current` is the one
    /// asking.
    pub async fn sessions(
        &self,
        owner: UserId,
        current: &SessionToken,
    ) -> Result<Vec<SessionView>, AppError> {
        let now = self.clock.now();
        let current = current.hash();
        Ok(self
            .sessions
            .list(owner)
            .await?
            .into_iter()
            .filter(|session| !session.is_expired_at(now))
            .map(|session| SessionView {
                current: session.token_hash == current,
                id: session.id,
                created_at: session.created_at,
                last_used_at: session.last_used_at,
                device: session.device,
            })
            .collect())
    }

    /// Ends one of the owner's sessions (another owner's is "not found").
    pub async fn end_session(&self, owner: UserId, id: SessionId) -> Result<(), AppError> {
        if self.sessions.delete_of(owner, id).await? {
            tracing::info!(user_id = %owner, session_id = %id, "session ended by its owner");
            Ok(())
        } else {
            Err(AppError::SessionNotFound)
        }
    }

    /// Ends every session of the owner but `current`; answers how many.
    pub async fn end_other_sessions(
        &self,
        owner: UserId,
        current: &SessionToken,
    ) -> Result<u64, AppError> {
        let ended = self
            .sessions
            .delete_all_of(owner, Some(&current.hash()))
            .await?;
        tracing::info!(user_id = %owner, ended, "other sessions ended by their owner");
        Ok(ended)
    }

    /// Sets a new password once the current one is proven; every other
    /// session of the owner ends, `current` stays.
    pub async fn change_password(
        &self,
        owner: UserId,
        current: &SessionToken,
        current_password: Password,
        new_password: Password,
    ) -> Result<(), AppError> {
        let hash = self
            .users
            .password_hash(owner)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if !self.hasher.verify(current_password, Some(hash)).await? {
            return Err(AppError::WrongCurrentPassword);
        }
        let new_hash = self.hasher.hash(new_password).await?;
        self.users.set_password_hash(owner, &new_hash).await?;
        let ended = self
            .sessions
            .delete_all_of(owner, Some(&current.hash()))
            .await?;
        tracing::info!(user_id = %owner, ended, "password changed; other sessions ended");
        Ok(())
    }

    /// Emails a reset link to the account of `email`, if there is one. The
    /// caller answers the same whatever happens here, and should not wait
    /// for it: how long it takes would tell whether the account exists.
    pub async fn request_password_reset(&self, email: &str) -> Result<(), AppError> {
        let Some((user, _)) = self
            .users
            .find_by_email(&email.trim().to_lowercase())
            .await?
        else {
            tracing::info!("password reset asked for an email without an account");
            return Ok(());
        };
        let token = self.tokens.reset_token();
        let now = self.clock.now();
        self.resets
            .replace(&PasswordReset {
                token_hash: token.hash(),
                user_id: user.id,
                created_at: now,
                expires_at: now + ResetToken::LIFETIME,
                used_at: None,
            })
            .await?;
        let link = format!(
            "{}/{}/reset-password?token={}",
            self.app_url.as_str(),
            user.locale.code(),
            token.expose()
        );
        let mail = mail::password_reset(&user, &link);
        self.mailer
            .send(mail)
            .await
            .map_err(|error| AppError::Internal(error.to_string()))?;
        tracing::info!(user_id = %user.id, "password reset link sent");
        Ok(())
    }

    /// Sets the password of the reset's owner and ends all their sessions;
    /// the token is used up.
    pub async fn confirm_password_reset(
        &self,
        token: &ResetToken,
        new_password: Password,
    ) -> Result<UserId, AppError> {
        let hash = token.hash();
        let reset = self
            .resets
            .find(&hash)
            .await?
            .ok_or(AppError::ResetTokenRefused(ResetRefusal::Unknown))?;
        reset
            .check(self.clock.now())
            .map_err(AppError::ResetTokenRefused)?;
        let new_hash = self.hasher.hash(new_password).await?;
        // Checked again, in one step with its use: of two requests racing
        // with the same token, one sets the password.
        if !self.resets.consume(&hash, self.clock.now()).await? {
            return Err(AppError::ResetTokenRefused(ResetRefusal::Used));
        }
        self.users
            .set_password_hash(reset.user_id, &new_hash)
            .await?;
        let ended = self.sessions.delete_all_of(reset.user_id, None).await?;
        tracing::info!(user_id = %reset.user_id, ended, "password reset; every session ended");
        Ok(reset.user_id)
    }
}

#[cfg(test)]
mod tests;
