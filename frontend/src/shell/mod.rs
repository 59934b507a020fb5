//! The application shell: the routes under `/{locale}/`, nothing else.
//! The frame around every page is in `layout` (locale redirect, header,
//! demo banner), the private-page guard in `private`.

mod layout;
mod private;

use leptos::prelude::*;
use leptos_router::{
    ParamSegment, StaticSegment,
    components::{ParentRoute, Route, Router, Routes},
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
                        <Route path=StaticSegment("forgot-password") view=ForgotPasswordPage />
                        <Route path=StaticSegment("reset-password") view=ResetPasswordPage />
                        <Route path=StaticSegment("terms") view=TermsPage />
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
                        <Route
                            path=(StaticSegment("admin"), StaticSegment("funnel"))
                            view=|| view! { <Private><FunnelPage /></Private> }
                        />
                    </ParentRoute>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}
