//! What the provider adapters log: the call (method, path, status), never a
//! key, a token, the Authorization header or a body that echoes them.
//!
//! One test in its own binary: tracing caches which call sites are enabled,
//! so a capturing subscriber is reliable only when no other test thread hits
//! the same call sites without one.

mod support;

use ava_application::ports::{
    NumberImport, ProviderError, TwilioClient, TwilioCredentials, VapiClient,
};
use ava_domain::{
    credentials::{TwilioAccountSid, TwilioAuthToken, VapiApiKey},
    phone::PhoneNumber,
};
use ava_infrastructure::providers::{TwilioHttpClient, VapiHttpClient};
use base64::Engine;
use serde_json::json;
use support::{CapturedLogs, TIMEOUT, fixture};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path},
};

const KEY: &str = "9c4bb2b9-7c4e-4f8a-9e62-3c1e0d5f7a21";
const SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "5f4dcc3b5aa765d61d8327deb882cf99";

#[tokio::test]
async fn logs_show_calls_and_no_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/phone-number"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            fixture("vapi/phone_number_created.json"),
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/2010-04-01/Accounts/{SID}.json")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(fixture("twilio/account.json"), "application/json"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/2010-04-01/Accounts/{SID}/IncomingPhoneNumbers.json"
        )))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": 20001, "message": format!("bad token {TOKEN}"), "status": 400
        })))
        .mount(&server)
        .await;

    let key = VapiApiKey::parse(KEY).unwrap();
    let import = NumberImport {
        number: PhoneNumber::parse("+14155550123").unwrap(),
        account_sid: TwilioAccountSid::parse(SID).unwrap(),
        auth_token: TwilioAuthToken::parse(TOKEN).unwrap(),
        vapi_assistant_id: "0d8f4f1e-9b5a-4c3e-8e2d-7a6b5c4d3e2f".to_owned(),
        name: "Acme main".to_owned(),
    };
    let credentials = TwilioCredentials {
        account_sid: TwilioAccountSid::parse(SID).unwrap(),
        auth_token: TwilioAuthToken::parse(TOKEN).unwrap(),
    };
    let vapi = VapiHttpClient::new(&server.uri(), TIMEOUT).unwrap();
    let twilio = TwilioHttpClient::new(&server.uri(), TIMEOUT).unwrap();

    let logs = CapturedLogs::default();
    let guard = logs.install();
    let imported = vapi.import_twilio_number(&key, &import).await;
    let account = twilio.fetch_account(&credentials).await;
    let numbers = twilio.incoming_numbers(&credentials).await;
    drop(guard);

    assert!(imported.is_ok());
    assert!(account.is_ok());
    assert!(matches!(numbers, Err(ProviderError::Rejected { .. })));
    let text = logs.text();
    assert!(text.contains("provider answered"), "{text}");
    assert!(
        text.contains("/phone-number") && text.contains("status=201"),
        "{text}"
    );
    assert!(
        text.contains(&format!("/2010-04-01/Accounts/{SID}.json")) && text.contains("status=200"),
        "{text}"
    );
    assert!(text.contains("status=400"), "{text}");
    let header = base64::engine::general_purpose::STANDARD.encode(format!("{SID}:{TOKEN}"));
    for secret in [KEY, TOKEN, header.as_str()] {
        assert!(!text.contains(secret), "a secret was logged: {text}");
    }
    // The answers' other content is not logged either.
    assert!(
        !text.contains("Acme Dental") && !text.contains("b7c1e2d3"),
        "{text}"
    );
}
