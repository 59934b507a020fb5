use async_trait::async_trait;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryTrait};

use ava_application::ports::{CreateUserError, RepositoryError, SaveError, UserRepository};
use ava_domain::{
    Invalid,
    email::EmailAddress,
    ids::UserId,
    locale::Locale,
    password::PasswordHash,
    profile::{Industry, Profile},
    text::Text,
    timezone::Timezone,
    user::{NewUser, User},
};

use super::{Store, entities::users, is_unique_violation, storage, stored, versioned_update};

fn locale(code: &str) -> Result<Locale, RepositoryError> {
    stored(
        "users.locale",
        Locale::from_code(code).ok_or(Invalid::UnknownChoice),
    )
}

fn user(row: &users::Model) -> Result<User, RepositoryError> {
    Ok(User {
        id: UserId::from_uuid(row.id),
        email: stored("users.email", EmailAddress::parse(&row.email))?,
        full_name: stored("users.full_name", Text::optional(row.full_name.as_deref()))?,
        locale: locale(&row.locale)?,
        created_at: row.created_at,
    })
}

fn profile(row: users::Model) -> Result<Profile, RepositoryError> {
    Ok(Profile {
        email: stored("users.email", EmailAddress::parse(&row.email))?,
        full_name: stored("users.full_name", Text::optional(row.full_name.as_deref()))?,
        organization_name: stored(
            "users.organization_name",
            Text::optional(row.organization_name.as_deref()),
        )?,
        industry: row
            .industry
            .as_deref()
            .map(|industry| stored("users.industry", Industry::parse(industry)))
            .transpose()?,
        timezone: row
            .timezone
            .as_deref()
            .map(|timezone| stored("users.timezone", Timezone::parse(timezone)))
            .transpose()?,
        locale: locale(&row.locale)?,
        marketing_opt_in: row.marketing_opt_in,
        terms_accepted_at: row.terms_accepted_at,
        version: row.profile_version,
    })
}

#[async_trait]
impl UserRepository for Store {
    async fn create(&self, new: &NewUser) -> Result<(), CreateUserError> {
        let account = &new.user;
        let row = users::ActiveModel {
            id: Set(account.id.as_uuid()),
            email: Set(account.email.as_str().to_owned()),
            email_key: Set(account.email.key()),
            password_hash: Set(new.password_hash.as_str().to_owned()),
            full_name: Set(account
                .full_name
                .as_ref()
                .map(|name| name.as_str().to_owned())),
            organization_name: Set(None),
            industry: Set(None),
            timezone: Set(None),
            locale: Set(account.locale.code().to_owned()),
            marketing_opt_in: Set(false),
            terms_accepted_at: Set(None),
            profile_version: Set(1),
            created_at: Set(account.created_at),
        };
        match users::Entity::insert(row).exec(&self.writer).await {
            Ok(_) => Ok(()),
            Err(error) if is_unique_violation(&error) => Err(CreateUserError::EmailTaken),
            Err(error) => Err(CreateUserError::Repository(storage(error))),
        }
    }

    async fn find_by_email(
        &self,
        email_key: &str,
    ) -> Result<Option<(User, PasswordHash)>, RepositoryError> {
        let row = users::Entity::find()
            .filter(users::Column::EmailKey.eq(email_key))
            .one(&self.db)
            .await
            .map_err(storage)?;
        row.map(|row| Ok((user(&row)?, PasswordHash::new(row.password_hash))))
            .transpose()
    }

    async fn get(&self, id: UserId) -> Result<Option<User>, RepositoryError> {
        let row = users::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await
            .map_err(storage)?;
        row.as_ref().map(user).transpose()
    }

    async fn profile(&self, id: UserId) -> Result<Option<Profile>, RepositoryError> {
        let row = users::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await
            .map_err(storage)?;
        row.map(profile).transpose()
    }

    async fn password_hash(&self, id: UserId) -> Result<Option<PasswordHash>, RepositoryError> {
        let row = users::Entity::find_by_id(id.as_uuid())
            .one(&self.db)
            .await
            .map_err(storage)?;
        Ok(row.map(|row| PasswordHash::new(row.password_hash)))
    }

    async fn set_password_hash(
        &self,
        id: UserId,
        hash: &PasswordHash,
    ) -> Result<(), RepositoryError> {
        let changes = users::ActiveModel {
            password_hash: Set(hash.as_str().to_owned()),
            ..Default::default()
        };
        users::Entity::update_many()
            .set(changes)
            .filter(users::Column::Id.eq(id.as_uuid()))
            .exec(&self.writer)
            .await
            .map_err(storage)?;
        Ok(())
    }

    async fn save_profile(&self, id: UserId, profile: &Profile) -> Result<i64, SaveError> {
        let text = |value: Option<&str>| Set(value.map(str::to_owned));
        let changes = users::ActiveModel {
            full_name: text(profile.full_name.as_ref().map(Text::as_str)),
            organization_name: text(profile.organization_name.as_ref().map(Text::as_str)),
            industry: text(profile.industry.map(|industry| industry.code())),
            timezone: text(profile.timezone.map(|timezone| timezone.name())),
            locale: Set(profile.locale.code().to_owned()),
            marketing_opt_in: Set(profile.marketing_opt_in),
            terms_accepted_at: Set(profile.terms_accepted_at),
            profile_version: Set(profile.version + 1),
            ..Default::default()
        };
        let update = users::Entity::update_many()
            .set(changes)
            .filter(users::Column::Id.eq(id.as_uuid()))
            .filter(users::Column::ProfileVersion.eq(profile.version))
            .build(self.backend());
        let rows_affected = self.write(update).await.map_err(storage)?;
        versioned_update(rows_affected, profile.version)
    }
}
