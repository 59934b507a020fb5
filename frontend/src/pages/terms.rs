//! `/{locale}/terms`: the terms of service and privacy policy, in plain
//! words; public, since the Profile step and sign-up link to it.

use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

#[component]
pub fn TermsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="text-page" data-testid="terms-page">
            <h1 id="page-title" tabindex="-1">{t!(i18n, terms.title)}</h1>
            <p class="lead">{t!(i18n, terms.lead)}</p>
            <h2>{t!(i18n, terms.use_title)}</h2>
            <p>{t!(i18n, terms.use_body)}</p>
            <h2>{t!(i18n, terms.stored_title)}</h2>
            <p>{t!(i18n, terms.stored_body)}</p>
            <h2>{t!(i18n, terms.credentials_title)}</h2>
            <p>{t!(i18n, terms.credentials_body)}</p>
            <h2>{t!(i18n, terms.providers_title)}</h2>
            <p>{t!(i18n, terms.providers_body)}</p>
            <h2>{t!(i18n, terms.calls_title)}</h2>
            <p>{t!(i18n, terms.calls_body)}</p>
            <h2>{t!(i18n, terms.browser_title)}</h2>
            <p>{t!(i18n, terms.browser_body)}</p>
            <h2>{t!(i18n, terms.mail_title)}</h2>
            <p>{t!(i18n, terms.mail_body)}</p>
            <h2>{t!(i18n, terms.access_title)}</h2>
            <p>{t!(i18n, terms.access_body)}</p>
            <h2>{t!(i18n, terms.ending_title)}</h2>
            <p>{t!(i18n, terms.ending_body)}</p>
        </article>
    }
}
