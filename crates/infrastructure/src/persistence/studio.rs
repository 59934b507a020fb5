use std::collections::BTreeMap;

use async_trait::async_trait;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryTrait,
    sea_query::{CaseStatement, Expr, ExprTrait, OnConflict},
};
use serde::{Deserialize, Serialize};

use ava_application::ports::{RepositoryError, SaveError, StudioRepository};
use ava_domain::{
    Invalid,
    hours::{BusinessHours, TimeRange, Weekday},
    ids::UserId,
    locale::Locale,
    phone::PhoneNumber,
    schedule::{AfterHours, AfterHoursMode, Closure, parse_closures},
    studio::{
        Integrations, ModelChoice, Plan, StudioChanges, StudioConfig, Tone, VoiceChoice, VoiceMove,
    },
    text::Text,
};

use super::{Store, entities::studio_configs as rows, storage, stored, stored_json, to_json};

/// `business_hours` as stored: `{"timezone": …, "days": {"mon": [["08:00", "12:00"]]}}`.
#[derive(Serialize, Deserialize)]
struct StoredHours {
    timezone: String,
    days: BTreeMap<String, Vec<[String; 2]>>,
}

impl StoredHours {
    fn of(hours: &BusinessHours) -> Self {
        Self {
            timezone: hours.timezone().name().to_owned(),
            days: hours
                .open_days()
                .map(|(day, ranges)| {
                    let ranges = ranges.iter().map(TimeRange::as_text).collect();
                    (day.code().to_owned(), ranges)
                })
                .collect(),
        }
    }

    fn parse(self) -> Result<BusinessHours, RepositoryError> {
        let mut days = Vec::new();
        for (code, ranges) in &self.days {
            let day = stored(
                "studio_configs.business_hours",
                Weekday::from_code(code).ok_or(Invalid::UnknownChoice),
            )?;
            days.push((
                day,
                ranges
                    .iter()
                    .map(|[start, end]| (start.as_str(), end.as_str()))
                    .collect(),
            ));
        }
        BusinessHours::parse(&self.timezone, days)
            .map_err(|errors| super::corrupt("studio_configs.business_hours", errors))
    }
}

/// `after_hours` as stored: `{"mode": "forward", "forward_to": "+33…"}`.
#[derive(Serialize, Deserialize)]
struct StoredAfterHours {
    mode: String,
    forward_to: Option<String>,
}

impl StoredAfterHours {
    fn of(after_hours: &AfterHours) -> Self {
        Self {
            mode: after_hours.mode().code().to_owned(),
            forward_to: after_hours.forward_to().map(|n| n.as_str().to_owned()),
        }
    }

    fn parse(self) -> Result<AfterHours, RepositoryError> {
        const COLUMN: &str = "studio_configs.after_hours";
        let mode = stored(
            COLUMN,
            AfterHoursMode::from_code(&self.mode).ok_or(Invalid::UnknownChoice),
        )?;
        let forward_to = self
            .forward_to
            .as_deref()
            .map(|number| stored(COLUMN, PhoneNumber::parse(number)))
            .transpose()?;
        AfterHours::new(mode, forward_to).map_err(|errors| super::corrupt(COLUMN, errors))
    }
}

/// `closures` as stored: `[{"date": "2026-12-25", "label": "Noël"}]`.
#[derive(Serialize, Deserialize)]
struct StoredClosure {
    date: String,
    label: Option<String>,
}

fn stored_closures(closures: &[Closure]) -> Vec<StoredClosure> {
    closures
        .iter()
        .map(|closure| StoredClosure {
            date: closure.date.to_string(),
            label: closure.label.as_ref().map(|l| l.as_str().to_owned()),
        })
        .collect()
}

fn parse_stored_closures(json: &str) -> Result<Vec<Closure>, RepositoryError> {
    const COLUMN: &str = "studio_configs.closures";
    let closures: Vec<StoredClosure> = stored_json(COLUMN, json)?;
    parse_closures(
        closures
            .iter()
            .map(|closure| (closure.date.as_str(), closure.label.as_deref())),
    )
    .map_err(|errors| super::corrupt(COLUMN, errors))
}

#[derive(Serialize, Deserialize)]
struct StoredIntegrations {
    calendar: Option<String>,
    crm: Option<String>,
    workspace: Vec<String>,
}

fn config(row: rows::Model) -> Result<StudioConfig, RepositoryError> {
    let languages: Vec<String> = stored_json("studio_configs.languages", &row.languages)?;
    let integrations: StoredIntegrations =
        stored_json("studio_configs.integrations", &row.integrations)?;
    let hours: Option<StoredHours> = row
        .business_hours
        .as_deref()
        .map(|json| stored_json("studio_configs.business_hours", json))
        .transpose()?;
    Ok(StudioConfig {
        persona: stored(
            "studio_configs.persona",
            Text::optional(row.persona.as_deref()),
        )?,
        job_to_be_done: stored(
            "studio_configs.job_to_be_done",
            Text::optional(row.job_to_be_done.as_deref()),
        )?,
        languages: languages
            .iter()
            .map(|code| {
                stored(
                    "studio_configs.languages",
                    Locale::from_code(code).ok_or(Invalid::UnknownChoice),
                )
            })
            .collect::<Result<_, _>>()?,
        tone: stored(
            "studio_configs.tone",
            Tone::from_code(&row.tone).ok_or(Invalid::UnknownChoice),
        )?,
        guidelines: stored(
            "studio_configs.guidelines",
            Text::optional(row.guidelines.as_deref()),
        )?,
        first_message: stored(
            "studio_configs.first_message",
            Text::optional(row.first_message.as_deref()),
        )?,
        voice: stored(
            "studio_configs.voice",
            VoiceChoice::parse(&row.voice_provider, &row.voice_id),
        )?,
        model: stored(
            "studio_configs.model",
            ModelChoice::parse(&row.model_provider, &row.model),
        )?,
        phone_number: row
            .phone_number
            .as_deref()
            .map(|number| stored("studio_configs.phone_number", PhoneNumber::parse(number)))
            .transpose()?,
        business_hours: hours.map(StoredHours::parse).transpose()?,
        integrations: Integrations::parse(
            integrations.calendar.as_deref(),
            integrations.crm.as_deref(),
            &integrations.workspace,
        )
        .map_err(|errors| super::corrupt("studio_configs.integrations", errors))?,
        plan: row
            .plan
            .as_deref()
            .map(|plan| stored("studio_configs.plan", Plan::parse(plan)))
            .transpose()?,
        handoff_number: row
            .handoff_number
            .as_deref()
            .map(|number| stored("studio_configs.handoff_number", PhoneNumber::parse(number)))
            .transpose()?,
        after_hours: row
            .after_hours
            .as_deref()
            .map(|json| stored_json::<StoredAfterHours>("studio_configs.after_hours", json))
            .transpose()?
            .map(StoredAfterHours::parse)
            .transpose()?
            .unwrap_or_default(),
        closures: row
            .closures
            .as_deref()
            .map(parse_stored_closures)
            .transpose()?
            .unwrap_or_default(),
        version: row.version,
    })
}

fn row(owner: UserId, config: &StudioConfig) -> rows::ActiveModel {
    let text = |value: Option<&str>| Set(value.map(str::to_owned));
    let languages: Vec<&str> = config
        .languages
        .iter()
        .map(|language| language.code())
        .collect();
    let integrations = StoredIntegrations {
        calendar: config.integrations.calendar.map(str::to_owned),
        crm: config.integrations.crm.map(str::to_owned),
        workspace: config
            .integrations
            .workspace
            .iter()
            .map(|app| (*app).to_owned())
            .collect(),
    };
    rows::ActiveModel {
        user_id: Set(owner.as_uuid()),
        persona: text(config.persona.as_ref().map(Text::as_str)),
        job_to_be_done: text(config.job_to_be_done.as_ref().map(Text::as_str)),
        languages: Set(to_json(&languages)),
        tone: Set(config.tone.code().to_owned()),
        guidelines: text(config.guidelines.as_ref().map(Text::as_str)),
        first_message: text(config.first_message.as_ref().map(Text::as_str)),
        voice_provider: Set(config.voice.provider.to_owned()),
        voice_id: Set(config.voice.voice_id.to_owned()),
        model_provider: Set(config.model.provider.to_owned()),
        model: Set(config.model.model.to_owned()),
        phone_number: text(config.phone_number.as_ref().map(PhoneNumber::as_str)),
        business_hours: Set(config
            .business_hours
            .as_ref()
            .map(|hours| to_json(&StoredHours::of(hours)))),
        integrations: Set(to_json(&integrations)),
        plan: text(config.plan.map(|plan| plan.code())),
        handoff_number: text(config.handoff_number.as_ref().map(PhoneNumber::as_str)),
        after_hours: Set(Some(to_json(&StoredAfterHours::of(&config.after_hours)))),
        closures: Set(Some(to_json(&stored_closures(&config.closures)))),
        version: Set(config.version + 1),
    }
}

/// The columns that hold what `changes` changes.
fn changed_columns(changes: &StudioChanges) -> Vec<rows::Column> {
    use rows::Column;
    let StudioChanges {
        persona,
        job_to_be_done,
        languages,
        tone,
        guidelines,
        first_message,
        voice,
        model,
        phone_number,
        business_hours,
        integrations,
        plan,
        handoff_number,
        after_hours,
        closures,
    } = changes;
    [
        (persona.is_some(), &[Column::Persona][..]),
        (job_to_be_done.is_some(), &[Column::JobToBeDone]),
        (languages.is_some(), &[Column::Languages]),
        (tone.is_some(), &[Column::Tone]),
        (guidelines.is_some(), &[Column::Guidelines]),
        (first_message.is_some(), &[Column::FirstMessage]),
        (voice.is_some(), &[Column::VoiceProvider, Column::VoiceId]),
        (model.is_some(), &[Column::ModelProvider, Column::Model]),
        (phone_number.is_some(), &[Column::PhoneNumber]),
        (business_hours.is_some(), &[Column::BusinessHours]),
        (integrations.is_some(), &[Column::Integrations]),
        (plan.is_some(), &[Column::Plan]),
        (handoff_number.is_some(), &[Column::HandoffNumber]),
        (after_hours.is_some(), &[Column::AfterHours]),
        (closures.is_some(), &[Column::Closures]),
    ]
    .into_iter()
    .filter(|(changed, _)| *changed)
    .flat_map(|(_, columns)| columns.iter().copied())
    .collect()
}

fn next_version() -> Expr {
    Expr::col((rows::Entity, rows::Column::Version)).add(1)
}

/// Whether the stored row's first language is `language` (`None`: it has
/// none), read from the JSON text that [`row`] writes.
fn stored_first_language_is(language: Option<Locale>) -> Expr {
    let languages = Expr::col((rows::Entity, rows::Column::Languages));
    match language {
        Some(language) => {
            let alone = to_json(&[language.code()]);
            let opening = alone.strip_suffix(']').unwrap_or(&alone);
            languages.like(format!("{opening}%"))
        }
        None => languages.eq(to_json::<[&str; 0]>(&[])),
    }
}

/// The voice columns' new values under `moves` (none without moves): each
/// stored state a move lists gets its voice, any other keeps its own.
/// Evaluated against the stored row, in the same statement as the change.
fn moved_voice(moves: &[VoiceMove]) -> Vec<(rows::Column, Expr)> {
    if moves.is_empty() {
        return Vec::new();
    }
    let column = |column: rows::Column, part: fn(&VoiceChoice) -> &'static str| {
        let case = moves.iter().fold(CaseStatement::new(), |case, fit| {
            let from = stored_first_language_is(fit.before)
                .and(Expr::col((rows::Entity, rows::Column::VoiceProvider)).eq(fit.from.provider))
                .and(Expr::col((rows::Entity, rows::Column::VoiceId)).eq(fit.from.voice_id));
            case.case(from, part(&fit.to))
        });
        (
            column,
            case.finally(Expr::col((rows::Entity, column))).into(),
        )
    };
    vec![
        column(rows::Column::VoiceProvider, |voice| voice.provider),
        column(rows::Column::VoiceId, |voice| voice.voice_id),
    ]
}

#[async_trait]
impl StudioRepository for Store {
    async fn get(&self, owner: UserId) -> Result<Option<StudioConfig>, RepositoryError> {
        let row = rows::Entity::find_by_id(owner.as_uuid())
            .one(&self.db)
            .await
            .map_err(storage)?;
        row.map(config).transpose()
    }

    /// One statement: an `UPDATE … WHERE version = ? RETURNING` of the
    /// changed columns when a version is expected, otherwise an
    /// `INSERT … ON CONFLICT` whose new row is the defaults with the
    /// changes (a first save) and whose update sets only the changed
    /// columns (every later one). The voice a change of languages moves is
    /// a `CASE` on the stored row in the same statement.
    async fn update(
        &self,
        owner: UserId,
        changes: StudioChanges,
        expected: Option<i64>,
    ) -> Result<StudioConfig, SaveError> {
        let columns = changed_columns(&changes);
        let voice_moves = changes.voice_moves();
        let mut first = StudioConfig::default();
        let mut first_changes = changes;
        first_changes.take_voice_move(&voice_moves, &first);
        first.apply(first_changes);
        let new_row = row(owner, &first);
        let backend = self.backend();
        let statement = match expected {
            Some(version @ 1..) => {
                let mut changed = <rows::ActiveModel as Default>::default();
                for column in &columns {
                    if let Some(value) = new_row.get(*column).into_value() {
                        changed.set(*column, value);
                    }
                }
                let mut update = rows::Entity::update_many()
                    .set(changed)
                    .col_expr(rows::Column::Version, next_version())
                    .filter(rows::Column::UserId.eq(owner.as_uuid()))
                    .filter(rows::Column::Version.eq(version));
                for (column, value) in moved_voice(&voice_moves) {
                    update = update.col_expr(column, value);
                }
                QueryTrait::query(&mut update).returning_all();
                update.build(backend)
            }
            // Version 0: the client read the defaults; a stored row is newer.
            Some(_) => {
                let mut insert = rows::Entity::insert(new_row).on_conflict(
                    OnConflict::column(rows::Column::UserId)
                        .do_nothing()
                        .to_owned(),
                );
                QueryTrait::query(&mut insert).returning_all();
                insert.build(backend)
            }
            None => {
                let mut on_conflict = OnConflict::column(rows::Column::UserId);
                on_conflict
                    .update_columns(columns)
                    .value(rows::Column::Version, next_version());
                for (column, value) in moved_voice(&voice_moves) {
                    on_conflict.value(column, value);
                }
                let mut insert = rows::Entity::insert(new_row).on_conflict(on_conflict);
                QueryTrait::query(&mut insert).returning_all();
                insert.build(backend)
            }
        };
        let saved = self
            .write_returning(statement)
            .await
            .map_err(storage)?
            .first()
            .map(|saved| rows::Model::from_query_result(saved, ""))
            .transpose()
            .map_err(storage)?
            .ok_or(SaveError::Conflict)?;
        Ok(config(saved)?)
    }
}
