//! Creating the owner's assistant in Vapi from the studio configuration,
//! binding their Twilio number to it, and pushing later changes.

use std::time::Duration;

use ava_provider_fake::{AccountStatus, Behaviour};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    Owner, TWILIO_NUMBER, TWILIO_SID, TestApp, VAPI_KEY, assert_problem, example_studio, json_body,
    spawn_app,
};

const ASSISTANTS: &str = "/api/v1/assistants";

/// The example studio configuration of docs/api.md, answering the owner's
/// Twilio number.
async fn configure_studio(app: &TestApp, owner: &Owner) -> Value {
    let mut studio = example_studio();
    studio["phone_number"] = json!(TWILIO_NUMBER);
    json_body(
        app.patch("/api/v1/studio/config", &owner.token, studio)
            .await,
        StatusCode::OK,
    )
    .await
}

async fn sync(app: &TestApp, owner: &Owner, id: &str) -> reqwest::Response {
    app.request(
        Method::POST,
        &format!("{ASSISTANTS}/{id}/sync"),
        Some(&owner.token),
        None,
    )
    .await
}

/// Nothing recorded in Ava, nothing left in Vapi.
/// Ava recorded no assistant for the owner.
async fn assert_none_recorded(app: &TestApp, owner: &Owner) {
    assert_eq!(
        app.get_ok(ASSISTANTS, &owner.token).await,
        json!({"assistants": []})
    );
    let onboarding = app.get_ok("/api/v1/user/onboarding", &owner.token).await;
    assert_eq!(onboarding["assistant_created"], false);
    assert_eq!(onboarding["steps"]["assistant"], "pending");
}

/// Neither Ava nor the owner's Vapi organization holds an assistant.
async fn assert_no_assistant(app: &TestApp, owner: &Owner) {
    assert_none_recorded(app, owner).await;
    let org = app.vapi_org();
    assert_eq!(
        app.providers.assistants(&org),
        Vec::<Value>::new(),
        "no assistant left in Vapi"
    );
    assert_eq!(
        app.providers.phone_numbers(&org),
        Vec::<Value>::new(),
        "no number left in Vapi"
    );
}

#[tokio::test]
async fn without_vapi_there_is_nothing_to_create_it_with() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let response = app.create_assistant(&owner.token).await;
    let problem = assert_problem(response, StatusCode::CONFLICT, "vapi_not_connected").await;
    assert!(problem["detail"].as_str().unwrap().contains("Vapi"));
    assert!(app.providers.vapi_requests().is_empty());
    assert_no_assistant(&app, &owner).await;
}

#[tokio::test]
async fn the_assistant_is_built_from_the_studio_and_answers_the_twilio_number() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    configure_studio(&app, &owner).await;
    let created = json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["name"], "הקבלה של Acme Dental");
    assert_eq!(created["phone_number"], TWILIO_NUMBER);
    let vapi_id = created["vapi_assistant_id"].as_str().unwrap();
    assert!(created["id"].is_string() && created["vapi_phone_number_id"].is_string());
    assert!(created["created_at"].is_string() && created["synced_at"].is_string());

    let org = app.vapi_org();
    let assistants = app.providers.assistants(&org);
    assert_eq!(assistants.len(), 1);
    let assistant = &assistants[0];
    assert_eq!(assistant["id"], vapi_id);
    assert_eq!(assistant["name"], "הקבלה של Acme Dental");
    assert_eq!(
        assistant["firstMessage"],
        "Hello, you have reached Acme Dental"
    );
    assert_eq!(
        assistant["voice"],
        json!({"provider": "vapi", "voiceId": "Elliot"})
    );
    assert_eq!(assistant["model"]["provider"], "openai");
    assert_eq!(assistant["model"]["model"], "gpt-4o-mini");
    assert_eq!(
        assistant["transcriber"],
        json!({"provider": "deepgram", "model": "nova-3", "language": "he"})
    );
    assert_eq!(
        assistant["metadata"],
        json!({"tenantId": owner.id, "avaAssistantId": created["id"]})
    );
    assert!(assistant.get("systemPrompt").is_none());
    let messages = assistant["model"]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["role"], "system");
    let prompt = messages[0]["content"].as_str().unwrap();
    for part in [
        "Maya, the front desk of Acme Dental",
        "Acme Dental",
        "book and move cleaning appointments",
        "warm",
        "Hebrew",
        "English",
        "Never give medical advice.",
        "Asia/Jerusalem",
        "Sunday: 08:00 to 17:00",
        "Monday: 08:00 to 12:00, 13:00 to 17:00",
        "Tuesday: closed",
    ] {
        assert!(prompt.contains(part), "the prompt has {part:?}:\n{prompt}");
    }

    let numbers = app.providers.phone_numbers(&org);
    assert_eq!(numbers.len(), 1);
    let number = &numbers[0];
    assert_eq!(number["id"], created["vapi_phone_number_id"]);
    assert_eq!(number["provider"], "twilio");
    assert_eq!(number["number"], TWILIO_NUMBER);
    assert_eq!(number["twilioAccountSid"], TWILIO_SID);
    assert_eq!(number["assistantId"], vapi_id, "bound to the new assistant");
    assert_eq!(
        number["smsEnabled"], false,
        "Vapi must not take the SMS webhook over"
    );
    let twilio_number = &app.providers.twilio_numbers(TWILIO_SID)[0];
    assert_eq!(
        twilio_number["sms_url"], "",
        "the SMS webhook is the owner's still"
    );
    assert!(
        twilio_number["voice_url"]
            .as_str()
            .is_some_and(|url| !url.is_empty())
    );

    let listed = app.get_ok(ASSISTANTS, &owner.token).await;
    assert_eq!(listed, json!({"assistants": [created]}));
    let onboarding = app.get_ok("/api/v1/user/onboarding", &owner.token).await;
    assert_eq!(onboarding["assistant_created"], true);
    assert_eq!(onboarding["steps"]["assistant"], "complete");
}

#[tokio::test]
async fn the_name_fits_vapi_and_the_defaults_fill_the_gaps() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let organization = "The Jerusalem Family Dental and Orthodontics Clinic";
    let profile = json!({"organization_name": organization, "locale": "fr"});
    app.patch("/api/v1/user/profile", &owner.token, profile)
        .await;
    app.post(
        "/api/v1/vapi-settings",
        &owner.token,
        json!({"vapi_api_key": VAPI_KEY}),
    )
    .await;
    // A number, but no Twilio account to import it from.
    app.patch(
        "/api/v1/studio/config",
        &owner.token,
        json!({"phone_number": TWILIO_NUMBER}),
    )
    .await;
    let created = json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    let name = created["name"].as_str().unwrap();
    assert!(name.chars().count() <= 40, "{name}");
    let in_french = name.strip_prefix("Accueil ").unwrap_or_default();
    assert!(
        in_french.len() > 20 && organization.starts_with(in_french),
        "{name}"
    );
    assert!(
        created["phone_number"].is_null(),
        "no Twilio account: no number"
    );
    let assistant = &app.providers.assistants(&app.vapi_org())[0];
    assert_eq!(assistant["name"], name);
    assert!(
        assistant["firstMessage"]
            .as_str()
            .unwrap()
            .contains(organization),
        "a greeting in the owner's language"
    );
    assert!(
        assistant["firstMessage"]
            .as_str()
            .unwrap()
            .starts_with("Bonjour")
    );
    assert_eq!(
        assistant["transcriber"]["language"], "fr",
        "no language chosen: the owner's own"
    );
    assert_eq!(
        app.providers.phone_numbers(&app.vapi_org()),
        Vec::<Value>::new()
    );
}

#[tokio::test]
async fn english_and_french_together_are_transcribed_as_multi() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    app.patch(
        "/api/v1/studio/config",
        &owner.token,
        json!({"languages": ["en", "fr"]}),
    )
    .await;
    json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    let assistant = &app.providers.assistants(&app.vapi_org())[0];
    assert_eq!(assistant["transcriber"]["language"], "multi");
}

#[tokio::test]
async fn sync_pushes_the_current_studio_to_the_same_assistant() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    configure_studio(&app, &owner).await;
    let created = json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    let change = json!({"persona": "Noa, the receptionist", "first_message": "Shalom!", "languages": ["en"],
        "tone": "concise", "voice": {"provider": "openai", "voice_id": "alloy"}});
    app.patch("/api/v1/studio/config", &owner.token, change)
        .await;
    let synced = json_body(
        sync(&app, &owner, created["id"].as_str().unwrap()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(synced["id"], created["id"]);
    assert_eq!(synced["vapi_assistant_id"], created["vapi_assistant_id"]);
    assert_eq!(synced["phone_number"], TWILIO_NUMBER);
    assert!(synced["synced_at"].as_str().unwrap() >= created["synced_at"].as_str().unwrap());

    let assistants = app.providers.assistants(&app.vapi_org());
    assert_eq!(assistants.len(), 1, "updated, not created again");
    let assistant = &assistants[0];
    assert_eq!(assistant["id"], created["vapi_assistant_id"]);
    assert_eq!(assistant["firstMessage"], "Shalom!");
    assert_eq!(
        assistant["voice"],
        json!({"provider": "openai", "voiceId": "alloy"})
    );
    assert_eq!(assistant["transcriber"]["language"], "en");
    let prompt = assistant["model"]["messages"][0]["content"]
        .as_str()
        .unwrap();
    assert!(
        prompt.contains("Noa, the receptionist") && prompt.contains("concise"),
        "{prompt}"
    );
    assert!(!prompt.contains("Maya"), "{prompt}");
    assert_eq!(
        app.providers.phone_numbers(&app.vapi_org()).len(),
        1,
        "the number is not imported twice"
    );
    assert_eq!(
        app.get_ok(ASSISTANTS, &owner.token).await["assistants"][0],
        synced
    );
}

#[tokio::test]
async fn sync_moves_the_assistant_to_a_new_number() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    configure_studio(&app, &owner).await;
    let created = json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    app.providers
        .add_twilio_number(TWILIO_SID, "+14155550188", true);
    app.patch(
        "/api/v1/studio/config",
        &owner.token,
        json!({"phone_number": "+14155550188"}),
    )
    .await;
    let synced = json_body(
        sync(&app, &owner, created["id"].as_str().unwrap()).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(synced["phone_number"], "+14155550188");
    let numbers = app.providers.phone_numbers(&app.vapi_org());
    assert_eq!(
        numbers.len(),
        1,
        "the previous number was released: {numbers:?}"
    );
    assert_eq!(numbers[0]["number"], "+14155550188");
    assert_eq!(numbers[0]["assistantId"], created["vapi_assistant_id"]);
    assert_eq!(numbers[0]["id"], synced["vapi_phone_number_id"]);
}

#[tokio::test]
async fn a_second_assistant_takes_the_number_over() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    configure_studio(&app, &owner).await;
    let first = json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    let second = json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(second["phone_number"], TWILIO_NUMBER);
    assert_eq!(
        second["vapi_phone_number_id"], first["vapi_phone_number_id"],
        "moved, not imported twice"
    );
    let numbers = app.providers.phone_numbers(&app.vapi_org());
    assert_eq!(numbers.len(), 1);
    assert_eq!(numbers[0]["assistantId"], second["vapi_assistant_id"]);
    let listed = app.get_ok(ASSISTANTS, &owner.token).await;
    let listed = listed["assistants"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0]["id"], first["id"], "oldest first");
    assert!(
        listed[0]["phone_number"].is_null(),
        "the first one lost the number"
    );
    assert_eq!(listed[1]["phone_number"], TWILIO_NUMBER);
}

#[tokio::test]
async fn syncing_without_vapi_is_a_clear_error() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    let created = json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    app.delete("/api/v1/vapi-settings", &owner.token).await;
    let response = sync(&app, &owner, created["id"].as_str().unwrap()).await;
    assert_problem(response, StatusCode::CONFLICT, "vapi_not_connected").await;
    // Still recorded; its number left Vapi with the key, so nothing answers it.
    let mut released = created.clone();
    released["phone_number"] = Value::Null;
    released["vapi_phone_number_id"] = Value::Null;
    assert_eq!(
        app.get_ok(ASSISTANTS, &owner.token).await,
        json!({"assistants": [released]}),
        "still recorded"
    );
    assert!(app.providers.phone_numbers(&app.vapi_org()).is_empty());
}

#[tokio::test]
async fn syncing_an_unknown_assistant_is_404() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    for id in [uuid::Uuid::new_v4().to_string(), "not-an-id".to_owned()] {
        let response = sync(&app, &owner, &id).await;
        assert_problem(response, StatusCode::NOT_FOUND, "assistant_not_found").await;
    }
    assert!(
        app.providers
            .vapi_requests()
            .iter()
            .all(|r| r.method == "GET"),
        "nothing was sent to Vapi"
    );
}

async fn create_while(behaviour: Behaviour, status: StatusCode, code: &str) -> (TestApp, Owner) {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    configure_studio(&app, &owner).await;
    app.providers.set_vapi_behaviour(behaviour);
    let response = app.create_assistant(&owner.token).await;
    let problem = assert_problem(response, status, code).await;
    assert!(
        problem["detail"]
            .as_str()
            .expect("a detail")
            .contains("Vapi"),
        "{problem}"
    );
    app.providers.set_vapi_behaviour(Behaviour::Normal);
    (app, owner)
}

#[tokio::test]
async fn vapi_down_on_create_is_503_and_nothing_is_recorded() {
    let (app, owner) = create_while(
        Behaviour::ServerError,
        StatusCode::SERVICE_UNAVAILABLE,
        "vapi_unavailable",
    )
    .await;
    assert_no_assistant(&app, &owner).await;
}

#[tokio::test]
async fn vapi_slow_on_everything_is_504_and_nothing_is_recorded() {
    let (app, owner) = create_while(
        Behaviour::Slow(Duration::from_millis(1100)),
        StatusCode::GATEWAY_TIMEOUT,
        "vapi_timeout",
    )
    .await;
    // Vapi carried the creation out after Ava stopped waiting; while it stays
    // slow Ava cannot learn so (its lookup times out too): nothing is recorded.
    assert_none_recorded(&app, &owner).await;
}

#[tokio::test]
async fn answers_lost_to_a_timeout_do_not_duplicate_the_assistant_or_the_number() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    configure_studio(&app, &owner).await;
    // Every write is carried out but answered after Ava's 1 s timeout.
    app.providers
        .set_vapi_behaviour(Behaviour::SlowWrites(Duration::from_millis(1100)));
    let created = json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    app.providers.set_vapi_behaviour(Behaviour::Normal);
    let org = app.vapi_org();
    let assistants = app.providers.assistants(&org);
    assert_eq!(assistants.len(), 1, "one assistant in Vapi");
    assert_eq!(assistants[0]["id"], created["vapi_assistant_id"]);
    let numbers = app.providers.phone_numbers(&org);
    assert_eq!(numbers.len(), 1, "one number in Vapi");
    assert_eq!(numbers[0]["id"], created["vapi_phone_number_id"]);
    assert_eq!(numbers[0]["assistantId"], created["vapi_assistant_id"]);
    let listed = app.get_ok(ASSISTANTS, &owner.token).await;
    assert_eq!(listed["assistants"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn vapi_answering_garbage_on_create_is_502_and_nothing_is_recorded() {
    let (app, owner) = create_while(
        Behaviour::Garbage,
        StatusCode::BAD_GATEWAY,
        "vapi_bad_response",
    )
    .await;
    assert_no_assistant(&app, &owner).await;
}

#[tokio::test]
async fn a_failed_number_import_takes_the_new_assistant_back() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    configure_studio(&app, &owner).await;
    // A number the Twilio account does not own.
    app.patch(
        "/api/v1/studio/config",
        &owner.token,
        json!({"phone_number": "+14155550999"}),
    )
    .await;
    let response = app.create_assistant(&owner.token).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "vapi_request_rejected",
    )
    .await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("Number Not Found"),
        "Vapi's reason is told: {problem}"
    );
    let created_then_deleted: Vec<_> = app
        .providers
        .vapi_requests()
        .into_iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        created_then_deleted.contains(&"POST /assistant".to_owned()),
        "{created_then_deleted:?}"
    );
    assert!(
        created_then_deleted
            .iter()
            .any(|r| r.starts_with("DELETE /assistant/")),
        "{created_then_deleted:?}"
    );
    assert_no_assistant(&app, &owner).await;
}

#[tokio::test]
async fn a_twilio_token_changed_behind_avas_back_fails_the_import_and_leaves_nothing() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    configure_studio(&app, &owner).await;
    app.providers.add_twilio_account(
        TWILIO_SID,
        "rotated-in-the-console-01",
        AccountStatus::Active,
    );
    let response = app.create_assistant(&owner.token).await;
    assert!(response.status().is_client_error() || response.status().is_server_error());
    problem_without_secrets(response).await;
    assert_no_assistant(&app, &owner).await;
}

async fn problem_without_secrets(response: reqwest::Response) {
    let problem = crate::helpers::problem(response).await;
    let text = problem.to_string();
    assert!(
        !text.contains(VAPI_KEY) && !text.contains(crate::helpers::TWILIO_TOKEN),
        "{text}"
    );
}

#[tokio::test]
async fn a_key_revoked_in_vapi_is_a_clear_error() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    let org = app.vapi_org();
    app.providers.revoke_vapi_key(VAPI_KEY);
    let response = app.create_assistant(&owner.token).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "vapi_key_rejected",
    )
    .await;
    assert_eq!(crate::helpers::error_fields(&problem), ["vapi_api_key"]);
    assert_eq!(
        app.get_ok(ASSISTANTS, &owner.token).await,
        json!({"assistants": []})
    );
    assert!(app.providers.assistants(&org).is_empty());
}

#[tokio::test]
async fn vapi_down_on_sync_keeps_the_recorded_assistant() {
    let app = spawn_app().await;
    let owner = app.onboarded_owner().await;
    configure_studio(&app, &owner).await;
    let created = json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    app.patch(
        "/api/v1/studio/config",
        &owner.token,
        json!({"first_message": "Changed"}),
    )
    .await;
    app.providers.set_vapi_behaviour(Behaviour::ServerError);
    let response = sync(&app, &owner, created["id"].as_str().unwrap()).await;
    assert_problem(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "vapi_unavailable",
    )
    .await;
    app.providers.set_vapi_behaviour(Behaviour::Normal);
    assert_eq!(
        app.get_ok(ASSISTANTS, &owner.token).await,
        json!({"assistants": [created]})
    );
    assert_eq!(
        app.providers.assistants(&app.vapi_org())[0]["firstMessage"],
        "Hello, you have reached Acme Dental"
    );
}
