//! Sign-up and log-in forms. The session is an HttpOnly cookie set by the
//! server: the page never sees or stores a token.

use ava_api_types::{
    auth::{LoginRequest, SignupRequest},
    codes,
    problem::FieldError,
};
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::{self, ApiError},
    context::{use_auth, use_url_locale},
    i18n::{t, t_string, use_i18n},
    messages::{I18n, error_text, field_error_text},
    routes::{HOME, encode_query_value, safe_next, terms_url},
    ui::{Notice, NoticeKind, Spinner, TextField},
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Signup,
    Login,
}

impl Mode {
    fn title(self, i18n: I18n) -> &'static str {
        match self {
            Mode::Signup => t_string!(i18n, auth.signup_title),
            Mode::Login => t_string!(i18n, auth.login_title),
        }
    }

    fn lead(self, i18n: I18n) -> &'static str {
        match self {
            Mode::Signup => t_string!(i18n, auth.signup_lead),
            Mode::Login => t_string!(i18n, auth.login_lead),
        }
    }

    fn submit_label(self, i18n: I18n) -> &'static str {
        match self {
            Mode::Signup => t_string!(i18n, auth.signup_submit),
            Mode::Login => t_string!(i18n, auth.login_submit),
        }
    }

    /// The question before the link to the other form.
    fn other_question(self, i18n: I18n) -> &'static str {
        match self {
            Mode::Signup => t_string!(i18n, auth.have_account),
            Mode::Login => t_string!(i18n, auth.no_account),
        }
    }

    fn other_label(self, i18n: I18n) -> &'static str {
        match self {
            Mode::Signup => t_string!(i18n, auth.to_login),
            Mode::Login => t_string!(i18n, auth.to_signup),
        }
    }
}

/// What the form sends.
#[derive(Clone)]
enum Request {
    Signup(SignupRequest),
    Login(LoginRequest),
}

#[component]
pub fn SignupPage() -> impl IntoView {
    view! { <AuthForm mode=Mode::Signup /> }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    view! { <AuthForm mode=Mode::Login /> }
}

#[component]
fn AuthForm(mode: Mode) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let locale = use_url_locale();
    let query = use_query_map();
    let navigate = use_navigate();
    let next = Memo::new(move |_| query.with(|query| safe_next(query.get("next").as_deref())));
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let full_name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());

    let go_on = {
        let navigate = navigate.clone();
        move || {
            let target = next
                .get_untracked()
                .unwrap_or_else(|| format!("/{}/{HOME}", locale.get_untracked().as_str()));
            navigate(
                &target,
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    };

    let field_error = move |field: &'static str| {
        move || {
            field_errors.with(|errors| {
                errors
                    .iter()
                    .find(|error| error.field == field)
                    .map(|error| field_error_text(i18n, error))
            })
        }
    };

    // One request at a time: its pending state is the form's busy state.
    let send = Action::new_local({
        let go_on = go_on.clone();
        move |request: &Request| {
            let request = request.clone();
            let go_on = go_on.clone();
            async move {
                let result = match request {
                    Request::Signup(body) => api::signup(&body).await,
                    Request::Login(body) => api::login(&body).await,
                };
                match result {
                    Ok(answer) => {
                        auth.signed_in(Some(answer.user));
                        go_on();
                    }
                    Err(problem) => {
                        // A taken email is said once, above the form, with
                        // the way to log in; the field itself is valid.
                        if problem.code() != codes::EMAIL_TAKEN {
                            field_errors.set(problem.field_errors().to_vec());
                        }
                        error.set(Some(problem));
                    }
                }
            }
        }
    });
    let busy = send.pending();

    // Already signed in: straight on (not while this form is signing in:
    // that navigates itself).
    {
        let go_on = go_on.clone();
        Effect::new(move |_| {
            if auth.loaded.get() && auth.user.with(Option::is_some) && !busy.get_untracked() {
                go_on();
            }
        });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        field_errors.set(Vec::new());
        let email = email.get_untracked().trim().to_owned();
        let password = password.get_untracked();
        send.dispatch_local(match mode {
            Mode::Signup => {
                let name = full_name.get_untracked();
                Request::Signup(SignupRequest {
                    email,
                    password,
                    full_name: (!name.trim().is_empty()).then(|| name.trim().to_owned()),
                    locale: Some(locale.get_untracked()),
                })
            }
            Mode::Login => Request::Login(LoginRequest { email, password }),
        });
    };

    let other_link = move || {
        let page = match mode {
            Mode::Signup => "login",
            Mode::Login => "signup",
        };
        let carry = next
            .get()
            .map(|next| format!("?next={}", encode_query_value(&next)))
            .unwrap_or_default();
        format!("/{}/{page}{carry}", locale.get().as_str())
    };
    let password_autocomplete = if mode == Mode::Signup {
        "new-password"
    } else {
        "current-password"
    };
    let email_taken =
        move || error.with(|e| e.as_ref().is_some_and(|e| e.code() == codes::EMAIL_TAKEN));

    let reset_done = move || {
        mode == Mode::Login && query.with(|query| query.get("reset").as_deref() == Some("done"))
    };
    view! {
        <section class="auth-card">
            <h1>{move || mode.title(i18n)}</h1>
            <p class="lead">{move || mode.lead(i18n)}</p>
            <Show when=reset_done>
                <Notice kind=NoticeKind::Success>
                    <p data-testid="reset-done">{t!(i18n, account.reset_done)}</p>
                </Notice>
            </Show>
            {move || {
                error
                    .get()
                    .map(|problem| {
                        view! {
                            <Notice kind=NoticeKind::Error>
                                <p>{move || error_text(i18n, &problem)}</p>
                                <Show when=email_taken>
                                    <p>
                                        <a href=move || format!("/{}/login", locale.get().as_str())>
                                            {t!(i18n, auth.to_login)}
                                        </a>
                                    </p>
                                </Show>
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
                    error=Signal::derive(field_error("email"))
                />
                <TextField
                    name="password"
                    kind="password"
                    autocomplete=password_autocomplete
                    required=true
                    label=move || t_string!(i18n, auth.password)
                    hint=move || {
                        if mode == Mode::Signup { t_string!(i18n, auth.password_hint) } else { "" }
                    }
                    value=password
                    on_input=move |text| password.set(text)
                    error=Signal::derive(field_error("password"))
                />
                {(mode == Mode::Signup)
                    .then(|| {
                        view! {
                            <TextField
                                name="full_name"
                                autocomplete="name"
                                dir_auto=true
                                label=move || {
                                    format!("{} ({})", t_string!(i18n, auth.full_name), t_string!(i18n, auth.optional))
                                }
                                value=full_name
                                on_input=move |text| full_name.set(text)
                                error=Signal::derive(field_error("full_name"))
                            />
                        }
                    })}
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || busy.get() data-testid="auth-submit">
                        <Show when=move || busy.get()>
                            <Spinner />
                        </Show>
                        {move || if busy.get() { t_string!(i18n, auth.working) } else { mode.submit_label(i18n) }}
                    </button>
                </div>
            </form>
            {(mode == Mode::Login)
                .then(|| {
                    view! {
                        <p class="forgot">
                            <a
                                href=move || format!("/{}/forgot-password", locale.get().as_str())
                                data-testid="forgot-link"
                            >
                                {t!(i18n, account.forgot_link)}
                            </a>
                        </p>
                    }
                })}
            <p class="switch-auth">
                {move || mode.other_question(i18n)} " " <a href=other_link>{move || mode.other_label(i18n)}</a>
            </p>
            // A new tab, so what is typed here stays.
            <p class="terms-link">
                <a
                    href=move || terms_url(locale.get())
                    target="_blank"
                    rel="noopener"
                    data-testid="terms-link"
                >
                    {t!(i18n, auth.terms)}
                </a>
            </p>
            {move || {
                (mode == Mode::Login && next.get().is_some() && error.with(Option::is_none))
                    .then(|| view! { <p class="hint">{t!(i18n, auth.session_ended)}</p> })
            }}
        </section>
    }
}
