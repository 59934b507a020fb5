use chrono::{DateTime, Utc};

use crate::{
    email::EmailAddress, ids::UserId, locale::Locale, password::PasswordHash, text::FullName,
};

/// An owner's account, as the rest of the product sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: EmailAddress,
    pub full_name: Option<FullName>,
    pub locale: Locale,
    pub created_at: DateTime<Utc>,
}

/// An account about to be created.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub user: User,
    pub password_hash: PasswordHash,
}
