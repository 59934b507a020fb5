//! Forgotten passwords: asking for a reset link, and the reset page the
//! emailed link opens. [`NewPassword`] is shared with the account page.

use ava_api_types::{
    account::{PasswordResetConfirm, PasswordResetRequest},
    problem::FieldError,
};
use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::{self, ApiError},
    context::use_url_locale,
    i18n::{t, t_string, use_i18n},
    messages::{error_text, field_error_text},
    ui::{Notice, NoticeKind, Spinner, TextField},
};

/// The text of the field error about `field`, if any.
pub(super) fn field_text(
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
pub(crate) struct NewPassword {
    pub(super) password: RwSignal<String>,
    confirm: RwSignal<String>,
    /// The two differed at the last submit.
    mismatch: RwSignal<bool>,
}

impl NewPassword {
    pub(super) fn new() -> Self {
        Self {
            password: RwSignal::new(String::new()),
            confirm: RwSignal::new(String::new()),
            mismatch: RwSignal::new(false),
        }
    }

    /// At submit: whether both say the same (if not, the form says so).
    pub(super) fn confirmed(&self) -> bool {
        let same = self.password.get_untracked() == self.confirm.get_untracked();
        self.mismatch.set(!same);
        same
    }

    pub(super) fn clear(&self) {
        self.password.set(String::new());
        self.confirm.set(String::new());
    }
}

#[component]
pub(super) fn NewPasswordFields(
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
    let error = RwSignal::new(None::<ApiError>);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let ask = Action::new_local(move |body: &PasswordResetRequest| {
        let body = body.clone();
        async move {
            match api::request_password_reset(&body).await {
                Ok(()) => sent_to.set(Some(body.email)),
                Err(problem) => {
                    field_errors.set(problem.field_errors().to_vec());
                    error.set(Some(problem));
                }
            }
        }
    });
    let busy = ask.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        field_errors.set(Vec::new());
        ask.dispatch_local(PasswordResetRequest {
            email: email.get_untracked().trim().to_owned(),
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
                                        <Notice kind=NoticeKind::Error>
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
                <Notice kind=NoticeKind::Success>
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
    let error = RwSignal::new(None::<ApiError>);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let reset = Action::new_local(move |body: &PasswordResetConfirm| {
        let body = body.clone();
        let navigate = navigate.clone();
        async move {
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
        }
    });
    let busy = reset.pending();
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
        reset.dispatch_local(PasswordResetConfirm {
            token: token.get_untracked(),
            new_password: new_password.password.get_untracked(),
        });
    };
    let forgot = move || format!("/{}/forgot-password", locale.get().as_str());
    let token_error = field_text(i18n, field_errors, "token");
    if token.with_untracked(String::is_empty) {
        return view! {
            <section class="auth-card" data-testid="reset-password">
                <h1>{t!(i18n, account.reset_title)}</h1>
                <Notice kind=NoticeKind::Error>
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
                            <Notice kind=NoticeKind::Error>
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
                <form on:submit=submit novalidate=true>
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
