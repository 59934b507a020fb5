//! The routes of `/api/v1`, one module per resource.

mod account;
mod admin;
mod assistants;
mod auth;
#[cfg(feature = "demo")]
mod demo;
mod line;
mod meta;
mod providers;
mod studio;
mod user;
mod webhooks;

use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

pub fn api() -> OpenApiRouter<AppState> {
    let api = OpenApiRouter::new()
        .merge(auth::router())
        .merge(admin::router())
        .merge(account::router())
        .merge(user::router())
        .merge(studio::router())
        .merge(providers::router())
        .merge(assistants::router())
        .merge(line::router())
        .merge(webhooks::router())
        .merge(meta::router());
    #[cfg(feature = "demo")]
    let api = api.merge(demo::router());
    api
}
