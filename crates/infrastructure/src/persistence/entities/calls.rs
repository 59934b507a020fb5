use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "calls")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub vapi_call_id: String,
    pub caller: Option<String>,
    pub started_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    pub duration_seconds: Option<f64>,
    pub ended_reason: Option<String>,
    pub summary: Option<String>,
    pub transcript: Option<String>,
    pub during_hours: Option<bool>,
}

impl ActiveModelBehavior for ActiveModel {}
