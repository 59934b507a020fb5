use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "studio_configs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub persona: Option<String>,
    pub job_to_be_done: Option<String>,
    pub languages: String,
    pub tone: String,
    pub guidelines: Option<String>,
    pub first_message: Option<String>,
    pub voice_provider: String,
    pub voice_id: String,
    pub model_provider: String,
    pub model: String,
    pub phone_number: Option<String>,
    pub business_hours: Option<String>,
    pub integrations: String,
    pub plan: Option<String>,
    pub handoff_number: Option<String>,
    pub after_hours: Option<String>,
    pub closures: Option<String>,
    pub version: i64,
}

impl ActiveModelBehavior for ActiveModel {}
