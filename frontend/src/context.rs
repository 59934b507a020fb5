//! What every page may read: who is signed in ([`Auth`]), the locale of
//! the URL, and the server's facts ([`Meta`]: demo mode). The shell
//! provides them; pages only read them, so nothing imports the shell.
//! Also the wizard's [`ContinueGuard`], which its steps set.

use std::{future::Future, pin::Pin, rc::Rc};

use ava_api_types::{Locale, Meta, auth::User};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_params_map;

use crate::{
    api::{self, ApiError},
    browser,
};

const LAST_USER: &str = "ava.last_user";

/// Who is signed in. `loaded` turns true once `GET /auth/me` answered.
#[derive(Clone, Copy)]
pub struct Auth {
    pub user: RwSignal<Option<User>>,
    pub loaded: RwSignal<bool>,
    /// Set while logging out, so private pages don't ask to log in again.
    pub leaving: RwSignal<bool>,
}

impl Auth {
    pub fn new() -> Self {
        Self {
            user: RwSignal::new(None),
            loaded: RwSignal::new(false),
            leaving: RwSignal::new(false),
        }
    }

    pub fn load(self) {
        spawn_local(async move {
            match api::me().await {
                Ok(user) => self.signed_in(user),
                Err(ApiError::Network) => {
                    // Offline: keep working with the last owner seen on this
                    // device, so their unsaved edits can be shown and saved later.
                    let cached = browser::local_get(LAST_USER)
                        .and_then(|text| serde_json::from_str(&text).ok());
                    self.user.set(cached);
                }
                Err(_) => self.user.set(None),
            }
            self.loaded.set(true);
        });
    }

    pub fn signed_in(self, user: Option<User>) {
        match &user {
            Some(user) => {
                if let Ok(text) = serde_json::to_string(user) {
                    browser::local_set(LAST_USER, &text);
                }
            }
            None => browser::local_remove(LAST_USER),
        }
        self.leaving.set(false);
        self.user.set(user);
        self.loaded.set(true);
    }
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The locale of the current URL (tracked), English when there is none.
pub fn use_url_locale() -> Signal<Locale> {
    let params = use_params_map();
    Signal::derive(move || {
        params
            .with(|params| params.get("locale"))
            .and_then(|raw| Locale::parse(&raw))
            .unwrap_or(Locale::En)
    })
}

/// The server's facts, `None` until `GET /meta` answered.
#[derive(Clone, Copy)]
pub struct MetaContext(pub RwSignal<Option<Meta>>);

impl MetaContext {
    pub fn load() -> Self {
        let meta = RwSignal::new(None::<Meta>);
        spawn_local(async move {
            if let Ok(answer) = api::meta().await {
                meta.set(Some(answer));
            }
        });
        Self(meta)
    }
}

/// A fact about the server (tracked), false until `GET /meta` answered.
pub fn use_meta_flag(flag: fn(&Meta) -> bool) -> Signal<bool> {
    let meta = expect_context::<MetaContext>().0;
    Signal::derive(move || meta.with(|meta| meta.as_ref().is_some_and(flag)))
}

/// What a wizard step answers when Continue is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing pending: go on.
    Go,
    /// What was typed was checked and saved: go on, and say so.
    Saved,
    /// What was typed could not be saved: stay (the step says why).
    Stay,
}

type Check = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Verdict>>>>;

/// The check the current wizard step runs before Continue leaves it (the
/// Vapi and Twilio steps check and save a typed credential). Provided by
/// the wizard, set by the step while it is shown.
#[derive(Clone, Copy)]
pub struct ContinueGuard(StoredValue<Slot, LocalStorage>);

#[derive(Default)]
struct Slot {
    /// Numbers the checks, so a step removed after its successor was built
    /// does not remove the successor's check.
    issued: u64,
    current: Option<(u64, Check)>,
}

impl ContinueGuard {
    pub fn provide() -> Self {
        let guard = Self(StoredValue::new_local(Slot::default()));
        provide_context(guard);
        guard
    }

    /// Sets the check of the step being built; removed with it.
    pub fn set<F, Fut>(self, check: F)
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Verdict> + 'static,
    {
        let check: Check = Rc::new(move || Box::pin(check()));
        let id = self.0.with_value(|slot| slot.issued + 1);
        self.0.update_value(|slot| {
            slot.issued = id;
            slot.current = Some((id, check));
        });
        on_cleanup(move || {
            self.0.try_update_value(|slot| {
                if slot
                    .current
                    .as_ref()
                    .is_some_and(|(current, _)| *current == id)
                {
                    slot.current = None;
                }
            });
        });
    }

    /// The current step's verdict (`Go` when it has no check).
    pub async fn check(self) -> Verdict {
        let check = self
            .0
            .try_with_value(|slot| slot.current.as_ref().map(|(_, check)| check.clone()))
            .flatten();
        match check {
            Some(check) => check().await,
            None => Verdict::Go,
        }
    }
}

/// The wizard's guard, when the page is the wizard.
pub fn use_continue_guard() -> Option<ContinueGuard> {
    use_context::<ContinueGuard>()
}
