use async_trait::async_trait;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::OnConflict,
};

use ava_application::ports::{CallRepository, RepositoryError};
use ava_domain::{
    call::{Call, CallReport},
    ids::{CallId, UserId},
};

use super::{Store, entities::calls as rows, storage};

/// What a later report of the same call replaces.
const REPORT_COLUMNS: [rows::Column; 8] = [
    rows::Column::Caller,
    rows::Column::StartedAt,
    rows::Column::EndedAt,
    rows::Column::DurationSeconds,
    rows::Column::EndedReason,
    rows::Column::Summary,
    rows::Column::Transcript,
    rows::Column::DuringHours,
];

fn row(call: &Call) -> rows::ActiveModel {
    let report = &call.report;
    rows::ActiveModel {
        id: Set(call.id.as_uuid()),
        user_id: Set(call.owner.as_uuid()),
        vapi_call_id: Set(report.vapi_call_id.clone()),
        caller: Set(report.caller.clone()),
        started_at: Set(report.started_at),
        ended_at: Set(report.ended_at),
        duration_seconds: Set(report.duration_seconds),
        ended_reason: Set(report.ended_reason.clone()),
        summary: Set(report.summary.clone()),
        transcript: Set(report.transcript.clone()),
        during_hours: Set(call.during_hours),
    }
}

fn call(row: rows::Model) -> Call {
    Call {
        id: CallId::from_uuid(row.id),
        owner: UserId::from_uuid(row.user_id),
        during_hours: row.during_hours,
        report: CallReport {
            vapi_call_id: row.vapi_call_id,
            caller: row.caller,
            started_at: row.started_at,
            ended_at: row.ended_at,
            duration_seconds: row.duration_seconds,
            ended_reason: row.ended_reason,
            summary: row.summary,
            transcript: row.transcript,
        },
    }
}

#[async_trait]
impl CallRepository for Store {
    async fn record(&self, call: &Call) -> Result<CallId, RepositoryError> {
        // One statement whoever wins a race between two reports of a call.
        let on_conflict = OnConflict::columns([rows::Column::UserId, rows::Column::VapiCallId])
            .update_columns(REPORT_COLUMNS)
            .to_owned();
        rows::Entity::insert(row(call))
            .on_conflict(on_conflict)
            .exec_without_returning(&self.writer)
            .await
            .map_err(storage)?;
        let id: Option<uuid::Uuid> = rows::Entity::find()
            .select_only()
            .column(rows::Column::Id)
            .filter(rows::Column::UserId.eq(call.owner.as_uuid()))
            .filter(rows::Column::VapiCallId.eq(call.report.vapi_call_id.as_str()))
            .into_tuple()
            .one(&self.writer)
            .await
            .map_err(storage)?;
        Ok(id.map_or(call.id, CallId::from_uuid))
    }

    async fn page(
        &self,
        owner: UserId,
        limit: u64,
        before: Option<CallId>,
    ) -> Result<Vec<Call>, RepositoryError> {
        let mut query = rows::Entity::find().filter(rows::Column::UserId.eq(owner.as_uuid()));
        if let Some(before) = before {
            query = query.filter(rows::Column::Id.lt(before.as_uuid()));
        }
        let rows = query
            .order_by_desc(rows::Column::Id)
            .limit(limit)
            .all(&self.db)
            .await
            .map_err(storage)?;
        Ok(rows.into_iter().map(call).collect())
    }
}
