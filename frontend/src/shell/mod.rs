//! The application shell: the routes under `/{locale}/`, nothing else.
//! The frame around every page is in `layout` (locale redirect, header,
//! demo banner), the private-page guard in `private`.

mod layout;
mod private;

use leptos::prelude::*;
use leptos_router::{
    Lazy, LazyRoute, ParamSegment, StaticSegment,
    components::{ParentRoute, Route, Router, Routes},
    lazy_route,
};

use self::{
    layout::{LocaleLayout, LocaleRedirect},
    private::Private,
};
use crate::{
    api, browser,
    context::{Auth, MetaContext},
    i18n::I18nContextProvider,
    pages::{
        account::AccountPage,
        auth::{LoginPage, SignupPage},
        funnel::FunnelPage,
        password::{ForgotPasswordPage, ResetPasswordPage},
        settings::{TwilioSettingsPage, VapiSettingsPage},
        studio::StudioPage,
        terms::TermsPage,
    },
    wizard::WizardPage,
};

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
    provide_context(MetaContext::load());
    view! {
        <I18nContextProvider>
            <Router>
                <Routes fallback=|| view! { <LocaleRedirect /> }>
                    <ParentRoute path=ParamSegment("locale") view=LocaleLayout>
                        <Route path=StaticSegment("signup") view=SignupPage />
                        <Route path=StaticSegment("login") view=LoginPage />
                        <Route
                            path=StaticSegment("forgot-password")
                            view={Lazy::<ForgotPasswordRoute>::new()}
                        />
                        <Route
                            path=StaticSegment("reset-password")
                            view={Lazy::<ResetPasswordRoute>::new()}
                        />
                        <Route
                            path=StaticSegment("terms")
                            view={Lazy::<TermsRoute>::new()}
                        />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("account"))
                            view={Lazy::<AccountRoute>::new()}
                        />
                        <Route
                            path=StaticSegment("welcome")
                            view=|| view! { <Private><WizardPage /></Private> }
                        />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("vapi"))
                            view={Lazy::<VapiSettingsRoute>::new()}
                        />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("twilio"))
                            view={Lazy::<TwilioSettingsRoute>::new()}
                        />
                        <Route
                            path=StaticSegment("ava-studio")
                            view={Lazy::<StudioRoute>::new()}
                        />
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("funnel"))
                            view={Lazy::<FunnelRoute>::new()}
                        />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// A page the wizard never shows: its code is a split point (`#[lazy_route]`),
/// which `scripts/build-spa` moves out of the first load into a WASM chunk
/// that the browser fetches on the page's first visit.
macro_rules! lazy_page {
    ($route:ident, $page:expr) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                $page.into_any()
            }
        }
    };
}

lazy_page!(ForgotPasswordRoute, view! { <ForgotPasswordPage /> });
lazy_page!(ResetPasswordRoute, view! { <ResetPasswordPage /> });
lazy_page!(TermsRoute, view! { <TermsPage /> });
lazy_page!(AccountRoute, view! { <Private><AccountPage /></Private> });
lazy_page!(
    VapiSettingsRoute,
    view! { <Private><VapiSettingsPage /></Private> }
);
lazy_page!(
    TwilioSettingsRoute,
    view! { <Private><TwilioSettingsPage /></Private> }
);
lazy_page!(StudioRoute, view! { <Private><StudioPage /></Private> });
lazy_page!(FunnelRoute, view! { <Private><FunnelPage /></Private> });
