//! The owner's password and sessions: "forgot password" (ask for a link),
//! the reset page the emailed link opens, and the account page (where one
//! is signed in, signing out elsewhere, changing the password).

use ava_api_types::{
    account::{PasswordChangeRequest, PasswordResetConfirm, PasswordResetRequest, SessionInfo},
    codes,
    problem::FieldError,
};
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::{self, ApiError},
    app::use_url_locale,
    browser,
    i18n::{t, t_string, use_i18n},
    messages::{self, error_text, field_error_text},
    ui::{Notice, Spinner, TextField},
};

/// The text of the field error about `field`, if any.
fn field_text(
    i18n: crate::messages::I18n,
    errors: RwSignal<Vec<FieldError>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|errors| {
            errors
                .iter()
                .find(|error| error.field == field)
                .map(|error| field_error_text(i18n, error))
        })
    })
}

/// A new password typed twice, as the reset and the change forms ask it.
#[derive(Clone, Copy)]
struct NewPassword {
    password: RwSignal<String>,
    confirm: RwSignal<String>,
    /// The two differed at the last submit.
    mismatch: RwSignal<bool>,
}

impl NewPassword {
    fn new() -> Self {
        Self {
            password: RwSignal::new(String::new()),
            confirm: RwSignal::new(String::new()),
            mismatch: RwSignal::new(false),
        }
    }

    /// At submit: whether both say the same (if not, the form says so).
    fn confirmed(&self) -> bool {
        let same = self.password.get_untracked() == self.confirm.get_untracked();
        self.mismatch.set(!same);
        same
    }

    fn clear(&self) {
        self.password.set(String::new());
        self.confirm.set(String::new());
    }
}

#[component]
fn NewPasswordFields(
    new_password: NewPassword,
    field_errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let NewPassword {
        password,
        confirm,
        mismatch,
    } = new_password;
    let mismatch_text = Signal::derive(move || {
        mismatch
            .get()
            .then(|| t_string!(i18n, account.passwords_differ).to_owned())
    });
    view! {
        <TextField
            name="new_password"
            kind="password"
            autocomplete="new-password"
            required=true
            label=move || t_string!(i18n, account.new_password)
            hint=move || t_string!(i18n, auth.password_hint)
            value=password
            on_input=move |text| password.set(text)
            error=field_text(i18n, field_errors, "new_password")
        />
        <TextField
            name="confirm_password"
            kind="password"
            autocomplete="new-password"
            required=true
            label=move || t_string!(i18n, account.confirm_password)
            value=confirm
            on_input=move |text| confirm.set(text)
            error=mismatch_text
        />
    }
}

/// `/{locale}/forgot-password`: asks for a reset link; the answer is the
/// same whatever the email.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = use_url_locale();
    let email = RwSignal::new(String::new());
    let sent_to = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        field_errors.set(Vec::new());
        let address = email.get_untracked().trim().to_owned();
        spawn_local(async move {
            let body = PasswordResetRequest {
                email: address.clone(),
            };
            match api::request_password_reset(&body).await {
                Ok(()) => sent_to.set(Some(address)),
                Err(problem) => {
                    field_errors.set(problem.field_errors().to_vec());
                    error.set(Some(problem));
                }
            }
            busy.set(false);
        });
    };
    let login = move || format!("/{}/login", locale.get().as_str());
    view! {
        <section class="auth-card" data-testid="forgot-password">
            <Show
                when=move || sent_to.with(Option::is_some)
                fallback=move || {
                    view! {
                        <h1>{t!(i18n, account.forgot_title)}</h1>
                        <p class="lead">{t!(i18n, account.forgot_lead)}</p>
                        {move || {
                            error
                                .get()
                                .map(|problem| {
                                    view! {
                                        <Notice kind="error">
                                            <p>{move || error_text(i18n, &problem)}</p>
                                        </Notice>
                                    }
                                })
                        }}
                        <form on:submit=submit novalidate=true>
                            <TextField
                                name="email"
                                kind="email"
                                autocomplete="email"
                                required=true
                                label=move || t_string!(i18n, auth.email)
                                value=email
                                on_input=move |text| email.set(text)
                                error=field_text(i18n, field_errors, "email")
                            />
                            <div class="actions">
                                <button
                                    type="submit"
                                    class="button primary"
                                    disabled=move || busy.get()
                                    data-testid="forgot-submit"
                                >
                                    <Show when=move || busy.get()>
                                        <Spinner />
                                    </Show>
                                    {t!(i18n, account.forgot_submit)}
                                </button>
                            </div>
                        </form>
                    }
                }
            >
                <h1>{t!(i18n, account.check_title)}</h1>
                <Notice kind="success">
                    <p data-testid="check-email">
                        // The address in its own left-to-right box: whole and in
                        // order in a right-to-left sentence, even when it wraps.
                        {t!(
                            i18n,
                            account.check_body,
                            email = move || sent_to.get().unwrap_or_default(),
                            <addr> = |children: ChildrenFn| view! { <bdi class="email" dir="ltr">{children()}</bdi> }
                        )}
                    </p>
                </Notice>
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| sent_to.set(None)>
                        {t!(i18n, account.ask_again)}
                    </button>
                </div>
            </Show>
            <p class="switch-auth">
                <a href=login>{t!(i18n, account.back_to_login)}</a>
            </p>
        </section>
    }
}

/// `/{locale}/reset-password?token=…`: the page the emailed link opens.
#[component]
pub fn ResetPasswordPage() -> AnyView {
    let i18n = use_i18n();
    let locale = use_url_locale();
    let query = use_query_map();
    let navigate = use_navigate();
    let token = Memo::new(move |_| query.with(|query| query.get("token")).unwrap_or_default());
    let new_password = NewPassword::new();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        field_errors.set(Vec::new());
        if !new_password.confirmed() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let body = PasswordResetConfirm {
                token: token.get_untracked(),
                new_password: new_password.password.get_untracked(),
            };
            match api::confirm_password_reset(&body).await {
                Ok(()) => navigate(
                    &format!("/{}/login?reset=done", locale.get_untracked().as_str()),
                    NavigateOptions {
                        replace: true,
                        ..NavigateOptions::default()
                    },
                ),
                Err(problem) => {
                    field_errors.set(problem.field_errors().to_vec());
                    error.set(Some(problem));
                }
            }
            busy.set(false);
        });
    };
    let forgot = move || format!("/{}/forgot-password", locale.get().as_str());
    let token_error = field_text(i18n, field_errors, "token");
    if token.with_untracked(String::is_empty) {
        return view! {
            <section class="auth-card" data-testid="reset-password">
                <h1>{t!(i18n, account.reset_title)}</h1>
                <Notice kind="error">
                    <p>{t!(i18n, account.reset_missing)}</p>
                    <p><a href=forgot>{t!(i18n, account.new_link)}</a></p>
                </Notice>
            </section>
        }
        .into_any();
    }
    let login = move || format!("/{}/login", locale.get().as_str());
    view! {
        <section class="auth-card" data-testid="reset-password">
            <h1>{t!(i18n, account.reset_title)}</h1>
            <p class="lead">{t!(i18n, account.reset_lead)}</p>
            {move || {
                error
                    .get()
                    .map(|problem| {
                        view! {
                            <Notice kind="error">
                                <p>
                                    {move || {
                                        token_error.get().unwrap_or_else(|| error_text(i18n, &problem))
                                    }}
                                </p>
                                <Show when=move || token_error.with(Option::is_some)>
                                    <p><a href=forgot>{t!(i18n, account.new_link)}</a></p>
                                </Show>
                            </Notice>
                        }
                    })
            }}
            // A refused link cannot set a password: only the way to a new one is left.
            <Show when=move || token_error.with(Option::is_none)>
                <form on:submit=submit.clone() novalidate=true>
                    <NewPasswordFields new_password=new_password field_errors=field_errors />
                    <div class="actions">
                        <button
                            type="submit"
                            class="button primary"
                            disabled=move || busy.get()
                            data-testid="reset-submit"
                        >
                            <Show when=move || busy.get()>
                                <Spinner />
                            </Show>
                            {t!(i18n, account.reset_submit)}
                        </button>
                    </div>
                </form>
            </Show>
            <p class="switch-auth">
                <a href=login>{t!(i18n, account.back_to_login)}</a>
            </p>
        </section>
    }
    .into_any()
}

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
    let end = move |id: String| {
        error.set(None);
        ended_notice.set(None);
        spawn_local(async move {
            if let Err(problem) = api::end_session(&id).await {
                error.set(Some(problem));
            }
            reload();
        });
    };
    let end_others = move |_| {
        error.set(None);
        spawn_local(async move {
            match api::end_other_sessions().await {
                Ok(ended) => ended_notice.set(Some(ended.ended)),
                Err(problem) => error.set(Some(problem)),
            }
            reload();
        });
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
                            <Notice kind="error">
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
                                <Notice kind="success">
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
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
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
        busy.set(true);
        spawn_local(async move {
            let body = PasswordChangeRequest {
                current_password: current.get_untracked(),
                new_password: new_password.password.get_untracked(),
            };
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
            busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">{t!(i18n, account.password_title)}</h2>
            <Show when=move || done.get()>
                <Notice kind="success">
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
                            <Notice kind="error">
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
