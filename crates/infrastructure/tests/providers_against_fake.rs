//! The real adapters against the loopback fake providers, end to end: the
//! adapter and the fake must agree with each other as with docs/providers.md.

use std::time::Duration;

use ava_application::ports::{
    ImportedNumber, LineRouting, NumberImport, NumberRoute, OutboundCall, ProviderError,
    TwilioClient, TwilioCredentials, VapiClient,
};
use ava_domain::{
    assistant::AssistantBlueprint,
    credentials::{TwilioAccountSid, TwilioAuthToken, VapiApiKey},
    ids::{AssistantId, UserId},
    phone::PhoneNumber,
    studio::{ModelChoice, VoiceChoice},
};
use ava_infrastructure::providers::{TwilioHttpClient, VapiHttpClient, http_client};
use ava_provider_fake::{
    AccountStatus, Behaviour, DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_AUTH_TOKEN,
    DEMO_TWILIO_SMS_ONLY_NUMBER, DEMO_TWILIO_SUSPENDED_ACCOUNT_SID,
    DEMO_TWILIO_SUSPENDED_AUTH_TOKEN, DEMO_TWILIO_VOICE_NUMBERS, DEMO_VAPI_ORG_ID,
    DEMO_VAPI_PRIVATE_KEY, DEMO_VAPI_PUBLIC_KEY, FakeProviders, InboundRoute,
};
use secrecy::SecretString;
use serde_json::json;
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{body_partial_json, header, method, path},
};

const TIMEOUT: Duration = Duration::from_secs(1);
const SID: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "5f4dcc3b5aa765d61d8327deb882cf99";

fn vapi(fake: &FakeProviders) -> VapiHttpClient {
    VapiHttpClient::new(&fake.vapi_url(), TIMEOUT).expect("valid test input")
}

fn twilio(fake: &FakeProviders) -> TwilioHttpClient {
    TwilioHttpClient::new(&fake.twilio_url(), TIMEOUT).expect("valid test input")
}

fn key(raw: &str) -> VapiApiKey {
    VapiApiKey::parse(raw).expect("valid test input")
}

fn credentials(sid: &str, token: &str) -> TwilioCredentials {
    TwilioCredentials {
        account_sid: TwilioAccountSid::parse(sid).expect("valid test input"),
        auth_token: TwilioAuthToken::parse(token).expect("valid test input"),
    }
}

fn blueprint(owner: UserId, name: &str, language: &'static str) -> AssistantBlueprint {
    AssistantBlueprint {
        name: name.to_owned(),
        first_message: "שלום, הגעתם לAcme. איך אפשר לעזור?".to_owned(),
        system_prompt: "You are Maya, answering phone calls for Acme.".to_owned(),
        voice: VoiceChoice {
            provider: "openai",
            voice_id: "nova",
        },
        model: ModelChoice {
            provider: "openai",
            model: "gpt-4.1-mini",
        },
        transcriber_language: language,
        owner,
        assistant: AssistantId::generate(),
        transfer_to: None,
    }
}

fn import(number: &str, sid: &str, token: &str, assistant: &str) -> NumberImport {
    NumberImport {
        number: PhoneNumber::parse(number).expect("valid test input"),
        account_sid: TwilioAccountSid::parse(sid).expect("valid test input"),
        auth_token: TwilioAuthToken::parse(token).expect("valid test input"),
        vapi_assistant_id: assistant.to_owned(),
        name: "Acme main line".to_owned(),
    }
}

#[tokio::test]
async fn keys_are_checked_like_vapi_does() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let vapi = vapi(&fake);
    assert_eq!(vapi.check_key(&key(DEMO_VAPI_PRIVATE_KEY)).await, Ok(()));
    assert_eq!(
        vapi.check_key(&key(DEMO_VAPI_PUBLIC_KEY)).await,
        Err(ProviderError::Unauthorized)
    );
    assert_eq!(
        vapi.check_key(&key("not-a-key-at-all")).await,
        Err(ProviderError::Unauthorized)
    );
    let requests = fake.vapi_requests();
    assert_eq!(requests[0].path, "/assistant");
    assert_eq!(requests[0].query.as_deref(), Some("limit=1"));
}

#[tokio::test]
async fn an_assistant_is_created_updated_and_deleted() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let vapi = vapi(&fake);
    let key = key(DEMO_VAPI_PRIVATE_KEY);
    let owner = UserId::generate();
    let sent = blueprint(owner, "Acme Reception", "he");
    let id = vapi.create_assistant(&key, &sent).await.unwrap();

    let stored = fake.assistants(DEMO_VAPI_ORG_ID);
    assert_eq!(stored.len(), 1);
    let assistant = &stored[0];
    assert_eq!(assistant["id"], id.as_str());
    assert_eq!(assistant["name"], "Acme Reception");
    assert_eq!(
        assistant["firstMessage"],
        "שלום, הגעתם לAcme. איך אפשר לעזור?"
    );
    assert_eq!(
        assistant["model"],
        json!({"provider": "openai", "model": "gpt-4.1-mini",
               "messages": [{"role": "system", "content": "You are Maya, answering phone calls for Acme."}]})
    );
    assert_eq!(
        assistant["voice"],
        json!({"provider": "openai", "voiceId": "nova"})
    );
    assert_eq!(
        assistant["transcriber"],
        json!({"provider": "deepgram", "model": "nova-3", "language": "he"})
    );
    assert_eq!(
        assistant["metadata"],
        json!({"tenantId": owner.to_string(), "avaAssistantId": sent.assistant.to_string()})
    );
    assert_eq!(
        vapi.find_assistant(&key, sent.assistant).await,
        Ok(Some(id.clone()))
    );
    assert_eq!(
        vapi.find_assistant(&key, AssistantId::generate()).await,
        Ok(None)
    );

    vapi.update_assistant(&key, &id, &blueprint(owner, "Acme Front Desk", "multi"))
        .await
        .unwrap();
    let updated = &fake.assistants(DEMO_VAPI_ORG_ID)[0];
    assert_eq!(updated["name"], "Acme Front Desk");
    assert_eq!(updated["transcriber"]["language"], "multi");

    // Another organization's key cannot touch it.
    fake.add_vapi_org_with_key("someone-else");
    let other = self::key("someone-else");
    assert_eq!(
        vapi.delete_assistant(&other, &id).await,
        Err(ProviderError::NotFound)
    );

    vapi.delete_assistant(&key, &id).await.unwrap();
    assert!(fake.assistants(DEMO_VAPI_ORG_ID).is_empty());
    assert_eq!(
        vapi.delete_assistant(&key, &id).await,
        Err(ProviderError::NotFound)
    );
    assert_eq!(
        vapi.update_assistant(&key, &id, &blueprint(owner, "Gone", "en"))
            .await,
        Err(ProviderError::NotFound)
    );
}

#[tokio::test]
async fn a_long_name_is_accepted_once_cut() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let name = "The Very Long Named Family Dental Clinic of Tel Aviv Reception";
    let id = vapi(&fake)
        .create_assistant(
            &key(DEMO_VAPI_PRIVATE_KEY),
            &blueprint(UserId::generate(), name, "en"),
        )
        .await
        .unwrap();
    let stored = fake.assistants(DEMO_VAPI_ORG_ID);
    assert_eq!(stored[0]["id"], id.as_str());
    assert_eq!(stored[0]["name"].as_str().unwrap().chars().count(), 40);
}

#[tokio::test]
async fn the_account_and_its_numbers_are_read_across_pages() {
    let fake = FakeProviders::start().await.unwrap();
    fake.add_twilio_account(SID, TOKEN, AccountStatus::Active);
    let mut expected = Vec::new();
    for i in 0..8 {
        let number = format!("+1415555{:04}", 100 + i);
        let voice = i % 3 != 2;
        let sid = fake.add_twilio_number(SID, &number, voice).unwrap();
        expected.push((sid, number, voice));
    }
    let twilio = twilio(&fake).with_page_size(3);
    let credentials = credentials(SID, TOKEN);

    let account = twilio.fetch_account(&credentials).await.unwrap();
    assert_eq!(account.status, "active");
    assert_eq!(
        account.friendly_name.as_deref(),
        Some("My first Twilio account")
    );

    let numbers = twilio.incoming_numbers(&credentials).await.unwrap();
    let listed: Vec<(String, String, bool)> = numbers
        .into_iter()
        .map(|n| (n.sid, n.phone_number, n.voice))
        .collect();
    assert_eq!(listed, expected);
    // 3 + 3 + 2: three pages, each asked with the credentials.
    let pages: Vec<_> = fake
        .twilio_requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/IncomingPhoneNumbers.json"))
        .collect();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[0].query.as_deref(), Some("PageSize=3"));
    assert!(pages[2].query.as_deref().unwrap().contains("Page=2"));
}

#[tokio::test]
async fn the_demo_account_lists_its_numbers_in_one_page() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let numbers = twilio(&fake)
        .incoming_numbers(&credentials(
            DEMO_TWILIO_ACCOUNT_SID,
            DEMO_TWILIO_AUTH_TOKEN,
        ))
        .await
        .unwrap();
    let listed: Vec<(&str, bool)> = numbers
        .iter()
        .map(|n| (n.phone_number.as_str(), n.voice))
        .collect();
    assert_eq!(
        listed,
        vec![
            (DEMO_TWILIO_VOICE_NUMBERS[0], true),
            (DEMO_TWILIO_VOICE_NUMBERS[1], true),
            (DEMO_TWILIO_VOICE_NUMBERS[2], true),
            (DEMO_TWILIO_SMS_ONLY_NUMBER, false),
        ]
    );
    assert_eq!(fake.twilio_requests().len(), 1);
}

#[tokio::test]
async fn wrong_or_suspended_twilio_credentials() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let twilio = twilio(&fake);
    let wrong = credentials(DEMO_TWILIO_ACCOUNT_SID, TOKEN);
    assert_eq!(
        twilio.fetch_account(&wrong).await,
        Err(ProviderError::Unauthorized)
    );
    assert_eq!(
        twilio.incoming_numbers(&wrong).await,
        Err(ProviderError::Unauthorized)
    );
    let suspended = credentials(
        DEMO_TWILIO_SUSPENDED_ACCOUNT_SID,
        DEMO_TWILIO_SUSPENDED_AUTH_TOKEN,
    );
    assert_eq!(
        twilio.fetch_account(&suspended).await.unwrap().status,
        "suspended"
    );
}

#[tokio::test]
async fn a_number_is_imported_rebound_given_a_new_token_and_deleted() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let vapi = vapi(&fake);
    let key = key(DEMO_VAPI_PRIVATE_KEY);
    let owner = UserId::generate();
    let first = vapi
        .create_assistant(&key, &blueprint(owner, "First", "en"))
        .await
        .unwrap();
    let second = vapi
        .create_assistant(&key, &blueprint(owner, "Second", "en"))
        .await
        .unwrap();

    let number = DEMO_TWILIO_VOICE_NUMBERS[1];
    let id = vapi
        .import_twilio_number(
            &key,
            &import(
                number,
                DEMO_TWILIO_ACCOUNT_SID,
                DEMO_TWILIO_AUTH_TOKEN,
                &first,
            ),
        )
        .await
        .unwrap();
    let stored = &fake.phone_numbers(DEMO_VAPI_ORG_ID)[0];
    assert_eq!(stored["id"], id.as_str());
    assert_eq!(stored["number"], number);
    assert_eq!(stored["assistantId"], first.as_str());
    assert_eq!(stored["smsEnabled"], false);
    assert_eq!(stored["provider"], "twilio");
    assert_eq!(stored["name"], "Acme main line");
    // Vapi took over the voice webhook only.
    let on_twilio = fake.twilio_numbers(DEMO_TWILIO_ACCOUNT_SID);
    let entry = on_twilio
        .iter()
        .find(|n| n["phone_number"] == number)
        .unwrap();
    assert!(entry["voice_url"].is_string());
    assert_eq!(entry["sms_url"], "");

    let listed = vapi
        .find_number(&key, &PhoneNumber::parse(number).unwrap())
        .await
        .unwrap();
    assert_eq!(
        listed,
        Some(ImportedNumber {
            id: id.clone(),
            assistant_id: Some(first.clone()),
            server_url: None,
        })
    );

    vapi.bind_number(&key, &id, &second).await.unwrap();
    assert_eq!(
        fake.phone_numbers(DEMO_VAPI_ORG_ID)[0]["assistantId"],
        second.as_str()
    );

    let rotated = TwilioAuthToken::parse(&"e".repeat(32)).unwrap();
    vapi.update_number_token(&key, &id, &rotated).await.unwrap();
    assert_eq!(
        fake.phone_numbers(DEMO_VAPI_ORG_ID)[0]["twilioAuthToken"],
        "e".repeat(32)
    );

    vapi.delete_number(&key, &id).await.unwrap();
    assert!(fake.phone_numbers(DEMO_VAPI_ORG_ID).is_empty());
    assert_eq!(
        vapi.delete_number(&key, &id).await,
        Err(ProviderError::NotFound)
    );
    assert_eq!(
        vapi.bind_number(&key, &id, &first).await,
        Err(ProviderError::NotFound)
    );
}

#[tokio::test]
async fn imports_that_vapi_refuses() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let vapi = vapi(&fake);
    let key = key(DEMO_VAPI_PRIVATE_KEY);
    let assistant = vapi
        .create_assistant(&key, &blueprint(UserId::generate(), "Acme", "en"))
        .await
        .unwrap();
    let not_found = Err(ProviderError::Rejected {
        message: "Number Not Found on Twilio.".to_owned(),
    });

    // Wrong token, a number of nobody, another account's number.
    for import in [
        import(
            DEMO_TWILIO_VOICE_NUMBERS[0],
            DEMO_TWILIO_ACCOUNT_SID,
            TOKEN,
            &assistant,
        ),
        import(
            "+14155550000",
            DEMO_TWILIO_ACCOUNT_SID,
            DEMO_TWILIO_AUTH_TOKEN,
            &assistant,
        ),
        import(
            DEMO_TWILIO_VOICE_NUMBERS[0],
            DEMO_TWILIO_SUSPENDED_ACCOUNT_SID,
            DEMO_TWILIO_SUSPENDED_AUTH_TOKEN,
            &assistant,
        ),
    ] {
        assert_eq!(
            vapi.import_twilio_number(&key, &import).await,
            not_found,
            "{}",
            import.number
        );
    }

    // An assistant Vapi does not know: refused with a message free of the token.
    let error = vapi
        .import_twilio_number(
            &key,
            &import(
                DEMO_TWILIO_VOICE_NUMBERS[0],
                DEMO_TWILIO_ACCOUNT_SID,
                DEMO_TWILIO_AUTH_TOKEN,
                "no-such-assistant",
            ),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ProviderError::Rejected { message } if !message.contains(DEMO_TWILIO_AUTH_TOKEN))
    );

    // Twice the same number.
    let ok = import(
        DEMO_TWILIO_VOICE_NUMBERS[2],
        DEMO_TWILIO_ACCOUNT_SID,
        DEMO_TWILIO_AUTH_TOKEN,
        &assistant,
    );
    vapi.import_twilio_number(&key, &ok).await.unwrap();
    assert!(matches!(
        vapi.import_twilio_number(&key, &ok).await,
        Err(ProviderError::Rejected { .. })
    ));
    assert_eq!(fake.phone_numbers(DEMO_VAPI_ORG_ID).len(), 1);
}

#[tokio::test]
async fn provider_trouble_is_mapped() {
    let fake = FakeProviders::start_demo().await.unwrap();
    // One shared client for both adapters, as the composition root may do.
    let client = http_client().unwrap();
    let vapi =
        VapiHttpClient::with_client(client.clone(), &fake.vapi_url(), Duration::from_millis(300))
            .unwrap();
    let twilio =
        TwilioHttpClient::with_client(client, &fake.twilio_url(), Duration::from_millis(300))
            .unwrap();
    let key = key(DEMO_VAPI_PRIVATE_KEY);
    let credentials = credentials(DEMO_TWILIO_ACCOUNT_SID, DEMO_TWILIO_AUTH_TOKEN);

    fake.set_vapi_behaviour(Behaviour::ServerError);
    fake.set_twilio_behaviour(Behaviour::ServerError);
    assert_eq!(vapi.check_key(&key).await, Err(ProviderError::ServerError));
    assert_eq!(
        twilio.fetch_account(&credentials).await,
        Err(ProviderError::ServerError)
    );

    fake.set_vapi_behaviour(Behaviour::Garbage);
    fake.set_twilio_behaviour(Behaviour::Garbage);
    assert_eq!(vapi.check_key(&key).await, Err(ProviderError::BadResponse));
    assert_eq!(
        vapi.create_assistant(&key, &blueprint(UserId::generate(), "Acme", "en"))
            .await,
        Err(ProviderError::BadResponse)
    );
    assert_eq!(
        twilio.fetch_account(&credentials).await,
        Err(ProviderError::BadResponse)
    );
    assert_eq!(
        twilio.incoming_numbers(&credentials).await,
        Err(ProviderError::BadResponse)
    );

    fake.set_vapi_behaviour(Behaviour::Slow(Duration::from_secs(2)));
    fake.set_twilio_behaviour(Behaviour::Slow(Duration::from_secs(2)));
    assert_eq!(vapi.check_key(&key).await, Err(ProviderError::Timeout));
    assert_eq!(
        twilio.incoming_numbers(&credentials).await,
        Err(ProviderError::Timeout)
    );

    fake.set_vapi_behaviour(Behaviour::Normal);
    fake.set_twilio_behaviour(Behaviour::Normal);
    assert_eq!(vapi.check_key(&key).await, Ok(()));
    assert!(twilio.fetch_account(&credentials).await.is_ok());

    let vapi_url = fake.vapi_url();
    drop(fake);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let gone = VapiHttpClient::new(&vapi_url, TIMEOUT).unwrap();
    assert_eq!(gone.check_key(&key).await, Err(ProviderError::Unreachable));
}

const WEBHOOK_SECRET: &str = "wh_3q9Zk2LmP8vR1tXy5Nc7Ba4Df6Gh0Jw";
const HANDOFF: &str = "+14155550100";

fn phone(number: &str) -> PhoneNumber {
    PhoneNumber::parse(number).expect("valid test input")
}

/// The fake with an assistant and the first demo number imported for it;
/// answers the adapter, the key, Vapi's assistant id and the number's id.
async fn imported_line(fake: &FakeProviders) -> (VapiHttpClient, VapiApiKey, String, String) {
    let vapi = vapi(fake);
    let key = key(DEMO_VAPI_PRIVATE_KEY);
    let assistant = vapi
        .create_assistant(&key, &blueprint(UserId::generate(), "Acme", "en"))
        .await
        .expect("the assistant is created");
    let number = vapi
        .import_twilio_number(
            &key,
            &import(
                DEMO_TWILIO_VOICE_NUMBERS[0],
                DEMO_TWILIO_ACCOUNT_SID,
                DEMO_TWILIO_AUTH_TOKEN,
                &assistant,
            ),
        )
        .await
        .expect("the number is imported");
    (vapi, key, assistant, number)
}

fn to_server(url: &str, fallback: Option<&str>) -> LineRouting {
    LineRouting {
        route: NumberRoute::Server {
            url: url.to_owned(),
            secret: SecretString::from(WEBHOOK_SECRET),
        },
        fallback: fallback.map(phone),
    }
}

#[tokio::test]
async fn a_number_is_routed_to_ava_and_back_to_its_assistant() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let (vapi, key, assistant, id) = imported_line(&fake).await;
    let url = "https://ava.example.com/api/v1/webhooks/vapi/owner";

    vapi.route_number(&key, &id, &to_server(url, Some(HANDOFF)))
        .await
        .unwrap();
    let stored = &fake.phone_numbers(DEMO_VAPI_ORG_ID)[0];
    assert!(stored.get("assistantId").is_none(), "{stored}");
    assert_eq!(
        stored["server"],
        json!({"url": url, "headers": {"x-ava-secret": WEBHOOK_SECRET}})
    );
    assert_eq!(
        stored["fallbackDestination"],
        json!({"type": "number", "number": HANDOFF})
    );
    let number = phone(DEMO_TWILIO_VOICE_NUMBERS[0]);
    assert_eq!(
        vapi.find_number(&key, &number).await.unwrap(),
        Some(ImportedNumber {
            id: id.clone(),
            assistant_id: None,
            server_url: Some(url.to_owned()),
        })
    );

    let direct = LineRouting {
        route: NumberRoute::Assistant {
            vapi_assistant_id: assistant.clone(),
        },
        fallback: None,
    };
    vapi.route_number(&key, &id, &direct).await.unwrap();
    let stored = &fake.phone_numbers(DEMO_VAPI_ORG_ID)[0];
    assert_eq!(stored["assistantId"], assistant.as_str());
    assert!(stored.get("fallbackDestination").is_none());
    assert_eq!(
        vapi.route_number(&key, "gone", &direct).await,
        Err(ProviderError::NotFound)
    );
}

#[tokio::test]
async fn a_test_call_is_placed_from_the_number_with_the_assistant() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let (vapi, key, assistant, number_id) = imported_line(&fake).await;
    let call = OutboundCall {
        vapi_assistant_id: assistant.clone(),
        vapi_number_id: number_id.clone(),
        customer: phone("+972541234567"),
    };
    let id = vapi.start_call(&key, &call).await.unwrap();
    let calls = fake.calls(DEMO_VAPI_ORG_ID);
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["id"], id.as_str());
    assert_eq!(calls[0]["status"], "queued");
    assert_eq!(calls[0]["assistantId"], assistant.as_str());
    assert_eq!(calls[0]["phoneNumberId"], number_id.as_str());
    assert_eq!(calls[0]["customer"], json!({"number": "+972541234567"}));

    let elsewhere = OutboundCall {
        vapi_number_id: "not-imported".to_owned(),
        ..call
    };
    assert!(matches!(
        vapi.start_call(&key, &elsewhere).await,
        Err(ProviderError::Rejected { .. })
    ));
}

#[tokio::test]
async fn a_handoff_number_reaches_the_fake_as_a_transfer_tool() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let with_handoff = AssistantBlueprint {
        transfer_to: Some(phone(HANDOFF)),
        ..blueprint(UserId::generate(), "Acme", "fr")
    };
    vapi(&fake)
        .create_assistant(&key(DEMO_VAPI_PRIVATE_KEY), &with_handoff)
        .await
        .unwrap();
    let tools = &fake.assistants(DEMO_VAPI_ORG_ID)[0]["model"]["tools"];
    assert_eq!(tools[0]["type"], "transferCall");
    assert_eq!(tools[0]["destinations"][0]["number"], HANDOFF);
}

#[tokio::test]
async fn the_fake_asks_the_server_url_the_adapter_set_with_its_secret() {
    let fake = FakeProviders::start_demo().await.unwrap();
    let (vapi, key, assistant, id) = imported_line(&fake).await;
    let ava = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .and(header("x-ava-secret", WEBHOOK_SECRET))
        .and(body_partial_json(
            json!({"message": {"type": "assistant-request"}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"assistantId": assistant})))
        .expect(1)
        .mount(&ava)
        .await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .and(header("x-ava-secret", WEBHOOK_SECRET))
        .and(body_partial_json(
            json!({"message": {"type": "end-of-call-report"}}),
        ))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&ava)
        .await;
    vapi.route_number(&key, &id, &to_server(&format!("{}/hook", ava.uri()), None))
        .await
        .unwrap();
    let call = fake
        .simulate_inbound_call(DEMO_TWILIO_VOICE_NUMBERS[0], "+972541234567")
        .await
        .unwrap();
    assert!(
        matches!(&call.route, InboundRoute::Assistant { assistant_id: Some(answering), .. } if *answering == assistant)
    );
    ava.verify().await;
}
