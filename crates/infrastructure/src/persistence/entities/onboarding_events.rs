use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "onboarding_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub step: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    pub at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
