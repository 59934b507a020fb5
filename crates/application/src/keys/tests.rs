use secrecy::SecretString;

use ava_domain::{credentials::SecretKind, ids::UserId};

use super::{RotationReport, UnknownKeys};
use crate::{
    fakes::{AUTH_TOKEN, VAPI_KEY, World},
    ports::{KeyFingerprint, SealedSecret, SecretCipher, scope},
};

fn fingerprint(name: &str) -> KeyFingerprint {
    KeyFingerprint(name.to_owned())
}

/// Two secrets of one owner, then one of another, sealed with `key-1`.
async fn three_secrets(world: &World) -> (UserId, UserId) {
    let both = world.owner().await;
    world.connect_vapi(both).await;
    world.connect_twilio(both, None).await;
    let vapi_only = world.owner().await;
    world.connect_vapi(vapi_only).await;
    (both, vapi_only)
}

fn fingerprints_of(world: &World, owner: UserId) -> Vec<KeyFingerprint> {
    let vapi = world
        .credentials
        .vapi_of(owner)
        .map(|stored| stored.key.key_fingerprint);
    let twilio = world
        .credentials
        .twilio_of(owner)
        .map(|stored| stored.auth_token.key_fingerprint);
    vapi.into_iter().chain(twilio).collect()
}

#[tokio::test]
async fn rotating_reseals_old_secrets_counts_current_ones_and_reports_lost_ones() {
    let world = World::new();
    let (both, vapi_only) = three_secrets(&world).await;
    world.cipher.configure(&["key-2", "key-1"]);
    let newcomer = world.owner().await;
    world.connect_vapi(newcomer).await;
    let lost = world.owner().await;
    world.credentials.edit(|rows| {
        let mut orphan = rows.vapi[&newcomer].clone();
        orphan.key = SealedSecret {
            ciphertext: "key-0|sealed long ago".to_owned(),
            key_fingerprint: fingerprint("key-0"),
        };
        rows.vapi.insert(lost, orphan);
    });

    let report = world.app.keys.rotate().await.unwrap();

    assert_eq!(report.resealed, 3);
    assert_eq!(report.already_current, 1);
    assert_eq!(report.failed, [(lost.to_string(), "vapi_api_key")]);
    assert_eq!(
        fingerprints_of(&world, both),
        [fingerprint("key-2"), fingerprint("key-2")]
    );
    assert_eq!(fingerprints_of(&world, vapi_only), [fingerprint("key-2")]);
    assert_eq!(
        fingerprints_of(&world, lost),
        [fingerprint("key-0")],
        "left untouched"
    );

    // The old key can go: everything it sealed opens with the new one.
    world.cipher.configure(&["key-2"]);
    assert_eq!(
        world.app.credentials.vapi_key(both).await.unwrap().expose(),
        VAPI_KEY
    );
    let twilio = world
        .app
        .credentials
        .twilio_connection(both)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(twilio.credentials.auth_token.expose(), AUTH_TOKEN);
    assert_eq!(
        world
            .app
            .credentials
            .vapi_key(vapi_only)
            .await
            .unwrap()
            .expose(),
        VAPI_KEY
    );
}

#[tokio::test]
async fn rotating_twice_finds_everything_current() {
    let world = World::new();
    three_secrets(&world).await;
    world.cipher.configure(&["key-2", "key-1"]);
    world.app.keys.rotate().await.unwrap();

    let again = world.app.keys.rotate().await.unwrap();

    assert_eq!(
        again,
        RotationReport {
            resealed: 0,
            already_current: 3,
            failed: vec![]
        }
    );
}

#[tokio::test]
async fn a_secret_in_the_wrong_row_is_reported_and_left_alone() {
    let world = World::new();
    let (both, vapi_only) = three_secrets(&world).await;
    world.credentials.edit(|rows| {
        let copied = rows.vapi[&both].clone();
        rows.vapi.insert(vapi_only, copied);
    });
    let copied = world.credentials.vapi_of(vapi_only);
    world.cipher.configure(&["key-2", "key-1"]);

    let report = world.app.keys.rotate().await.unwrap();

    assert_eq!(report.resealed, 2);
    assert_eq!(report.failed, [(vapi_only.to_string(), "vapi_api_key")]);
    assert_eq!(world.credentials.vapi_of(vapi_only), copied);
}

#[tokio::test]
async fn a_secret_replaced_during_the_rotation_is_kept() {
    let world = World::new();
    let owner = world.owner().await;
    world.connect_vapi(owner).await;
    world.cipher.configure(&["key-2", "key-1"]);
    let replacement = world
        .cipher
        .seal(
            scope(owner, SecretKind::VapiApiKey),
            &SecretString::from("vapi-private-key-0002"),
        )
        .unwrap();
    let replaced = replacement.clone();
    world.credentials.interfere_before_reseal(move |rows| {
        if let Some(stored) = rows.vapi.get_mut(&owner) {
            stored.key = replaced;
        }
    });

    let report = world.app.keys.rotate().await.unwrap();

    assert_eq!(
        report,
        RotationReport {
            resealed: 0,
            already_current: 1,
            failed: vec![]
        }
    );
    assert_eq!(world.credentials.vapi_of(owner).unwrap().key, replacement);
    assert_eq!(
        world
            .app
            .credentials
            .vapi_key(owner)
            .await
            .unwrap()
            .expose(),
        "vapi-private-key-0002"
    );
}

#[tokio::test]
async fn verifying_passes_when_every_key_in_use_is_configured() {
    let world = World::new();
    three_secrets(&world).await;
    assert_eq!(world.app.keys.verify().await.unwrap(), Ok(()));
    world.cipher.configure(&["key-2", "key-1"]);
    assert_eq!(world.app.keys.verify().await.unwrap(), Ok(()));
}

#[tokio::test]
async fn verifying_names_the_missing_keys_and_how_many_secrets_they_sealed() {
    let world = World::new();
    three_secrets(&world).await;
    world.cipher.configure(&["key-2"]);
    let newcomer = world.owner().await;
    world.connect_vapi(newcomer).await;

    let unknown = world.app.keys.verify().await.unwrap().unwrap_err();

    assert_eq!(unknown, UnknownKeys(vec![(fingerprint("key-1"), 3)]));
    let message = unknown.to_string();
    assert!(
        message.contains("cannot decrypt 3 stored secret(s)"),
        "{message}"
    );
    assert!(message.contains("key(s) key-1 "), "{message}");
}
