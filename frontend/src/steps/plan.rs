//! The Plan step.

use leptos::prelude::*;

use crate::{
    autosave::field::StudioField,
    i18n::{t, use_i18n},
    workspace::Workspace,
};

#[component]
pub fn PlanFields(ws: Workspace) -> impl IntoView {
    let i18n = use_i18n();
    let doc = ws.studio;
    // The Free plan is the only one: choosing it is automatic, and saved
    // at once (it is not an unsaved change of the owner's).
    Effect::new(move |_| {
        if doc.is_loaded() && doc.value(StudioField::Plan).is_null() {
            doc.set_text(StudioField::Plan, "free".to_owned());
            ws.save(doc);
        }
    });
    view! {
        <fieldset class="choices cards plans">
            <legend>{t!(i18n, plan.legend)}</legend>
            <div class="choice plan-card">
                <input type="radio" id="f-plan-free" name="plan" value="free" prop:checked=move || doc.text(StudioField::Plan) == "free" on:change=move |_| doc.set_text(StudioField::Plan, "free".to_owned()) />
                <label for="f-plan-free">
                    <span class="plan-name">{t!(i18n, plan.free)}</span>
                    <span class="plan-price">{t!(i18n, plan.free_price)}</span>
                    <span class="plan-features">{t!(i18n, plan.free_features)}</span>
                </label>
                <Show when=move || doc.text(StudioField::Plan) == "free">
                    <span class="badge">{t!(i18n, plan.selected)}</span>
                </Show>
            </div>
        </fieldset>
    }
}
