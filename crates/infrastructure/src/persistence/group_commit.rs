//! Group commit on SQLite's one writer connection: the writes that queue
//! while a transaction commits are written together in the next one, so
//! one fsync serves them all. Each write is answered only once the
//! transaction that holds it has committed, and a commit is durable (WAL
//! with `synchronous = FULL` fsyncs the log at every commit), so nothing
//! acknowledged is lost by a crash.
//!
//! Other writes (multi-statement transactions, rare single statements) use
//! the writer connection directly; its pool of one connection serialises
//! them with the groups.

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, QueryResult, SqlErr, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait,
};
use tokio::sync::{mpsc, oneshot};

/// At most this many writes in one transaction, so that a transaction
/// stays short when the queue is long.
const MOST_PER_GROUP: usize = 256;
/// Writes waiting beyond this make their senders wait.
const QUEUE_LENGTH: usize = 4_096;

/// What a write statement gave back.
pub(super) enum Written {
    /// The rows of a statement with `RETURNING`.
    Rows(Vec<QueryResult>),
    /// How many rows the statement changed.
    Affected(u64),
}

struct Write {
    statement: Statement,
    returning: bool,
    done: oneshot::Sender<Result<Written, DbErr>>,
}

/// The queue to the writer connection.
#[derive(Clone)]
pub(super) struct GroupCommit {
    queue: mpsc::Sender<Write>,
}

impl GroupCommit {
    /// Starts committing groups on `writer` (a pool of one connection) until
    /// every handle is dropped.
    pub(super) fn start(writer: DatabaseConnection) -> Self {
        let (queue, writes) = mpsc::channel(QUEUE_LENGTH);
        tokio::spawn(commit_groups(writer, writes));
        Self { queue }
    }

    /// Runs `statement` in the next group; answers once it is committed.
    /// `returning`: the statement returns rows (`RETURNING`), wanted back.
    pub(super) async fn write(
        &self,
        statement: Statement,
        returning: bool,
    ) -> Result<Written, DbErr> {
        let (done, written) = oneshot::channel();
        let write = Write {
            statement,
            returning,
            done,
        };
        self.queue.send(write).await.map_err(|_| stopped())?;
        written.await.map_err(|_| stopped())?
    }
}

fn stopped() -> DbErr {
    DbErr::Custom("the database writer has stopped".to_owned())
}

async fn commit_groups(writer: DatabaseConnection, mut writes: mpsc::Receiver<Write>) {
    let mut group = Vec::with_capacity(MOST_PER_GROUP);
    while writes.recv_many(&mut group, MOST_PER_GROUP).await > 0 {
        if group.len() == 1 {
            // Alone, a statement is its own transaction: no BEGIN or COMMIT to send.
            if let Some(write) = group.pop() {
                let result = run(&writer, &write).await;
                let _ = write.done.send(result);
            }
        } else {
            commit_group(&writer, group.drain(..)).await;
        }
    }
}

async fn commit_group(writer: &DatabaseConnection, group: impl ExactSizeIterator<Item = Write>) {
    let mut group = group.into_iter();
    let immediate = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    };
    let transaction = match writer.begin_with_options(immediate).await {
        Ok(transaction) => transaction,
        Err(error) => return fail(group.map(|write| write.done), &error),
    };
    // Every answer waits for the commit, a refused statement's too: whoever
    // learns "conflict" and reads again must find the write that won.
    let mut answers = Vec::with_capacity(group.len());
    while let Some(write) = group.next() {
        match run(&transaction, &write).await {
            Ok(result) => answers.push((write.done, Ok(result))),
            // SQLite undoes just the statement that broke a constraint; the
            // transaction, and the others' writes, go on.
            Err(error) if is_constraint(&error) => answers.push((write.done, Err(error))),
            // Anything else (I/O, a full disk) may have rolled the whole
            // transaction back: none of it is acknowledged.
            Err(error) => {
                let _ = transaction.rollback().await;
                let waiting = answers.into_iter().map(|(done, _)| done);
                let unrun = group.map(|write| write.done);
                fail(waiting.chain(unrun), &error);
                let _ = write.done.send(Err(error));
                return;
            }
        }
    }
    match transaction.commit().await {
        Ok(()) => {
            for (done, answer) in answers {
                let _ = done.send(answer);
            }
        }
        Err(error) => fail(answers.into_iter().map(|(done, _)| done), &error),
    }
}

async fn run(connection: &impl ConnectionTrait, write: &Write) -> Result<Written, DbErr> {
    if write.returning {
        connection
            .query_all_raw(write.statement.clone())
            .await
            .map(Written::Rows)
    } else {
        connection
            .execute_raw(write.statement.clone())
            .await
            .map(|result| Written::Affected(result.rows_affected()))
    }
}

fn is_constraint(error: &DbErr) -> bool {
    matches!(
        error.sql_err(),
        Some(SqlErr::UniqueConstraintViolation(_) | SqlErr::ForeignKeyConstraintViolation(_))
    )
}

/// Each waiting write learns that its transaction did not commit.
fn fail(waiting: impl Iterator<Item = oneshot::Sender<Result<Written, DbErr>>>, error: &DbErr) {
    for done in waiting {
        let _ = done.send(Err(DbErr::Custom(format!(
            "the transaction of this write did not commit: {error}"
        ))));
    }
}
