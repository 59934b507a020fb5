//! What differs between autosaved resources: where they are read and
//! written, how their JSON maps onto draft fields, and which values the
//! server would refuse. One implementation per resource; the autosave in
//! `doc` is written once for all of them.

use std::future::Future;

use ava_api_types::{
    codes,
    problem::Problem,
    profile::{Profile, ProfilePatch},
    studio::{BusinessHours, StudioConfig, StudioConfigPatch},
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{
    draft::Fields,
    field::{FieldKey, ProfileField, StudioField},
};
use crate::{
    api::{self, ApiError},
    validate,
};

/// A resource's fields and the version they were read at.
pub type Snapshot = (Fields, i64);

/// One autosaved resource of the API.
pub trait Resource: 'static {
    /// The names of its fields.
    type Field: FieldKey;
    /// Its name in the localStorage key of unsaved edits.
    const STORAGE_NAME: &'static str;

    /// Reads the server's copy.
    fn fetch() -> impl Future<Output = Result<Snapshot, ApiError>>;

    /// The server's copy carried by a version conflict.
    fn parse(current: &Value) -> Option<Snapshot>;

    /// Sends a PATCH (`body`: the changed fields and the `version`).
    fn send(body: Value) -> impl Future<Output = Result<Snapshot, ApiError>>;

    /// A value the server would refuse: kept on screen, not sent.
    /// `zone_known` says whether a time zone is one the server accepts.
    fn refused(key: &str, value: &Value, zone_known: &dyn Fn(&str) -> bool) -> bool;
}

/// The owner's profile (`/profile`).
pub enum ProfileResource {}

/// The studio configuration (`/studio/config`).
pub enum StudioResource {}

pub fn profile_fields(profile: &Profile) -> Fields {
    let mut fields = Fields::new();
    let text = |value: &Option<String>| value.clone().map(Value::String).unwrap_or(Value::Null);
    let mut put = |field: ProfileField, value: Value| {
        fields.insert(field.key().into(), value);
    };
    put(ProfileField::FullName, text(&profile.full_name));
    put(
        ProfileField::OrganizationName,
        text(&profile.organization_name),
    );
    put(ProfileField::Industry, text(&profile.industry));
    put(ProfileField::Timezone, text(&profile.timezone));
    put(
        ProfileField::Locale,
        Value::String(profile.locale.as_str().to_owned()),
    );
    put(
        ProfileField::MarketingOptIn,
        Value::Bool(profile.marketing_opt_in),
    );
    put(
        ProfileField::AcceptTerms,
        Value::Bool(profile.terms_accepted_at.is_some()),
    );
    fields
}

pub fn studio_fields(config: &StudioConfig) -> Fields {
    match serde_json::to_value(config) {
        Ok(Value::Object(mut fields)) => {
            fields.remove("version");
            fields
        }
        _ => Fields::new(),
    }
}

/// The PATCH body as the resource's request type: a body the page cannot
/// even express is refused like the server would refuse it.
fn patch_of<P: DeserializeOwned>(body: Value) -> Result<P, ApiError> {
    serde_json::from_value(body).map_err(|_| {
        ApiError::Problem(Problem {
            type_uri: "about:blank".into(),
            title: String::new(),
            status: 422,
            detail: None,
            code: codes::VALIDATION_FAILED.into(),
            errors: Vec::new(),
            current: None,
        })
    })
}

impl Resource for ProfileResource {
    type Field = ProfileField;
    const STORAGE_NAME: &'static str = "profile";

    async fn fetch() -> Result<Snapshot, ApiError> {
        api::profile()
            .await
            .map(|p| (profile_fields(&p), p.version))
    }

    fn parse(current: &Value) -> Option<Snapshot> {
        serde_json::from_value::<Profile>(current.clone())
            .ok()
            .map(|p| (profile_fields(&p), p.version))
    }

    async fn send(body: Value) -> Result<Snapshot, ApiError> {
        let patch: ProfilePatch = patch_of(body)?;
        api::patch_profile(&patch)
            .await
            .map(|p| (profile_fields(&p), p.version))
    }

    fn refused(key: &str, value: &Value, zone_known: &dyn Fn(&str) -> bool) -> bool {
        key == ProfileField::Timezone.key() && value.as_str().is_some_and(|zone| !zone_known(zone))
    }
}

impl Resource for StudioResource {
    type Field = StudioField;
    const STORAGE_NAME: &'static str = "studio";

    async fn fetch() -> Result<Snapshot, ApiError> {
        api::studio().await.map(|c| (studio_fields(&c), c.version))
    }

    fn parse(current: &Value) -> Option<Snapshot> {
        serde_json::from_value::<StudioConfig>(current.clone())
            .ok()
            .map(|c| (studio_fields(&c), c.version))
    }

    async fn send(body: Value) -> Result<Snapshot, ApiError> {
        let patch: StudioConfigPatch = patch_of(body)?;
        api::patch_studio(&patch)
            .await
            .map(|c| (studio_fields(&c), c.version))
    }

    fn refused(key: &str, value: &Value, zone_known: &dyn Fn(&str) -> bool) -> bool {
        validate::studio_value_refusable(key, value)
            || (key == StudioField::BusinessHours.key()
                && serde_json::from_value::<Option<BusinessHours>>(value.clone())
                    .ok()
                    .flatten()
                    .is_some_and(|hours| !zone_known(&hours.timezone)))
    }
}
