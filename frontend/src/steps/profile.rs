//! The Profile step: who the owner is, their business, time zone, language and terms.

use ava_api_types::Locale;
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    hooks::{use_location, use_navigate},
};

use super::{Loading, error, text, zone_picker::ZonePicker};
use crate::{
    autosave::field::ProfileField,
    browser,
    i18n::{t, t_string, use_i18n},
    messages,
    routes::{swap_locale, terms_url},
    ui::{CheckboxField, SelectField, TextField},
    workspace::Workspace,
};

#[component]
pub fn ProfileFields(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let location = use_location();
    // The owner's language is the interface's too.
    let switch_locale = Callback::new(move |value: String| {
        ws.profile.set_text(ProfileField::Locale, value.clone());
        if let Some(locale) = Locale::parse(&value) {
            let target = swap_locale(
                &location.pathname.get_untracked(),
                &location.search.get_untracked(),
                locale,
            );
            navigate(&target, NavigateOptions::default());
        }
    });
    let doc = ws.profile;
    let industries = Signal::derive(move || {
        ws.catalog
            .with(|catalog| {
                catalog
                    .as_ref()
                    .map(|c| c.industries.clone())
                    .unwrap_or_default()
            })
            .into_iter()
            .map(|code| {
                let name = messages::industry_name(i18n, &code);
                (code, name)
            })
            .collect::<Vec<_>>()
    });
    let locales = Signal::derive(move || {
        Locale::ALL
            .into_iter()
            .map(|locale| {
                (
                    locale.as_str().to_owned(),
                    messages::endonym(i18n, locale).to_owned(),
                )
            })
            .collect::<Vec<_>>()
    });
    let accepted_on = move || {
        ws.terms_accepted_at.get().and_then(|at| {
            let ms = js_sys::Date::parse(&at);
            (!ms.is_nan()).then(|| {
                let date = browser::format_date_time(ms, messages::current(i18n).as_str());
                t_string!(i18n, profile.terms_accepted_on, date = date).to_string()
            })
        })
    };
    let already_accepted = Signal::derive(move || ws.terms_accepted_at.with(Option::is_some));
    let email = move || ws.user.with_value(|user| user.email.clone());
    let terms_href = move || terms_url(messages::current(i18n));
    view! {
        <Show when=move || doc.is_loaded() fallback=|| view! { <Loading /> }>
            <div class="field readonly">
                <span class="label">{t!(i18n, profile.email)}</span>
                <span class="value" dir="ltr">{email}</span>
            </div>
            <TextField
                name="full_name"
                autocomplete="name"
                required=true
                dir_auto=true
                label=move || t_string!(i18n, profile.full_name)
                value=text(doc, ProfileField::FullName)
                on_input=move |value| doc.set_text(ProfileField::FullName, value)
                error=error(doc, i18n, ProfileField::FullName)
            />
            <TextField
                name="organization_name"
                autocomplete="organization"
                required=true
                dir_auto=true
                label=move || t_string!(i18n, profile.organization_name)
                value=text(doc, ProfileField::OrganizationName)
                on_input=move |value| doc.set_text(ProfileField::OrganizationName, value)
                error=error(doc, i18n, ProfileField::OrganizationName)
            />
            <SelectField
                name="industry"
                label=move || t_string!(i18n, profile.industry)
                placeholder=move || t_string!(i18n, profile.choose)
                value=text(doc, ProfileField::Industry)
                on_change=move |value| doc.set_text(ProfileField::Industry, value)
                options=industries
                error=error(doc, i18n, ProfileField::Industry)
            />
            <ZonePicker
                name="timezone"
                required=true
                label=move || t_string!(i18n, profile.timezone)
                hint=move || t_string!(i18n, profile.timezone_hint)
                zone=text(doc, ProfileField::Timezone)
                on_choose=move |zone| doc.set_text(ProfileField::Timezone, zone)
                error=Signal::derive(move || {
                    doc.error_text(i18n, ProfileField::Timezone).or_else(|| {
                        let zone = doc.text(ProfileField::Timezone);
                        let known = ws
                            .catalog
                            .with(|c| c.as_ref().is_none_or(|c| c.timezones.is_empty() || c.timezones.contains(&zone)));
                        (!zone.trim().is_empty() && !known)
                            .then(|| t_string!(i18n, field_errors.invalid_timezone).to_owned())
                    })
                })
                catalog=ws.catalog
            />
            <SelectField
                name="locale"
                label=move || t_string!(i18n, profile.locale)
                value=text(doc, ProfileField::Locale)
                on_change=switch_locale
                options=locales
                error=error(doc, i18n, ProfileField::Locale)
            />
            <CheckboxField
                name="marketing_opt_in"
                label=move || t_string!(i18n, profile.marketing_opt_in)
                checked=Signal::derive(move || doc.flag(ProfileField::MarketingOptIn))
                on_change=move |on: bool| doc.set(ProfileField::MarketingOptIn, on.into())
            />
            <CheckboxField
                name="accept_terms"
                required=true
                label=move || t_string!(i18n, profile.accept_terms)
                hint=move || accepted_on().unwrap_or_default()
                checked=Signal::derive(move || doc.flag(ProfileField::AcceptTerms))
                disabled=already_accepted
                on_change=move |on: bool| doc.set(ProfileField::AcceptTerms, on.into())
                error=error(doc, i18n, ProfileField::AcceptTerms)
            />
            // A new tab: the wizard stays as it is (it is autosaved anyway).
            <p class="terms-link">
                <a href=terms_href target="_blank" rel="noopener" data-testid="terms-link">
                    {t!(i18n, profile.terms_link)}
                </a>
            </p>
        </Show>
    }
}
