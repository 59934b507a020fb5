//! `ENCRYPTION_KEY`: a key that cannot open the stored secrets is refused at
//! start; old keys listed after the new one keep working; `ava-server
//! rotate-keys` re-seals everything under the first key.

use std::{collections::BTreeMap, process::Output};

use ava_infrastructure::cipher::FernetCipher;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;

use crate::helpers::{
    Owner, TWILIO_NUMBER, TWILIO_SID, TWILIO_TOKEN, TestApp, VAPI_KEY, json_body, spawn_app,
};

/// `(owner id, kind)` → the fingerprint of the key that sealed it.
async fn fingerprints(app: &TestApp) -> BTreeMap<(String, String), String> {
    let database = app.database().await;
    let backend = database.get_database_backend();
    let rows = database
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT user_id, kind, key_fingerprint FROM secrets",
        ))
        .await
        .expect("the secrets table answers");
    rows.iter()
        .map(|row| {
            let owner: uuid::Uuid = row.try_get("", "user_id").expect("user_id");
            let kind: String = row.try_get("", "kind").expect("kind");
            (
                (owner.to_string(), kind),
                row.try_get("", "key_fingerprint").expect("key_fingerprint"),
            )
        })
        .collect()
}

fn fingerprints_of<'a>(all: &'a BTreeMap<(String, String), String>, owner: &Owner) -> Vec<&'a str> {
    all.iter()
        .filter(|((id, _), _)| *id == owner.id)
        .map(|(_, fingerprint)| fingerprint.as_str())
        .collect()
}

/// Runs the real `ava-server` binary on the test's database.
async fn ava_server(app: &TestApp, command: &str, keys: &str) -> Output {
    let data_dir = app.data_dir.path().to_owned();
    let mut process = std::process::Command::new(env!("CARGO_BIN_EXE_ava-server"));
    process
        .arg(command)
        .current_dir(&data_dir)
        .env("DATABASE_URL", app.database.url())
        .env("ENCRYPTION_KEY", keys)
        .env("AVA_DATA_DIR", &data_dir)
        .env("RUST_LOG", "info")
        .env_remove("AVA_ENV")
        .env_remove("AVA_DEMO");
    tokio::task::spawn_blocking(move || process.output().expect("ava-server runs"))
        .await
        .expect("ava-server was waited for")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn assert_no_secret(text: &str, keys: &[&str]) {
    for secret in [VAPI_KEY, TWILIO_TOKEN].iter().chain(keys) {
        assert!(!text.contains(secret), "a secret in the output:\n{text}");
    }
}

/// An owner with a Vapi key, a Twilio account and the number chosen.
async fn connected_owner(app: &TestApp) -> Owner {
    let owner = app.onboarded_owner().await;
    let studio = json!({"persona": "Maya", "phone_number": TWILIO_NUMBER});
    app.patch("/api/v1/studio/config", &owner.token, studio)
        .await;
    owner
}

#[tokio::test]
async fn a_key_that_cannot_open_the_stored_secrets_is_refused_at_start() {
    let mut app = spawn_app().await;
    let old = app.encryption_key.clone();
    let owner = connected_owner(&app).await;
    let new = FernetCipher::generate_key();
    let refusal = app.restart_with_key(&new).await.unwrap_err();
    assert!(refusal.contains("cannot decrypt"), "{refusal}");
    assert!(
        refusal.contains("2 stored secret"),
        "says how many: {refusal}"
    );
    assert!(
        refusal.contains("rotate-keys"),
        "says how to fix it: {refusal}"
    );
    assert_no_secret(&refusal, &[&old, &new]);
    // The old key still starts it, and nothing was lost.
    app.restart_with_key(&old).await.unwrap();
    assert_eq!(
        app.get_ok("/api/v1/vapi-settings", &owner.token).await["configured"],
        true
    );
}

#[tokio::test]
async fn a_new_key_is_fine_while_nothing_is_stored() {
    let mut app = spawn_app().await;
    let owner = app.sign_up().await;
    app.restart_with_key(&FernetCipher::generate_key())
        .await
        .unwrap();
    assert_eq!(
        app.get("/api/v1/auth/me", &owner.token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn rotation_moves_every_secret_to_the_new_key() {
    let mut app = spawn_app().await;
    let old = app.encryption_key.clone();
    let first = connected_owner(&app).await;
    let new = FernetCipher::generate_key();

    // New key first, old one after: the old secrets still open.
    let both = format!("{new},{old}");
    app.restart_with_key(&both).await.unwrap();
    let created = json_body(
        app.create_assistant(&first.token).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        created["phone_number"], TWILIO_NUMBER,
        "the Twilio token opened too (the number was imported)"
    );
    // Secrets saved now are sealed with the new key.
    let second = app.sign_up().await;
    app.post(
        "/api/v1/vapi-settings",
        &second.token,
        json!({"vapi_api_key": VAPI_KEY}),
    )
    .await;
    let twilio = json!({"account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN});
    app.post("/api/v1/twilio-settings", &second.token, twilio)
        .await;
    let before = fingerprints(&app).await;
    let (old_print, new_print) = (
        fingerprints_of(&before, &first)[0],
        fingerprints_of(&before, &second)[0],
    );
    assert_ne!(old_print, new_print);
    assert_eq!(fingerprints_of(&before, &first), [old_print, old_print]);
    assert_eq!(fingerprints_of(&before, &second), [new_print, new_print]);

    let output = ava_server(&app, "rotate-keys", &both).await;
    let report = stdout(&output);
    assert!(
        output.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains("re-encrypted: 2, already under the first key: 2, could not decrypt: 0"),
        "{report}"
    );
    assert_no_secret(&report, &[&old, &new]);
    let after = fingerprints(&app).await;
    assert_eq!(after.len(), 4);
    assert!(
        after.values().all(|print| print == new_print),
        "everything is under the new key: {after:?}"
    );

    let again = ava_server(&app, "rotate-keys", &both).await;
    assert!(again.status.success());
    assert!(
        stdout(&again)
            .contains("re-encrypted: 0, already under the first key: 4, could not decrypt: 0"),
        "{}",
        stdout(&again)
    );
    assert_eq!(fingerprints(&app).await, after, "idempotent");

    // The new key alone opens everything now; the old one alone, nothing.
    let refusal = app.restart_with_key(&old).await.unwrap_err();
    assert!(
        refusal.contains("cannot decrypt 4 stored secret"),
        "{refusal}"
    );
    app.restart_with_key(&new).await.unwrap();
    let sync = format!(
        "/api/v1/assistants/{}/sync",
        created["id"].as_str().unwrap()
    );
    let response = app
        .request(Method::POST, &sync, Some(&first.token), None)
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the rotated Vapi key opens"
    );
    let numbers = app
        .get_ok("/api/v1/twilio-settings/numbers", &first.token)
        .await;
    assert_eq!(
        numbers["numbers"][0]["phone_number"], TWILIO_NUMBER,
        "the rotated Twilio token opens"
    );
}

#[tokio::test]
async fn rotation_reports_what_it_cannot_decrypt_and_rotates_the_rest() {
    let mut app = spawn_app().await;
    let lost = app.encryption_key.clone();
    let first = connected_owner(&app).await;
    let kept = FernetCipher::generate_key();
    app.restart_with_key(&format!("{kept},{lost}"))
        .await
        .unwrap();
    let second = connected_owner(&app).await;
    let before = fingerprints(&app).await;

    // The first owner's key is not in the list any more.
    let newest = FernetCipher::generate_key();
    let output = ava_server(&app, "rotate-keys", &format!("{newest},{kept}")).await;
    let report = stdout(&output);
    assert!(
        !output.status.success(),
        "a secret left behind is a failure: {report}"
    );
    assert!(
        report.contains("re-encrypted: 2, already under the first key: 0, could not decrypt: 2"),
        "{report}"
    );
    assert!(
        report.contains(&format!("not decrypted: owner {}, vapi_api_key", first.id)),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "not decrypted: owner {}, twilio_auth_token",
            first.id
        )),
        "{report}"
    );
    assert!(!report.contains(&second.id), "{report}");
    assert_no_secret(&report, &[&lost, &kept, &newest]);
    assert_no_secret(
        &String::from_utf8_lossy(&output.stderr),
        &[&lost, &kept, &newest],
    );

    let after = fingerprints(&app).await;
    assert_eq!(
        fingerprints_of(&after, &first),
        fingerprints_of(&before, &first),
        "left as they were"
    );
    let rotated = fingerprints_of(&after, &second);
    assert_eq!(rotated[0], rotated[1]);
    assert_ne!(
        rotated,
        fingerprints_of(&before, &second),
        "the others were rotated"
    );

    // With the lost key back, everyone's secrets open.
    app.restart_with_key(&format!("{newest},{lost}"))
        .await
        .unwrap();
    for owner in [&first, &second] {
        let numbers = app
            .get_ok("/api/v1/twilio-settings/numbers", &owner.token)
            .await;
        assert_eq!(numbers["numbers"][0]["phone_number"], TWILIO_NUMBER);
    }
}
