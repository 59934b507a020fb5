//! The Integrations step: calendar, CRM and workspace apps.

use ava_api_types::{catalog::Catalog, studio::Integrations};
use leptos::prelude::*;

use super::{Loading, error};
use crate::{
    autosave::field::StudioField,
    i18n::{t, t_string, use_i18n},
    messages::integration_name,
    ui::RadioGroup,
    workspace::Workspace,
};

#[component]
pub fn IntegrationsFields(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    let current = Memo::new(move |_| {
        doc.typed::<Integrations>(StudioField::Integrations)
            .unwrap_or_default()
    });
    let choices = move |pick: fn(&Catalog) -> &Vec<String>| {
        Signal::derive(move || {
            let mut options = vec![(String::new(), t_string!(i18n, integrations.none).to_owned())];
            let codes = ws
                .catalog
                .with(|c| c.as_ref().map(|c| pick(c).clone()).unwrap_or_default());
            options.extend(codes.into_iter().map(|code| {
                let name = integration_name(i18n, &code);
                (code, name)
            }));
            options
        })
    };
    let set = move |change: &dyn Fn(&mut Integrations)| {
        let mut value = current.get_untracked();
        change(&mut value);
        doc.set_typed(StudioField::Integrations, &value);
    };
    let apps = move || {
        ws.catalog.with(|c| {
            c.as_ref()
                .map(|c| c.workspace_apps.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <Show when=move || doc.is_loaded() fallback=|| view! { <Loading /> }>
            <RadioGroup
                name="calendar"
                cards=true
                legend=move || t_string!(i18n, integrations.calendar)
                value=Signal::derive(move || current.with(|c| c.calendar.clone().unwrap_or_default()))
                on_change=move |value: String| set(&|i| i.calendar = (!value.is_empty()).then(|| value.clone()))
                options=choices(|c| &c.calendars)
                error=error(doc, i18n, StudioField::Integrations)
            />
            <RadioGroup
                name="crm"
                cards=true
                legend=move || t_string!(i18n, integrations.crm)
                value=Signal::derive(move || current.with(|c| c.crm.clone().unwrap_or_default()))
                on_change=move |value: String| set(&|i| i.crm = (!value.is_empty()).then(|| value.clone()))
                options=choices(|c| &c.crms)
            />
            <fieldset class="choices cards">
                <legend>{t!(i18n, integrations.workspace)}</legend>
                {move || {
                    apps()
                        .into_iter()
                        .map(|app| {
                            let id = format!("f-workspace-{app}");
                            let checked_app = app.clone();
                            let toggled_app = app.clone();
                            view! {
                                <div class="choice">
                                    <input
                                        type="checkbox"
                                        id=id.clone()
                                        name="workspace"
                                        value=app.clone()
                                        prop:checked=move || current.with(|c| c.workspace.contains(&checked_app))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            set(&|i| {
                                                i.workspace.retain(|a| *a != toggled_app);
                                                if on {
                                                    i.workspace.push(toggled_app.clone());
                                                }
                                            });
                                        }
                                    />
                                    <label for=id>{move || integration_name(i18n, &app)}</label>
                                </div>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
        </Show>
    }
}
