use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assistants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub vapi_assistant_id: String,
    pub phone_number: Option<String>,
    pub vapi_phone_number_id: Option<String>,
    pub created_at: DateTimeUtc,
    pub synced_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
