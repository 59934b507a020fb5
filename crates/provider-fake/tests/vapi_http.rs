//! The fake Vapi API over HTTP: auth rules, validation, tenancy, phone
//! import, server URLs and fallbacks, outbound calls, and the incoming calls
//! it plays against a server URL.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use ava_provider_fake::{
    AccountStatus, Behaviour, DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_AUTH_TOKEN,
    DEMO_TWILIO_SMS_ONLY_NUMBER, DEMO_TWILIO_SUSPENDED_ACCOUNT_SID,
    DEMO_TWILIO_SUSPENDED_AUTH_TOKEN, DEMO_TWILIO_SUSPENDED_NUMBER, DEMO_TWILIO_VOICE_NUMBERS,
    DEMO_VAPI_ORG_ID, DEMO_VAPI_PRIVATE_KEY, DEMO_VAPI_PUBLIC_KEY, Delivery, FakeProviders,
    InboundRoute, KeyKind, SimulationError,
};
use axum::{body::Bytes, extract::State, http::HeaderMap, response::IntoResponse};
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

const INVALID_KEY: &str = "Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.";

struct Vapi {
    fake: FakeProviders,
    client: Client,
}

impl Vapi {
    async fn demo() -> Self {
        Self {
            fake: FakeProviders::start_demo().await.expect("the fake starts"),
            client: Client::new(),
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.fake.vapi_url()));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the fake answers");
        let status = response.status();
        let text = response.text().await.expect("a readable body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(DEMO_VAPI_PRIVATE_KEY), None)
            .await
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(DEMO_VAPI_PRIVATE_KEY), Some(body))
            .await
    }

    async fn create_assistant(&self, name: &str) -> String {
        let (status, body) = self.post("/assistant", assistant_body(name)).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_str().expect("an id").to_owned()
    }
}

fn assistant_body(name: &str) -> Value {
    json!({
        "name": name,
        "firstMessage": "Hi, thanks for calling Acme!",
        "model": {"provider": "openai", "model": "gpt-4o-mini",
                  "messages": [{"role": "system", "content": "You are the receptionist."}]},
        "voice": {"provider": "vapi", "voiceId": "Elliot"},
        "transcriber": {"provider": "deepgram", "model": "nova-3", "language": "en"},
        "metadata": {"tenantId": "0190d7a4-0000-7000-8000-000000000001"}
    })
}

fn import_body(number: &str, assistant_id: &str) -> Value {
    json!({
        "provider": "twilio",
        "number": number,
        "twilioAccountSid": DEMO_TWILIO_ACCOUNT_SID,
        "twilioAuthToken": DEMO_TWILIO_AUTH_TOKEN,
        "name": "Acme main",
        "assistantId": assistant_id,
        "smsEnabled": false
    })
}

fn unauthorized() -> Value {
    json!({"message": INVALID_KEY, "error": "Unauthorized", "statusCode": 401})
}

fn messages(body: &Value) -> Vec<String> {
    let messages = body["message"].as_array().expect("validation messages");
    messages
        .iter()
        .map(|m| m.as_str().expect("a message").to_owned())
        .collect()
}

#[tokio::test]
async fn only_a_registered_private_key_is_accepted() {
    let vapi = Vapi::demo().await;
    for key in [
        None,
        Some("not-a-key"),
        Some(DEMO_VAPI_PUBLIC_KEY),
        Some(""),
    ] {
        let (status, body) = vapi
            .call(Method::GET, "/assistant?limit=1", key, None)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{key:?}");
        assert_eq!(body, unauthorized());
    }
    let (status, body) = vapi.get("/assistant?limit=1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!([]));
    // A basic-auth header is no Bearer token.
    let response = vapi
        .client
        .get(format!("{}/assistant", vapi.fake.vapi_url()))
        .basic_auth(DEMO_VAPI_PRIVATE_KEY, Some(""))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn keys_are_registered_per_organization() {
    let fake = FakeProviders::start().await.unwrap();
    let org = fake.add_vapi_org();
    assert!(fake.add_vapi_key(&org, "private-1", KeyKind::Private));
    assert!(fake.add_vapi_key(&org, "public-1", KeyKind::Public));
    assert!(!fake.add_vapi_key("no-such-org", "private-2", KeyKind::Private));
    assert_eq!(fake.vapi_org_of_key("private-1"), Some(org.clone()));
    assert_eq!(fake.vapi_org_of_key("private-2"), None);
    let client = Client::new();
    let status = |key: &'static str| {
        let request = client
            .get(format!("{}/assistant", fake.vapi_url()))
            .bearer_auth(key);
        async move { request.send().await.unwrap().status() }
    };
    assert_eq!(status("private-1").await, StatusCode::OK);
    assert_eq!(status("public-1").await, StatusCode::UNAUTHORIZED);
    assert_eq!(status("private-2").await, StatusCode::UNAUTHORIZED);
    fake.revoke_vapi_key("private-1");
    assert_eq!(status("private-1").await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_list_limit_is_validated() {
    let vapi = Vapi::demo().await;
    for (query, expected) in [
        ("limit=1001", "limit must not be greater than 1000"),
        ("limit=-1", "limit must not be less than 0"),
        (
            "limit=abc",
            "limit must be a number conforming to the specified constraints",
        ),
        ("limit=1&foo=bar", "property foo should not exist"),
    ] {
        let (status, body) = vapi.get(&format!("/assistant?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(body["error"], "Bad Request");
        assert_eq!(body["statusCode"], 400);
        assert_eq!(messages(&body), vec![expected.to_owned()], "{query}");
    }
    for query in ["limit=0", "limit=1000", "limit=1"] {
        let (status, _) = vapi.get(&format!("/assistant?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
    }
}

#[tokio::test]
async fn an_assistant_is_created_with_what_was_sent() {
    let vapi = Vapi::demo().await;
    let (status, body) = vapi
        .post("/assistant", assistant_body("Acme Reception"))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for (field, value) in assistant_body("Acme Reception").as_object().unwrap() {
        assert_eq!(&body[field], value, "{field}");
    }
    let id = body["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
    assert_eq!(body["orgId"], DEMO_VAPI_ORG_ID);
    assert!(body["createdAt"].as_str().unwrap().ends_with('Z'));
    assert!(body["updatedAt"].is_string());

    let (_, list) = vapi.get("/assistant?limit=10").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id);
    let (status, one) = vapi.get(&format!("/assistant/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one, body);
    assert_eq!(vapi.fake.assistants(DEMO_VAPI_ORG_ID), vec![body]);
}

#[tokio::test]
async fn the_list_is_newest_first_and_limited() {
    let vapi = Vapi::demo().await;
    let first = vapi.create_assistant("First").await;
    let second = vapi.create_assistant("Second").await;
    let (_, list) = vapi.get("/assistant").await;
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![second.as_str(), first.as_str()]);
    let (_, list) = vapi.get("/assistant?limit=1").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn unknown_or_invalid_properties_are_refused() {
    let vapi = Vapi::demo().await;
    let mut body = assistant_body("Acme");
    body["systemPrompt"] = json!("nope");
    let (status, answer) = vapi.post("/assistant", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        messages(&answer),
        vec!["property systemPrompt should not exist"]
    );

    let (status, answer) = vapi
        .post("/assistant", assistant_body(&"n".repeat(41)))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        messages(&answer),
        vec!["name must be shorter than or equal to 40 characters"]
    );
    let (status, _) = vapi
        .post("/assistant", assistant_body(&"n".repeat(40)))
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let mut body = assistant_body("Acme");
    body["voice"] = json!({"provider": "vapi", "voice_id": "Elliot"});
    let (status, answer) = vapi.post("/assistant", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        messages(&answer),
        vec![
            "voice.property voice_id should not exist",
            "voice.voiceId must be a string"
        ]
    );

    let mut body = assistant_body("Acme");
    body["model"]["messages"][0]["role"] = json!("narrator");
    let (status, answer) = vapi.post("/assistant", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        messages(&answer)[0]
            .starts_with("model.messages.0.role must be one of the following values")
    );

    // Other real top-level properties are accepted.
    let mut body = assistant_body("Acme");
    body["endCallMessage"] = json!("Goodbye");
    body["maxDurationSeconds"] = json!(600);
    body["backgroundSound"] = json!("office");
    let (status, _) = vapi.post("/assistant", body).await;
    assert_eq!(status, StatusCode::CREATED);

    // Malformed JSON and non-objects.
    let response = vapi
        .client
        .post(format!("{}/assistant", vapi.fake.vapi_url()))
        .bearer_auth(DEMO_VAPI_PRIVATE_KEY)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let (status, _) = vapi.post("/assistant", json!([1, 2])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_assistant_is_updated_and_deleted() {
    let vapi = Vapi::demo().await;
    let id = vapi.create_assistant("Before").await;
    let path = format!("/assistant/{id}");
    let (status, body) = vapi
        .call(
            Method::PATCH,
            &path,
            Some(DEMO_VAPI_PRIVATE_KEY),
            Some(json!({"name": "After"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["name"], "After");
    assert_eq!(body["firstMessage"], "Hi, thanks for calling Acme!");
    let (status, _) = vapi
        .call(
            Method::PATCH,
            &path,
            Some(DEMO_VAPI_PRIVATE_KEY),
            Some(json!({"bogus": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = vapi
        .call(Method::DELETE, &path, Some(DEMO_VAPI_PRIVATE_KEY), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["id"], id.as_str());
    let (status, body) = vapi.get(&path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["statusCode"], 404);
    assert_eq!(body["error"], "Not Found");
    let (status, _) = vapi
        .call(Method::DELETE, &path, Some(DEMO_VAPI_PRIVATE_KEY), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn another_organization_sees_nothing() {
    let vapi = Vapi::demo().await;
    let id = vapi.create_assistant("Mine").await;
    let other = vapi.fake.add_vapi_org_with_key("other-private-key");
    let path = format!("/assistant/{id}");
    for method in [Method::GET, Method::PATCH, Method::DELETE] {
        let body = (method == Method::PATCH).then(|| json!({"name": "Stolen"}));
        let (status, _) = vapi
            .call(method.clone(), &path, Some("other-private-key"), body)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method}");
    }
    let (_, list) = vapi
        .call(Method::GET, "/assistant", Some("other-private-key"), None)
        .await;
    assert_eq!(list, json!([]));
    assert!(vapi.fake.assistants(&other).is_empty());
    assert_eq!(vapi.fake.assistants(DEMO_VAPI_ORG_ID)[0]["name"], "Mine");
    let (status, _) = vapi
        .get("/assistant/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_routes_are_404_even_without_a_key() {
    let vapi = Vapi::demo().await;
    let (status, body) = vapi.call(Method::GET, "/assistants", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body,
        json!({"message": "Cannot GET /assistants", "error": "Not Found", "statusCode": 404})
    );
    let (status, _) = vapi
        .call(Method::PUT, "/assistant", Some(DEMO_VAPI_PRIVATE_KEY), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_twilio_number_is_imported_when_the_credentials_own_it() {
    let vapi = Vapi::demo().await;
    let assistant = vapi.create_assistant("Acme").await;
    let number = DEMO_TWILIO_VOICE_NUMBERS[1];
    let (status, body) = vapi
        .post("/phone-number", import_body(number, &assistant))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(uuid::Uuid::parse_str(body["id"].as_str().unwrap()).is_ok());
    assert_eq!(body["orgId"], DEMO_VAPI_ORG_ID);
    assert_eq!(body["number"], number);
    assert_eq!(body["twilioAccountSid"], DEMO_TWILIO_ACCOUNT_SID);
    assert_eq!(body["assistantId"], assistant.as_str());
    assert_eq!(body["status"], "active");
    assert_eq!(body["smsEnabled"], false);
    assert_eq!(body["name"], "Acme main");
    assert!(body["createdAt"].is_string() && body["updatedAt"].is_string());
    // Echoed, like the real API may: adapters must treat answers as secret.
    assert_eq!(body["twilioAuthToken"], DEMO_TWILIO_AUTH_TOKEN);

    let (_, list) = vapi.get("/phone-number").await;
    assert_eq!(list, json!([body.clone()]));
    assert_eq!(vapi.fake.phone_numbers(DEMO_VAPI_ORG_ID), vec![body]);
    // Vapi took over the number's voice webhook, not its SMS one.
    let twilio = vapi.fake.twilio_numbers(DEMO_TWILIO_ACCOUNT_SID);
    let entry = twilio.iter().find(|n| n["phone_number"] == number).unwrap();
    assert!(
        entry["voice_url"]
            .as_str()
            .unwrap()
            .starts_with("https://api.vapi.ai/")
    );
    assert_eq!(entry["sms_url"], "");

    // The same number again in the same organization.
    let (status, answer) = vapi
        .post("/phone-number", import_body(number, &assistant))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer["message"].is_string());
}

#[tokio::test]
async fn numbers_the_credentials_do_not_own_are_not_found_on_twilio() {
    let vapi = Vapi::demo().await;
    let assistant = vapi.create_assistant("Acme").await;
    let not_found = |body: &Value| body["message"] == "Number Not Found on Twilio.";

    let mut wrong_token = import_body(DEMO_TWILIO_VOICE_NUMBERS[0], &assistant);
    wrong_token["twilioAuthToken"] = json!("0".repeat(32));
    let mut no_token = import_body(DEMO_TWILIO_VOICE_NUMBERS[0], &assistant);
    no_token.as_object_mut().unwrap().remove("twilioAuthToken");
    let not_on_account = import_body("+14155550000", &assistant);
    let mut other_account = import_body(DEMO_TWILIO_SUSPENDED_NUMBER, &assistant);
    other_account["twilioAccountSid"] = json!(DEMO_TWILIO_ACCOUNT_SID);
    let mut suspended = import_body(DEMO_TWILIO_SUSPENDED_NUMBER, &assistant);
    suspended["twilioAccountSid"] = json!(DEMO_TWILIO_SUSPENDED_ACCOUNT_SID);
    suspended["twilioAuthToken"] = json!(DEMO_TWILIO_SUSPENDED_AUTH_TOKEN);

    for body in [
        wrong_token,
        no_token,
        not_on_account,
        other_account,
        suspended,
    ] {
        let (status, answer) = vapi.post("/phone-number", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(not_found(&answer), "{answer}");
        assert_eq!(answer["statusCode"], 400);
    }
    assert!(vapi.fake.phone_numbers(DEMO_VAPI_ORG_ID).is_empty());

    // A closed account no longer owns anything.
    vapi.fake.add_twilio_account(
        DEMO_TWILIO_ACCOUNT_SID,
        DEMO_TWILIO_AUTH_TOKEN,
        AccountStatus::Closed,
    );
    let (status, answer) = vapi
        .post(
            "/phone-number",
            import_body(DEMO_TWILIO_VOICE_NUMBERS[0], &assistant),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(not_found(&answer));
}

#[tokio::test]
async fn an_import_is_validated() {
    let vapi = Vapi::demo().await;
    let assistant = vapi.create_assistant("Acme").await;

    let (status, answer) = vapi
        .post(
            "/phone-number",
            import_body(
                DEMO_TWILIO_VOICE_NUMBERS[0],
                "00000000-0000-4000-8000-000000000000",
            ),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "unknown assistant");
    assert!(answer["message"].is_string());

    let mut body = import_body(DEMO_TWILIO_VOICE_NUMBERS[0], &assistant);
    body.as_object_mut().unwrap().remove("twilioAccountSid");
    let (status, answer) = vapi.post("/phone-number", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(messages(&answer), vec!["twilioAccountSid must be a string"]);

    let (status, answer) = vapi
        .post("/phone-number", import_body("0501234567", &assistant))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(messages(&answer).len(), 1);

    let mut body = import_body(DEMO_TWILIO_VOICE_NUMBERS[0], &assistant);
    body["twilioSid"] = json!("x");
    let (status, answer) = vapi.post("/phone-number", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        messages(&answer),
        vec!["property twilioSid should not exist"]
    );

    let mut body = import_body(DEMO_TWILIO_VOICE_NUMBERS[0], &assistant);
    body.as_object_mut().unwrap().remove("provider");
    let (status, _) = vapi.post("/phone-number", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Without smsEnabled, Vapi takes the SMS webhook too.
    let mut body = import_body(DEMO_TWILIO_SMS_ONLY_NUMBER, &assistant);
    body.as_object_mut().unwrap().remove("smsEnabled");
    let (status, answer) = vapi.post("/phone-number", body).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(answer["smsEnabled"], true);
    let twilio = vapi.fake.twilio_numbers(DEMO_TWILIO_ACCOUNT_SID);
    let entry = twilio
        .iter()
        .find(|n| n["phone_number"] == DEMO_TWILIO_SMS_ONLY_NUMBER)
        .unwrap();
    assert_ne!(entry["sms_url"], "");
}

#[tokio::test]
async fn an_imported_number_is_rebound_updated_and_deleted() {
    let vapi = Vapi::demo().await;
    let first = vapi.create_assistant("First").await;
    let second = vapi.create_assistant("Second").await;
    let (_, number) = vapi
        .post(
            "/phone-number",
            import_body(DEMO_TWILIO_VOICE_NUMBERS[0], &first),
        )
        .await;
    let path = format!("/phone-number/{}", number["id"].as_str().unwrap());
    let patch = |body: Value| {
        vapi.call(
            Method::PATCH,
            &path,
            Some(DEMO_VAPI_PRIVATE_KEY),
            Some(body),
        )
    };

    let (status, body) = patch(json!({"assistantId": second})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["assistantId"], second.as_str());
    let (status, body) = patch(json!({"twilioAuthToken": "f".repeat(32), "name": "Renamed"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["twilioAuthToken"], "f".repeat(32));
    assert_eq!(body["name"], "Renamed");
    let (status, _) = patch(json!({"assistantId": "00000000-0000-4000-8000-000000000000"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, answer) = patch(json!({"number": "+15550000000"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(messages(&answer), vec!["property number should not exist"]);

    let other = vapi.fake.add_vapi_org_with_key("other-key");
    let (status, _) = vapi
        .call(
            Method::PATCH,
            &path,
            Some("other-key"),
            Some(json!({"assistantId": second})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(vapi.fake.phone_numbers(&other).is_empty());

    let (status, _) = vapi
        .call(Method::DELETE, &path, Some(DEMO_VAPI_PRIVATE_KEY), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = vapi
        .call(Method::DELETE, &path, Some(DEMO_VAPI_PRIVATE_KEY), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(vapi.fake.phone_numbers(DEMO_VAPI_ORG_ID).is_empty());
}

#[tokio::test]
async fn behaviours_change_every_answer() {
    let vapi = Vapi::demo().await;
    vapi.fake.set_vapi_behaviour(Behaviour::ServerError);
    let (status, body) = vapi.get("/assistant?limit=1").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["statusCode"], 500);

    vapi.fake.set_vapi_behaviour(Behaviour::Garbage);
    let response = vapi
        .client
        .get(format!("{}/assistant?limit=1", vapi.fake.vapi_url()))
        .bearer_auth(DEMO_VAPI_PRIVATE_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err());

    let delay = std::time::Duration::from_millis(300);
    vapi.fake.set_vapi_behaviour(Behaviour::Slow(delay));
    let started = std::time::Instant::now();
    let (status, _) = vapi.get("/assistant?limit=1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= delay);

    vapi.fake.set_vapi_behaviour(Behaviour::Normal);
    let (status, _) = vapi.get("/assistant?limit=1").await;
    assert_eq!(status, StatusCode::OK);
    let requests = vapi.fake.vapi_requests();
    assert_eq!(requests.len(), 4);
    assert!(
        requests
            .iter()
            .all(|r| r.method == "GET" && r.path == "/assistant")
    );
    assert_eq!(requests[0].query.as_deref(), Some("limit=1"));
    assert!(vapi.fake.twilio_requests().is_empty());
}

// ---------- Server URLs, fallbacks and outbound calls ----------

const SECRET: &str = "owner-secret-7f3a9c";
const FALLBACK: &str = "+14155550100";
const CALLER: &str = "+972541234567";

impl Vapi {
    async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, Some(DEMO_VAPI_PRIVATE_KEY), Some(body))
            .await
    }

    /// Imports the first demo voice number, bound to `assistant`; answers its id.
    async fn import(&self, assistant: &str) -> String {
        let (status, body) = self
            .post(
                "/phone-number",
                import_body(DEMO_TWILIO_VOICE_NUMBERS[0], assistant),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_str().expect("an id").to_owned()
    }

    /// Points the number at `url` (no assistant), with the secret header
    /// and, if given, a fallback; answers the number as Vapi shows it.
    async fn route_to_server(
        &self,
        number_id: &str,
        url: &str,
        timeout_seconds: u64,
        fallback: Option<&str>,
    ) -> Value {
        let fallback = fallback.map(|number| json!({"type": "number", "number": number}));
        let (status, body) = self
            .patch(
                &format!("/phone-number/{number_id}"),
                json!({
                    "assistantId": null,
                    "server": {"url": url, "headers": {"x-ava-secret": SECRET},
                               "timeoutSeconds": timeout_seconds},
                    "fallbackDestination": fallback,
                }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }
}

fn server(url: &str) -> Value {
    json!({"url": url, "headers": {"x-ava-secret": SECRET}, "timeoutSeconds": 20})
}

#[tokio::test]
async fn a_number_hands_its_calls_to_a_server_url_with_a_fallback() {
    let vapi = Vapi::demo().await;
    let assistant = vapi.create_assistant("Acme").await;
    let id = vapi.import(&assistant).await;
    let path = format!("/phone-number/{id}");
    let url = "https://ava.example.com/api/v1/webhooks/vapi/0190d7a4";
    let fallback = json!({"type": "number", "number": FALLBACK});

    let (status, body) = vapi
        .patch(
            &path,
            json!({"assistantId": null, "server": server(url), "fallbackDestination": fallback}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("assistantId").is_none(), "{body}");
    assert_eq!(body["server"], server(url));
    assert_eq!(body["fallbackDestination"], fallback);
    let (_, one) = vapi.get(&path).await;
    assert_eq!(one, body);
    let (_, list) = vapi.get("/phone-number").await;
    assert_eq!(list, json!([body]));

    // Back to the assistant; a null fallback clears it, the server stays.
    let (status, body) = vapi
        .patch(
            &path,
            json!({"assistantId": assistant, "fallbackDestination": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["assistantId"], assistant.as_str());
    assert!(body.get("fallbackDestination").is_none());
    assert_eq!(body["server"]["url"], url);
}

#[tokio::test]
async fn server_urls_and_fallbacks_are_validated() {
    let vapi = Vapi::demo().await;
    let assistant = vapi.create_assistant("Acme").await;
    let id = vapi.import(&assistant).await;
    let path = format!("/phone-number/{id}");
    let url = "https://ava.example.com/hook";
    let cases = [
        (
            json!({"server": url}),
            "nested property server must be either object or array",
        ),
        (
            json!({"server": {"url": 42}}),
            "server.url must be a string",
        ),
        (
            json!({"server": {"url": "ava.example.com/hook"}}),
            "server.url must be a URL address",
        ),
        (
            json!({"server": {"url": "ftp://ava.example.com"}}),
            "server.url must be a URL address",
        ),
        (
            json!({"server": {"url": url, "headers": ["x-ava-secret"]}}),
            "server.headers must be an object",
        ),
        (
            json!({"server": {"url": url, "headers": {"x-ava-secret": 7}}}),
            "server.headers.x-ava-secret must be a string usable as an HTTP header",
        ),
        (
            json!({"server": {"url": url, "headers": {"bad name": "v"}}}),
            "server.headers.bad name must be a string usable as an HTTP header",
        ),
        (
            json!({"server": {"url": url, "timeoutSeconds": "20"}}),
            "server.timeoutSeconds must be a number conforming to the specified constraints",
        ),
        (
            json!({"server": {"url": url, "timeoutSeconds": 0}}),
            "server.timeoutSeconds must not be less than 1",
        ),
        (
            json!({"server": {"url": url, "timeoutSeconds": 301}}),
            "server.timeoutSeconds must not be greater than 300",
        ),
        (
            json!({"server": {"url": url, "secret": "x"}}),
            "server.property secret should not exist",
        ),
        (
            json!({"fallbackDestination": FALLBACK}),
            "nested property fallbackDestination must be either object or array",
        ),
        (
            json!({"fallbackDestination": {"type": "sip", "number": FALLBACK}}),
            "fallbackDestination.type must be one of the following values: number",
        ),
        (
            json!({"fallbackDestination": {"type": "number", "number": "0501234567"}}),
            "fallbackDestination.number must be a valid phone number in the E.164 format",
        ),
        (
            json!({"fallbackDestination": {"type": "number"}}),
            "fallbackDestination.number must be a string",
        ),
        (
            json!({"fallbackDestination": {"type": "number", "number": FALLBACK, "message": 3}}),
            "fallbackDestination.message must be a string",
        ),
        (
            json!({"fallbackDestination": {"type": "number", "number": FALLBACK, "transferPlan": {}}}),
            "fallbackDestination.property transferPlan should not exist",
        ),
    ];
    for (body, expected) in cases {
        let (status, answer) = vapi.patch(&path, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["error"], "Bad Request");
        assert_eq!(answer["statusCode"], 400);
        assert_eq!(messages(&answer), vec![expected.to_owned()], "{body}");
    }
    let stored = &vapi.fake.phone_numbers(DEMO_VAPI_ORG_ID)[0];
    assert_eq!(stored["assistantId"], assistant.as_str());
    assert!(stored.get("server").is_none() && stored.get("fallbackDestination").is_none());

    // What is valid: any http(s) URL, a message, the E.164 check turned off.
    let (status, body) = vapi
        .patch(
            &path,
            json!({"server": {"url": "http://127.0.0.1:3000/hook"},
                   "fallbackDestination": {"type": "number", "number": "1234",
                                           "numberE164CheckEnabled": false,
                                           "message": "One moment."}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn an_assistant_may_transfer_calls_to_a_number() {
    let vapi = Vapi::demo().await;
    let transfer = |number: &str| {
        let mut body = assistant_body("Acme");
        body["model"]["tools"] = json!([{"type": "transferCall", "destinations": [
            {"type": "number", "number": number, "message": "", "description": "The front desk."}
        ]}, {"type": "endCall"}]);
        body
    };
    let (status, answer) = vapi.post("/assistant", transfer(FALLBACK)).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(
        answer["model"]["tools"][0]["destinations"][0]["number"],
        FALLBACK
    );

    let (status, answer) = vapi.post("/assistant", transfer("0501234567")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        messages(&answer),
        vec![
            "model.tools.0.destinations.0.number must be a valid phone number in the E.164 format"
        ]
    );
    let mut body = assistant_body("Acme");
    body["model"]["tools"] = json!([{"type": "teleport"}]);
    let (status, answer) = vapi.post("/assistant", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        messages(&answer)[0].starts_with("model.tools.0.type must be one of the following values")
    );
}

#[tokio::test]
async fn an_import_may_carry_a_server_url_and_a_fallback_instead_of_an_assistant() {
    let vapi = Vapi::demo().await;
    let mut body = import_body(DEMO_TWILIO_VOICE_NUMBERS[0], "unused");
    body.as_object_mut().unwrap().remove("assistantId");
    body["server"] = server("https://ava.example.com/hook");
    body["fallbackDestination"] = json!({"type": "number", "number": FALLBACK});
    let (status, answer) = vapi.post("/phone-number", body).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert!(answer.get("assistantId").is_none());
    assert_eq!(answer["server"], server("https://ava.example.com/hook"));
    assert_eq!(answer["fallbackDestination"]["number"], FALLBACK);

    let mut body = import_body(DEMO_TWILIO_VOICE_NUMBERS[1], "unused");
    body.as_object_mut().unwrap().remove("assistantId");
    body["server"] = json!({"url": "https://ava.example.com/hook", "timeoutSeconds": 0});
    let (status, answer) = vapi.post("/phone-number", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        messages(&answer),
        vec!["server.timeoutSeconds must not be less than 1"]
    );
}

fn call_body(assistant: &str, number_id: &str, customer: &str) -> Value {
    json!({"assistantId": assistant, "phoneNumberId": number_id, "customer": {"number": customer}})
}

#[tokio::test]
async fn an_outbound_call_is_queued_and_listed() {
    let vapi = Vapi::demo().await;
    let assistant = vapi.create_assistant("Acme").await;
    let number_id = vapi.import(&assistant).await;
    let (status, call) = vapi
        .post("/call", call_body(&assistant, &number_id, CALLER))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{call}");
    let id = call["id"].as_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok());
    assert_eq!(call["orgId"], DEMO_VAPI_ORG_ID);
    assert_eq!(call["status"], "queued");
    assert_eq!(call["type"], "outboundPhoneCall");
    assert_eq!(call["assistantId"], assistant.as_str());
    assert_eq!(call["phoneNumberId"], number_id.as_str());
    assert_eq!(call["customer"], json!({"number": CALLER}));
    assert!(call["createdAt"].as_str().unwrap().ends_with('Z'));

    let (status, list) = vapi.get("/call").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!([call.clone()]));
    let (_, one) = vapi.get(&format!("/call/{id}")).await;
    assert_eq!(one, call);
    assert_eq!(vapi.fake.calls(DEMO_VAPI_ORG_ID), vec![call.clone()]);

    // Newest first, with limit and filters.
    let (_, second) = vapi
        .post("/call", call_body(&assistant, &number_id, "+33612345678"))
        .await;
    let (_, list) = vapi.get("/call?limit=1").await;
    assert_eq!(list, json!([second]));
    for (query, expected) in [
        (format!("phoneNumberId={number_id}"), 2),
        (format!("assistantId={assistant}"), 2),
        (format!("id={id}"), 1),
        ("assistantId=someone-else".to_owned(), 0),
        ("createdAtGt=2000-01-01T00:00:00Z".to_owned(), 2),
        ("createdAtLt=2000-01-01T00:00:00Z".to_owned(), 0),
    ] {
        let (status, list) = vapi.get(&format!("/call?{query}")).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert_eq!(list.as_array().unwrap().len(), expected, "{query}");
    }
    let (status, answer) = vapi.get("/call?createdAtGt=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        messages(&answer),
        vec!["createdAtGt must be a valid ISO 8601 date string"]
    );
    let (status, _) = vapi.get("/call?customer=x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Another organization sees none of them.
    vapi.fake.add_vapi_org_with_key("other-key");
    let (_, list) = vapi
        .call(Method::GET, "/call", Some("other-key"), None)
        .await;
    assert_eq!(list, json!([]));
    let (status, _) = vapi
        .call(Method::GET, &format!("/call/{id}"), Some("other-key"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_outbound_call_is_refused_as_vapi_refuses_it() {
    let vapi = Vapi::demo().await;
    let assistant = vapi.create_assistant("Acme").await;
    let number_id = vapi.import(&assistant).await;

    let (status, answer) = vapi
        .post("/call", call_body(&assistant, &number_id, "0501234567"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer,
        json!({"message": ["customer.number must be a valid phone number in the E.164 format"],
               "error": "Bad Request", "statusCode": 400})
    );

    let unknown = "00000000-0000-4000-8000-000000000000";
    let mut no_customer = call_body(&assistant, &number_id, CALLER);
    no_customer.as_object_mut().unwrap().remove("customer");
    let mut no_number = call_body(&assistant, &number_id, CALLER);
    no_number.as_object_mut().unwrap().remove("phoneNumberId");
    let mut extra = call_body(&assistant, &number_id, CALLER);
    extra["customerNumber"] = json!(CALLER);
    for body in [
        call_body(&assistant, unknown, CALLER),
        call_body(unknown, &number_id, CALLER),
        no_customer,
        no_number,
        extra,
    ] {
        let (status, answer) = vapi.post("/call", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer["statusCode"], 400, "{body}");
    }

    // Another organization cannot call from this number.
    let other = vapi.fake.add_vapi_org_with_key("other-key");
    let (status, _) = vapi
        .call(
            Method::POST,
            "/call",
            Some("other-key"),
            Some(call_body(&assistant, &number_id, CALLER)),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = vapi
        .call(
            Method::POST,
            "/call",
            None,
            Some(call_body(&assistant, &number_id, CALLER)),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(vapi.fake.calls(DEMO_VAPI_ORG_ID).is_empty());
    assert!(vapi.fake.calls(&other).is_empty());
}

// ---------- Incoming calls played against a server URL ----------

/// A message the owner's server URL received.
#[derive(Clone)]
struct Received {
    headers: HeaderMap,
    body: Value,
    text: String,
}

#[derive(Default)]
struct HookState {
    received: Mutex<Vec<Received>>,
    /// Status, body and delay of the answer to `assistant-request`.
    answer: Mutex<Option<(u16, String, Duration)>>,
}

/// The owner's server URL: a tiny axum server on loopback that records
/// every message and answers `assistant-request` as told (other messages: 200).
struct Hook {
    url: String,
    state: Arc<HookState>,
}

impl Hook {
    async fn start() -> Self {
        let state = Arc::new(HookState::default());
        let router = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let url = format!(
            "http://{}/hook",
            listener.local_addr().expect("its address")
        );
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self { url, state }
    }

    fn answer(&self, status: u16, body: Value) {
        self.answer_raw(status, &body.to_string(), Duration::ZERO);
    }

    fn answer_raw(&self, status: u16, body: &str, delay: Duration) {
        *self.state.answer.lock().expect("the hook state") = Some((status, body.to_owned(), delay));
    }

    fn received(&self) -> Vec<Received> {
        self.state.received.lock().expect("the hook state").clone()
    }

    /// The types of the messages received, in order.
    fn kinds(&self) -> Vec<String> {
        self.received()
            .iter()
            .map(|r| {
                r.body["message"]["type"]
                    .as_str()
                    .expect("a type")
                    .to_owned()
            })
            .collect()
    }

    fn report(&self) -> Value {
        let received = self.received();
        let last = received.last().expect("a report");
        assert_eq!(last.body["message"]["type"], "end-of-call-report");
        last.body["message"].clone()
    }
}

async fn receive(
    State(state): State<Arc<HookState>>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    let text = String::from_utf8_lossy(&body).into_owned();
    let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let kind = parsed["message"]["type"].clone();
    state
        .received
        .lock()
        .expect("the hook state")
        .push(Received {
            headers,
            body: parsed,
            text,
        });
    let answer = state.answer.lock().expect("the hook state").clone();
    match answer {
        Some((status, body, delay)) if kind == "assistant-request" => {
            tokio::time::sleep(delay).await;
            (
                StatusCode::from_u16(status).expect("a status"),
                [("content-type", "application/json")],
                body,
            )
                .into_response()
        }
        _ => StatusCode::OK.into_response(),
    }
}

/// An assistant whose first message and prompt use variables.
async fn templated_assistant(vapi: &Vapi) -> String {
    let mut body = assistant_body("Acme");
    body["firstMessage"] = json!("Hi, thanks for calling {{business}}! {{ unknown }}");
    body["model"]["messages"][0]["content"] = json!("Open now: {{is_open}}.");
    let (status, answer) = vapi.post("/assistant", body).await;
    assert_eq!(status, StatusCode::CREATED);
    answer["id"].as_str().expect("an id").to_owned()
}

fn header<'a>(received: &'a Received, name: &str) -> &'a str {
    received
        .headers
        .get(name)
        .expect("the header")
        .to_str()
        .expect("visible ASCII")
}

#[tokio::test]
async fn an_incoming_call_asks_the_server_url_and_the_named_assistant_answers() {
    let vapi = Vapi::demo().await;
    let hook = Hook::start().await;
    let assistant = templated_assistant(&vapi).await;
    let number_id = vapi.import(&assistant).await;
    vapi.route_to_server(&number_id, &hook.url, 20, Some(FALLBACK))
        .await;
    let answer = json!({
        "assistantId": assistant,
        "assistantOverrides": {
            "variableValues": {"is_open": false, "next_opening": "Monday at 9:00"},
            "firstMessage": "We're closed until {{next_opening}}. Can I take a message?"
        }
    });
    hook.answer(200, answer.clone());

    let number = DEMO_TWILIO_VOICE_NUMBERS[0];
    let call = vapi
        .fake
        .simulate_inbound_call(number, CALLER)
        .await
        .unwrap();
    let greeting = "We're closed until Monday at 9:00. Can I take a message?";
    assert_eq!(
        call.route,
        InboundRoute::Assistant {
            assistant_id: Some(assistant.clone()),
            first_message: greeting.to_owned()
        }
    );
    assert_eq!(call.org_id, DEMO_VAPI_ORG_ID);
    assert_eq!(call.ended_reason, "customer-ended-call");
    assert_eq!(
        call.assistant_request,
        Some(Delivery::Answered {
            status: 200,
            body: Some(answer)
        })
    );
    assert!(matches!(
        call.end_of_call_report,
        Some(Delivery::Answered { status: 200, .. })
    ));
    assert_eq!(
        hook.kinds(),
        vec!["assistant-request", "end-of-call-report"]
    );

    for received in hook.received() {
        // The number's headers, a JSON body, and no secret in it.
        assert_eq!(header(&received, "x-ava-secret"), SECRET);
        assert_eq!(header(&received, "content-type"), "application/json");
        assert!(!received.text.contains(SECRET), "{}", received.text);
        assert!(!received.text.contains(DEMO_TWILIO_AUTH_TOKEN));
        let message = &received.body["message"];
        assert!(message["timestamp"].is_u64());
        assert_eq!(message["call"]["id"], call.call_id.as_str());
        assert_eq!(message["call"]["orgId"], DEMO_VAPI_ORG_ID);
        assert_eq!(message["call"]["type"], "inboundPhoneCall");
        assert_eq!(message["call"]["phoneNumberId"], number_id.as_str());
        assert_eq!(message["call"]["customer"], json!({"number": CALLER}));
        assert_eq!(message["customer"], json!({"number": CALLER}));
        assert_eq!(message["phoneNumber"]["id"], number_id.as_str());
        assert_eq!(message["phoneNumber"]["number"], number);
        assert_eq!(message["phoneNumber"]["server"]["url"], hook.url.as_str());
    }
    let request = &hook.received()[0].body["message"];
    assert_eq!(request["call"]["status"], "ringing");
    assert!(request["call"]["createdAt"].is_string());

    let report = hook.report();
    assert_eq!(report["endedReason"], "customer-ended-call");
    assert_eq!(report["call"]["status"], "ended");
    assert_eq!(report["call"]["assistantId"], assistant.as_str());
    let transcript = report["transcript"].as_str().unwrap();
    let lines: Vec<&str> = transcript.lines().collect();
    assert_eq!(lines[0], format!("AI: {greeting}"));
    assert!(lines[1].starts_with("User: "), "{transcript}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("AI: ") || l.starts_with("User: "))
    );
    assert_eq!(report["artifact"]["transcript"], transcript);
    assert_eq!(report["artifact"]["messages"], report["messages"]);
    assert_eq!(report["messages"][0]["role"], "system");
    assert_eq!(report["messages"][0]["message"], "Open now: false.");
    assert_eq!(report["messages"][1]["role"], "bot");
    assert_eq!(report["messages"][1]["message"], greeting);
    assert_eq!(report["messages"][2]["role"], "user");
    let started = chrono::DateTime::parse_from_rfc3339(report["startedAt"].as_str().unwrap());
    let ended = chrono::DateTime::parse_from_rfc3339(report["endedAt"].as_str().unwrap());
    let seconds = report["durationSeconds"].as_f64().unwrap();
    assert!(seconds > 5.0, "{seconds}");
    assert_eq!(
        (ended.unwrap() - started.unwrap()).num_milliseconds(),
        report["durationMs"].as_i64().unwrap()
    );
    assert!(report["cost"].as_f64().unwrap() > 0.0);
    assert!(!report["summary"].as_str().unwrap().is_empty());
    assert_eq!(report["analysis"]["summary"], report["summary"]);
    assert!(report["recordingUrl"].is_string());

    // Vapi lists the call too, ended.
    let (_, list) = vapi.get(&format!("/call?phoneNumberId={number_id}")).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], call.call_id.as_str());
    assert_eq!(list[0]["status"], "ended");
    assert_eq!(list[0]["endedReason"], "customer-ended-call");
}

#[tokio::test]
async fn without_an_override_the_assistant_says_its_own_first_message_filled() {
    let vapi = Vapi::demo().await;
    let hook = Hook::start().await;
    let assistant = templated_assistant(&vapi).await;
    let number_id = vapi.import(&assistant).await;
    vapi.route_to_server(&number_id, &hook.url, 20, None).await;
    hook.answer(
        200,
        json!({"assistantId": assistant,
               "assistantOverrides": {"variableValues": {"business": "Acme", "is_open": true}}}),
    );
    let call = vapi
        .fake
        .simulate_inbound_call(DEMO_TWILIO_VOICE_NUMBERS[0], CALLER)
        .await
        .unwrap();
    // A variable Ava did not give stays visible.
    let greeting = "Hi, thanks for calling Acme! {{ unknown }}";
    assert_eq!(
        call.route,
        InboundRoute::Assistant {
            assistant_id: Some(assistant),
            first_message: greeting.to_owned()
        }
    );
    let report = hook.report();
    assert!(
        report["transcript"]
            .as_str()
            .unwrap()
            .starts_with(&format!("AI: {greeting}\nUser: "))
    );
    assert_eq!(report["messages"][0]["message"], "Open now: true.");
}

#[tokio::test]
async fn a_destination_answer_forwards_the_call_without_ai() {
    let vapi = Vapi::demo().await;
    let hook = Hook::start().await;
    let assistant = vapi.create_assistant("Acme").await;
    let number_id = vapi.import(&assistant).await;
    vapi.route_to_server(&number_id, &hook.url, 20, Some("+33612345678"))
        .await;
    let destination = json!({"type": "number", "number": FALLBACK,
                             "message": "Connecting you to the front desk."});
    hook.answer(200, json!({"destination": destination}));
    let call = vapi
        .fake
        .simulate_inbound_call(DEMO_TWILIO_VOICE_NUMBERS[0], CALLER)
        .await
        .unwrap();
    assert_eq!(
        call.route,
        InboundRoute::Forwarded {
            to: FALLBACK.to_owned()
        }
    );
    assert_eq!(
        call.ended_reason,
        "assistant-request-returned-forwarding-phone-number"
    );
    let report = hook.report();
    assert_eq!(
        report["transcript"],
        "AI: Connecting you to the front desk."
    );
    assert_eq!(report["destination"], destination);
    assert_eq!(report["call"]["destination"], destination);
    assert!(report["call"].get("assistantId").is_none());
}

#[tokio::test]
async fn when_the_server_url_fails_the_call_goes_to_the_fallback_or_nowhere() {
    let vapi = Vapi::demo().await;
    let hook = Hook::start().await;
    let assistant = vapi.create_assistant("Acme").await;
    let number_id = vapi.import(&assistant).await;
    let number = DEMO_TWILIO_VOICE_NUMBERS[0];
    let forwarded = InboundRoute::Forwarded {
        to: FALLBACK.to_owned(),
    };
    let error = json!({"error": "Sorry, we cannot take your call."});

    // With a fallback: a 500, an error, garbage, an unknown assistant.
    vapi.route_to_server(&number_id, &hook.url, 20, Some(FALLBACK))
        .await;
    for (status, body) in [
        (500, json!({"message": "boom"}).to_string()),
        (200, error.to_string()),
        (200, "<html>proxy</html>".to_owned()),
        (
            200,
            json!({"assistantId": "00000000-0000-4000-8000-000000000000"}).to_string(),
        ),
    ] {
        hook.answer_raw(status, &body, Duration::ZERO);
        let call = vapi
            .fake
            .simulate_inbound_call(number, CALLER)
            .await
            .unwrap();
        assert_eq!(call.route, forwarded, "{body}");
        assert_eq!(call.ended_reason, "assistant-forwarded-call", "{body}");
        assert_eq!(
            hook.report()["transcript"],
            "AI: Transferring the call now",
            "{body}"
        );
    }

    // Without one: unanswered, and the report says why.
    vapi.route_to_server(&number_id, &hook.url, 20, None).await;
    for (answer, reason) in [
        (json!({"message": "boom"}), "assistant-request-failed"),
        (error.clone(), "assistant-request-returned-error"),
        (
            json!({"assistantId": "00000000-0000-4000-8000-000000000000"}),
            "assistant-request-returned-invalid-assistant",
        ),
        (json!({}), "assistant-request-returned-no-assistant"),
    ] {
        let status = if answer.get("message").is_some() {
            503
        } else {
            200
        };
        hook.answer(status, answer.clone());
        let call = vapi
            .fake
            .simulate_inbound_call(number, CALLER)
            .await
            .unwrap();
        assert_eq!(call.route, InboundRoute::Unanswered, "{answer}");
        assert_eq!(call.ended_reason, reason, "{answer}");
        let report = hook.report();
        assert_eq!(report["endedReason"], reason);
        assert_eq!(report["call"]["status"], "ended");
        assert!(report.get("summary").is_none(), "{report}");
    }
    // The error is what Vapi says before hanging up.
    hook.answer(200, error);
    vapi.fake
        .simulate_inbound_call(number, CALLER)
        .await
        .unwrap();
    assert_eq!(
        hook.report()["transcript"],
        "AI: Sorry, we cannot take your call."
    );

    // Too slow: Vapi gives up after server.timeoutSeconds, then falls back.
    vapi.route_to_server(&number_id, &hook.url, 1, Some(FALLBACK))
        .await;
    hook.answer_raw(
        200,
        &json!({"assistantId": assistant}).to_string(),
        Duration::from_millis(1500),
    );
    let started = std::time::Instant::now();
    let call = vapi
        .fake
        .simulate_inbound_call(number, CALLER)
        .await
        .unwrap();
    assert_eq!(call.assistant_request, Some(Delivery::TimedOut));
    assert_eq!(call.route, forwarded);
    assert!(started.elapsed() < Duration::from_millis(1500 + 1000));

    // Nobody listening: both messages fail, the fallback still takes it.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed = format!("http://{}/hook", listener.local_addr().unwrap());
    drop(listener);
    vapi.route_to_server(&number_id, &closed, 20, Some(FALLBACK))
        .await;
    let call = vapi
        .fake
        .simulate_inbound_call(number, CALLER)
        .await
        .unwrap();
    assert_eq!(call.assistant_request, Some(Delivery::Failed));
    assert_eq!(call.end_of_call_report, Some(Delivery::Failed));
    assert_eq!(call.route, forwarded);
}

#[tokio::test]
async fn a_number_bound_to_an_assistant_is_answered_without_asking() {
    let vapi = Vapi::demo().await;
    let hook = Hook::start().await;
    let mut body = assistant_body("Acme");
    body["transcriber"]["language"] = json!("he");
    let (_, created) = vapi.post("/assistant", body).await;
    let assistant = created["id"].as_str().unwrap().to_owned();
    let number_id = vapi.import(&assistant).await;
    let (status, _) = vapi
        .patch(
            &format!("/phone-number/{number_id}"),
            json!({"server": server(&hook.url)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let call = vapi
        .fake
        .simulate_inbound_call(DEMO_TWILIO_VOICE_NUMBERS[0], CALLER)
        .await
        .unwrap();
    assert_eq!(
        call.route,
        InboundRoute::Assistant {
            assistant_id: Some(assistant.clone()),
            first_message: "Hi, thanks for calling Acme!".to_owned()
        }
    );
    assert_eq!(call.assistant_request, None);
    assert_eq!(hook.kinds(), vec!["end-of-call-report"]);
    let report = hook.report();
    assert_eq!(report["call"]["assistantId"], assistant.as_str());
    assert_eq!(header(&hook.received()[0], "x-ava-secret"), SECRET);
    // The caller speaks the assistant's language.
    let transcript = report["transcript"].as_str().unwrap();
    assert!(transcript.contains("\nUser: שלום"), "{transcript}");
}

#[tokio::test]
async fn reports_follow_the_assistant_server_first_and_its_server_messages() {
    let vapi = Vapi::demo().await;
    let number_hook = Hook::start().await;
    let assistant_hook = Hook::start().await;
    let mut body = assistant_body("Acme");
    body["server"] = json!({"url": assistant_hook.url});
    let (_, created) = vapi.post("/assistant", body).await;
    let assistant = created["id"].as_str().unwrap().to_owned();
    let number_id = vapi.import(&assistant).await;
    let (status, _) = vapi
        .patch(
            &format!("/phone-number/{number_id}"),
            json!({"server": server(&number_hook.url)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let number = DEMO_TWILIO_VOICE_NUMBERS[0];
    vapi.fake
        .simulate_inbound_call(number, CALLER)
        .await
        .unwrap();
    assert!(number_hook.received().is_empty());
    assert_eq!(assistant_hook.kinds(), vec!["end-of-call-report"]);
    // Headers belong to the server they are set on.
    assert!(
        assistant_hook.received()[0]
            .headers
            .get("x-ava-secret")
            .is_none()
    );

    // An assistant whose serverMessages leave the report out sends none.
    let (status, _) = vapi
        .patch(
            &format!("/assistant/{assistant}"),
            json!({"server": null, "serverMessages": ["status-update"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let call = vapi
        .fake
        .simulate_inbound_call(number, CALLER)
        .await
        .unwrap();
    assert_eq!(call.end_of_call_report, None);
    assert!(number_hook.received().is_empty());
}

#[tokio::test]
async fn only_imported_numbers_take_calls() {
    let vapi = Vapi::demo().await;
    assert_eq!(
        vapi.fake
            .simulate_inbound_call(DEMO_TWILIO_VOICE_NUMBERS[0], CALLER)
            .await,
        Err(SimulationError::UnknownNumber)
    );
    // Bound to an assistant, no server URL: answered, nothing sent.
    let assistant = vapi.create_assistant("Acme").await;
    vapi.import(&assistant).await;
    let call = vapi
        .fake
        .simulate_inbound_call(DEMO_TWILIO_VOICE_NUMBERS[0], CALLER)
        .await
        .unwrap();
    assert!(matches!(call.route, InboundRoute::Assistant { .. }));
    assert_eq!(call.assistant_request, None);
    assert_eq!(call.end_of_call_report, None);
    assert_eq!(vapi.fake.calls(DEMO_VAPI_ORG_ID).len(), 1);
}
