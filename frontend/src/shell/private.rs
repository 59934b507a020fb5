//! The guard of private pages.

use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    hooks::{use_location, use_navigate},
};

use crate::{
    context::use_auth,
    i18n::{t, use_i18n},
    messages,
    routes::{self, login_url},
};

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
