//! Autosave: a [`Doc`] is one autosaved resource (the profile, or the studio
//! configuration) — a [`Draft`] in a signal, plus the save state shown to
//! the owner. The merge rules live in `draft.rs` (pure, unit-tested); this
//! module sends the PATCH requests, keeps unsaved edits in localStorage,
//! retries with backoff, and renders the save status.
//!
//! When a save runs: every 10 seconds while there are unsaved changes, on
//! step change and Back/Continue/Skip, when the page is hidden, and when the
//! browser comes back online (see `Workspace::start_autosave`).

use std::time::Duration;

use ava_api_types::{
    codes,
    problem::FieldError,
    profile::{Profile, ProfilePatch},
    studio::{StudioConfig, StudioConfigPatch},
};
use leptos::{prelude::*, task::spawn_local};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{
    api::{self, ApiError},
    browser,
    draft::{Draft, Fields, Stored, top_level},
    i18n::{t, t_string, use_i18n},
    messages::{self, I18n},
    routes::retry_delay_ms,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Profile,
    Studio,
}

impl Kind {
    fn storage_name(self) -> &'static str {
        match self {
            Kind::Profile => "profile",
            Kind::Studio => "studio",
        }
    }
}

/// The connection side of the save state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Net {
    Fine,
    /// Saves fail without an answer: kept locally, retried.
    Offline(u32),
    /// The server failed (5xx): retried.
    Failing(u32),
}

/// What the status line says, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Conflict,
    Offline,
    Retrying,
    Rejected,
    Saving,
    Unsaved,
    Saved,
}

pub fn profile_fields(profile: &Profile) -> Fields {
    let mut fields = Fields::new();
    let text = |value: &Option<String>| value.clone().map(Value::String).unwrap_or(Value::Null);
    fields.insert("full_name".into(), text(&profile.full_name));
    fields.insert("organization_name".into(), text(&profile.organization_name));
    fields.insert("industry".into(), text(&profile.industry));
    fields.insert("timezone".into(), text(&profile.timezone));
    fields.insert(
        "locale".into(),
        Value::String(profile.locale.as_str().to_owned()),
    );
    fields.insert(
        "marketing_opt_in".into(),
        Value::Bool(profile.marketing_opt_in),
    );
    fields.insert(
        "accept_terms".into(),
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

/// One autosaved resource. `Copy`: every part is a signal handle.
#[derive(Clone, Copy)]
pub struct Doc {
    pub kind: Kind,
    /// `None` until loaded.
    pub draft: RwSignal<Option<Draft>>,
    /// Field errors from the server's last refusal (or the page's own checks).
    pub errors: RwSignal<Vec<FieldError>>,
    pub net: RwSignal<Net>,
    pub saved_at: RwSignal<Option<f64>>,
    /// A save was asked for while one was in flight.
    again: RwSignal<bool>,
    /// Edits kept on this device were brought back at load.
    pub restored: RwSignal<bool>,
    storage_key: StoredValue<String>,
    /// Terms accepted on (profile only), for display.
    pub terms_accepted_at: RwSignal<Option<String>>,
}

impl Doc {
    pub fn new(kind: Kind, user_id: &str) -> Self {
        Self {
            kind,
            draft: RwSignal::new(None),
            errors: RwSignal::new(Vec::new()),
            net: RwSignal::new(Net::Fine),
            saved_at: RwSignal::new(None),
            again: RwSignal::new(false),
            restored: RwSignal::new(false),
            storage_key: StoredValue::new(format!(
                "ava.draft.v1.{user_id}.{}",
                kind.storage_name()
            )),
            terms_accepted_at: RwSignal::new(None),
        }
    }

    fn stored(self) -> Option<Stored> {
        let key = self.storage_key.try_get_value()?;
        browser::local_get(&key).and_then(|text| serde_json::from_str(&text).ok())
    }

    /// Starts from the server's copy, bringing back edits kept on this device.
    pub fn load(self, server: Fields, version: i64) {
        let draft = match self.stored() {
            Some(stored) => Draft::restore(stored, server, version),
            None => Draft::new(server, version),
        };
        if draft.is_dirty() || draft.conflict.is_some() {
            self.restored.set(true);
        }
        self.draft.set(Some(draft));
    }

    /// The server can't be reached: start from the edits kept on this device.
    pub fn load_offline(self) -> bool {
        match self.stored() {
            Some(stored) => {
                let mut draft = Draft::new(stored.base, stored.version);
                draft.local = stored.local;
                self.restored.set(true);
                self.draft.set(Some(draft));
                self.net.set(Net::Offline(0));
                true
            }
            None => false,
        }
    }

    /// Keeps unsaved edits in localStorage (and forgets them once saved).
    pub fn persist_on_change(self) {
        Effect::new(move |_| {
            let snapshot = self.draft.with(|draft| draft.as_ref().map(Draft::stored));
            let Some(key) = self.storage_key.try_get_value() else {
                return;
            };
            match snapshot {
                Some(Some(stored)) => {
                    if let Ok(text) = serde_json::to_string(&stored) {
                        browser::local_set(&key, &text);
                    }
                }
                Some(None) => browser::local_remove(&key),
                None => {}
            }
        });
    }

    #[track_caller]
    pub fn is_loaded(self) -> bool {
        self.draft.with(Option::is_some)
    }

    /// A field's on-screen value (tracked).
    #[track_caller]
    pub fn value(self, key: &str) -> Value {
        self.draft
            .with(|draft| draft.as_ref().map(|draft| draft.get(key).clone()))
            .unwrap_or(Value::Null)
    }

    #[track_caller]
    pub fn text(self, key: &str) -> String {
        match self.value(key) {
            Value::String(text) => text,
            _ => String::new(),
        }
    }

    #[track_caller]
    pub fn flag(self, key: &str) -> bool {
        self.value(key).as_bool().unwrap_or(false)
    }

    #[track_caller]
    pub fn typed<T: DeserializeOwned>(self, key: &str) -> Option<T> {
        serde_json::from_value(self.value(key)).ok()
    }

    /// An edit by the owner: clears the errors of that field.
    pub fn set(self, key: &str, value: Value) {
        self.draft.update(|draft| {
            if let Some(draft) = draft {
                draft.set(key, value);
            }
        });
        let has_errors = self
            .errors
            .with_untracked(|errors| errors.iter().any(|e| top_level(&e.field) == key));
        if has_errors {
            self.errors
                .update(|errors| errors.retain(|e| top_level(&e.field) != key));
        }
    }

    pub fn set_text(self, key: &str, text: String) {
        self.set(key, Value::String(text));
    }

    pub fn set_typed<T: serde::Serialize>(self, key: &str, value: &T) {
        if let Ok(value) = serde_json::to_value(value) {
            self.set(key, value);
        }
    }

    /// The first error naming this field (or a part of it), tracked.
    pub fn error(self, key: &str) -> Option<FieldError> {
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|error| error.field == key || top_level(&error.field) == key)
                .cloned()
        })
    }

    pub fn error_text(self, i18n: I18n, key: &str) -> Option<String> {
        self.error(key)
            .map(|error| messages::field_error_text(i18n, &error))
    }

    pub fn set_local_errors(self, errors: Vec<FieldError>) {
        self.errors.set(errors);
    }

    pub fn status(self) -> Option<Status> {
        let net = self.net.get();
        self.draft.with(|draft| {
            let draft = draft.as_ref()?;
            let dirty = draft.is_dirty();
            Some(if draft.conflict.is_some() {
                Status::Conflict
            } else if draft.in_flight.is_some() {
                Status::Saving
            } else if dirty && matches!(net, Net::Offline(_)) {
                Status::Offline
            } else if dirty && matches!(net, Net::Failing(_)) {
                Status::Retrying
            } else if dirty
                && !draft.rejected.is_empty()
                && draft.changed_fields().iter().all(|k| draft.is_rejected(k))
            {
                Status::Rejected
            } else if dirty {
                Status::Unsaved
            } else {
                Status::Saved
            })
        })
    }

    pub fn keep_mine(self, after: impl Fn() + 'static) {
        self.draft.update(|draft| {
            if let Some(draft) = draft {
                draft.keep_mine();
            }
        });
        after();
    }

    pub fn take_theirs(self) {
        self.draft.update(|draft| {
            if let Some(draft) = draft {
                draft.take_theirs();
            }
        });
        self.errors.set(Vec::new());
    }

    /// Sends the pending edits, unless a save is in flight (then one more
    /// save follows it). `held` names values the server would refuse.
    /// `done` runs after a successful save.
    pub fn save(
        self,
        held: impl Fn(&str, &Value) -> bool + Clone + 'static,
        done: impl Fn() + Clone + 'static,
    ) {
        let Some(started) = self.draft.try_update(|draft| {
            let draft = draft.as_mut()?;
            if draft.in_flight.is_some() {
                return Some(Err(()));
            }
            Some(Ok(draft.begin_save(&held)))
        }) else {
            return;
        };
        let (fields, version) = match started {
            Some(Ok(Some(patch))) => patch,
            Some(Err(())) => {
                self.again.set(true);
                return;
            }
            _ => return,
        };
        spawn_local(async move {
            let result = send_patch(self.kind, fields, version).await;
            self.settle(result, held, done).await;
        });
    }

    async fn settle(
        self,
        result: Result<(Fields, i64), ApiError>,
        held: impl Fn(&str, &Value) -> bool + Clone + 'static,
        done: impl Fn() + Clone + 'static,
    ) {
        match result {
            Ok((server, version)) => {
                self.draft.update(|draft| {
                    if let Some(draft) = draft {
                        draft.finish_saved(server, version);
                    }
                });
                self.net.set(Net::Fine);
                self.saved_at.set(Some(browser::now_ms()));
                done();
            }
            Err(ApiError::Problem(problem)) if problem.code == codes::VERSION_CONFLICT => {
                let current = match problem
                    .current
                    .as_ref()
                    .and_then(|value| parse_current(self.kind, value))
                {
                    Some(current) => Some(current),
                    None => fetch(self.kind).await.ok(),
                };
                self.draft.update(|draft| {
                    if let Some(draft) = draft {
                        match current {
                            Some((theirs, version)) => draft.fail_conflict(theirs, version),
                            None => draft.fail_network(),
                        }
                    }
                });
                self.net.set(Net::Fine);
                return;
            }
            Err(error) if error.is_transient() => {
                self.draft.update(|draft| {
                    if let Some(draft) = draft {
                        draft.fail_network();
                    }
                });
                let failures = match self.net.try_get_untracked() {
                    Some(Net::Offline(n) | Net::Failing(n)) => n + 1,
                    _ => 1,
                };
                let net = if error == ApiError::Network {
                    Net::Offline(failures)
                } else {
                    Net::Failing(failures)
                };
                self.net.set(net);
                set_timeout(
                    move || {
                        if self
                            .net
                            .try_get_untracked()
                            .is_some_and(|net| net != Net::Fine)
                        {
                            self.save(held, done);
                        }
                    },
                    Duration::from_millis(u64::from(retry_delay_ms(failures))),
                );
                return;
            }
            Err(ApiError::Unauthorized) => {
                // The app sends the owner to log in; the edits stay on this device.
                self.draft.update(|draft| {
                    if let Some(draft) = draft {
                        draft.fail_network();
                    }
                });
                return;
            }
            Err(error) => {
                let errors = error.field_errors().to_vec();
                self.draft.update(|draft| {
                    if let Some(draft) = draft {
                        draft.fail_rejected(errors.iter().map(|e| e.field.as_str()));
                    }
                });
                self.errors.set(errors);
                self.net.set(Net::Fine);
            }
        }
        if self.again.try_get_untracked() == Some(true) {
            self.again.set(false);
            self.save(held, done);
        }
    }

    /// Saves and waits for the answer: `true` when nothing is left unsaved
    /// for a reason the owner must fix (network trouble is not their problem).
    pub async fn save_and_wait(
        self,
        held: impl Fn(&str, &Value) -> bool + Clone + 'static,
        done: impl Fn() + Clone + 'static,
    ) -> bool {
        for _ in 0..100 {
            if self
                .draft
                .try_with_untracked(|d| d.as_ref().is_some_and(|d| d.in_flight.is_some()))
                != Some(true)
            {
                break;
            }
            gloo_timers::future::TimeoutFuture::new(100).await;
        }
        let started = self
            .draft
            .try_update(|draft| draft.as_mut().and_then(|draft| draft.begin_save(&held)));
        if let Some(Some((fields, version))) = started {
            let result = send_patch(self.kind, fields, version).await;
            self.settle(result, held, done).await;
        }
        self.errors
            .try_with_untracked(Vec::is_empty)
            .unwrap_or(true)
    }
}

fn parse_current(kind: Kind, value: &Value) -> Option<(Fields, i64)> {
    match kind {
        Kind::Profile => serde_json::from_value::<Profile>(value.clone())
            .ok()
            .map(|p| (profile_fields(&p), p.version)),
        Kind::Studio => serde_json::from_value::<StudioConfig>(value.clone())
            .ok()
            .map(|c| (studio_fields(&c), c.version)),
    }
}

async fn fetch(kind: Kind) -> Result<(Fields, i64), ApiError> {
    match kind {
        Kind::Profile => api::profile()
            .await
            .map(|p| (profile_fields(&p), p.version)),
        Kind::Studio => api::studio().await.map(|c| (studio_fields(&c), c.version)),
    }
}

async fn send_patch(
    kind: Kind,
    mut fields: Fields,
    version: i64,
) -> Result<(Fields, i64), ApiError> {
    fields.insert("version".into(), Value::from(version));
    let body = Value::Object(fields);
    let unreadable = || {
        ApiError::Problem(ava_api_types::problem::Problem {
            type_uri: "about:blank".into(),
            title: String::new(),
            status: 422,
            detail: None,
            code: codes::VALIDATION_FAILED.into(),
            errors: Vec::new(),
            current: None,
        })
    };
    match kind {
        Kind::Profile => {
            let patch: ProfilePatch = serde_json::from_value(body).map_err(|_| unreadable())?;
            api::patch_profile(&patch)
                .await
                .map(|p| (profile_fields(&p), p.version))
        }
        Kind::Studio => {
            let patch: StudioConfigPatch =
                serde_json::from_value(body).map_err(|_| unreadable())?;
            api::patch_studio(&patch)
                .await
                .map(|c| (studio_fields(&c), c.version))
        }
    }
}

/// The save status line, for one or more docs (the worst state wins), with
/// the conflict chooser when another tab saved first.
#[component]
pub fn AutosaveStatus(docs: Vec<Doc>, #[prop(into)] resave: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let docs = StoredValue::new(docs);
    let status = Memo::new(move |_| {
        docs.with_value(|docs| docs.iter().filter_map(|doc| doc.status()).min())
    });
    let saved_at = move || {
        docs.with_value(|docs| {
            docs.iter()
                .filter_map(|doc| doc.saved_at.get())
                .fold(None, |a: Option<f64>, b| Some(a.map_or(b, |a| a.max(b))))
        })
    };
    let text = move || {
        let locale = messages::current(i18n);
        match status.get() {
            None => String::new(),
            Some(Status::Conflict) => t_string!(i18n, autosave.conflict).to_string(),
            Some(Status::Offline) => t_string!(i18n, autosave.offline).to_string(),
            Some(Status::Retrying) => t_string!(i18n, autosave.retrying).to_string(),
            Some(Status::Rejected) => t_string!(i18n, autosave.rejected).to_string(),
            Some(Status::Saving) => t_string!(i18n, autosave.saving).to_string(),
            Some(Status::Unsaved) => t_string!(i18n, autosave.unsaved).to_string(),
            Some(Status::Saved) => match saved_at() {
                Some(ms) => {
                    let time = browser::format_time(ms, locale.as_str());
                    t_string!(i18n, autosave.saved_at, time = time).to_string()
                }
                None => t_string!(i18n, autosave.saved).to_string(),
            },
        }
    };
    let state = move || match status.get() {
        Some(Status::Conflict) => "conflict",
        Some(Status::Offline) => "offline",
        Some(Status::Retrying | Status::Rejected) => "warning",
        Some(Status::Saving) => "saving",
        Some(Status::Unsaved) => "unsaved",
        Some(Status::Saved) => "saved",
        None => "idle",
    };
    let conflicted = move || {
        docs.with_value(|docs| {
            docs.iter().copied().find(|doc| {
                doc.draft
                    .with(|d| d.as_ref().is_some_and(|d| d.conflict.is_some()))
            })
        })
    };
    let restored = move || docs.with_value(|docs| docs.iter().any(|doc| doc.restored.get()));
    view! {
        <div class="autosave">
            <p class="autosave-status" data-testid="autosave-status" data-state=state role="status" aria-live="polite">
                <span class="autosave-dot" aria-hidden="true"></span>
                {text}
            </p>
            <Show when=restored>
                <p class="autosave-restored">{t!(i18n, autosave.restored)}</p>
            </Show>
            {move || {
                conflicted()
                    .map(|doc| {
                        let fields = move || {
                            let keys = doc.draft.with(|d| d.as_ref().map(Draft::conflicting_fields).unwrap_or_default());
                            if keys.is_empty() {
                                return t_string!(i18n, autosave.conflict_none).to_string();
                            }
                            let labels: Vec<String> = keys.iter().map(|key| messages::field_label(i18n, key)).collect();
                            t_string!(i18n, autosave.conflict_body, fields = labels.join(", ")).to_string()
                        };
                        view! {
                            <div class="conflict" role="alert">
                                <p class="conflict-title">{t!(i18n, autosave.conflict_title)}</p>
                                <p>{fields}</p>
                                <div class="actions">
                                    <button
                                        type="button"
                                        class="button primary"
                                        data-testid="conflict-keep-mine"
                                        on:click=move |_| doc.keep_mine(move || resave.run(()))
                                    >
                                        {t!(i18n, autosave.keep_mine)}
                                    </button>
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="conflict-take-theirs"
                                        on:click=move |_| doc.take_theirs()
                                    >
                                        {t!(i18n, autosave.take_theirs)}
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
