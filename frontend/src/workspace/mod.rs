//! Everything the wizard and Ava Studio show about the owner, loaded once
//! per page, with the autosave driver. The (serialized) writes to the
//! onboarding progress are in `progress`.

mod progress;

use std::{collections::VecDeque, time::Duration};

use ava_api_types::{
    assistants::Assistant,
    auth::User,
    catalog::Catalog,
    onboarding::{Onboarding, StepKey, StepStatus},
    providers::{TwilioSettings, VapiSettings},
};
use leptos::{prelude::*, task::spawn_local};
use serde_json::Value;

use self::progress::Op;
use crate::{
    api::{self, ApiError},
    autosave::{
        Doc, Net, ProfileResource, Resource, StudioResource,
        field::{FieldKey, ProfileField, StudioField},
        profile_fields, studio_fields,
    },
    browser,
};

const CATALOG_CACHE: &str = "ava.catalog.v1";

#[derive(Clone, Copy)]
pub struct Workspace {
    pub user: StoredValue<User>,
    pub profile: Doc<ProfileResource>,
    pub studio: Doc<StudioResource>,
    /// When the owner accepted the terms, for display.
    pub terms_accepted_at: RwSignal<Option<String>>,
    pub onboarding: RwSignal<Option<Onboarding>>,
    pub vapi: RwSignal<Option<VapiSettings>>,
    pub twilio: RwSignal<Option<TwilioSettings>>,
    pub catalog: RwSignal<Option<Catalog>>,
    pub assistants: RwSignal<Option<Vec<Assistant>>>,
    /// Something could not be loaded (and not because the network is down).
    pub failed: RwSignal<Option<ApiError>>,
    /// Something could not be loaded because the network is down.
    pub offline: RwSignal<bool>,
    /// Progress writes not sent yet, one at a time (see `progress`).
    queue: StoredValue<VecDeque<Op>>,
    busy: RwSignal<bool>,
}

impl Workspace {
    /// The workspace of a page that edits the owner's data (the wizard,
    /// Ava Studio): loading at once, then autosaving.
    pub fn open(user: User) -> Self {
        let ws = Self::new(user);
        ws.load();
        ws.start_autosave();
        ws
    }

    fn new(user: User) -> Self {
        let ws = Self {
            profile: Doc::new(&user.id),
            studio: Doc::new(&user.id),
            terms_accepted_at: RwSignal::new(None),
            user: StoredValue::new(user),
            onboarding: RwSignal::new(None),
            vapi: RwSignal::new(None),
            twilio: RwSignal::new(None),
            catalog: RwSignal::new(None),
            assistants: RwSignal::new(None),
            failed: RwSignal::new(None),
            offline: RwSignal::new(false),
            queue: StoredValue::new(VecDeque::new()),
            busy: RwSignal::new(false),
        };
        ws.profile.persist_on_change();
        ws.studio.persist_on_change();
        ws
    }

    fn note_failure(self, error: ApiError) {
        match error {
            ApiError::Network => self.offline.set(true),
            ApiError::Unauthorized => {}
            error => self.failed.set(Some(error)),
        }
    }

    /// Loads everything not loaded yet.
    pub fn load(self) {
        self.failed.set(None);
        self.offline.set(false);
        if self.profile.draft.with_untracked(Option::is_none) {
            spawn_local(async move {
                match api::profile().await {
                    Ok(profile) => {
                        self.terms_accepted_at
                            .set(profile.terms_accepted_at.map(|at| at.to_rfc3339()));
                        self.profile.load(profile_fields(&profile), profile.version);
                        // Edits brought back from this device: send them now.
                        self.save(self.profile);
                        if profile.timezone.is_none()
                            && self.profile.draft.try_with_untracked(|d| {
                                d.as_ref()
                                    .map(|d| d.get(ProfileField::Timezone.key()).is_null())
                            }) == Some(Some(true))
                            && let Some(zone) = browser::time_zone()
                        {
                            // The browser's zone, filled in for the owner: saved at
                            // once, so it never shows as an unsaved change of theirs.
                            self.profile.set_text(ProfileField::Timezone, zone);
                            self.save(self.profile);
                        }
                    }
                    Err(ApiError::Network) => {
                        self.offline.set(true);
                        if self.profile.load_offline() {
                            // Fails again, and retries with backoff until it gets through.
                            self.save(self.profile);
                        }
                    }
                    Err(error) => self.note_failure(error),
                }
            });
        }
        if self.studio.draft.with_untracked(Option::is_none) {
            spawn_local(async move {
                match api::studio().await {
                    Ok(config) => {
                        self.studio.load(studio_fields(&config), config.version);
                        self.save(self.studio);
                    }
                    Err(ApiError::Network) => {
                        self.offline.set(true);
                        if self.studio.load_offline() {
                            // Fails again, and retries with backoff until it gets through.
                            self.save(self.studio);
                        }
                    }
                    Err(error) => self.note_failure(error),
                }
            });
        }
        if self.onboarding.with_untracked(Option::is_none) {
            self.refresh_onboarding();
        }
        if self.catalog.with_untracked(Option::is_none) {
            if let Some(cached) =
                browser::local_get(CATALOG_CACHE).and_then(|text| serde_json::from_str(&text).ok())
            {
                self.catalog.set(Some(cached));
            }
            spawn_local(async move {
                match api::catalog().await {
                    Ok(catalog) => {
                        if let Ok(text) = serde_json::to_string(&catalog) {
                            browser::local_set(CATALOG_CACHE, &text);
                        }
                        self.catalog.set(Some(catalog));
                    }
                    Err(error) => self.note_failure(error),
                }
            });
        }
        if self.vapi.with_untracked(Option::is_none) || self.twilio.with_untracked(Option::is_none)
        {
            self.refresh_connections();
        }
        if self.assistants.with_untracked(Option::is_none) {
            self.refresh_assistants();
        }
    }

    pub fn refresh_onboarding(self) {
        spawn_local(async move {
            match api::onboarding().await {
                Ok(onboarding) => self.adopt_onboarding(onboarding),
                Err(error) => self.note_failure(error),
            }
        });
    }

    /// Keeps the newest copy: answers may arrive out of order.
    pub(super) fn adopt_onboarding(self, onboarding: Onboarding) {
        self.onboarding.update(|current| {
            let newer = current
                .as_ref()
                .is_none_or(|current| onboarding.version >= current.version);
            if newer {
                *current = Some(onboarding);
            }
        });
    }

    pub fn refresh_connections(self) {
        spawn_local(async move {
            match api::vapi_settings().await {
                Ok(vapi) => self.vapi.set(Some(vapi)),
                Err(error) => self.note_failure(error),
            }
        });
        spawn_local(async move {
            match api::twilio_settings().await {
                Ok(twilio) => self.twilio.set(Some(twilio)),
                Err(error) => self.note_failure(error),
            }
        });
    }

    pub fn refresh_assistants(self) {
        spawn_local(async move {
            match api::assistants().await {
                Ok(list) => self.assistants.set(Some(list.assistants)),
                Err(error) => self.note_failure(error),
            }
        });
    }

    pub fn vapi_connected(self) -> bool {
        self.vapi
            .with(|vapi| vapi.as_ref().is_some_and(|vapi| vapi.configured))
    }

    pub fn twilio_connected(self) -> bool {
        self.twilio
            .with(|twilio| twilio.as_ref().is_some_and(|twilio| twilio.configured))
    }

    /// The fields of `step` whose on-screen value cannot be saved: held
    /// back because the server would refuse it, or refused by it (tracked).
    /// Continue does not leave such a step, and it is not shown as done.
    pub fn unsavable(self, step: StepKey) -> Vec<String> {
        match step {
            StepKey::Profile => {
                unsavable_fields(self.profile, self.held::<ProfileResource>(), |_| true)
            }
            _ => unsavable_fields(self.studio, self.held::<StudioResource>(), |key| {
                StudioField::parse(key).is_some_and(|field| field.step() == step)
            }),
        }
    }

    /// A step's status as the owner should read it (tracked): what the
    /// server says, except that a step holding a value that cannot be saved
    /// is never done.
    pub fn step_status(self, step: StepKey) -> StepStatus {
        let status = self
            .onboarding
            .with(|o| o.as_ref().and_then(|o| o.steps.get(&step).copied()))
            .unwrap_or(StepStatus::Pending);
        if status == StepStatus::Complete && !self.unsavable(step).is_empty() {
            StepStatus::InProgress
        } else {
            status
        }
    }

    fn timezone_known(catalog: RwSignal<Option<Catalog>>, zone: &str) -> bool {
        catalog
            .try_with_untracked(|catalog| {
                catalog.as_ref().is_none_or(|catalog| {
                    catalog.timezones.is_empty() || catalog.timezones.iter().any(|z| z == zone)
                })
            })
            .unwrap_or(true)
    }

    /// Values the server would refuse: kept on screen, not sent.
    pub fn held<R: Resource>(self) -> impl Fn(&str, &Value) -> bool + Clone + 'static {
        let catalog = self.catalog;
        move |key: &str, value: &Value| {
            R::refused(key, value, &|zone| Self::timezone_known(catalog, zone))
        }
    }

    fn after_save(self) -> impl Fn() + Clone + 'static {
        move || {
            if self.offline.try_get_untracked() == Some(true) {
                // The server is reachable again: fetch what could not be loaded.
                self.load();
            } else {
                self.refresh_onboarding();
            }
        }
    }

    pub fn save<R: Resource>(self, doc: Doc<R>) {
        doc.save(self.held::<R>(), self.after_save());
    }

    pub fn save_all(self) {
        self.save(self.profile);
        self.save(self.studio);
    }

    /// Saves and waits; `false` if the server refused something the owner must fix.
    pub async fn save_and_wait<R: Resource>(self, doc: Doc<R>) -> bool {
        doc.save_and_wait(self.held::<R>(), self.after_save()).await
    }

    /// Autosave every 10 seconds while there are unsaved changes, when the
    /// page is hidden, and when the browser is back online. Stops with the page.
    fn start_autosave(self) {
        // The 10-second tick leaves docs that are backing off after a failure
        // to their own retry timer (see `Doc::settle`).
        let tick = move || {
            if self.profile.net.try_get_untracked() == Some(Net::Fine) {
                self.save(self.profile);
            }
            if self.studio.net.try_get_untracked() == Some(Net::Fine) {
                self.save(self.studio);
            }
        };
        if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(10)) {
            on_cleanup(move || handle.clear());
        }
        browser::on_document_event("visibilitychange", move || {
            if browser::is_hidden() {
                self.save_all();
            }
        });
        let online = window_event_listener_untyped("online", move |_| {
            self.profile.net.set(Net::Fine);
            self.studio.net.set(Net::Fine);
            self.save_all();
            self.load();
            self.run_queue();
        });
        on_cleanup(move || online.remove());
    }
}

/// The changed fields of `doc` (those `mine` picks) that are `held` or
/// were refused by the server.
fn unsavable_fields<R: Resource>(
    doc: Doc<R>,
    held: impl Fn(&str, &Value) -> bool,
    mine: impl Fn(&str) -> bool,
) -> Vec<String> {
    doc.draft.with(|draft| {
        let Some(draft) = draft else {
            return Vec::new();
        };
        draft
            .changed_fields()
            .into_iter()
            .filter(|key| mine(key) && (draft.is_rejected(key) || held(key, draft.get(key))))
            .collect()
    })
}
