//! `/{locale}/settings/account`: where the owner is signed in, signing out
//! elsewhere, and changing the password.

use ava_api_types::{
    account::{PasswordChangeRequest, SessionInfo},
    codes,
    problem::FieldError,
};
use leptos::{prelude::*, task::spawn_local};

use super::password::{NewPassword, NewPasswordFields, field_text};
use crate::{
    api::{self, ApiError},
    browser,
    i18n::{t, t_string, use_i18n},
    messages::{self, error_text},
    ui::{Notice, NoticeKind, Spinner, TextField},
};

/// A moment as the owner reads it: date and time in the interface's
/// language, in their browser's zone (e.g. `25 Nov 2026, 10:00`).
fn moment(i18n: messages::I18n, at: &chrono::DateTime<chrono::Utc>) -> String {
    browser::format_date_time(
        at.timestamp_millis() as f64,
        messages::current(i18n).as_str(),
    )
}

/// `/{locale}/settings/account`: sessions and password.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = RwSignal::new(None::<Vec<SessionInfo>>);
    let error = RwSignal::new(None::<ApiError>);
    let ended_notice = RwSignal::new(None::<u64>);
    let reload = move || {
        spawn_local(async move {
            match api::sessions().await {
                Ok(list) => {
                    // This device first, then the others, newest first.
                    let mut list = list.sessions;
                    list.sort_by_key(|session| !session.current);
                    sessions.set(Some(list));
                }
                Err(problem) => error.set(Some(problem)),
            }
        });
    };
    reload();
    let end_one = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            if let Err(problem) = api::end_session(&id).await {
                error.set(Some(problem));
            }
            reload();
        }
    });
    let end = move |id: String| {
        error.set(None);
        ended_notice.set(None);
        end_one.dispatch_local(id);
    };
    let end_all_others = Action::new_local(move |(): &()| async move {
        match api::end_other_sessions().await {
            Ok(ended) => ended_notice.set(Some(ended.ended)),
            Err(problem) => error.set(Some(problem)),
        }
        reload();
    });
    let end_others = move |_| {
        error.set(None);
        end_all_others.dispatch_local(());
    };
    let others = move || {
        sessions.with(|list| {
            list.as_ref()
                .is_some_and(|list| list.iter().any(|session| !session.current))
        })
    };
    view! {
        <section class="account-page" data-testid="account-page">
            <h1>{t!(i18n, account.page_title)}</h1>
            <p class="lead">{t!(i18n, account.page_lead)}</p>
            {move || {
                error
                    .get()
                    .map(|problem| {
                        view! {
                            <Notice kind=NoticeKind::Error>
                                <p>{move || error_text(i18n, &problem)}</p>
                            </Notice>
                        }
                    })
            }}
            <section class="card" aria-labelledby="sessions-title">
                <h2 id="sessions-title">{t!(i18n, account.sessions_title)}</h2>
                {move || {
                    ended_notice
                        .get()
                        .map(|count| {
                            view! {
                                <Notice kind=NoticeKind::Success>
                                    <p data-testid="others-ended">
                                        {move || {
                                            if count == 1 {
                                                t_string!(i18n, account.others_ended_single).to_owned()
                                            } else {
                                                t_string!(i18n, account.others_ended, count = count.to_string())
                                                    .to_string()
                                            }
                                        }}
                                    </p>
                                </Notice>
                            }
                        })
                }}
                {move || match sessions.get() {
                    // Not loaded: the error above says why.
                    None if error.with(Option::is_some) => ().into_any(),
                    None => {
                        view! { <p role="status">{t!(i18n, account.sessions_loading)}</p> }.into_any()
                    }
                    Some(list) => {
                        view! {
                            <ul class="session-list" data-testid="sessions">
                                {list
                                    .into_iter()
                                    .map(|session| {
                                        let id = session.id.clone();
                                        let device = session.device.clone();
                                        let created = session.created_at;
                                        let used = session.last_used_at;
                                        view! {
                                            <li class="session" data-current=session.current.to_string()>
                                                <div class="session-text">
                                                    <strong dir="ltr">
                                                        {move || {
                                                            device
                                                                .clone()
                                                                .unwrap_or_else(|| {
                                                                    t_string!(i18n, account.unknown_device).to_owned()
                                                                })
                                                        }}
                                                    </strong>
                                                    {session
                                                        .current
                                                        .then(|| {
                                                            view! {
                                                                <span class="badge">{t!(i18n, account.this_device)}</span>
                                                            }
                                                        })}
                                                    <span class="hint">
                                                        {move || {
                                                            format!(
                                                                "{} · {}",
                                                                t_string!(i18n, account.signed_in_at, when = moment(i18n, &created)),
                                                                t_string!(i18n, account.last_used_at, when = moment(i18n, &used)),
                                                            )
                                                        }}
                                                    </span>
                                                </div>
                                                {(!session.current)
                                                    .then(|| {
                                                        let id = id.clone();
                                                        view! {
                                                            <button
                                                                type="button"
                                                                class="button"
                                                                data-testid="end-session"
                                                                on:click=move |_| end(id.clone())
                                                            >
                                                                {t!(i18n, account.sign_out)}
                                                            </button>
                                                        }
                                                    })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                }}
                <Show
                    when=others
                    fallback=move || {
                        view! {
                            <Show when=move || sessions.with(Option::is_some)>
                                <p class="hint">{t!(i18n, account.no_others)}</p>
                            </Show>
                        }
                    }
                >
                    <div class="actions">
                        <button type="button" class="button" data-testid="end-others" on:click=end_others>
                            {t!(i18n, account.sign_out_others)}
                        </button>
                    </div>
                </Show>
            </section>
            <ChangePassword on_changed=move || {
                ended_notice.set(None);
                reload();
            } />
        </section>
    }
}

#[component]
fn ChangePassword(#[prop(into)] on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(String::new());
    let new_password = NewPassword::new();
    let done = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let change = Action::new_local(move |body: &PasswordChangeRequest| {
        let body = body.clone();
        async move {
            match api::change_password(&body).await {
                Ok(()) => {
                    current.set(String::new());
                    new_password.clear();
                    done.set(true);
                    on_changed.run(());
                }
                Err(problem) => {
                    field_errors.set(problem.field_errors().to_vec());
                    error.set(Some(problem));
                }
            }
        }
    });
    let busy = change.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        done.set(false);
        field_errors.set(Vec::new());
        if !new_password.confirmed() {
            return;
        }
        change.dispatch_local(PasswordChangeRequest {
            current_password: current.get_untracked(),
            new_password: new_password.password.get_untracked(),
        });
    };
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">{t!(i18n, account.password_title)}</h2>
            <Show when=move || done.get()>
                <Notice kind=NoticeKind::Success>
                    <p data-testid="password-changed">{t!(i18n, account.password_changed)}</p>
                </Notice>
            </Show>
            {move || {
                error
                    .get()
                    // A wrong current password is said under its field.
                    .filter(|problem| problem.code() != codes::WRONG_PASSWORD)
                    .map(|problem| {
                        view! {
                            <Notice kind=NoticeKind::Error>
                                <p>{move || error_text(i18n, &problem)}</p>
                            </Notice>
                        }
                    })
            }}
            <form on:submit=submit novalidate=true>
                <TextField
                    name="current_password"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    label=move || t_string!(i18n, account.current_password)
                    value=current
                    on_input=move |text| current.set(text)
                    error=field_text(i18n, field_errors, "current_password")
                />
                <NewPasswordFields new_password=new_password field_errors=field_errors />
                <div class="actions">
                    <button
                        type="submit"
                        class="button primary"
                        disabled=move || busy.get()
                        data-testid="password-submit"
                    >
                        <Show when=move || busy.get()>
                            <Spinner />
                        </Show>
                        {t!(i18n, account.password_submit)}
                    </button>
                </div>
            </form>
        </section>
    }
}
