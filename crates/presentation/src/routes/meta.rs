//! Public facts: what the wizard offers, and about this server.

use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

use ava_api_types::{Meta, catalog::Catalog};

use crate::{convert, state::AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(catalog))
        .routes(routes!(meta))
}

/// Voices, models, integrations, industries and time zones to choose from.
#[utoipa::path(get, path = "/catalog", tag = "meta", responses((status = 200, body = Catalog)))]
async fn catalog() -> Json<Catalog> {
    Json(convert::catalog())
}

/// The server's version, whether it runs in demo mode, and whether Vapi
/// can reach it about each call.
#[utoipa::path(get, path = "/meta", tag = "meta", responses((status = 200, body = Meta)))]
async fn meta(State(state): State<AppState>) -> Json<Meta> {
    Json(Meta {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        demo: state.settings.demo,
        public_url_set: state.services.line.public_url().is_set(),
    })
}
