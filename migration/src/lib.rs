//! Ava's schema. The same migrations run on SQLite and PostgreSQL; they are
//! applied at every start (`ava-server serve`) or alone (`ava-server migrate`).

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_accounts;
mod m20261125_000002_onboarding;
mod m20261202_000003_going_live;
mod m20261209_000004_sessions_and_resets;
mod m20261216_000005_onboarding_events;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_accounts::Migration),
            Box::new(m20261125_000002_onboarding::Migration),
            Box::new(m20261202_000003_going_live::Migration),
            Box::new(m20261209_000004_sessions_and_resets::Migration),
            Box::new(m20261216_000005_onboarding_events::Migration),
        ]
    }
}

/// A foreign key to `users.id` that goes with the user.
fn owned_by_user(table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_user"))
        .from(table.to_owned(), "user_id")
        .to("users", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}
