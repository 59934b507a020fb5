//! The Vapi adapter against recorded answers (wiremock): exactly what it
//! sends, how it reads what comes back, and how every failure is mapped.

mod support;

use std::time::Duration;

use ava_application::ports::{
    LineRouting, NumberImport, NumberRoute, OutboundCall, ProviderError, VapiClient,
};
use ava_domain::{
    assistant::AssistantBlueprint,
    credentials::{TwilioAccountSid, TwilioAuthToken, VapiApiKey},
    ids::{AssistantId, UserId},
    phone::PhoneNumber,
    studio::{ModelChoice, VoiceChoice},
};
use ava_infrastructure::providers::VapiHttpClient;
use secrecy::SecretString;
use serde_json::{Value, json};
use support::{TIMEOUT, closed_port_url, fixture, silent_server};
use wiremock::{
    Mock, MockServer, Request, ResponseTemplate,
    matchers::{body_json, header, method, path},
};

const KEY: &str = "9c4bb2b9-7c4e-4f8a-9e62-3c1e0d5f7a21";
const TWILIO_SID: &str = "AC0123456789abcdef0123456789abcdef";
const TWILIO_TOKEN: &str = "5f4dcc3b5aa765d61d8327deb882cf99";
const OWNER: &str = "0190d7a4-5b6c-7d8e-9f00-112233445566";
const ASSISTANT_ID: &str = "0d8f4f1e-9b5a-4c3e-8e2d-7a6b5c4d3e2f";
const NUMBER_ID: &str = "b7c1e2d3-4f5a-4b6c-9d8e-0f1a2b3c4d5e";
/// Ava's id of the assistant, as the blueprint writes it into Vapi's metadata.
const AVA_ASSISTANT: &str = "0190d7a5-1111-7111-8111-111111111111";
const WEBHOOK_URL: &str =
    "https://ava.example.com/api/v1/webhooks/vapi/0190d7a4-5b6c-7d8e-9f00-112233445566";
const WEBHOOK_SECRET: &str = "wh_3q9Zk2LmP8vR1tXy5Nc7Ba4Df6Gh0Jw";
const FALLBACK: &str = "+14155550100";
const CALL_ID: &str = "4e7a2c91-8b3d-4f6e-a5c2-9d1b0e8f7a63";

fn key() -> VapiApiKey {
    VapiApiKey::parse(KEY).expect("valid test input")
}

fn blueprint() -> AssistantBlueprint {
    AssistantBlueprint {
        name: "Acme Reception".to_owned(),
        first_message: "Hi, thanks for calling Acme!".to_owned(),
        system_prompt: "You are the receptionist of Acme.".to_owned(),
        voice: VoiceChoice {
            provider: "vapi",
            voice_id: "Elliot",
        },
        model: ModelChoice {
            provider: "openai",
            model: "gpt-4o-mini",
        },
        transcriber_language: "en",
        owner: UserId::parse(OWNER).expect("valid test input"),
        assistant: AssistantId::parse(AVA_ASSISTANT).expect("valid test input"),
        transfer_to: None,
    }
}

/// The body docs/providers.md says we send, exactly.
fn expected_assistant_body() -> Value {
    json!({
        "name": "Acme Reception",
        "firstMessage": "Hi, thanks for calling Acme!",
        "model": {"provider": "openai", "model": "gpt-4o-mini",
                  "messages": [{"role": "system", "content": "You are the receptionist of Acme."}]},
        "voice": {"provider": "vapi", "voiceId": "Elliot"},
        "transcriber": {"provider": "deepgram", "model": "nova-3", "language": "en"},
        "metadata": {"tenantId": OWNER, "avaAssistantId": AVA_ASSISTANT}
    })
}

fn number_import() -> NumberImport {
    NumberImport {
        number: PhoneNumber::parse("+14155550123").expect("valid test input"),
        account_sid: TwilioAccountSid::parse(TWILIO_SID).expect("valid test input"),
        auth_token: TwilioAuthToken::parse(TWILIO_TOKEN).expect("valid test input"),
        vapi_assistant_id: ASSISTANT_ID.to_owned(),
        name: "Acme main".to_owned(),
    }
}

fn client(base_url: &str) -> VapiHttpClient {
    VapiHttpClient::new(base_url, support::TIMEOUT).expect("valid test input")
}

fn json_answer(status: u16, fixture_name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_raw(fixture(fixture_name), "application/json; charset=utf-8")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn assert_bearer(request: &Request) {
    assert_eq!(
        request
            .headers
            .get("authorization")
            .expect("an Authorization header")
            .to_str()
            .expect("a visible ASCII header"),
        format!("Bearer {KEY}")
    );
}

#[tokio::test]
async fn check_key_reads_one_assistant_with_the_bearer_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/assistant"))
        .respond_with(json_answer(200, "vapi/assistant_list.json"))
        .mount(&server)
        .await;
    client(&server.uri()).check_key(&key()).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/assistant");
    assert_eq!(request.url.query(), Some("limit=1"));
    assert_bearer(&request);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn an_empty_organization_still_has_a_valid_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/assistant"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .mount(&server)
        .await;
    assert_eq!(client(&server.uri()).check_key(&key()).await, Ok(()));
}

#[tokio::test]
async fn a_refused_key_is_unauthorized() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_answer(401, "vapi/error_401_invalid_key.json"))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri()).check_key(&key()).await,
        Err(ProviderError::Unauthorized)
    );
}

#[tokio::test]
async fn a_200_that_is_not_a_list_of_assistants_proves_nothing() {
    for (body, mime) in [
        ("<html><body>Welcome to nginx!</body></html>", "text/html"),
        (r#"{"ok":true}"#, "application/json"),
        ("", "application/json"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, mime))
            .mount(&server)
            .await;
        assert_eq!(
            client(&server.uri()).check_key(&key()).await,
            Err(ProviderError::BadResponse),
            "{body}"
        );
    }
}

#[tokio::test]
async fn create_assistant_sends_the_blueprint_and_reads_the_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/assistant"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(expected_assistant_body()))
        .respond_with(json_answer(201, "vapi/assistant_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    let id = client(&server.uri())
        .create_assistant(&key(), &blueprint())
        .await
        .unwrap();
    assert_eq!(id, ASSISTANT_ID);
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None);
    let sent: Value = request.body_json().unwrap();
    assert!(
        sent.get("systemPrompt").is_none(),
        "the prompt is a system message"
    );
}

#[tokio::test]
async fn the_name_is_cut_to_vapi_limit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_answer(201, "vapi/assistant_created.json"))
        .mount(&server)
        .await;
    let long = AssistantBlueprint {
        name: "Ж".repeat(60),
        ..blueprint()
    };
    client(&server.uri())
        .create_assistant(&key(), &long)
        .await
        .unwrap();
    let sent: Value = only_request(&server).await.body_json().unwrap();
    assert_eq!(sent["name"].as_str().unwrap().chars().count(), 40);
}

#[tokio::test]
async fn a_created_assistant_needs_only_an_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_raw(r#"{"id":"abc","unexpected":{"x":[1]}}"#, "application/json"),
        )
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri())
            .create_assistant(&key(), &blueprint())
            .await
            .unwrap(),
        "abc"
    );

    for body in [
        r#"{"name":"no id"}"#,
        r#"{"id":""}"#,
        r#"{"id":42}"#,
        "[]",
        "not json",
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        assert_eq!(
            client(&server.uri())
                .create_assistant(&key(), &blueprint())
                .await,
            Err(ProviderError::BadResponse),
            "{body}"
        );
    }
}

#[tokio::test]
async fn validation_errors_are_rejected_with_vapi_messages() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_answer(400, "vapi/error_400_validation.json"))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri()).create_assistant(&key(), &blueprint()).await,
        Err(ProviderError::Rejected {
            message: "property systemPrompt should not exist; name must be shorter than or equal to 40 characters"
                .to_owned()
        })
    );
}

#[tokio::test]
async fn a_handoff_number_becomes_a_transfer_call_tool() {
    let server = MockServer::start().await;
    let mut expected = expected_assistant_body();
    expected["model"]["tools"] = json!([{
        "type": "transferCall",
        "destinations": [{
            "type": "number",
            "number": FALLBACK,
            "message": "",
            "description": "A person at the business, for callers who ask for one or whom you cannot help."
        }]
    }]);
    Mock::given(method("PATCH"))
        .and(path(format!("/assistant/{ASSISTANT_ID}")))
        .and(body_json(expected))
        .respond_with(json_answer(200, "vapi/assistant_updated.json"))
        .expect(1)
        .mount(&server)
        .await;
    let with_handoff = AssistantBlueprint {
        transfer_to: Some(PhoneNumber::parse(FALLBACK).expect("valid test input")),
        ..blueprint()
    };
    client(&server.uri())
        .update_assistant(&key(), ASSISTANT_ID, &with_handoff)
        .await
        .unwrap();
}

#[tokio::test]
async fn update_assistant_patches_it_with_the_same_body() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/assistant/{ASSISTANT_ID}")))
        .and(body_json(expected_assistant_body()))
        .respond_with(json_answer(200, "vapi/assistant_updated.json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server.uri())
        .update_assistant(&key(), ASSISTANT_ID, &blueprint())
        .await
        .unwrap();
    assert_bearer(&only_request(&server).await);
}

#[tokio::test]
async fn an_unknown_assistant_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(json_answer(404, "vapi/error_404_not_found.json"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(json_answer(404, "vapi/error_404_not_found.json"))
        .mount(&server)
        .await;
    let vapi = client(&server.uri());
    assert_eq!(
        vapi.update_assistant(&key(), "gone", &blueprint()).await,
        Err(ProviderError::NotFound)
    );
    assert_eq!(
        vapi.delete_assistant(&key(), "gone").await,
        Err(ProviderError::NotFound)
    );
}

#[tokio::test]
async fn delete_assistant_deletes_it() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/assistant/{ASSISTANT_ID}")))
        .respond_with(json_answer(200, "vapi/assistant_updated.json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server.uri())
        .delete_assistant(&key(), ASSISTANT_ID)
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_bearer(&request);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn ids_cannot_leave_their_path_segment() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    client(&server.uri())
        .delete_assistant(&key(), "../phone-number/x?y=1")
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/assistant/..%2Fphone-number%2Fx%3Fy=1");
    assert_eq!(request.url.query(), None);
    // Ids that would name the collection itself are not sent at all.
    let vapi = client(&server.uri());
    for id in ["", ".", ".."] {
        assert_eq!(
            vapi.delete_assistant(&key(), id).await,
            Err(ProviderError::NotFound)
        );
        assert_eq!(
            vapi.bind_number(&key(), id, "a").await,
            Err(ProviderError::NotFound)
        );
        assert_eq!(
            vapi.route_number(&key(), id, &server_routing(None)).await,
            Err(ProviderError::NotFound)
        );
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn import_sends_the_twilio_credentials_and_sms_disabled() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/phone-number"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(body_json(json!({
            "provider": "twilio",
            "number": "+14155550123",
            "twilioAccountSid": TWILIO_SID,
            "twilioAuthToken": TWILIO_TOKEN,
            "name": "Acme main",
            "assistantId": ASSISTANT_ID,
            "smsEnabled": false
        })))
        .respond_with(json_answer(201, "vapi/phone_number_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    let id = import_number(&server).await;
    assert_eq!(id, Ok(NUMBER_ID.to_owned()));
}

/// The demo number imported through the client, against `server`.
async fn import_number(server: &MockServer) -> Result<String, ProviderError> {
    client(&server.uri())
        .import_twilio_number(&key(), &number_import())
        .await
}

#[tokio::test]
async fn a_number_vapi_blocks_is_given_back_and_the_import_fails() {
    let server = MockServer::start().await;
    let mut blocked: Value =
        serde_json::from_str(&fixture("vapi/phone_number_created.json")).expect("fixture is JSON");
    blocked["status"] = json!("blocked");
    Mock::given(method("POST"))
        .and(path("/phone-number"))
        .respond_with(ResponseTemplate::new(201).set_body_json(&blocked))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/phone-number/{NUMBER_ID}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(&blocked))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        import_number(&server).await,
        Err(ProviderError::Rejected {
            message: "Vapi blocked this phone number.".to_owned()
        })
    );
}

#[tokio::test]
async fn a_number_the_credentials_do_not_own_is_rejected() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_answer(400, "vapi/error_400_number_not_found.json"))
        .mount(&server)
        .await;
    assert_eq!(
        import_number(&server).await,
        Err(ProviderError::Rejected {
            message: "Number Not Found on Twilio.".to_owned()
        })
    );
}

#[tokio::test]
async fn rejection_messages_never_carry_the_secrets_sent() {
    let server = MockServer::start().await;
    let echo = json!({
        "message": [format!("twilioAuthToken {TWILIO_TOKEN} is not valid for {TWILIO_SID}"),
                    format!("key {KEY} is rate limited\n\u{1b}[31m")],
        "error": "Bad Request",
        "statusCode": 400
    });
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(echo))
        .mount(&server)
        .await;
    let error = import_number(&server).await.unwrap_err();
    let ProviderError::Rejected { message } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        message,
        &format!(
            "twilioAuthToken [redacted] is not valid for {TWILIO_SID}; key [redacted] is rate limited [31m"
        )
    );
    for text in [format!("{error}"), format!("{error:?}")] {
        assert!(
            !text.contains(TWILIO_TOKEN) && !text.contains(KEY),
            "{text}"
        );
    }
}

#[tokio::test]
async fn long_messages_are_cut() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(422).set_body_json(json!({"message": "x".repeat(5000)})),
        )
        .mount(&server)
        .await;
    let error = client(&server.uri())
        .create_assistant(&key(), &blueprint())
        .await
        .unwrap_err();
    let ProviderError::Rejected { message } = error else {
        panic!("{error:?}")
    };
    assert!(message.chars().count() <= 300);
}

#[tokio::test]
async fn find_assistant_reads_one_page_and_matches_ava_id_in_the_metadata() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/assistant"))
        .respond_with(json_answer(200, "vapi/assistant_list_with_metadata.json"))
        .mount(&server)
        .await;
    let wanted = AssistantId::parse(AVA_ASSISTANT).expect("valid test input");
    let found = client(&server.uri())
        .find_assistant(&key(), wanted)
        .await
        .unwrap();
    assert_eq!(found.as_deref(), Some(ASSISTANT_ID));
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("limit=1000"));
    assert_bearer(&request);
    let unknown =
        AssistantId::parse("0190d7a5-2222-7222-8222-222222222222").expect("valid test input");
    assert_eq!(
        client(&server.uri()).find_assistant(&key(), unknown).await,
        Ok(None)
    );
}

#[tokio::test]
async fn find_number_matches_the_e164_number_and_reads_its_assistant() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/phone-number"))
        .respond_with(json_answer(200, "vapi/phone_number_list.json"))
        .mount(&server)
        .await;
    let number = PhoneNumber::parse("+14155550123").expect("valid test input");
    let found = client(&server.uri())
        .find_number(&key(), &number)
        .await
        .unwrap()
        .expect("the number is listed");
    assert_eq!(found.id, NUMBER_ID);
    assert_eq!(found.assistant_id.as_deref(), Some(ASSISTANT_ID));
    assert_eq!(found.server_url, None);
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("limit=1000"));
    let absent = PhoneNumber::parse("+33612345678").expect("valid test input");
    assert_eq!(
        client(&server.uri()).find_number(&key(), &absent).await,
        Ok(None)
    );
}

#[tokio::test]
async fn a_lookup_answered_with_something_else_than_a_list_is_a_bad_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>proxy</html>", "text/html"))
        .mount(&server)
        .await;
    let number = PhoneNumber::parse("+14155550123").expect("valid test input");
    assert_eq!(
        client(&server.uri()).find_number(&key(), &number).await,
        Err(ProviderError::BadResponse)
    );
    let id = AssistantId::parse(AVA_ASSISTANT).expect("valid test input");
    assert_eq!(
        client(&server.uri()).find_assistant(&key(), id).await,
        Err(ProviderError::BadResponse)
    );
}

#[tokio::test]
async fn bind_number_patches_the_assistant_id() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/phone-number/{NUMBER_ID}")))
        .and(body_json(
            json!({"assistantId": "1e9a5b2c-0c6d-4d7e-9f3a-8b7c6d5e4f3a"}),
        ))
        .respond_with(json_answer(200, "vapi/phone_number_updated.json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server.uri())
        .bind_number(&key(), NUMBER_ID, "1e9a5b2c-0c6d-4d7e-9f3a-8b7c6d5e4f3a")
        .await
        .unwrap();
    assert_bearer(&only_request(&server).await);
}

/// The number handed to Ava's webhook, with the owner's secret.
fn server_routing(fallback: Option<&str>) -> LineRouting {
    LineRouting {
        route: NumberRoute::Server {
            url: WEBHOOK_URL.to_owned(),
            secret: SecretString::from(WEBHOOK_SECRET),
        },
        fallback: fallback.map(|number| PhoneNumber::parse(number).expect("valid test input")),
    }
}

#[tokio::test]
async fn route_number_to_the_server_sends_no_assistant_the_secret_header_and_the_fallback() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/phone-number/{NUMBER_ID}")))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "assistantId": null,
            "server": {"url": WEBHOOK_URL, "headers": {"x-ava-secret": WEBHOOK_SECRET}},
            "fallbackDestination": {"type": "number", "number": FALLBACK}
        })))
        .respond_with(json_answer(200, "vapi/phone_number_routed.json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server.uri())
        .route_number(&key(), NUMBER_ID, &server_routing(Some(FALLBACK)))
        .await
        .unwrap();
    assert_eq!(only_request(&server).await.url.query(), None);
}

#[tokio::test]
async fn route_number_without_a_fallback_clears_it() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/phone-number/{NUMBER_ID}")))
        .and(body_json(json!({
            "assistantId": null,
            "server": {"url": WEBHOOK_URL, "headers": {"x-ava-secret": WEBHOOK_SECRET}},
            "fallbackDestination": null
        })))
        .respond_with(json_answer(200, "vapi/phone_number_routed.json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server.uri())
        .route_number(&key(), NUMBER_ID, &server_routing(None))
        .await
        .unwrap();
}

#[tokio::test]
async fn route_number_to_the_assistant_binds_it_and_sends_no_server() {
    for (fallback, expected) in [
        (
            Some(FALLBACK),
            json!({"type": "number", "number": FALLBACK}),
        ),
        (None, Value::Null),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(path(format!("/phone-number/{NUMBER_ID}")))
            .and(header("authorization", format!("Bearer {KEY}").as_str()))
            .and(body_json(
                json!({"assistantId": ASSISTANT_ID, "fallbackDestination": expected}),
            ))
            .respond_with(json_answer(200, "vapi/phone_number_updated.json"))
            .expect(1)
            .mount(&server)
            .await;
        let routing = LineRouting {
            route: NumberRoute::Assistant {
                vapi_assistant_id: ASSISTANT_ID.to_owned(),
            },
            fallback: fallback.map(|number| PhoneNumber::parse(number).unwrap()),
        };
        client(&server.uri())
            .route_number(&key(), NUMBER_ID, &routing)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn the_webhook_secret_never_appears_in_an_error() {
    let server = MockServer::start().await;
    let echo = json!({
        "message": [format!("server.headers.x-ava-secret {WEBHOOK_SECRET} is not allowed"),
                    format!("key {KEY} is rate limited")],
        "error": "Bad Request",
        "statusCode": 400
    });
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(400).set_body_json(echo))
        .mount(&server)
        .await;
    let error = client(&server.uri())
        .route_number(&key(), NUMBER_ID, &server_routing(Some(FALLBACK)))
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ProviderError::Rejected {
            message: "server.headers.x-ava-secret [redacted] is not allowed; key [redacted] is rate limited"
                .to_owned()
        }
    );
    for text in [
        format!("{error}"),
        format!("{error:?}"),
        format!("{:?}", server_routing(None)),
    ] {
        assert!(
            !text.contains(WEBHOOK_SECRET) && !text.contains(KEY),
            "{text}"
        );
    }
}

#[tokio::test]
async fn an_unknown_number_cannot_be_routed() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(json_answer(404, "vapi/error_404_not_found.json"))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri())
            .route_number(&key(), NUMBER_ID, &server_routing(None))
            .await,
        Err(ProviderError::NotFound)
    );
}

#[tokio::test]
async fn find_number_reads_the_server_url_and_never_its_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/phone-number"))
        .respond_with(json_answer(200, "vapi/phone_number_list_routed.json"))
        .mount(&server)
        .await;
    let vapi = client(&server.uri());
    let number = PhoneNumber::parse("+14155550123").expect("valid test input");
    let found = vapi
        .find_number(&key(), &number)
        .await
        .unwrap()
        .expect("the number is listed");
    assert_eq!(found.id, NUMBER_ID);
    assert_eq!(found.assistant_id, None);
    assert_eq!(found.server_url.as_deref(), Some(WEBHOOK_URL));
    assert!(!format!("{found:?}").contains(WEBHOOK_SECRET));
    // A server without headers is read the same way.
    let other = PhoneNumber::parse("+14155559999").expect("valid test input");
    let found = vapi.find_number(&key(), &other).await.unwrap().unwrap();
    assert_eq!(
        found.server_url.as_deref(),
        Some("https://other-tool.example.com/vapi")
    );
}

fn outbound_call() -> OutboundCall {
    OutboundCall {
        vapi_assistant_id: ASSISTANT_ID.to_owned(),
        vapi_number_id: NUMBER_ID.to_owned(),
        customer: PhoneNumber::parse("+972501234567").expect("valid test input"),
    }
}

#[tokio::test]
async fn start_call_places_the_call_from_the_number_with_the_assistant() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/call"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "assistantId": ASSISTANT_ID,
            "phoneNumberId": NUMBER_ID,
            "customer": {"number": "+972501234567"}
        })))
        .respond_with(json_answer(201, "vapi/call_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    let id = client(&server.uri())
        .start_call(&key(), &outbound_call())
        .await
        .unwrap();
    assert_eq!(id, CALL_ID);
    assert_eq!(only_request(&server).await.url.query(), None);
}

#[tokio::test]
async fn a_started_call_needs_only_an_id() {
    for (body, expected) in [
        (
            r#"{"id":"abc","status":42,"customer":"odd"}"#,
            Ok("abc".to_owned()),
        ),
        (r#"{"id":" "}"#, Err(ProviderError::BadResponse)),
        (r#"{"status":"queued"}"#, Err(ProviderError::BadResponse)),
        ("<html>", Err(ProviderError::BadResponse)),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        assert_eq!(
            client(&server.uri())
                .start_call(&key(), &outbound_call())
                .await,
            expected,
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_customer_number_vapi_refuses_is_rejected_with_its_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/call"))
        .respond_with(json_answer(400, "vapi/error_400_customer_number.json"))
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri())
            .start_call(&key(), &outbound_call())
            .await,
        Err(ProviderError::Rejected {
            message: "customer.number must be a valid phone number in the E.164 format".to_owned()
        })
    );
}

#[tokio::test]
async fn update_number_token_patches_the_twilio_token() {
    let new_token = "9e107d9d372bb6826bd81d3542a419d6";
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/phone-number/{NUMBER_ID}")))
        .and(body_json(json!({"twilioAuthToken": new_token})))
        .respond_with(json_answer(200, "vapi/phone_number_updated.json"))
        .expect(1)
        .mount(&server)
        .await;
    let token = TwilioAuthToken::parse(new_token).unwrap();
    client(&server.uri())
        .update_number_token(&key(), NUMBER_ID, &token)
        .await
        .unwrap();
    assert_bearer(&only_request(&server).await);
}

#[tokio::test]
async fn delete_number_deletes_it() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/phone-number/{NUMBER_ID}")))
        .respond_with(json_answer(200, "vapi/phone_number_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server.uri())
        .delete_number(&key(), NUMBER_ID)
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_bearer(&request);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_base_url_with_a_path_keeps_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/vapi/assistant"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&format!("{}/vapi/", server.uri()))
        .check_key(&key())
        .await
        .unwrap();
}

#[tokio::test]
async fn every_status_class_is_mapped() {
    let cases = [
        (
            401,
            fixture("vapi/error_401_invalid_key.json"),
            ProviderError::Unauthorized,
        ),
        (
            403,
            r#"{"message":"Forbidden","statusCode":403}"#.to_owned(),
            ProviderError::Unauthorized,
        ),
        (
            404,
            fixture("vapi/error_404_not_found.json"),
            ProviderError::NotFound,
        ),
        (
            429,
            r#"{"message":"ThrottlerException: Too Many Requests","statusCode":429}"#.to_owned(),
            ProviderError::Busy {
                retry_after_seconds: None,
            },
        ),
        (
            409,
            "<html>conflict</html>".to_owned(),
            ProviderError::Rejected {
                message: "HTTP 409 Conflict".to_owned(),
            },
        ),
        (
            500,
            fixture("vapi/error_500.json"),
            ProviderError::ServerError,
        ),
        (
            502,
            "<html>Bad Gateway</html>".to_owned(),
            ProviderError::ServerError,
        ),
        (503, String::new(), ProviderError::ServerError),
        (302, String::new(), ProviderError::BadResponse),
    ];
    for (status, body, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_raw(body, "application/json")
                    .insert_header("location", "https://evil.example/steal"),
            )
            .mount(&server)
            .await;
        assert_eq!(
            client(&server.uri()).check_key(&key()).await,
            Err(expected),
            "HTTP {status}"
        );
    }
}

#[tokio::test]
async fn a_throttled_call_is_busy_for_as_long_as_vapi_says() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/call"))
        .respond_with(
            ResponseTemplate::new(429)
                .set_body_raw(
                    r#"{"message":"ThrottlerException: Too Many Requests","statusCode":429}"#,
                    "application/json",
                )
                .insert_header("retry-after", "30"),
        )
        .mount(&server)
        .await;
    assert_eq!(
        client(&server.uri())
            .start_call(&key(), &outbound_call())
            .await,
        Err(ProviderError::Busy {
            retry_after_seconds: Some(30)
        })
    );
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("[]", "application/json")
                .set_delay(TIMEOUT + Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    assert_eq!(
        client(&server.uri()).check_key(&key()).await,
        Err(ProviderError::Timeout)
    );
    assert!(started.elapsed() < TIMEOUT + Duration::from_secs(1));
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let (url, _server) = silent_server().await;
    assert_eq!(
        client(&url).check_key(&key()).await,
        Err(ProviderError::Timeout)
    );
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let url = closed_port_url().await;
    assert_eq!(
        client(&url).check_key(&key()).await,
        Err(ProviderError::Unreachable)
    );
    assert_eq!(
        client(&url)
            .import_twilio_number(&key(), &number_import())
            .await,
        Err(ProviderError::Unreachable)
    );
}

#[tokio::test]
async fn only_plain_http_base_urls_are_accepted() {
    for bad in [
        "",
        "api.vapi.ai",
        "ftp://api.vapi.ai",
        "https://user:hunter2@api.vapi.ai",
        "https://api.vapi.ai?x=1",
        "mailto:a@b",
    ] {
        let error = VapiHttpClient::new(bad, TIMEOUT).unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }
    assert!(VapiHttpClient::new("https://api.vapi.ai", TIMEOUT).is_ok());
    assert!(VapiHttpClient::new("http://127.0.0.1:8080/prefix", TIMEOUT).is_ok());
}
