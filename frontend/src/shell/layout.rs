//! The frame of every page: the redirect for paths without a valid
//! locale, the interface language kept in step with the URL, the header
//! with the language switcher, and the demo banner.

use ava_api_types::Locale;
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::Outlet,
    hooks::{use_location, use_navigate, use_params_map},
};

use crate::{
    api, browser,
    context::{use_auth, use_meta_flag, use_url_locale},
    i18n::{t, t_string, use_i18n},
    messages::{endonym, ui_locale},
    routes::{self, preferred_locale, swap_locale},
};

/// Sends a path without a valid locale (or page) to the same page under
/// the owner's locale, the browser's, or English. Never a 404.
#[component]
pub fn LocaleRedirect() -> impl IntoView {
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
pub fn LocaleLayout() -> impl IntoView {
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
    let demo = use_meta_flag(|meta| meta.demo);
    view! {
        <Show when=move || demo.get()>
            // A landmark of its own: no content of the page lies outside one.
            <aside class="demo-banner" data-testid="demo-banner">
                {t!(i18n, app.demo_banner)}
            </aside>
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
    let operator = move || {
        auth.user
            .with(|user| user.as_ref().is_some_and(|user| user.operator))
    };
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
    // On a phone the pages are one line scrolling sideways: keep the
    // current one in sight.
    Effect::new(move |_| {
        location.pathname.track();
        if signed_in() {
            browser::reveal(".main-nav [aria-current=\"page\"]".to_owned());
        }
    });
    let log_out = Action::new_local(move |(): &()| {
        let navigate = navigate.clone();
        async move {
            let _ = api::logout().await;
            navigate(
                &format!("/{}/login", locale.get_untracked().as_str()),
                NavigateOptions::default(),
            );
            auth.signed_in(None);
        }
    });
    let logout = move |_| {
        auth.leaving.set(true);
        log_out.dispatch_local(());
    };
    view! {
        <header class="site-header">
            <a class="brand" href=link("welcome")>
                <span class="brand-mark" aria-hidden="true">"A"</span>
                <span class="brand-name">{t!(i18n, app.name)}</span>
            </a>
            <Show when=signed_in>
                <nav class="main-nav" aria-label=move || t_string!(i18n, app.main_nav)>
                    <a
                        href=link("welcome")
                        aria-current=current("welcome")
                        on:click=|_| browser::session_set(routes::OPEN_WIZARD_KEY, "1")
                    >
                        {t!(i18n, app.nav_wizard)}
                    </a>
                    <a href=link("ava-studio") aria-current=current("ava-studio")>{t!(i18n, app.nav_studio)}</a>
                    <a href=link("settings/vapi") aria-current=current("settings/vapi")>{t!(i18n, app.nav_vapi)}</a>
                    <a href=link("settings/twilio") aria-current=current("settings/twilio")>{t!(i18n, app.nav_twilio)}</a>
                    <a href=link("settings/account") aria-current=current("settings/account") data-testid="nav-account">
                        {t!(i18n, account.link)}
                    </a>
                    <Show when=operator>
                        <a href=link("admin/funnel") aria-current=current("admin/funnel") data-testid="nav-funnel">
                            {t!(i18n, app.nav_funnel)}
                        </a>
                    </Show>
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
                    <button type="button" class="button ghost" data-testid="logout" on:click=logout>
                        {t!(i18n, app.logout)}
                    </button>
                </Show>
            </div>
        </header>
    }
}
