//! Everything the wizard and Ava Studio show about the owner, loaded once
//! per page, with the autosave driver and the (serialized) writes to the
//! onboarding progress.

use std::{collections::VecDeque, time::Duration};

use ava_api_types::{
    assistants::Assistant,
    auth::User,
    catalog::Catalog,
    codes,
    onboarding::{Onboarding, OnboardingPatch, StepKey},
    providers::{TwilioSettings, VapiSettings},
    studio::BusinessHours,
};
use leptos::{prelude::*, task::spawn_local};
use serde_json::Value;

use crate::{
    api::{self, ApiError},
    autosave::{Doc, Kind, Net, profile_fields, studio_fields},
    browser, validate,
};

const CATALOG_CACHE: &str = "ava.catalog.v1";

/// A change to the onboarding progress, applied over the latest copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Step(StepKey),
    Skip(StepKey),
    Unskip(StepKey),
}

#[derive(Clone, Copy)]
pub struct Workspace {
    pub user: StoredValue<User>,
    pub profile: Doc,
    pub studio: Doc,
    pub onboarding: RwSignal<Option<Onboarding>>,
    pub vapi: RwSignal<Option<VapiSettings>>,
    pub twilio: RwSignal<Option<TwilioSettings>>,
    pub catalog: RwSignal<Option<Catalog>>,
    pub assistants: RwSignal<Option<Vec<Assistant>>>,
    /// Something could not be loaded (and not because the network is down).
    pub failed: RwSignal<Option<ApiError>>,
    /// Something could not be loaded because the network is down.
    pub offline: RwSignal<bool>,
    queue: StoredValue<VecDeque<Op>>,
    busy: RwSignal<bool>,
}

impl Workspace {
    pub fn new(user: User) -> Self {
        let ws = Self {
            profile: Doc::new(Kind::Profile, &user.id),
            studio: Doc::new(Kind::Studio, &user.id),
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
                        self.profile
                            .terms_accepted_at
                            .set(profile.terms_accepted_at.map(|at| at.to_rfc3339()));
                        self.profile.load(profile_fields(&profile), profile.version);
                        // Edits brought back from this device: send them now.
                        self.save(self.profile);
                        if profile.timezone.is_none()
                            && self.profile.draft.try_with_untracked(|d| {
                                d.as_ref().map(|d| d.get("timezone").is_null())
                            }) == Some(Some(true))
                            && let Some(zone) = browser::time_zone()
                        {
                            self.profile.set_text("timezone", zone);
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
    fn adopt_onboarding(self, onboarding: Onboarding) {
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
    pub fn held(self, kind: Kind) -> impl Fn(&str, &Value) -> bool + Clone + 'static {
        let catalog = self.catalog;
        move |key: &str, value: &Value| match kind {
            Kind::Profile => {
                key == "timezone"
                    && value
                        .as_str()
                        .is_some_and(|zone| !Self::timezone_known(catalog, zone))
            }
            Kind::Studio => {
                validate::studio_value_refusable(key, value)
                    || (key == "business_hours"
                        && serde_json::from_value::<Option<BusinessHours>>(value.clone())
                            .ok()
                            .flatten()
                            .is_some_and(|hours| !Self::timezone_known(catalog, &hours.timezone)))
            }
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

    pub fn save(self, doc: Doc) {
        doc.save(self.held(doc.kind), self.after_save());
    }

    pub fn save_all(self) {
        self.save(self.profile);
        self.save(self.studio);
    }

    /// Saves and waits; `false` if the server refused something the owner must fix.
    pub async fn save_and_wait(self, doc: Doc) -> bool {
        doc.save_and_wait(self.held(doc.kind), self.after_save())
            .await
    }

    /// Autosave every 10 seconds while there are unsaved changes, when the
    /// page is hidden, and when the browser is back online. Stops with the page.
    pub fn start_autosave(self) {
        // The 10-second tick leaves docs that are backing off after a failure
        // to their own retry timer (see `Doc::settle`).
        let tick = move || {
            for doc in [self.profile, self.studio] {
                if doc.net.try_get_untracked() == Some(Net::Fine) {
                    self.save(doc);
                }
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

    // ---- onboarding progress ---------------------------------------------

    /// Records the step the owner is on (navigation: not an edit).
    pub fn record_step(self, step: StepKey) {
        self.enqueue(Op::Step(step));
    }

    pub fn skip(self, step: StepKey) {
        self.enqueue(Op::Skip(step));
    }

    pub fn unskip(self, step: StepKey) {
        self.enqueue(Op::Unskip(step));
    }

    fn enqueue(self, op: Op) {
        self.queue.update_value(|queue| {
            if let Op::Step(_) = op {
                queue.retain(|queued| !matches!(queued, Op::Step(_)));
            }
            queue.push_back(op);
        });
        self.run_queue();
    }

    fn run_queue(self) {
        if self.busy.try_get_untracked() != Some(false) {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            while let Some(op) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
                match self.apply(op).await {
                    Ok(()) => {}
                    Err(ApiError::Network) => {
                        // Try again when the browser is back online.
                        self.queue.update_value(|queue| queue.push_front(op));
                        break;
                    }
                    Err(_) => {}
                }
            }
            self.busy.set(false);
        });
    }

    async fn apply(self, op: Op) -> Result<(), ApiError> {
        let mut current = match self.onboarding.try_get_untracked().flatten() {
            Some(current) => current,
            None => api::onboarding().await?,
        };
        for _ in 0..3 {
            let Some(patch) = patch_for(&current, op) else {
                self.adopt_onboarding(current);
                return Ok(());
            };
            match api::patch_onboarding(&patch).await {
                Ok(onboarding) => {
                    self.adopt_onboarding(onboarding);
                    return Ok(());
                }
                Err(ApiError::Problem(problem)) if problem.code == codes::VERSION_CONFLICT => {
                    // Another tab moved: apply the same change over its copy.
                    current = match problem
                        .current
                        .and_then(|value| serde_json::from_value(value).ok())
                    {
                        Some(theirs) => theirs,
                        None => api::onboarding().await?,
                    };
                }
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }
}

/// The PATCH that applies `op` over `current`, if anything changes.
fn patch_for(current: &Onboarding, op: Op) -> Option<OnboardingPatch> {
    let mut patch = OnboardingPatch {
        version: Some(current.version),
        ..OnboardingPatch::default()
    };
    match op {
        Op::Step(step) => {
            if current.current_step == step {
                return None;
            }
            patch.current_step = Some(step);
        }
        Op::Skip(step) => {
            if matches!(step, StepKey::Profile | StepKey::Done) {
                return None;
            }
            let mut skipped = current.skipped_steps.clone();
            if !skipped.contains(&step) {
                skipped.push(step);
            }
            skipped.retain(|s| !matches!(s, StepKey::Profile | StepKey::Done));
            skipped.sort_unstable();
            let flag_unchanged = match step {
                StepKey::Vapi => current.vapi_skipped,
                StepKey::Twilio => current.twilio_skipped,
                _ => true,
            };
            if skipped == current.skipped_steps && flag_unchanged {
                return None;
            }
            patch.skipped_steps = Some(skipped);
            match step {
                StepKey::Vapi => patch.vapi_skipped = Some(true),
                StepKey::Twilio => patch.twilio_skipped = Some(true),
                _ => {}
            }
        }
        Op::Unskip(step) => {
            let flagged = match step {
                StepKey::Vapi => current.vapi_skipped,
                StepKey::Twilio => current.twilio_skipped,
                _ => false,
            };
            if !current.skipped_steps.contains(&step) && !flagged {
                return None;
            }
            let skipped: Vec<StepKey> = current
                .skipped_steps
                .iter()
                .copied()
                .filter(|s| *s != step)
                .collect();
            patch.skipped_steps = Some(skipped);
            match step {
                StepKey::Vapi => patch.vapi_skipped = Some(false),
                StepKey::Twilio => patch.twilio_skipped = Some(false),
                _ => {}
            }
        }
    }
    Some(patch)
}
