use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An assistant Ava created in the owner's Vapi organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assistant {
    pub id: String,
    pub name: String,
    pub vapi_assistant_id: String,
    /// The number imported into Vapi and bound to this assistant, if any.
    pub phone_number: Option<String>,
    pub vapi_phone_number_id: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Last time the studio configuration was pushed to Vapi.
    pub synced_at: DateTime<Utc>,
}

/// `GET /assistants`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssistantList {
    pub assistants: Vec<Assistant>,
}
