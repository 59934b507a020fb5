//! The fake Vapi API over HTTP: auth rules, validation, tenancy, phone import.

use ava_provider_fake::{
    AccountStatus, Behaviour, DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_AUTH_TOKEN,
    DEMO_TWILIO_SMS_ONLY_NUMBER, DEMO_TWILIO_SUSPENDED_ACCOUNT_SID,
    DEMO_TWILIO_SUSPENDED_AUTH_TOKEN, DEMO_TWILIO_SUSPENDED_NUMBER, DEMO_TWILIO_VOICE_NUMBERS,
    DEMO_VAPI_ORG_ID, DEMO_VAPI_PRIVATE_KEY, DEMO_VAPI_PUBLIC_KEY, FakeProviders, KeyKind,
};
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
