//! The repositories, on sea-orm: SQLite by default, PostgreSQL by URL, with
//! the same migrations and the same code.

mod assistants;
mod calls;
mod credentials;
mod entities;
mod group_commit;
mod onboarding;
mod onboarding_events;
mod resets;
mod sessions;
mod studio;
mod users;

use std::{sync::Arc, time::Duration};

use ava_application::ports::{RepositoryError, SaveError};
use ava_domain::Invalid;
use ava_migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, QueryResult,
    SqlErr, Statement, TransactionTrait,
};

use group_commit::{GroupCommit, Written};
use sessions::SessionCache;

/// The advisory lock key of migrations ("AVAM" in ASCII).
const MIGRATION_LOCK: i64 = 0x4156_414D;

/// Every repository port. Reads go to a pool of connections; writes to
/// `writer`, which on SQLite is one connection (SQLite has one writer at a
/// time: a burst of saves queues for it instead of failing on a lock) and
/// on PostgreSQL the same pool. On SQLite the autosaves reach that
/// connection through `group_commit`, which commits together the ones
/// that queue.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    writer: DatabaseConnection,
    group_commit: Option<GroupCommit>,
    sessions: Arc<SessionCache>,
}

/// How long a request waits for a connection: a burst queues, a stuck
/// database fails.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);
/// A connection idle this long is pinged before use (a server, proxy or
/// firewall may have dropped it); a busy one is not, since a ping on every
/// checkout is a round trip more per query.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(10);

fn options(url: &str, max_connections: u32, read_only: bool) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .test_before_acquire_if_idle_for(PING_WHEN_IDLE_FOR)
        .map_sqlx_sqlite_opts(move |sqlite| {
            sqlite
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                // Every commit fsyncs the log: an acknowledged save survives a crash.
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                // A reader never waits in WAL mode; the writer may, for a checkpoint.
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .read_only(read_only)
        });
    options
}

/// Opens a SQLite pool, trying again while another process holds the
/// file's lock: setting up a new connection (WAL mode on a fresh file) can
/// answer "database is locked" at once, without waiting the busy timeout,
/// when replicas start together.
async fn connect_sqlite(options: ConnectOptions) -> Result<DatabaseConnection, DbErr> {
    const TRIES: u32 = 50;
    let mut tries = 1;
    loop {
        match Database::connect(options.clone()).await {
            Err(error) if tries < TRIES && error.to_string().contains("database is locked") => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            connected => return connected,
        }
    }
}

impl Store {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`).
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        if url.starts_with("postgres") {
            let db = Database::connect(options(url, 10, false)).await?;
            return Ok(Self::of(db.clone(), db, None));
        }
        // The writer first: with `mode=rwc` it creates the file the readers open.
        let writer = connect_sqlite(options(url, 1, false)).await?;
        let group_commit = Some(GroupCommit::start(writer.clone()));
        if url.contains(":memory:") {
            // Each connection would be a database of its own.
            return Ok(Self::of(writer.clone(), writer, group_commit));
        }
        let readers = std::thread::available_parallelism().map_or(4, |cores| cores.get() * 2);
        let db = connect_sqlite(options(url, u32::try_from(readers).unwrap_or(4), true)).await?;
        Ok(Self::of(db, writer, group_commit))
    }

    fn of(
        db: DatabaseConnection,
        writer: DatabaseConnection,
        group_commit: Option<GroupCommit>,
    ) -> Self {
        Self {
            db,
            writer,
            group_commit,
            sessions: Arc::default(),
        }
    }

    /// Runs one write statement with `RETURNING` and answers its rows once
    /// they are committed: on SQLite in the writer's next group, on
    /// PostgreSQL on the pool (which commits concurrent writes in parallel).
    async fn write_returning(&self, statement: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match &self.group_commit {
            Some(group_commit) => match group_commit.write(statement, true).await? {
                Written::Rows(rows) => Ok(rows),
                Written::Affected(_) => Ok(Vec::new()),
            },
            None => self.writer.query_all_raw(statement).await,
        }
    }

    /// Runs one write statement as `write_returning` does; answers how many
    /// rows it changed.
    async fn write(&self, statement: Statement) -> Result<u64, DbErr> {
        match &self.group_commit {
            Some(group_commit) => match group_commit.write(statement, false).await? {
                Written::Affected(rows) => Ok(rows),
                Written::Rows(rows) => Ok(rows.len() as u64),
            },
            None => Ok(self.writer.execute_raw(statement).await?.rows_affected()),
        }
    }

    /// Applies the migrations not applied yet, one process at a time, in one
    /// transaction under a lock (PostgreSQL's advisory lock, SQLite's write
    /// lock): replicas that start together wait for the first, then find
    /// nothing left to do.
    pub async fn migrate(&self) -> Result<(), DbErr> {
        let transaction = self.writer.begin().await?;
        let lock = match self.backend() {
            DbBackend::Postgres => format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"),
            // A write first takes SQLite's write lock at once (the others wait
            // for it, up to the busy timeout); a transaction that read first
            // could not take it while another migrates. Ava does not use
            // `user_version` otherwise.
            _ => "PRAGMA user_version = 0".to_owned(),
        };
        transaction.execute_unprepared(&lock).await?;
        Migrator::up(&transaction, None).await?;
        transaction.commit().await
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.db.ping().await
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    pub async fn close(self) -> Result<(), DbErr> {
        self.db.close().await?;
        self.writer.close().await
    }
}

fn storage(error: DbErr) -> RepositoryError {
    RepositoryError::new(error)
}

fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// A stored value that no longer passes the domain's rules: the row was
/// changed behind Ava's back.
#[derive(Debug, thiserror::Error)]
#[error("stored {column} is invalid: {invalid}")]
struct CorruptRow {
    column: &'static str,
    invalid: String,
}

fn corrupt(column: &'static str, invalid: impl std::fmt::Display) -> RepositoryError {
    RepositoryError::new(CorruptRow {
        column,
        invalid: invalid.to_string(),
    })
}

/// Parses a stored value back into its domain type.
fn stored<T>(column: &'static str, parsed: Result<T, Invalid>) -> Result<T, RepositoryError> {
    parsed.map_err(|invalid| corrupt(column, invalid))
}

fn stored_json<T: serde::de::DeserializeOwned>(
    column: &'static str,
    json: &str,
) -> Result<T, RepositoryError> {
    serde_json::from_str(json).map_err(|error| corrupt(column, error))
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Serializing plain structs of strings and vectors cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// The answer of a conditional `UPDATE … WHERE version = ?`: no row means
/// someone else saved first.
fn versioned_update(rows_affected: u64, version: i64) -> Result<i64, SaveError> {
    if rows_affected == 1 {
        Ok(version + 1)
    } else {
        Err(SaveError::Conflict)
    }
}

/// The first save of a record (version 0) inserts it; losing that race to
/// another first save is a conflict like any other.
fn first_insert(result: Result<(), DbErr>) -> Result<i64, SaveError> {
    match result {
        Ok(()) => Ok(1),
        Err(error) if is_unique_violation(&error) => Err(SaveError::Conflict),
        Err(error) => Err(SaveError::Repository(storage(error))),
    }
}
