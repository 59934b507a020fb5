//! [`Doc`]: one autosaved resource — a [`Draft`] in a signal, the save
//! state shown to the owner ([`SaveState`]), the PATCH requests, the copy
//! of unsaved edits in localStorage, and retries with backoff.

use std::{marker::PhantomData, ops::Deref, time::Duration};

use ava_api_types::{codes, problem::FieldError};
use leptos::{prelude::*, task::spawn_local};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

use super::{
    draft::{Draft, Fields, Stored, top_level},
    field::FieldKey,
    resource::{Resource, Snapshot},
};
use crate::{
    api::ApiError,
    browser,
    messages::{self, I18n},
    routes::retry_delay_ms,
};

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

/// The save state of an autosaved resource, whichever it is: what the
/// status line and the conflict chooser read. `Copy`: signal handles.
#[derive(Clone, Copy)]
pub struct SaveState {
    /// `None` until loaded.
    pub draft: RwSignal<Option<Draft>>,
    /// Field errors from the server's last refusal (or the page's own checks).
    pub errors: RwSignal<Vec<FieldError>>,
    pub net: RwSignal<Net>,
    pub saved_at: RwSignal<Option<f64>>,
    /// A save was asked for while one was in flight.
    again: RwSignal<bool>,
    /// The fields whose edits, kept on this device, were brought back at load.
    pub restored: RwSignal<Vec<String>>,
}

impl SaveState {
    fn new() -> Self {
        Self {
            draft: RwSignal::new(None),
            errors: RwSignal::new(Vec::new()),
            net: RwSignal::new(Net::Fine),
            saved_at: RwSignal::new(None),
            again: RwSignal::new(false),
            restored: RwSignal::new(Vec::new()),
        }
    }

    #[track_caller]
    pub fn is_loaded(self) -> bool {
        self.draft.with(Option::is_some)
    }

    /// The first error at `path` (`business_hours.timezone`), tracked.
    pub fn path_error_text(self, i18n: I18n, path: &str) -> Option<String> {
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|error| error.field == path)
                .map(|error| messages::field_error_text(i18n, error))
        })
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
}

/// One autosaved resource `R`, read and written by its typed fields.
pub struct Doc<R> {
    pub state: SaveState,
    storage_key: StoredValue<String>,
    resource: PhantomData<fn() -> R>,
}

impl<R> Clone for Doc<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R> Copy for Doc<R> {}

impl<R> Deref for Doc<R> {
    type Target = SaveState;

    fn deref(&self) -> &SaveState {
        &self.state
    }
}

impl<R: Resource> Doc<R> {
    pub fn new(user_id: &str) -> Self {
        Self {
            state: SaveState::new(),
            storage_key: StoredValue::new(format!("ava.draft.v1.{user_id}.{}", R::STORAGE_NAME)),
            resource: PhantomData,
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
        let brought_back = draft.changed_fields();
        if !brought_back.is_empty() {
            self.restored.set(brought_back);
        }
        self.draft.set(Some(draft));
    }

    /// The server can't be reached: start from the edits kept on this device.
    pub fn load_offline(self) -> bool {
        match self.stored() {
            Some(stored) => {
                let mut draft = Draft::new(stored.base, stored.version);
                draft.local = stored.local;
                self.restored.set(draft.changed_fields());
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

    /// A field's on-screen value (tracked).
    #[track_caller]
    pub fn value(self, field: R::Field) -> Value {
        self.draft
            .with(|draft| draft.as_ref().map(|draft| draft.get(field.key()).clone()))
            .unwrap_or(Value::Null)
    }

    #[track_caller]
    pub fn text(self, field: R::Field) -> String {
        match self.value(field) {
            Value::String(text) => text,
            _ => String::new(),
        }
    }

    #[track_caller]
    pub fn flag(self, field: R::Field) -> bool {
        self.value(field).as_bool().unwrap_or(false)
    }

    #[track_caller]
    pub fn typed<T: DeserializeOwned>(self, field: R::Field) -> Option<T> {
        serde_json::from_value(self.value(field)).ok()
    }

    /// An edit by the owner: clears the errors of that field.
    pub fn set(self, field: R::Field, value: Value) {
        let key = field.key();
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

    pub fn set_text(self, field: R::Field, text: String) {
        self.set(field, Value::String(text));
    }

    pub fn set_typed<T: Serialize>(self, field: R::Field, value: &T) {
        if let Ok(value) = serde_json::to_value(value) {
            self.set(field, value);
        }
    }

    /// The first error naming this field (or a part of it), tracked.
    pub fn error(self, field: R::Field) -> Option<FieldError> {
        let key = field.key();
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|error| error.field == key || top_level(&error.field) == key)
                .cloned()
        })
    }

    pub fn error_text(self, i18n: I18n, field: R::Field) -> Option<String> {
        self.error(field)
            .map(|error| messages::field_error_text(i18n, &error))
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
            let result = send::<R>(fields, version).await;
            self.settle(result, held, done).await;
        });
    }

    fn saved(self, server: Fields, version: i64, done: &impl Fn()) {
        self.draft.update(|draft| {
            if let Some(draft) = draft {
                draft.finish_saved(server, version);
            }
        });
        self.net.set(Net::Fine);
        self.saved_at.set(Some(browser::now_ms()));
        done();
    }

    async fn settle(
        self,
        result: Result<Snapshot, ApiError>,
        held: impl Fn(&str, &Value) -> bool + Clone + 'static,
        done: impl Fn() + Clone + 'static,
    ) {
        match result {
            Ok((server, version)) => self.saved(server, version, &done),
            Err(ApiError::Problem(problem)) if problem.code == codes::VERSION_CONFLICT => {
                let current = match problem.current.as_ref().and_then(R::parse) {
                    Some(current) => Some(current),
                    None => R::fetch().await.ok(),
                };
                if let Some((theirs, version)) = &current
                    && self
                        .draft
                        .try_with_untracked(|d| d.as_ref().is_some_and(|d| d.sent_landed(theirs)))
                        == Some(true)
                {
                    return self.saved(theirs.clone(), version.to_owned(), &done);
                }
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
            let result = send::<R>(fields, version).await;
            self.settle(result, held, done).await;
        }
        self.errors
            .try_with_untracked(Vec::is_empty)
            .unwrap_or(true)
    }
}

async fn send<R: Resource>(mut fields: Fields, version: i64) -> Result<Snapshot, ApiError> {
    fields.insert("version".into(), Value::from(version));
    R::send(Value::Object(fields)).await
}
