//! Going live: numbers routed to Ava, calls decided by the owner's hours,
//! Vapi's reports stored once per call, the test call, the line status, and
//! webhooks treated as hostile input. The fake Vapi plays Vapi's side,
//! sending its messages to the server URL Ava configured.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    Owner, TWILIO_NUMBER, TestApp, assert_problem, captured_logs, error_fields, json_body,
    spawn_app, spawn_live_app,
};

const CALLER: &str = "+33612345678";

/// Open all day, every day, in Jerusalem.
fn always_open() -> Value {
    let day = json!([["00:00", "24:00"]]);
    json!({"timezone": "Asia/Jerusalem", "days": {
        "mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": day, "sun": day}})
}

/// Today in Jerusalem, as a closure date.
fn today_in_jerusalem() -> String {
    let zone = ava_domain::timezone::Timezone::parse("Asia/Jerusalem")
        .expect("a zone")
        .tz();
    chrono::Utc::now()
        .with_timezone(&zone)
        .date_naive()
        .to_string()
}

/// An owner whose assistant answers [`TWILIO_NUMBER`], open around the clock.
async fn live_owner(app: &TestApp) -> Owner {
    let owner = app.onboarded_owner().await;
    let studio = json!({"business_hours": always_open(), "handoff_number": "+972501234567"});
    json_body(
        app.patch("/api/v1/studio/config", &owner.token, studio)
            .await,
        StatusCode::OK,
    )
    .await;
    json_body(
        app.create_assistant(&owner.token).await,
        StatusCode::CREATED,
    )
    .await;
    owner
}

/// The imported number as the fake Vapi holds it.
fn vapi_number(app: &TestApp) -> Value {
    app.providers
        .phone_numbers(&app.vapi_org())
        .into_iter()
        .find(|number| number["number"] == TWILIO_NUMBER)
        .expect("the number is imported")
}

fn secret_of(app: &TestApp) -> String {
    vapi_number(app)["server"]["headers"]["x-ava-secret"]
        .as_str()
        .expect("a secret header")
        .to_owned()
}

async fn send_message(
    app: &TestApp,
    owner: &str,
    secret: Option<&str>,
    body: Value,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/webhooks/vapi/{owner}")))
        .json(&body);
    if let Some(secret) = secret {
        request = request.header("x-ava-secret", secret);
    }
    request.send().await.expect("the request reaches the app")
}

fn report(call_id: &str, summary: &str) -> Value {
    json!({"message": {
        "type": "end-of-call-report",
        "call": {"id": call_id, "customer": {"number": CALLER}},
        "customer": {"number": CALLER},
        "endedReason": "customer-ended-call",
        "startedAt": "2026-12-02T10:00:00.000Z",
        "endedAt": "2026-12-02T10:02:30.000Z",
        "durationSeconds": 150.2,
        "summary": summary,
        "transcript": "AI: Hello\nUser: Hi",
    }})
}

async fn calls(app: &TestApp, token: &str) -> Vec<Value> {
    app.get_ok("/api/v1/calls", token).await["calls"]
        .as_array()
        .expect("a list")
        .clone()
}

#[tokio::test]
async fn the_number_asks_ava_about_each_call_with_the_owners_secret() {
    let app = spawn_live_app().await;
    let owner = live_owner(&app).await;

    let number = vapi_number(&app);
    assert_eq!(number["assistantId"], Value::Null);
    assert_eq!(
        number["server"]["url"],
        app.url(&format!("/api/v1/webhooks/vapi/{}", owner.id))
    );
    assert_eq!(
        number["fallbackDestination"],
        json!({"type": "number", "number": "+972501234567"})
    );
    let secret = secret_of(&app);
    assert!(secret.len() >= 40, "a long random secret");
    assert!(
        !captured_logs().contains(&secret),
        "the secret is never logged"
    );
    let status = app.get_ok("/api/v1/line/status", &owner.token).await;
    assert_eq!(status["answering"], true, "{status}");
    assert_eq!(status["hours_enforced"], true);
    assert_eq!(status["open_now"], true);
    assert_eq!(status["phone_number"], TWILIO_NUMBER);
}

#[tokio::test]
async fn a_call_in_hours_reaches_the_assistant_and_one_on_a_closed_day_is_forwarded() {
    let app = spawn_live_app().await;
    let owner = live_owner(&app).await;

    let during = app
        .providers
        .simulate_inbound_call(TWILIO_NUMBER, CALLER)
        .await
        .unwrap();
    assert!(
        matches!(
            during.route,
            ava_provider_fake::InboundRoute::Assistant { .. }
        ),
        "{:?}",
        during.route
    );

    let closed = json!({
        "closures": [{"date": today_in_jerusalem(), "label": "Holiday"}],
        "after_hours": {"mode": "forward", "forward_to": "+972509999999"},
    });
    json_body(
        app.patch("/api/v1/studio/config", &owner.token, closed)
            .await,
        StatusCode::OK,
    )
    .await;
    let after = app
        .providers
        .simulate_inbound_call(TWILIO_NUMBER, CALLER)
        .await
        .unwrap();
    assert_eq!(
        after.route,
        ava_provider_fake::InboundRoute::Forwarded {
            to: "+972509999999".to_owned()
        }
    );

    let metrics = app
        .request(Method::GET, "/metrics", None, None)
        .await
        .text()
        .await
        .expect("metrics");
    for series in [
        r#"ava_assistant_requests_total{decision="open"} 1"#,
        r#"ava_assistant_requests_total{decision="forward"} 1"#,
        "ava_call_reports_total 2",
    ] {
        assert!(metrics.contains(series), "{series} in {metrics}");
    }
    let calls = calls(&app, &owner.token).await;
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(calls[0]["id"].as_str().is_some());
    assert_eq!(calls[0]["during_hours"], false, "newest first");
    assert_eq!(calls[1]["during_hours"], true);
    assert_eq!(calls[1]["caller"], CALLER);
    assert!(
        calls[1]["transcript"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
}

#[tokio::test]
async fn after_hours_the_assistant_takes_a_message_saying_when_it_opens() {
    let app = spawn_live_app().await;
    let owner = live_owner(&app).await;
    let closed = json!({"closures": [{"date": today_in_jerusalem(), "label": null}]});
    json_body(
        app.patch("/api/v1/studio/config", &owner.token, closed)
            .await,
        StatusCode::OK,
    )
    .await;
    let secret = secret_of(&app);

    let answer = send_message(
        &app,
        &owner.id,
        Some(&secret),
        json!({"message": {"type": "assistant-request", "call": {"id": "c-1"}}}),
    )
    .await;

    let answer = json_body(answer, StatusCode::OK).await;
    let assistant = &app.get_ok("/api/v1/assistants", &owner.token).await["assistants"][0];
    assert_eq!(answer["assistantId"], assistant["vapi_assistant_id"]);
    let overrides = &answer["assistantOverrides"];
    assert_eq!(overrides["variableValues"]["is_open"], false);
    assert_eq!(overrides["variableValues"]["next_opening"], "מחר ב-00:00");
    assert!(
        overrides["firstMessage"]
            .as_str()
            .is_some_and(|message| message.contains("Acme Dental")),
        "{answer}"
    );
}

#[tokio::test]
async fn webhooks_without_the_owners_secret_change_nothing() {
    let app = spawn_live_app().await;
    let owner = live_owner(&app).await;
    let other = app.sign_up().await;
    let secret = secret_of(&app);

    for (target, presented) in [
        (owner.id.as_str(), None),
        (owner.id.as_str(), Some("wrong")),
        (other.id.as_str(), Some(secret.as_str())),
        ("not-an-owner", Some(secret.as_str())),
        (
            "00000000-0000-0000-0000-000000000000",
            Some(secret.as_str()),
        ),
    ] {
        let response = send_message(&app, target, presented, report("c-1", "stolen")).await;
        assert_problem(response, StatusCode::UNAUTHORIZED, "webhook_unauthorized").await;
    }
    assert!(calls(&app, &owner.token).await.is_empty());
    assert!(calls(&app, &other.token).await.is_empty());
    let logs = captured_logs();
    assert!(!logs.contains(&secret));
}

#[tokio::test]
async fn hostile_bodies_are_refused_or_ignored_never_a_failure() {
    let app = spawn_live_app().await;
    let owner = live_owner(&app).await;
    let secret = secret_of(&app);
    let post_raw = |body: Vec<u8>| {
        reqwest::Client::new()
            .post(app.url(&format!("/api/v1/webhooks/vapi/{}", owner.id)))
            .header("x-ava-secret", &secret)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };

    let not_json = post_raw(b"{not json".to_vec()).await.unwrap();
    assert_problem(not_json, StatusCode::BAD_REQUEST, "malformed_json").await;
    let no_message = post_raw(b"[1,2]".to_vec()).await.unwrap();
    assert_problem(no_message, StatusCode::BAD_REQUEST, "malformed_json").await;
    let huge = post_raw(vec![b' '; 5 * 1024 * 1024]).await.unwrap();
    assert_problem(huge, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    for ignored in [
        json!({"message": {"type": "status-update", "status": "ringing"}}),
        json!({"message": {"type": "something-new"}}),
        json!({"message": {"type": 42}}),
        json!({"message": {"type": "end-of-call-report", "call": {"id": 7}}}),
        json!({"message": {"type": "end-of-call-report", "call": {"id": "c-9"}, "summary": "a\u{0}b",
            "startedAt": "yesterday", "durationSeconds": "long"}}),
    ] {
        let response = send_message(&app, &owner.id, Some(&secret), ignored.clone()).await;
        assert_eq!(response.status(), StatusCode::OK, "{ignored}");
    }
    let calls = calls(&app, &owner.token).await;
    assert_eq!(calls.len(), 1, "only the report with a call id: {calls:?}");
    assert_eq!(calls[0]["summary"], "ab");
    assert_eq!(calls[0]["started_at"], Value::Null);
}

#[tokio::test]
async fn a_repeated_report_updates_the_call_it_never_duplicates_it() {
    let app = spawn_live_app().await;
    let owner = live_owner(&app).await;
    let secret = secret_of(&app);

    for summary in ["first", "second"] {
        let response =
            send_message(&app, &owner.id, Some(&secret), report("call-1", summary)).await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    let calls = calls(&app, &owner.token).await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0]["summary"], "second");
    assert_eq!(calls[0]["duration_seconds"], 150.2);
    assert_eq!(calls[0]["ended_reason"], "customer-ended-call");
    assert_eq!(calls[0]["started_at"], "2026-12-02T10:00:00Z");
}

#[tokio::test]
async fn calls_come_a_page_at_a_time_newest_first() {
    let app = spawn_live_app().await;
    let owner = live_owner(&app).await;
    let secret = secret_of(&app);
    for serial in 1..=5 {
        let body = report(&format!("call-{serial}"), &serial.to_string());
        send_message(&app, &owner.id, Some(&secret), body).await;
    }

    let mut summaries = Vec::new();
    let mut path = "/api/v1/calls?limit=2".to_owned();
    loop {
        let page = app.get_ok(&path, &owner.token).await;
        let calls = page["calls"].as_array().unwrap();
        assert!(calls.len() <= 2);
        summaries.extend(
            calls
                .iter()
                .map(|call| call["summary"].as_str().unwrap().to_owned()),
        );
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/calls?limit=2&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(summaries, ["5", "4", "3", "2", "1"]);

    for bad in ["limit=0", "limit=101", "limit=ten", "cursor=nope"] {
        let response = app.get(&format!("/api/v1/calls?{bad}"), &owner.token).await;
        let problem = assert_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(error_fields(&problem).len(), 1, "{bad}");
    }
    let anonymous = app.request(Method::GET, "/api/v1/calls", None, None).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_test_call_asks_vapi_to_ring_the_owner() {
    let app = spawn_live_app().await;
    let owner = live_owner(&app).await;

    let response = app
        .post(
            "/api/v1/assistants/test-call",
            &owner.token,
            json!({"number": "+33 6 12 34 56 78"}),
        )
        .await;

    let started = json_body(response, StatusCode::ACCEPTED).await;
    let placed = app.providers.calls(&app.vapi_org());
    assert_eq!(placed.len(), 1, "{placed:?}");
    assert_eq!(placed[0]["id"], started["call_id"]);
    assert_eq!(placed[0]["customer"]["number"], CALLER);
    assert_eq!(placed[0]["phoneNumberId"], vapi_number(&app)["id"]);
    let assistant = &app.get_ok("/api/v1/assistants", &owner.token).await["assistants"][0];
    assert_eq!(placed[0]["assistantId"], assistant["vapi_assistant_id"]);

    let bad = app
        .post(
            "/api/v1/assistants/test-call",
            &owner.token,
            json!({"number": "0612345678"}),
        )
        .await;
    let problem = assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(error_fields(&problem), ["number"]);
}

#[tokio::test]
async fn a_test_call_needs_an_assistant_with_a_number() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    app.post(
        "/api/v1/vapi-settings",
        &owner.token,
        json!({"vapi_api_key": crate::helpers::VAPI_KEY}),
    )
    .await;

    let response = app
        .post(
            "/api/v1/assistants/test-call",
            &owner.token,
            json!({"number": CALLER}),
        )
        .await;

    assert_problem(response, StatusCode::CONFLICT, "line_not_ready").await;
}

#[tokio::test]
async fn the_status_tells_what_is_missing_and_follows_a_disconnection() {
    let app = spawn_live_app().await;
    let fresh = app.sign_up().await;
    let status = app.get_ok("/api/v1/line/status", &fresh.token).await;
    assert_eq!(status["answering"], false);
    assert_eq!(
        status["problems"],
        json!([
            "vapi_not_connected",
            "no_assistant",
            "twilio_not_connected",
            "no_phone_number",
            "hours_not_set"
        ])
    );

    let owner = live_owner(&app).await;
    assert_eq!(
        app.get_ok("/api/v1/line/status", &owner.token).await["answering"],
        true
    );

    let response = app.delete("/api/v1/twilio-settings", &owner.token).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    assert!(
        app.providers.phone_numbers(&app.vapi_org()).is_empty(),
        "the number left Vapi: nobody answers it any more"
    );
    let status = app.get_ok("/api/v1/line/status", &owner.token).await;
    assert_eq!(status["answering"], false);
    assert!(
        status["problems"]
            .as_array()
            .unwrap()
            .contains(&json!("twilio_not_connected"))
    );
}

#[tokio::test]
async fn without_a_public_url_numbers_go_to_the_assistant_and_hours_are_advice() {
    let app = spawn_app().await;
    let owner = live_owner(&app).await;

    let number = vapi_number(&app);
    let assistant = &app.get_ok("/api/v1/assistants", &owner.token).await["assistants"][0];
    assert_eq!(number["assistantId"], assistant["vapi_assistant_id"]);
    let status = app.get_ok("/api/v1/line/status", &owner.token).await;
    assert_eq!(status["answering"], true);
    assert_eq!(status["hours_enforced"], false);
    assert_eq!(status["problems"], json!(["public_url_not_set"]));
    assert_eq!(
        app.get_ok("/api/v1/meta", &owner.token).await["public_url_set"],
        false
    );
}

#[tokio::test]
async fn handoff_after_hours_and_closures_are_studio_fields_with_the_version_rule() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let body = json!({
        "handoff_number": "+972 50-123-4567",
        "after_hours": {"mode": "forward", "forward_to": "+33612345678"},
        "closures": [{"date": "2026-12-25", "label": "Noël"}, {"date": "2026-01-01"}],
    });

    let saved = json_body(
        app.patch("/api/v1/studio/config", &owner.token, body).await,
        StatusCode::OK,
    )
    .await;

    assert_eq!(saved["handoff_number"], "+972501234567");
    assert_eq!(
        saved["after_hours"],
        json!({"mode": "forward", "forward_to": "+33612345678"})
    );
    assert_eq!(
        saved["closures"],
        json!([{"date": "2026-01-01", "label": null}, {"date": "2026-12-25", "label": "Noël"}])
    );
    assert_eq!(
        app.get_ok("/api/v1/studio/config", &owner.token).await,
        saved
    );

    let bad = json!({
        "handoff_number": "12",
        "after_hours": {"mode": "forward", "forward_to": null},
        "closures": [{"date": "2026-02-30"}, {"date": "2026-01-01"}, {"date": "2026-01-01"}],
    });
    let problem = assert_problem(
        app.patch("/api/v1/studio/config", &owner.token, bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let mut fields = error_fields(&problem);
    fields.sort();
    assert_eq!(
        fields,
        [
            "after_hours.forward_to",
            "closures.0.date",
            "closures.2.date",
            "handoff_number"
        ]
    );
    let unknown_mode = json!({"after_hours": {"mode": "voicemail"}});
    let problem = assert_problem(
        app.patch("/api/v1/studio/config", &owner.token, unknown_mode)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(error_fields(&problem), ["after_hours.mode"]);
    let stale = json!({"handoff_number": null, "version": 0});
    assert_problem(
        app.patch("/api/v1/studio/config", &owner.token, stale)
            .await,
        StatusCode::CONFLICT,
        "version_conflict",
    )
    .await;
}
