//! The application shell: routes under `/{locale}/`, the redirect for
//! paths without a valid locale, the private-page guard, the header with the
//! language switcher, and the demo banner.

use ava_api_types::{Locale, Meta, auth::User};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions, ParamSegment, StaticSegment,
    components::{Outlet, ParentRoute, Route, Router, Routes},
    hooks::{use_location, use_navigate, use_params_map},
};

use crate::{
    account::{AccountPage, ForgotPasswordPage, ResetPasswordPage},
    api::{self, ApiError},
    auth::{LoginPage, SignupPage},
    browser,
    i18n::{I18nContextProvider, t, t_string, use_i18n},
    messages::{self, endonym, ui_locale},
    routes::{self, login_url, preferred_locale, swap_locale},
    settings::{TwilioSettingsPage, VapiSettingsPage},
    studio::StudioPage,
    wizard::WizardPage,
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
    fn new() -> Self {
        Self {
            user: RwSignal::new(None),
            loaded: RwSignal::new(false),
            leaving: RwSignal::new(false),
        }
    }

    fn load(self) {
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

pub fn start() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    browser::remove_boot_placeholder();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let auth = Auth::new();
    provide_context(auth);
    auth.load();
    api::set_on_unauthorized(move || auth.user.set(None));
    let meta = RwSignal::new(None::<Meta>);
    provide_context(meta);
    spawn_local(async move {
        if let Ok(answer) = api::meta().await {
            meta.set(Some(answer));
        }
    });
    view! {
        <I18nContextProvider>
            <Router>
                <Routes fallback=|| view! { <LocaleRedirect /> }>
                    <ParentRoute path=ParamSegment("locale") view=LocaleLayout>
                        <Route path=StaticSegment("signup") view=SignupPage />
                        <Route path=StaticSegment("login") view=LoginPage />
                        <Route path=StaticSegment("forgot-password") view=ForgotPasswordPage />
                        <Route path=StaticSegment("reset-password") view=ResetPasswordPage />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("account"))
                            view=|| view! { <Private><AccountPage /></Private> }
                        />
                        <Route
                            path=StaticSegment("welcome")
                            view=|| view! { <Private><WizardPage /></Private> }
                        />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("vapi"))
                            view=|| view! { <Private><VapiSettingsPage /></Private> }
                        />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("twilio"))
                            view=|| view! { <Private><TwilioSettingsPage /></Private> }
                        />
                        <Route
                            path=StaticSegment("ava-studio")
                            view=|| view! { <Private><StudioPage /></Private> }
                        />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// Sends a path without a valid locale (or page) to the same page under
/// the owner's locale, the browser's, or English. Never a 404.
#[component]
fn LocaleRedirect() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if !auth.loaded.get() {
            return;
        }
        let owner = auth.user.with(|user| user.as_ref().map(|user| user.locale));
        let languages = browser::languages();
        let locale = preferred_locale(owner, languages.iter().map(String::as_str));
        let target = routes::redirect_target(
            &location.pathname.get_untracked(),
            &location.search.get_untracked(),
            locale,
        );
        navigate(
            &target,
            NavigateOptions {
                replace: true,
                ..NavigateOptions::default()
            },
        );
    });
    view! { <p class="page-loading" role="status">{t!(i18n, app.redirecting)}</p> }
}

/// The frame of every page: keeps the interface language in step with the URL.
#[component]
fn LocaleLayout() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let valid = Memo::new(move |_| {
        params
            .with(|params| params.get("locale"))
            .and_then(|raw| Locale::parse(&raw))
    });
    Effect::new(move |_| {
        if let Some(locale) = valid.get() {
            let wanted = ui_locale(locale);
            if i18n.get_locale() != wanted {
                i18n.set_locale(wanted);
            }
        }
    });
    if let Some(locale) = valid.get_untracked() {
        i18n.set_locale(ui_locale(locale));
    }
    Effect::new(move |_| {
        let title = format!(
            "{} — {}",
            t_string!(i18n, app.name),
            t_string!(i18n, app.tagline)
        );
        document().set_title(&title);
    });
    move || match valid.get() {
        Some(_) => view! {
            <a class="skip-link" href="#main">{t!(i18n, app.skip_to_content)}</a>
            <DemoBanner />
            <Header />
            <main id="main" tabindex="-1">
                <Outlet />
            </main>
        }
        .into_any(),
        None => view! { <LocaleRedirect /> }.into_any(),
    }
}

#[component]
fn DemoBanner() -> impl IntoView {
    let i18n = use_i18n();
    let meta = expect_context::<RwSignal<Option<Meta>>>();
    let demo = move || meta.with(|meta| meta.as_ref().is_some_and(|meta| meta.demo));
    view! {
        <Show when=demo>
            <div class="demo-banner" role="note" data-testid="demo-banner">
                {t!(i18n, app.demo_banner)}
            </div>
        </Show>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = use_location();
    let locale = use_url_locale();
    let navigate = use_navigate();
    let signed_in = move || auth.user.with(Option::is_some);
    let link = move |page: &'static str| move || format!("/{}/{page}", locale.get().as_str());
    let current = move |page: &'static str| {
        move || {
            let path = location.pathname.get();
            routes::split_locale(&path)
                .1
                .starts_with(page)
                .then_some("page")
        }
    };
    let logout = move |_| {
        let navigate = navigate.clone();
        auth.leaving.set(true);
        spawn_local(async move {
            let _ = api::logout().await;
            navigate(
                &format!("/{}/login", locale.get_untracked().as_str()),
                NavigateOptions::default(),
            );
            auth.signed_in(None);
        });
    };
    view! {
        <header class="site-header">
            <a class="brand" href=link("welcome")>
                <span class="brand-mark" aria-hidden="true">"A"</span>
                <span class="brand-name">{t!(i18n, app.name)}</span>
            </a>
            <Show when=signed_in>
                <nav class="main-nav" aria-label=move || t_string!(i18n, app.main_nav)>
                    <a href=link("welcome") aria-current=current("welcome")>{t!(i18n, app.nav_wizard)}</a>
                    <a href=link("ava-studio") aria-current=current("ava-studio")>{t!(i18n, app.nav_studio)}</a>
                    <a href=link("settings/vapi") aria-current=current("settings/vapi")>{t!(i18n, app.nav_vapi)}</a>
                    <a href=link("settings/twilio") aria-current=current("settings/twilio")>{t!(i18n, app.nav_twilio)}</a>
                    <a href=link("settings/account") aria-current=current("settings/account") data-testid="nav-account">
                        {t!(i18n, account.link)}
                    </a>
                </nav>
            </Show>
            <div class="header-end">
                <nav class="lang-switch" aria-label=move || t_string!(i18n, app.language)>
                    {Locale::ALL
                        .into_iter()
                        .map(|target| {
                            let href = move || swap_locale(&location.pathname.get(), &location.search.get(), target);
                            let active = move || (locale.get() == target).then_some("true");
                            view! {
                                <a href=href hreflang=target.as_str() lang=target.as_str() aria-current=active>
                                    {move || endonym(i18n, target)}
                                </a>
                            }
                        })
                        .collect_view()}
                </nav>
                <Show when=signed_in>
                    <button type="button" class="button ghost" data-testid="logout" on:click=logout.clone()>
                        {t!(i18n, app.logout)}
                    </button>
                </Show>
            </div>
        </header>
    }
}

/// Private pages: a signed-out visitor goes to the login page, and comes
/// back here after (`?next=`).
#[component]
pub fn Private(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if auth.loaded.get() && auth.user.with(Option::is_none) && !auth.leaving.get() {
            let path = location.pathname.get_untracked();
            // Logging out navigates to the log-in page before this page is
            // unmounted: the location is already public, nothing to guard.
            if matches!(routes::split_locale(&path).1.as_str(), "login" | "signup") {
                return;
            }
            let next = format!(
                "{path}{}",
                routes::normalize_search(&location.search.get_untracked())
            );
            let locale = routes::split_locale(&path)
                .0
                .unwrap_or(messages::current(i18n));
            navigate(
                &login_url(locale, &next),
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });
    let children = StoredValue::new(children);
    view! {
        <Show
            when=move || auth.user.with(Option::is_some)
            fallback=move || view! { <p class="page-loading" role="status">{t!(i18n, app.loading)}</p> }
        >
            {children.read_value()()}
        </Show>
    }
}
