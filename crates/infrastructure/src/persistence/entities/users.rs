use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub email: String,
    pub email_key: String,
    pub password_hash: String,
    pub full_name: Option<String>,
    pub organization_name: Option<String>,
    pub industry: Option<String>,
    pub timezone: Option<String>,
    pub locale: String,
    pub marketing_opt_in: bool,
    pub terms_accepted_at: Option<DateTimeUtc>,
    pub profile_version: i64,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
