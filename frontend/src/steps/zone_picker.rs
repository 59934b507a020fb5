//! The time zone picker: a combobox that finds a zone by the owner's city,
//! in their language, or by its IANA id (`ava_rules::zones`), and only
//! ever hands back a zone id. What is typed and not chosen stays on screen,
//! said to be unsaved, and Continue does not leave the step with it.

use ava_api_types::catalog::Catalog;
use ava_rules::zones::{ZoneName, exact_zone, find_zones};
use leptos::{ev::KeyboardEvent, html, prelude::*};

use crate::{
    context::{Verdict, use_continue_guard},
    i18n::{t_string, use_i18n},
    messages,
    ui::{ErrorText, Hint, LabelText, Ltr},
};

/// At most this many zones are offered at once.
const OFFERED: usize = 8;

#[derive(Clone, PartialEq)]
struct Offer {
    id: String,
    city: String,
}

#[component]
pub fn ZonePicker(
    /// The API field name, as for any control (`timezone`).
    #[prop(into)]
    name: String,
    #[prop(into)] label: TextProp,
    #[prop(into, optional)] hint: Option<TextProp>,
    #[prop(optional)] required: bool,
    /// The zone id held now ("" for none).
    #[prop(into)]
    zone: Signal<String>,
    #[prop(into)] on_choose: Callback<String>,
    /// What the server or the step has to say about the zone.
    #[prop(into)]
    error: Signal<Option<String>>,
    catalog: RwSignal<Option<Catalog>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("f-{}", name.replace('.', "-"));
    let list_id = format!("{id}-list");
    let chosen_id = format!("{id}-zone");
    let input = NodeRef::<html::Input>::new();
    // What the owner typed since the last choice; `None` shows the zone held.
    let typed = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);

    let city_of = move |zone: &str| {
        let locale = messages::current(i18n);
        catalog.with(|catalog| {
            catalog.as_ref().and_then(|catalog| {
                catalog
                    .zones
                    .iter()
                    .find(|option| option.id == zone)
                    .map(|option| option.cities.get(locale).to_owned())
            })
        })
    };
    let chosen_city = Memo::new(move |_| zone.with(|zone| city_of(zone)));
    // The matches of what is typed, and the one Enter alone would choose.
    let found = Memo::new(move |_| {
        let locale = messages::current(i18n);
        typed.with(|typed| {
            let Some(query) = typed else {
                return (Vec::new(), None);
            };
            catalog.with(|catalog| {
                let Some(catalog) = catalog else {
                    return (Vec::new(), None);
                };
                let names = catalog.zones.iter().map(|option| ZoneName {
                    id: &option.id,
                    city: option.cities.get(locale),
                });
                let matches = find_zones(query, names, OFFERED);
                let exact = exact_zone(&matches).map(|zone| zone.id.to_owned());
                let offers = matches
                    .into_iter()
                    .map(|found| Offer {
                        id: found.zone.id.to_owned(),
                        city: found.zone.city.to_owned(),
                    })
                    .collect::<Vec<_>>();
                (offers, exact)
            })
        })
    });
    let offers = move || found.with(|(offers, _)| offers.clone());
    let offer_count = move || found.with(|(offers, _)| offers.len());
    let expanded = move || open.get() && offer_count() > 0;

    let choose = move |zone: String| {
        on_choose.run(zone);
        typed.set(None);
        open.set(false);
        active.set(None);
    };
    let unchosen = Memo::new(move |_| {
        typed
            .with(|typed| typed.clone())
            .filter(|text| !text.trim().is_empty())
    });
    // Text typed and not chosen: said once the list is closed or empty.
    let shown_error = Signal::derive(move || {
        let pending = unchosen.get().filter(|_| !expanded());
        match pending {
            Some(text) => Some(
                t_string!(
                    i18n,
                    field_errors.timezone_not_chosen,
                    typed = isolated(&text)
                )
                .to_string(),
            ),
            None => error.get(),
        }
    });

    if let Some(guard) = use_continue_guard() {
        let focus_id = id.clone();
        guard.set(move || {
            let focus_id = focus_id.clone();
            async move {
                if unchosen.get_untracked().is_none() {
                    return Verdict::Go;
                }
                open.set(false);
                crate::browser::focus_now(&format!("#{focus_id}"));
                Verdict::Stay
            }
        });
    }

    let on_keydown = move |ev: KeyboardEvent| {
        let count = offer_count();
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                let down = ev.key() == "ArrowDown";
                active.update(|active| {
                    *active = Some(match (*active, down) {
                        (Some(at), true) => (at + 1) % count,
                        (Some(at), false) => (at + count - 1) % count,
                        (None, true) => 0,
                        (None, false) => count - 1,
                    });
                });
            }
            "Enter" if typed.with(Option::is_some) => {
                // Never submits a form with unchosen text.
                ev.prevent_default();
                let picked = match active.get() {
                    Some(at) if expanded() => {
                        found.with(|(offers, _)| offers.get(at).map(|offer| offer.id.clone()))
                    }
                    _ => found.with(|(_, exact)| exact.clone()),
                };
                if let Some(zone) = picked {
                    choose(zone);
                }
            }
            "Escape" => {
                if expanded() {
                    ev.prevent_default();
                    open.set(false);
                    active.set(None);
                } else if typed.with(Option::is_some) {
                    // Back to the zone held.
                    ev.prevent_default();
                    typed.set(None);
                }
            }
            _ => {}
        }
    };
    let option_id = {
        let id = id.clone();
        move |at: usize| format!("{id}-option-{at}")
    };
    let active_descendant = {
        let option_id = option_id.clone();
        move || active.get().filter(|_| expanded()).map(&option_id)
    };
    let describe = {
        let id = id.clone();
        let chosen_id = chosen_id.clone();
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if typed.with(Option::is_none) && chosen_city.with(Option::is_some) {
                ids.push(chosen_id.clone());
            }
            if has_hint {
                ids.push(format!("{id}-hint"));
            }
            if shown_error.with(Option::is_some) {
                ids.push(format!("{id}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let value = move || {
        typed.get().unwrap_or_else(|| {
            // A zone the catalog does not know is shown as it is.
            chosen_city.get().unwrap_or_else(|| zone.get())
        })
    };
    let label_for_list = label.clone();

    view! {
        <div class="field zone-picker">
            <label for=id.clone()>
                <LabelText label=label required=required />
            </label>
            <div class="combobox">
                <input
                    id=id.clone()
                    name=name
                    type="text"
                    node_ref=input
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    dir="auto"
                    aria-autocomplete="list"
                    aria-controls=list_id.clone()
                    aria-expanded=move || if expanded() { "true" } else { "false" }
                    aria-activedescendant=active_descendant
                    aria-describedby=describe
                    aria-invalid=move || shown_error.with(Option::is_some).then_some("true")
                    aria-required=required.then_some("true")
                    prop:value=value
                    on:input=move |ev| {
                        typed.set(Some(event_target_value(&ev)));
                        open.set(true);
                        active.set(None);
                    }
                    on:focus=move |_| {
                        // Typing replaces the city shown.
                        if let Some(input) = input.get_untracked() {
                            input.select();
                        }
                    }
                    on:blur=move |_| {
                        open.set(false);
                        active.set(None);
                        // A cleared field still holds its zone: show it again.
                        if typed.with(|typed| typed.as_deref().is_some_and(|text| text.trim().is_empty())) {
                            typed.set(None);
                        }
                    }
                    on:keydown=on_keydown
                />
                <ul
                    id=list_id
                    role="listbox"
                    class="zone-options"
                    aria-label=move || label_for_list.get().to_string()
                    hidden=move || !expanded()
                >
                    {move || {
                        offers()
                            .into_iter()
                            .enumerate()
                            .map(|(at, offer)| {
                                let zone = offer.id.clone();
                                let data_zone = offer.id.clone();
                                view! {
                                    <li
                                        id=option_id(at)
                                        role="option"
                                        data-zone=data_zone
                                        aria-selected=move || if active.get() == Some(at) { "true" } else { "false" }
                                        // Keeps the focus in the field, so blur does not close the list first.
                                        on:mousedown=|ev| ev.prevent_default()
                                        on:click=move |_| choose(zone.clone())
                                    >
                                        <span class="zone-city" dir="auto">{offer.city}</span>
                                        <Ltr attr:class="zone-id">{offer.id}</Ltr>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
            {move || {
                (typed.with(Option::is_none) && chosen_city.with(Option::is_some))
                    .then(|| view! { <p class="hint zone-chosen" id=chosen_id.clone()><Ltr>{zone.get()}</Ltr></p> })
            }}
            <Hint id=id.clone() text=hint />
            <ErrorText id=id error=shown_error />
        </div>
    }
}

/// Typed text inside a sentence, kept apart from its direction (a Latin
/// city in a Hebrew sentence, or the other way round).
fn isolated(text: &str) -> String {
    format!("\u{2068}{}\u{2069}", text.trim())
}
