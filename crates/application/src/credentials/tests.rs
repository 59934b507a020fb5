use ava_domain::{
    Invalid,
    credentials::{TwilioAccountSid, VapiApiKey},
};

use super::{SecretInput, TwilioConnect, VapiStatus};
use crate::{
    AppError, Provider,
    fakes::{
        ACCOUNT_SID, AUTH_TOKEN, NUMBER, OTHER_NUMBER, SMS_ONLY_NUMBER, TwilioOp, VAPI_KEY,
        VapiCall, VapiOp, World, phone, twilio_connect,
    },
    ports::{KeyFingerprint, ProviderError},
};

const NEW_AUTH_TOKEN: &str = "twilio-auth-token-0002";

fn vapi_key(raw: &str) -> SecretInput<VapiApiKey> {
    SecretInput::New(VapiApiKey::parse(raw).unwrap())
}

fn field_errors(result: Result<impl std::fmt::Debug, AppError>) -> Vec<(String, Invalid)> {
    match result {
        Err(AppError::Invalid(errors)) => errors
            .iter()
            .map(|(field, invalid)| (field.to_owned(), invalid))
            .collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

// ---------------------------------------------------------------- Vapi

#[tokio::test]
async fn a_key_vapi_accepts_is_stored_sealed_and_shown_masked() {
    let world = World::new();
    let owner = world.owner().await;

    let status = world
        .app
        .credentials
        .connect_vapi(owner, vapi_key(VAPI_KEY))
        .await
        .unwrap();

    assert_eq!(
        status,
        VapiStatus {
            preview: Some("****0001".to_owned())
        }
    );
    assert_eq!(
        world.app.credentials.vapi_status(owner).await.unwrap(),
        status
    );
    assert_eq!(
        world.vapi.calls(),
        [VapiCall::CheckKey {
            key: VAPI_KEY.to_owned()
        }]
    );
    let stored = world.credentials.vapi_of(owner).unwrap();
    assert_ne!(stored.key.ciphertext, VAPI_KEY);
    assert!(!stored.key.ciphertext.contains(VAPI_KEY));
    assert_eq!(
        stored.key.key_fingerprint,
        KeyFingerprint("key-1".to_owned())
    );
    assert_eq!(
        world
            .app
            .credentials
            .vapi_key(owner)
            .await
            .unwrap()
            .expose(),
        VAPI_KEY
    );
}

#[tokio::test]
async fn a_key_vapi_refuses_is_not_stored() {
    let world = World::new();
    let owner = world.owner().await;
    let result = world
        .app
        .credentials
        .connect_vapi(owner, vapi_key("not-a-real-key"))
        .await;
    assert!(
        matches!(result, Err(AppError::CredentialsRejected(Provider::Vapi))),
        "{result:?}"
    );
    assert!(world.credentials.vapi_of(owner).is_none());
}

#[tokio::test]
async fn a_vapi_failure_is_told_apart_and_leaves_the_stored_key_as_it_was() {
    let cases = [
        (ProviderError::Unreachable, "unavailable"),
        (ProviderError::ServerError, "unavailable"),
        (ProviderError::Timeout, "timeout"),
        (ProviderError::BadResponse, "bad response"),
    ];
    for (error, expected) in cases {
        let world = World::new();
        let owner = world.owner().await;
        let stranger = world.owner().await;
        world.connect_vapi(owner).await;
        let before = world.credentials.vapi_of(owner);
        world.vapi.fail(VapiOp::CheckKey, error.clone());

        let replacing = world
            .app
            .credentials
            .connect_vapi(owner, vapi_key("vapi-private-key-0002"))
            .await;
        let connecting = world
            .app
            .credentials
            .connect_vapi(stranger, vapi_key(VAPI_KEY))
            .await;

        for result in [replacing, connecting] {
            let told = match result {
                Err(AppError::ProviderUnavailable(Provider::Vapi)) => "unavailable",
                Err(AppError::ProviderTimeout(Provider::Vapi)) => "timeout",
                Err(AppError::ProviderBadResponse(Provider::Vapi)) => "bad response",
                other => panic!("{error:?}: unexpected {other:?}"),
            };
            assert_eq!(told, expected, "{error:?}");
        }
        assert_eq!(world.credentials.vapi_of(owner), before, "{error:?}");
        assert!(world.credentials.vapi_of(stranger).is_none(), "{error:?}");
    }
}

#[tokio::test]
async fn an_unchanged_key_keeps_the_stored_one_without_asking_vapi() {
    let world = World::new();
    let owner = world.owner().await;
    world.connect_vapi(owner).await;
    let before = world.credentials.vapi_of(owner);

    let status = world
        .app
        .credentials
        .connect_vapi(owner, SecretInput::Unchanged)
        .await
        .unwrap();

    assert_eq!(status.preview.as_deref(), Some("****0001"));
    assert_eq!(world.credentials.vapi_of(owner), before);
    assert_eq!(
        world.vapi.calls().len(),
        1,
        "only the first connection checked the key"
    );
}

#[tokio::test]
async fn an_unchanged_key_with_nothing_stored_is_required() {
    let world = World::new();
    let owner = world.owner().await;
    let result = world
        .app
        .credentials
        .connect_vapi(owner, SecretInput::Unchanged)
        .await;
    assert_eq!(
        field_errors(result),
        [("vapi_api_key".to_owned(), Invalid::Required)]
    );
    assert!(world.vapi.calls().is_empty());
}

#[tokio::test]
async fn disconnecting_vapi_forgets_the_key() {
    let world = World::new();
    let owner = world.owner().await;
    world.connect_vapi(owner).await;

    world.app.credentials.disconnect_vapi(owner).await.unwrap();

    assert_eq!(
        world.app.credentials.vapi_status(owner).await.unwrap(),
        VapiStatus { preview: None }
    );
    let result = world.app.credentials.vapi_key(owner).await;
    assert!(
        matches!(result, Err(AppError::NotConnected(Provider::Vapi))),
        "{result:?}"
    );
    world.app.credentials.disconnect_vapi(owner).await.unwrap();
}

#[tokio::test]
async fn a_sealed_key_copied_to_another_owner_does_not_open_there() {
    let world = World::new();
    let owner = world.owner().await;
    let thief = world.owner().await;
    world.connect_vapi(owner).await;
    world.credentials.edit(|rows| {
        let stolen = rows.vapi[&owner].clone();
        rows.vapi.insert(thief, stolen);
    });

    let result = world.app.credentials.vapi_key(thief).await;

    assert!(matches!(result, Err(AppError::Internal(_))), "{result:?}");
}

// -------------------------------------------------------------- Twilio

#[tokio::test]
async fn an_active_account_owning_the_number_is_stored_sealed() {
    let world = World::new();
    let owner = world.owner().await;

    let status = world
        .app
        .credentials
        .connect_twilio(owner, twilio_connect(AUTH_TOKEN, Some(NUMBER)))
        .await
        .unwrap();

    assert_eq!(
        status.account_sid.as_ref().map(TwilioAccountSid::as_str),
        Some(ACCOUNT_SID)
    );
    assert_eq!(status.phone_number, Some(phone(NUMBER)));
    assert_eq!(status.preview.as_deref(), Some("****0001"));
    assert_eq!(
        world.app.credentials.twilio_status(owner).await.unwrap(),
        status
    );
    let stored = world.credentials.twilio_of(owner).unwrap();
    assert!(!stored.auth_token.ciphertext.contains(AUTH_TOKEN));
    let connection = world
        .app
        .credentials
        .twilio_connection(owner)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(connection.credentials.auth_token.expose(), AUTH_TOKEN);
    assert_eq!(connection.phone_number, Some(phone(NUMBER)));
}

#[tokio::test]
async fn an_inactive_account_is_refused_with_its_status() {
    let world = World::new();
    let owner = world.owner().await;
    world.twilio.edit_account(ACCOUNT_SID, |account| {
        account.status = "suspended".to_owned()
    });

    let result = world
        .app
        .credentials
        .connect_twilio(owner, twilio_connect(AUTH_TOKEN, None))
        .await;

    assert!(
        matches!(&result, Err(AppError::TwilioAccountInactive(status)) if status == "suspended"),
        "{result:?}"
    );
    assert!(world.credentials.twilio_of(owner).is_none());
}

#[tokio::test]
async fn a_wrong_sid_or_token_is_rejected() {
    let world = World::new();
    let owner = world.owner().await;
    let unknown_sid = TwilioConnect {
        account_sid: TwilioAccountSid::parse("ACffffffffffffffffffffffffffffffff").unwrap(),
        ..twilio_connect(AUTH_TOKEN, None)
    };
    let wrong_token = twilio_connect("twilio-wrong-token", None);

    for request in [unknown_sid, wrong_token] {
        let result = world.app.credentials.connect_twilio(owner, request).await;
        assert!(
            matches!(result, Err(AppError::CredentialsRejected(Provider::Twilio))),
            "{result:?}"
        );
    }
    assert!(world.credentials.twilio_of(owner).is_none());
}

#[tokio::test]
async fn a_number_that_is_not_a_voice_number_of_the_account_is_refused() {
    let world = World::new();
    let owner = world.owner().await;
    for number in ["+14155559999", SMS_ONLY_NUMBER] {
        let result = world
            .app
            .credentials
            .connect_twilio(owner, twilio_connect(AUTH_TOKEN, Some(number)))
            .await;
        assert!(
            matches!(result, Err(AppError::NumberNotOnAccount)),
            "{number}: {result:?}"
        );
    }
    assert!(world.credentials.twilio_of(owner).is_none());
}

#[tokio::test]
async fn twilio_being_down_stores_nothing() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .twilio
        .fail(TwilioOp::IncomingNumbers, ProviderError::Timeout);

    let result = world
        .app
        .credentials
        .connect_twilio(owner, twilio_connect(AUTH_TOKEN, Some(NUMBER)))
        .await;
    assert!(
        matches!(result, Err(AppError::ProviderTimeout(Provider::Twilio))),
        "{result:?}"
    );

    world
        .twilio
        .fail(TwilioOp::FetchAccount, ProviderError::Unreachable);
    let result = world
        .app
        .credentials
        .connect_twilio(owner, twilio_connect(AUTH_TOKEN, None))
        .await;
    assert!(
        matches!(result, Err(AppError::ProviderUnavailable(Provider::Twilio))),
        "{result:?}"
    );

    assert!(world.credentials.twilio_of(owner).is_none());
}

#[tokio::test]
async fn an_unchanged_token_reuses_the_stored_one() {
    let world = World::new();
    let owner = world.owner().await;
    let keep_token = |number: &str| TwilioConnect {
        account_sid: TwilioAccountSid::parse(ACCOUNT_SID).unwrap(),
        auth_token: SecretInput::Unchanged,
        phone_number: Some(phone(number)),
    };

    let result = world
        .app
        .credentials
        .connect_twilio(owner, keep_token(NUMBER))
        .await;
    assert_eq!(
        field_errors(result),
        [("auth_token".to_owned(), Invalid::Required)]
    );
    assert!(
        world.twilio.calls().is_empty(),
        "nothing to check without a token"
    );

    world.connect_twilio(owner, Some(NUMBER)).await;
    let status = world
        .app
        .credentials
        .connect_twilio(owner, keep_token(OTHER_NUMBER))
        .await
        .unwrap();

    assert_eq!(status.phone_number, Some(phone(OTHER_NUMBER)));
    let connection = world
        .app
        .credentials
        .twilio_connection(owner)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(connection.credentials.auth_token.expose(), AUTH_TOKEN);
    assert_eq!(connection.phone_number, Some(phone(OTHER_NUMBER)));
}

#[tokio::test]
async fn only_voice_numbers_are_offered() {
    let world = World::new();
    let owner = world.owner().await;
    let result = world.app.credentials.twilio_numbers(owner).await;
    assert!(
        matches!(result, Err(AppError::NotConnected(Provider::Twilio))),
        "{result:?}"
    );

    world.connect_twilio(owner, None).await;
    let numbers = world.app.credentials.twilio_numbers(owner).await.unwrap();

    let offered: Vec<&str> = numbers
        .iter()
        .map(|number| number.phone_number.as_str())
        .collect();
    assert_eq!(offered, [NUMBER, OTHER_NUMBER]);
}

#[tokio::test]
async fn disconnecting_twilio_forgets_the_account() {
    let world = World::new();
    let owner = world.owner().await;
    world.connect_twilio(owner, Some(NUMBER)).await;

    world
        .app
        .credentials
        .disconnect_twilio(owner)
        .await
        .unwrap();

    assert_eq!(
        world.app.credentials.twilio_status(owner).await.unwrap(),
        Default::default()
    );
    assert!(
        world
            .app
            .credentials
            .twilio_connection(owner)
            .await
            .unwrap()
            .is_none()
    );
}

/// An owner with Vapi, Twilio and an assistant answering [`NUMBER`];
/// answers Vapi's id of the imported number.
async fn owner_with_imported_number(world: &World) -> (ava_domain::ids::UserId, String) {
    let owner = world.owner().await;
    world.connect_vapi(owner).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    let assistant = world.app.assistants.create(owner).await.unwrap();
    (owner, assistant.vapi_phone_number_id.unwrap())
}

#[tokio::test]
async fn a_new_twilio_token_is_handed_to_vapi_for_the_imported_numbers() {
    let world = World::new();
    let (owner, number_id) = owner_with_imported_number(&world).await;
    world.twilio.edit_account(ACCOUNT_SID, |account| {
        account.auth_token = NEW_AUTH_TOKEN.to_owned()
    });

    world
        .app
        .credentials
        .connect_twilio(owner, twilio_connect(NEW_AUTH_TOKEN, Some(NUMBER)))
        .await
        .unwrap();

    let refreshed = VapiCall::UpdateNumberToken {
        number_id,
        auth_token: NEW_AUTH_TOKEN.to_owned(),
    };
    assert_eq!(world.vapi.calls().last(), Some(&refreshed));
}

#[tokio::test]
async fn an_unchanged_twilio_token_is_not_handed_to_vapi_again() {
    let world = World::new();
    let (owner, _) = owner_with_imported_number(&world).await;
    let keep_token = TwilioConnect {
        account_sid: TwilioAccountSid::parse(ACCOUNT_SID).unwrap(),
        auth_token: SecretInput::Unchanged,
        phone_number: Some(phone(NUMBER)),
    };

    world
        .app
        .credentials
        .connect_twilio(owner, keep_token)
        .await
        .unwrap();

    let token_updates = world
        .vapi
        .calls()
        .into_iter()
        .filter(|call| matches!(call, VapiCall::UpdateNumberToken { .. }));
    assert_eq!(token_updates.count(), 0);
}

#[tokio::test]
async fn vapi_keeping_the_old_token_does_not_undo_the_new_one() {
    let world = World::new();
    let (owner, _) = owner_with_imported_number(&world).await;
    world.twilio.edit_account(ACCOUNT_SID, |account| {
        account.auth_token = NEW_AUTH_TOKEN.to_owned()
    });
    world
        .vapi
        .fail(VapiOp::UpdateNumberToken, ProviderError::ServerError);

    let result = world
        .app
        .credentials
        .connect_twilio(owner, twilio_connect(NEW_AUTH_TOKEN, Some(NUMBER)))
        .await;

    assert!(result.is_ok(), "{result:?}");
    let connection = world
        .app
        .credentials
        .twilio_connection(owner)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(connection.credentials.auth_token.expose(), NEW_AUTH_TOKEN);
}
