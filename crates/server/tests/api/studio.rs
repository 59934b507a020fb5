//! The studio configuration, kept in the database; and the catalog it
//! chooses from.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{assert_problem, error_fields, example_studio, json_body, spawn_app};

const STUDIO: &str = "/api/v1/studio/config";

fn without_version(mut config: Value) -> Value {
    config.as_object_mut().expect("an object").remove("version");
    config
}

fn field_code(problem: &Value, field: &str) -> Value {
    problem["errors"]
        .as_array()
        .expect("field errors")
        .iter()
        .find(|error| error["field"] == field)
        .map(|error| error["code"].clone())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_new_owner_gets_the_defaults() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let config = app.get_ok(STUDIO, &owner.token).await;
    assert_eq!(
        config,
        json!({"persona": null, "job_to_be_done": null, "languages": [], "tone": "warm", "guidelines": null,
            "first_message": null, "voice": {"provider": "vapi", "voice_id": "Elliot"},
            "model": {"provider": "openai", "model": "gpt-4o-mini"}, "phone_number": null,
            "business_hours": null, "integrations": {"calendar": null, "crm": null, "workspace": []},
            "plan": null, "handoff_number": null,
            "after_hours": {"mode": "take_message", "forward_to": null}, "closures": [], "version": 0})
    );
}

#[tokio::test]
async fn french_first_brings_a_voice_that_speaks_french_unless_one_is_sent() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let french = json_body(
        app.patch(STUDIO, &owner.token, json!({"languages": ["fr"]}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        french["voice"],
        json!({"provider": "openai", "voice_id": "nova"})
    );
    let chosen = json!({"languages": ["en"], "voice": {"provider": "openai", "voice_id": "onyx"}});
    let english = json_body(
        app.patch(STUDIO, &owner.token, chosen).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        english["voice"],
        json!({"provider": "openai", "voice_id": "onyx"})
    );
}

/// A stored configuration's voice moves in the save itself, with or
/// without a version; a voice the owner picked or an unchanged first
/// language leaves it.
#[tokio::test]
async fn a_saved_configuration_follows_its_new_first_language() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let save = async |change: Value| {
        json_body(
            app.patch(STUDIO, &owner.token, change).await,
            StatusCode::OK,
        )
        .await
    };
    let voice =
        |provider: &str, voice_id: &str| json!({"provider": provider, "voice_id": voice_id});

    let english = save(json!({"languages": ["en"], "persona": "Maya"})).await;
    assert_eq!(english["voice"], voice("vapi", "Elliot"));
    let hebrew = save(json!({"languages": ["he", "en"]})).await;
    assert_eq!(hebrew["voice"], voice("openai", "nova"));
    let back = save(json!({"languages": ["en"], "version": hebrew["version"]})).await;
    assert_eq!(back["voice"], voice("vapi", "Elliot"));
    let same_first = save(json!({"languages": ["en", "fr"]})).await;
    assert_eq!(same_first["voice"], voice("vapi", "Elliot"));

    save(json!({"voice": voice("vapi", "Kai")})).await;
    let picked = save(json!({"languages": ["fr"]})).await;
    assert_eq!(picked["voice"], voice("vapi", "Kai"));
    assert_eq!(picked["persona"], "Maya");
    assert_eq!(app.get_ok(STUDIO, &owner.token).await, picked);
}

#[tokio::test]
async fn the_whole_configuration_is_saved_as_the_spec_shows_it() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let saved = json_body(
        app.patch(STUDIO, &owner.token, example_studio()).await,
        StatusCode::OK,
    )
    .await;
    let mut expected = example_studio();
    expected["phone_number"] = json!("+972501234567");
    assert_eq!(
        without_version(saved.clone()),
        expected,
        "the phone number is normalised to E.164"
    );
    assert!(saved["version"].as_i64().unwrap() >= 1);
    assert_eq!(
        app.get_ok(STUDIO, &owner.token).await,
        saved,
        "stored as answered"
    );
}

#[tokio::test]
async fn a_partial_patch_keeps_the_other_fields() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let saved = json_body(
        app.patch(STUDIO, &owner.token, example_studio()).await,
        StatusCode::OK,
    )
    .await;
    let change = json!({"tone": "concise", "languages": ["fr"], "voice": {"provider": "openai", "voice_id": "nova"},
        "model": {"provider": "openai", "model": "gpt-4.1"}});
    let changed = json_body(
        app.patch(STUDIO, &owner.token, change).await,
        StatusCode::OK,
    )
    .await;
    let mut expected = saved.clone();
    expected["tone"] = json!("concise");
    expected["languages"] = json!(["fr"]);
    expected["voice"] = json!({"provider": "openai", "voice_id": "nova"});
    expected["model"] = json!({"provider": "openai", "model": "gpt-4.1"});
    expected["version"] = changed["version"].clone();
    assert_eq!(changed, expected);
    assert!(changed["version"].as_i64().unwrap() > saved["version"].as_i64().unwrap());
    assert_eq!(app.get_ok(STUDIO, &owner.token).await, changed);
}

#[tokio::test]
async fn null_clears_a_field() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    app.patch(STUDIO, &owner.token, example_studio()).await;
    let body = json!({"persona": null, "business_hours": null, "phone_number": null, "plan": null});
    let cleared = json_body(app.patch(STUDIO, &owner.token, body).await, StatusCode::OK).await;
    for field in ["persona", "business_hours", "phone_number", "plan"] {
        assert!(cleared[field].is_null(), "{field}: {cleared}");
    }
    assert_eq!(
        cleared["guidelines"], "Never give medical advice.",
        "untouched"
    );
    assert_eq!(app.get_ok(STUDIO, &owner.token).await, cleared);
}

#[tokio::test]
async fn business_hours_take_several_ranges_a_day_in_order() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let hours = json!({"timezone": "Europe/Paris", "days": {
        "mon": [["08:00", "10:00"], ["10:30", "12:00"], ["14:00", "24:00"]],
        "fri": [["09:00", "12:00"]],
        "sat": []}});
    let saved = app
        .patch(STUDIO, &owner.token, json!({"business_hours": hours}))
        .await;
    let saved = json_body(saved, StatusCode::OK).await;
    assert_eq!(
        saved["business_hours"],
        json!({"timezone": "Europe/Paris", "days": {
            "mon": [["08:00", "10:00"], ["10:30", "12:00"], ["14:00", "24:00"]],
            "fri": [["09:00", "12:00"]]}}),
        "a day without ranges is closed"
    );
    assert_eq!(
        app.get_ok(STUDIO, &owner.token).await["business_hours"],
        saved["business_hours"]
    );
}

#[tokio::test]
async fn overlapping_or_backwards_ranges_are_refused_by_day() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let saved = json_body(
        app.patch(STUDIO, &owner.token, example_studio()).await,
        StatusCode::OK,
    )
    .await;
    let hours = json!({"business_hours": {"timezone": "Asia/Jerusalem", "days": {
        "mon": [["08:00", "12:00"], ["11:00", "17:00"]],
        "tue": [["17:00", "09:00"]],
        "wed": [["09:00", "17:00"]]}}, "persona": "Someone else"});
    let response = app.patch(STUDIO, &owner.token, hours).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        ["business_hours.days.mon", "business_hours.days.tue"]
    );
    assert_eq!(
        field_code(&problem, "business_hours.days.mon"),
        "overlapping_time_ranges"
    );
    assert_eq!(
        field_code(&problem, "business_hours.days.tue"),
        "invalid_time_range"
    );
    assert_eq!(
        app.get_ok(STUDIO, &owner.token).await,
        saved,
        "nothing of the refused change is stored"
    );

    let bad_zone = json!({"business_hours": {"timezone": "Nowhere/Land", "days": {}}});
    let response = app.patch(STUDIO, &owner.token, bad_zone).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["business_hours.timezone"]);
}

#[tokio::test]
async fn the_phone_number_is_normalised_to_e164_or_refused() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let saved = app
        .patch(
            STUDIO,
            &owner.token,
            json!({"phone_number": " +1 (415) 555-0123 "}),
        )
        .await;
    assert_eq!(
        json_body(saved, StatusCode::OK).await["phone_number"],
        "+14155550123"
    );
    for bad in ["0501234567", "+0123456789", "+1 415 CALL NOW", "+123"] {
        let response = app
            .patch(STUDIO, &owner.token, json!({"phone_number": bad}))
            .await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem), ["phone_number"], "{bad}");
        assert_eq!(
            problem["errors"][0]["code"], "invalid_phone_number",
            "{bad}"
        );
    }
    assert_eq!(
        app.get_ok(STUDIO, &owner.token).await["phone_number"],
        "+14155550123"
    );
}

#[tokio::test]
async fn voices_and_models_come_from_the_catalog() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let catalog = app.get_ok("/api/v1/catalog", &owner.token).await;
    // Every voice and model of the catalog is accepted.
    for voice in catalog["voices"].as_array().unwrap() {
        let body = json!({"voice": {"provider": voice["provider"], "voice_id": voice["voice_id"]}});
        let saved = json_body(app.patch(STUDIO, &owner.token, body).await, StatusCode::OK).await;
        assert_eq!(saved["voice"]["voice_id"], voice["voice_id"]);
    }
    for model in catalog["models"].as_array().unwrap() {
        let saved = json_body(
            app.patch(STUDIO, &owner.token, json!({"model": model}))
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(&saved["model"], model);
    }
    // Anything else is refused by name.
    let body = json!({"voice": {"provider": "vapi", "voice_id": "HAL9000"}, "model": {"provider": "openai", "model": "gpt-2"}});
    let response = app.patch(STUDIO, &owner.token, body).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["voice", "model"]);
    assert_eq!(field_code(&problem, "voice"), "unknown_choice");
    assert_eq!(field_code(&problem, "model"), "unknown_choice");
}

#[tokio::test]
async fn languages_tone_and_integrations_are_checked() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let body = json!({"languages": ["fr", "he", "en"], "tone": "professional",
        "integrations": {"calendar": "outlook", "crm": "hubspot", "workspace": ["notion", "slack"]}});
    let saved = json_body(app.patch(STUDIO, &owner.token, body).await, StatusCode::OK).await;
    assert_eq!(
        saved["languages"],
        json!(["fr", "he", "en"]),
        "the order is kept: the first is the default"
    );
    assert_eq!(saved["tone"], "professional");
    assert_eq!(
        saved["integrations"],
        json!({"calendar": "outlook", "crm": "hubspot", "workspace": ["notion", "slack"]})
    );

    let duplicate = app
        .patch(STUDIO, &owner.token, json!({"languages": ["fr", "fr"]}))
        .await;
    let problem = assert_problem(
        duplicate,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["languages"]);
    let unknown_language = app
        .patch(STUDIO, &owner.token, json!({"languages": ["de"]}))
        .await;
    let problem = assert_problem(
        unknown_language,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        ["languages[0]"],
        "the item is named"
    );
    assert!(!problem.to_string().contains("\"de\""), "{problem}");
    let tone = app
        .patch(STUDIO, &owner.token, json!({"tone": "grumpy"}))
        .await;
    let problem = assert_problem(tone, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(error_fields(&problem), ["tone"]);
    let integrations = json!({"integrations": {"calendar": "sundial", "crm": "rolodex", "workspace": ["slack", "slack"]}});
    let response = app.patch(STUDIO, &owner.token, integrations).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(
        error_fields(&problem),
        [
            "integrations.calendar",
            "integrations.crm",
            "integrations.workspace"
        ]
    );
    assert_eq!(
        app.get_ok(STUDIO, &owner.token).await,
        saved,
        "refused changes change nothing"
    );
}

#[tokio::test]
async fn text_fields_have_limits() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let body = json!({"persona": "p".repeat(501), "first_message": "f".repeat(501), "guidelines": "g".repeat(4000)});
    let response = app.patch(STUDIO, &owner.token, body).await;
    let problem = assert_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["persona", "first_message"]);
    assert_eq!(field_code(&problem, "persona"), "too_long");
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_with_the_current_config_and_overwrites_nothing() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let read = app.get_ok(STUDIO, &owner.token).await;
    let mut first = example_studio();
    first["version"] = read["version"].clone();
    let saved = json_body(app.patch(STUDIO, &owner.token, first).await, StatusCode::OK).await;
    let stale = json!({"persona": "Sam", "tone": "concise", "version": read["version"]});
    let response = app.patch(STUDIO, &owner.token, stale).await;
    let problem = assert_problem(response, StatusCode::CONFLICT, "version_conflict").await;
    assert_eq!(problem["current"], saved);
    assert_eq!(
        app.get_ok(STUDIO, &owner.token).await,
        saved,
        "nothing was overwritten"
    );
    let fresh = json!({"persona": "Sam", "version": saved["version"]});
    assert_eq!(
        json_body(app.patch(STUDIO, &owner.token, fresh).await, StatusCode::OK).await["persona"],
        "Sam"
    );
}

#[tokio::test]
async fn the_catalog_lists_what_the_wizard_offers() {
    let app = spawn_app().await;
    let catalog = json_body(
        app.request(Method::GET, "/api/v1/catalog", None, None)
            .await,
        StatusCode::OK,
    )
    .await;
    let voices = catalog["voices"].as_array().unwrap();
    assert!(
        voices
            .iter()
            .any(|v| v["provider"] == "vapi" && v["voice_id"] == "Elliot")
    );
    assert!(
        voices
            .iter()
            .any(|v| v["provider"] == "openai" && v["voice_id"] == "nova")
    );
    assert!(
        voices
            .iter()
            .all(|v| v["languages"].as_array().is_some_and(|l| !l.is_empty()))
    );
    let models: Vec<&str> = catalog["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["model"].as_str().unwrap())
        .collect();
    assert_eq!(models, ["gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini"]);
    assert_eq!(catalog["calendars"], json!(["google", "outlook"]));
    assert_eq!(
        catalog["crms"],
        json!(["hubspot", "salesforce", "pipedrive"])
    );
    assert!(
        catalog["workspace_apps"]
            .as_array()
            .unwrap()
            .contains(&json!("slack"))
    );
    assert!(
        catalog["industries"]
            .as_array()
            .unwrap()
            .contains(&json!("dental"))
    );
    let zones = catalog["timezones"].as_array().unwrap();
    assert!(zones.contains(&json!("Asia/Jerusalem")) && zones.contains(&json!("Europe/Paris")));
    assert!(zones.len() > 300);
}

#[tokio::test]
async fn the_catalog_names_each_zone_by_its_city_in_each_language() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let catalog = app.get_ok("/api/v1/catalog", &owner.token).await;
    let zones = catalog["zones"].as_array().unwrap();
    let city_of = |id: &str| {
        zones
            .iter()
            .find(|zone| zone["id"] == id)
            .map(|zone| zone["cities"].clone())
    };
    assert_eq!(
        city_of("Asia/Jerusalem"),
        Some(json!({"en": "Jerusalem", "fr": "Jérusalem", "he": "ירושלים"}))
    );
    assert_eq!(
        city_of("America/New_York"),
        Some(json!({"en": "New York", "fr": "New York", "he": "ניו יורק"}))
    );
    // The same zones as the plain list, each once.
    let mut ids: Vec<&str> = zones
        .iter()
        .map(|zone| zone["id"].as_str().unwrap())
        .collect();
    let mut names: Vec<&str> = catalog["timezones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    ids.sort_unstable();
    names.sort_unstable();
    assert_eq!(ids, names);
    // An older name, listed after the current one, is a zone the profile accepts.
    let position = |id: &str| zones.iter().position(|zone| zone["id"] == id);
    assert!(position("America/New_York").unwrap() < position("US/Eastern").unwrap());
    let saved = json_body(
        app.patch(
            "/api/v1/user/profile",
            &owner.token,
            json!({"timezone": "US/Eastern"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["timezone"], "US/Eastern");
}

#[tokio::test]
async fn meta_tells_the_version_and_that_this_is_not_a_demo() {
    let app = spawn_app().await;
    let meta = json_body(
        app.request(Method::GET, "/api/v1/meta", None, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        meta,
        json!({"version": env!("CARGO_PKG_VERSION"), "demo": false, "public_url_set": false})
    );
}
