use async_trait::async_trait;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
    sea_query::OnConflict,
};

use ava_application::ports::{AssistantRepository, RepositoryError};
use ava_domain::{
    assistant::Assistant,
    ids::{AssistantId, UserId},
    phone::PhoneNumber,
};

use super::{Store, entities::assistants as rows, storage, stored};

fn assistant(row: rows::Model) -> Result<Assistant, RepositoryError> {
    Ok(Assistant {
        id: AssistantId::from_uuid(row.id),
        owner: UserId::from_uuid(row.user_id),
        name: row.name,
        vapi_assistant_id: row.vapi_assistant_id,
        phone_number: row
            .phone_number
            .as_deref()
            .map(|number| stored("assistants.phone_number", PhoneNumber::parse(number)))
            .transpose()?,
        vapi_phone_number_id: row.vapi_phone_number_id,
        created_at: row.created_at,
        synced_at: row.synced_at,
    })
}

#[async_trait]
impl AssistantRepository for Store {
    async fn save(
        &self,
        assistant: &Assistant,
        released: Option<AssistantId>,
    ) -> Result<(), RepositoryError> {
        let txn = self.writer.begin().await.map_err(storage)?;
        if let Some(released) = released {
            let cleared = rows::ActiveModel {
                phone_number: Set(None),
                vapi_phone_number_id: Set(None),
                ..Default::default()
            };
            rows::Entity::update_many()
                .set(cleared)
                .filter(rows::Column::Id.eq(released.as_uuid()))
                .filter(rows::Column::UserId.eq(assistant.owner.as_uuid()))
                .exec(&txn)
                .await
                .map_err(storage)?;
        }
        let row = rows::ActiveModel {
            id: Set(assistant.id.as_uuid()),
            user_id: Set(assistant.owner.as_uuid()),
            name: Set(assistant.name.clone()),
            vapi_assistant_id: Set(assistant.vapi_assistant_id.clone()),
            phone_number: Set(assistant
                .phone_number
                .as_ref()
                .map(|number| number.as_str().to_owned())),
            vapi_phone_number_id: Set(assistant.vapi_phone_number_id.clone()),
            created_at: Set(assistant.created_at),
            synced_at: Set(assistant.synced_at),
        };
        let on_conflict = OnConflict::column(rows::Column::Id)
            .update_columns([
                rows::Column::Name,
                rows::Column::PhoneNumber,
                rows::Column::VapiPhoneNumberId,
                rows::Column::SyncedAt,
            ])
            .to_owned();
        rows::Entity::insert(row)
            .on_conflict(on_conflict)
            .exec(&txn)
            .await
            .map_err(storage)?;
        txn.commit().await.map_err(storage)
    }

    async fn list(&self, owner: UserId) -> Result<Vec<Assistant>, RepositoryError> {
        rows::Entity::find()
            .filter(rows::Column::UserId.eq(owner.as_uuid()))
            .order_by_asc(rows::Column::CreatedAt)
            .order_by_asc(rows::Column::Id)
            .all(&self.db)
            .await
            .map_err(storage)?
            .into_iter()
            .map(assistant)
            .collect()
    }
}
