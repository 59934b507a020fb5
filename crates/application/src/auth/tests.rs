use chrono::Duration;

use ava_domain::{
    email::EmailAddress, ids::UserId, locale::Locale, password::Password, session::SessionToken,
};

use super::SignUp;
use crate::{
    AppError,
    fakes::{PASSWORD, SESSION_LIFETIME, World},
};

fn sign_up(email: &str) -> SignUp {
    SignUp {
        email: EmailAddress::parse(email).unwrap(),
        password: Password::new(PASSWORD.to_owned()).unwrap(),
        full_name: None,
        locale: Locale::Fr,
    }
}

fn attempt(password: &str) -> Password {
    Password::attempt(password.to_owned()).unwrap()
}

#[tokio::test]
async fn an_owner_signs_up_then_logs_in_with_any_case_of_the_email() {
    let world = World::new();
    let signed_up = world
        .app
        .auth
        .sign_up(sign_up("Dana.Levi@Acme.test"), None)
        .await
        .unwrap();
    assert_eq!(signed_up.user.email.as_str(), "Dana.Levi@Acme.test");
    assert_eq!(signed_up.expires_at, world.now() + SESSION_LIFETIME);
    assert_eq!(
        world.app.auth.authenticate(&signed_up.token).await.unwrap(),
        signed_up.user.id
    );

    let logged_in = world
        .app
        .auth
        .log_in("  dana.levi@ACME.test ", attempt(PASSWORD), None)
        .await
        .unwrap();
    assert_eq!(logged_in.user.id, signed_up.user.id);
    assert_ne!(logged_in.token.expose(), signed_up.token.expose());
    assert_eq!(
        world.app.auth.authenticate(&logged_in.token).await.unwrap(),
        signed_up.user.id
    );
    assert_eq!(
        world.app.auth.me(signed_up.user.id).await.unwrap(),
        signed_up.user
    );
}

#[tokio::test]
async fn only_the_hash_of_a_session_token_is_stored() {
    let world = World::new();
    let signed_up = world
        .app
        .auth
        .sign_up(sign_up("dana@acme.test"), None)
        .await
        .unwrap();
    assert!(world.sessions.contains(&signed_up.token.hash()));
    let as_if_stored_raw = SessionToken::presented(signed_up.token.hash().as_str());
    assert!(matches!(
        world.app.auth.authenticate(&as_if_stored_raw).await,
        Err(AppError::Unauthenticated)
    ));
}

#[tokio::test]
async fn a_second_account_with_the_same_email_in_any_case_is_refused() {
    let world = World::new();
    world
        .app
        .auth
        .sign_up(sign_up("dana@acme.test"), None)
        .await
        .unwrap();
    for duplicate in ["dana@acme.test", "DANA@Acme.Test"] {
        let result = world.app.auth.sign_up(sign_up(duplicate), None).await;
        assert!(
            matches!(result, Err(AppError::EmailTaken)),
            "{duplicate}: {result:?}"
        );
    }
    assert_eq!(world.users.count(), 1);
    assert_eq!(
        world.sessions.count(),
        1,
        "a refused sign-up opens no session"
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer_for_the_same_work() {
    let world = World::new();
    world
        .app
        .auth
        .sign_up(sign_up("dana@acme.test"), None)
        .await
        .unwrap();

    let wrong_password = world
        .app
        .auth
        .log_in("dana@acme.test", attempt("not the password"), None)
        .await;
    assert!(
        matches!(wrong_password, Err(AppError::InvalidCredentials)),
        "{wrong_password:?}"
    );
    assert_eq!(world.hasher.verifications(), 1);

    let unknown = world
        .app
        .auth
        .log_in("nobody@acme.test", attempt(PASSWORD), None)
        .await;
    assert!(
        matches!(unknown, Err(AppError::InvalidCredentials)),
        "{unknown:?}"
    );
    assert_eq!(
        world.hasher.verifications(),
        2,
        "an unknown email is verified too, against no hash"
    );

    assert_eq!(world.sessions.count(), 1, "only the sign-up session exists");
}

#[tokio::test]
async fn an_expired_session_is_refused_and_deleted() {
    let world = World::new();
    let signed_up = world
        .app
        .auth
        .sign_up(sign_up("dana@acme.test"), None)
        .await
        .unwrap();
    let hash = signed_up.token.hash();

    world.clock.advance(SESSION_LIFETIME - Duration::seconds(1));
    assert!(world.app.auth.authenticate(&signed_up.token).await.is_ok());

    world.clock.advance(Duration::seconds(1));
    let result = world.app.auth.authenticate(&signed_up.token).await;
    assert!(
        matches!(result, Err(AppError::Unauthenticated)),
        "{result:?}"
    );
    assert!(!world.sessions.contains(&hash));
}

#[tokio::test]
async fn an_unknown_token_is_unauthenticated() {
    let world = World::new();
    let result = world
        .app
        .auth
        .authenticate(&SessionToken::presented("made-up"))
        .await;
    assert!(
        matches!(result, Err(AppError::Unauthenticated)),
        "{result:?}"
    );
}

#[tokio::test]
async fn logging_out_revokes_only_that_session() {
    let world = World::new();
    let first = world
        .app
        .auth
        .sign_up(sign_up("dana@acme.test"), None)
        .await
        .unwrap();
    let second = world
        .app
        .auth
        .log_in("dana@acme.test", attempt(PASSWORD), None)
        .await
        .unwrap();

    world.app.auth.log_out(&first.token).await.unwrap();

    assert!(matches!(
        world.app.auth.authenticate(&first.token).await,
        Err(AppError::Unauthenticated)
    ));
    assert_eq!(
        world.app.auth.authenticate(&second.token).await.unwrap(),
        first.user.id
    );
    // Logging out twice is harmless.
    world.app.auth.log_out(&first.token).await.unwrap();
}

#[tokio::test]
async fn logging_in_sweeps_the_expired_sessions_of_everyone() {
    let world = World::new();
    let old = world
        .app
        .auth
        .sign_up(sign_up("dana@acme.test"), None)
        .await
        .unwrap();
    world.clock.advance(Duration::days(20));
    let recent = world
        .app
        .auth
        .sign_up(sign_up("noa@acme.test"), None)
        .await
        .unwrap();
    world.clock.advance(Duration::days(11));

    let fresh = world
        .app
        .auth
        .log_in("noa@acme.test", attempt(PASSWORD), None)
        .await
        .unwrap();

    assert!(
        !world.sessions.contains(&old.token.hash()),
        "expired 1 day ago"
    );
    assert!(
        world.sessions.contains(&recent.token.hash()),
        "still valid for 9 days"
    );
    assert!(world.sessions.contains(&fresh.token.hash()));
    assert_eq!(world.sessions.count(), 2);
}

#[tokio::test]
async fn an_unknown_owner_is_not_signed_in() {
    let world = World::new();
    let result = world.app.auth.me(UserId::generate()).await;
    assert!(
        matches!(result, Err(AppError::Unauthenticated)),
        "{result:?}"
    );
}

#[tokio::test]
async fn active_sessions_count_those_neither_ended_nor_expired() {
    let world = World::new();
    let dana = world
        .app
        .auth
        .sign_up(sign_up("dana@acme.test"), None)
        .await
        .unwrap();
    world.clock.advance(Duration::days(20));
    world
        .app
        .auth
        .sign_up(sign_up("noa@acme.test"), None)
        .await
        .unwrap();
    let again = world
        .app
        .auth
        .log_in("noa@acme.test", attempt(PASSWORD), None)
        .await
        .unwrap();
    assert_eq!(world.app.auth.active_sessions().await.unwrap(), 3);

    world.app.auth.log_out(&again.token).await.unwrap();
    assert_eq!(world.app.auth.active_sessions().await.unwrap(), 2);

    // Dana's session expires without any sweep having run.
    world.clock.advance(SESSION_LIFETIME - Duration::days(20));
    assert!(world.sessions.contains(&dana.token.hash()), "not swept yet");
    assert_eq!(world.app.auth.active_sessions().await.unwrap(), 1);
}
