use chrono::Duration;

use ava_domain::{
    email::EmailAddress, locale::Locale, password::Password, session::ResetRefusal,
    session::ResetToken,
};

use crate::{
    AppError,
    auth::{SignUp, SignedIn},
    fakes::{APP_URL, PASSWORD, World},
};

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn sign_up(world: &World, email: &str) -> SignedIn {
    let request = SignUp {
        email: EmailAddress::parse(email).unwrap(),
        password: Password::new(PASSWORD.to_owned()).unwrap(),
        full_name: None,
        locale: Locale::Fr,
    };
    world.app.auth.sign_up(request, None).await.unwrap()
}

async fn log_in(world: &World, email: &str, password: &str) -> Result<SignedIn, AppError> {
    let password = Password::attempt(password.to_owned()).unwrap();
    world.app.auth.log_in(email, password, None).await
}

fn new_password() -> Password {
    Password::new(NEW_PASSWORD.to_owned()).unwrap()
}

/// The token of the last link mailed.
fn mailed_token(world: &World) -> ResetToken {
    let (_, _, text) = world.mailer.sent().pop().expect("a mail");
    let token = text
        .split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a link with a token");
    ResetToken::presented(token)
}

#[tokio::test]
async fn an_owner_lists_their_sessions_and_ends_one_but_not_another_owners() {
    let world = World::new();
    let first = sign_up(&world, "dana@acme.test").await;
    let second = log_in(&world, "dana@acme.test", PASSWORD).await.unwrap();
    let other = sign_up(&world, "noa@acme.test").await;

    let listed = world
        .app
        .account
        .sessions(first.user.id, &second.token)
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed.iter().filter(|session| session.current).count(), 1);
    let others = world
        .app
        .account
        .sessions(other.user.id, &other.token)
        .await
        .unwrap();
    assert!(matches!(
        world
            .app
            .account
            .end_session(first.user.id, others[0].id)
            .await,
        Err(AppError::SessionNotFound)
    ));
    let not_current = listed.iter().find(|session| !session.current).unwrap();
    world
        .app
        .account
        .end_session(first.user.id, not_current.id)
        .await
        .unwrap();
    assert!(world.app.auth.authenticate(&first.token).await.is_err());
    assert!(world.app.auth.authenticate(&second.token).await.is_ok());
    assert!(world.app.auth.authenticate(&other.token).await.is_ok());
}

#[tokio::test]
async fn a_use_is_recorded_at_most_once_a_minute() {
    let world = World::new();
    let owner = sign_up(&world, "dana@acme.test").await;
    let created = world.now();
    world.clock.advance(Duration::seconds(30));
    world.app.auth.authenticate(&owner.token).await.unwrap();
    let listed = world
        .app
        .account
        .sessions(owner.user.id, &owner.token)
        .await;
    assert_eq!(listed.unwrap()[0].last_used_at, created);
    world.clock.advance(Duration::seconds(31));
    world.app.auth.authenticate(&owner.token).await.unwrap();
    let listed = world
        .app
        .account
        .sessions(owner.user.id, &owner.token)
        .await;
    assert_eq!(listed.unwrap()[0].last_used_at, world.now());
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions() {
    let world = World::new();
    let first = sign_up(&world, "dana@acme.test").await;
    let second = log_in(&world, "dana@acme.test", PASSWORD).await.unwrap();
    let wrong = Password::attempt("not the password".to_owned()).unwrap();
    let refused = world
        .app
        .account
        .change_password(first.user.id, &second.token, wrong, new_password())
        .await;
    assert!(matches!(refused, Err(AppError::WrongCurrentPassword)));
    let current = Password::attempt(PASSWORD.to_owned()).unwrap();
    world
        .app
        .account
        .change_password(first.user.id, &second.token, current, new_password())
        .await
        .unwrap();
    assert!(world.app.auth.authenticate(&first.token).await.is_err());
    assert!(world.app.auth.authenticate(&second.token).await.is_ok());
    assert!(log_in(&world, "dana@acme.test", PASSWORD).await.is_err());
    assert!(log_in(&world, "dana@acme.test", NEW_PASSWORD).await.is_ok());
}

#[tokio::test]
async fn a_reset_link_is_mailed_in_the_owners_language_and_works_once() {
    let world = World::new();
    let owner = sign_up(&world, "dana@acme.test").await;
    world
        .app
        .account
        .request_password_reset("nobody@acme.test")
        .await
        .unwrap();
    assert!(world.mailer.sent().is_empty());

    world
        .app
        .account
        .request_password_reset(" DANA@acme.test ")
        .await
        .unwrap();
    let (to, subject, text) = world.mailer.sent()[0].clone();
    assert_eq!(to, "dana@acme.test");
    assert_eq!(subject, "Réinitialisez votre mot de passe Ava");
    assert!(text.contains(&format!("{APP_URL}/fr/reset-password?token=")));
    let token = mailed_token(&world);

    let user = world
        .app
        .account
        .confirm_password_reset(&token, new_password())
        .await
        .unwrap();
    assert_eq!(user, owner.user.id);
    assert!(world.app.auth.authenticate(&owner.token).await.is_err());
    assert!(log_in(&world, "dana@acme.test", NEW_PASSWORD).await.is_ok());
    let again = world
        .app
        .account
        .confirm_password_reset(&token, new_password())
        .await;
    assert!(matches!(
        again,
        Err(AppError::ResetTokenRefused(ResetRefusal::Used))
    ));
}

#[tokio::test]
async fn a_reset_link_expires_and_a_newer_one_supersedes_it() {
    let world = World::new();
    sign_up(&world, "dana@acme.test").await;
    let account = &world.app.account;
    account
        .request_password_reset("dana@acme.test")
        .await
        .unwrap();
    let first = mailed_token(&world);
    account
        .request_password_reset("dana@acme.test")
        .await
        .unwrap();
    let second = mailed_token(&world);
    assert!(matches!(
        account.confirm_password_reset(&first, new_password()).await,
        Err(AppError::ResetTokenRefused(ResetRefusal::Unknown))
    ));
    world.clock.advance(ResetToken::LIFETIME);
    assert!(matches!(
        account
            .confirm_password_reset(&second, new_password())
            .await,
        Err(AppError::ResetTokenRefused(ResetRefusal::Expired))
    ));
}
