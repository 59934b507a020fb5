//! The Vapi adapter: `/assistant`, `/phone-number` and `/call` with the
//! owner's private key as a Bearer token (see docs/providers.md).

use std::{collections::BTreeMap, time::Duration};

use async_trait::async_trait;
use ava_application::{
    line::WEBHOOK_SECRET_HEADER,
    ports::{
        ImportedNumber, LineRouting, NumberImport, NumberRoute, OutboundCall, ProviderError,
        VapiClient,
    },
};
use ava_domain::{
    assistant::{AssistantBlueprint, MAX_NAME_CHARS},
    credentials::{TwilioAuthToken, VapiApiKey},
    ids::AssistantId,
    phone::PhoneNumber,
};
use reqwest::{Client, Method};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize, de::IgnoredAny};

use super::http::{Endpoint, ProviderSetupError, http_client, parse};

/// Vapi's transcriber for every assistant: Deepgram's nova-3 is the model
/// that handles `en`, `fr` and `he` (docs/providers.md).
const TRANSCRIBER_PROVIDER: &str = "deepgram";
const TRANSCRIBER_MODEL: &str = "nova-3";

/// The reqwest adapter of [`VapiClient`].
#[derive(Debug, Clone)]
pub struct VapiHttpClient {
    endpoint: Endpoint,
}

impl VapiHttpClient {
    /// A client of the Vapi API at `base_url` (e.g. `https://api.vapi.ai`),
    /// each request bounded by `timeout`.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, ProviderSetupError> {
        Self::with_client(http_client()?, base_url, timeout)
    }

    /// The same, sharing an existing client (see [`http_client`]).
    pub fn with_client(
        client: Client,
        base_url: &str,
        timeout: Duration,
    ) -> Result<Self, ProviderSetupError> {
        Ok(Self {
            endpoint: Endpoint::new("vapi", client, base_url, timeout)?,
        })
    }

    async fn delete(
        &self,
        key: &VapiApiKey,
        collection: &str,
        id: &str,
    ) -> Result<(), ProviderError> {
        let answer = self
            .send(
                Method::DELETE,
                &[collection, id],
                None,
                key,
                None::<&()>,
                &[],
            )
            .await?;
        acknowledged(&answer)
    }

    /// The newest page of a collection (`assistant` or `phone-number`).
    async fn list<T: serde::de::DeserializeOwned>(
        &self,
        key: &VapiApiKey,
        collection: &str,
    ) -> Result<Vec<T>, ProviderError> {
        let body = self
            .send(
                Method::GET,
                &[collection],
                Some(("limit", LIST_LIMIT)),
                key,
                None::<&()>,
                &[],
            )
            .await?;
        parse(&body)
    }

    async fn send(
        &self,
        method: Method,
        segments: &[&str],
        query: Option<(&str, &str)>,
        key: &VapiApiKey,
        body: Option<&impl Serialize>,
        extra_secrets: &[&str],
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, ProviderError> {
        // An id that is empty or a dot segment would name another resource
        // (the url crate drops `.` and `..`): no such resource.
        if segments
            .iter()
            .any(|segment| matches!(*segment, "" | "." | ".."))
        {
            return Err(ProviderError::NotFound);
        }
        let mut url = self.endpoint.url(segments);
        if let Some((name, value)) = query {
            url.query_pairs_mut().append_pair(name, value);
        }
        let mut request = self.endpoint.request(method, url).bearer_auth(key.expose());
        if let Some(body) = body {
            request = request.json(body);
        }
        let mut secrets = vec![key.expose()];
        secrets.extend_from_slice(extra_secrets);
        self.endpoint.execute(request, &secrets).await
    }
}

// ---------- What we send ----------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AssistantBody<'a> {
    name: String,
    first_message: &'a str,
    model: ModelBody<'a>,
    voice: VoiceBody<'a>,
    transcriber: TranscriberBody<'a>,
    metadata: MetadataBody,
}

#[derive(Serialize)]
struct ModelBody<'a> {
    provider: &'a str,
    model: &'a str,
    messages: [MessageBody<'a>; 1],
    /// Left out without a handoff number: an update replaces the whole
    /// `model`, so an earlier transfer tool goes with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    tools: Option<[TransferToolBody<'a>; 1]>,
}

/// The `transferCall` tool: the model may hand the caller to this number.
#[derive(Serialize)]
struct TransferToolBody<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    destinations: [TransferDestinationBody<'a>; 1],
}

#[derive(Serialize)]
struct TransferDestinationBody<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    number: &'a str,
    /// Empty: Vapi says nothing of its own (its default is English); the
    /// prompt has the assistant announce the transfer in the caller's language.
    message: &'static str,
    /// For the model, which picks a destination by it.
    description: &'static str,
}

/// What the model reads about the handoff destination.
const TRANSFER_DESCRIPTION: &str =
    "A person at the business, for callers who ask for one or whom you cannot help.";

#[derive(Serialize)]
struct MessageBody<'a> {
    role: &'static str,
    content: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VoiceBody<'a> {
    provider: &'a str,
    voice_id: &'a str,
}

#[derive(Serialize)]
struct TranscriberBody<'a> {
    provider: &'static str,
    model: &'static str,
    language: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MetadataBody {
    tenant_id: String,
    /// Ava's id of the assistant: how `find_assistant` recognises it.
    ava_assistant_id: String,
}

/// At most `max` characters (Vapi refuses longer names with a 400).
fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

impl<'a> AssistantBody<'a> {
    /// There is no `systemPrompt` field: the prompt is a `system` message.
    fn from_blueprint(blueprint: &'a AssistantBlueprint) -> Self {
        Self {
            name: clip(&blueprint.name, MAX_NAME_CHARS),
            first_message: &blueprint.first_message,
            model: ModelBody {
                provider: blueprint.model.provider,
                model: blueprint.model.model,
                messages: [MessageBody {
                    role: "system",
                    content: &blueprint.system_prompt,
                }],
                tools: blueprint.transfer_to.as_ref().map(|number| {
                    [TransferToolBody {
                        kind: "transferCall",
                        destinations: [TransferDestinationBody {
                            kind: "number",
                            number: number.as_str(),
                            message: "",
                            description: TRANSFER_DESCRIPTION,
                        }],
                    }]
                }),
            },
            voice: VoiceBody {
                provider: blueprint.voice.provider,
                voice_id: blueprint.voice.voice_id,
            },
            transcriber: TranscriberBody {
                provider: TRANSCRIBER_PROVIDER,
                model: TRANSCRIBER_MODEL,
                language: blueprint.transcriber_language,
            },
            metadata: MetadataBody {
                tenant_id: blueprint.owner.to_string(),
                ava_assistant_id: blueprint.assistant.to_string(),
            },
        }
    }
}

/// `smsEnabled` omitted means true, and Vapi would take over the number's
/// SMS webhook too: always sent as false.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportBody<'a> {
    provider: &'static str,
    number: &'a str,
    twilio_account_sid: &'a str,
    twilio_auth_token: &'a str,
    name: String,
    assistant_id: &'a str,
    sms_enabled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BindBody<'a> {
    assistant_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TokenBody<'a> {
    twilio_auth_token: &'a str,
}

/// Who takes the number's calls. Both fields are always sent: a `null`
/// `assistantId` makes Vapi ask the server URL (`assistant-request`), a
/// `null` `fallbackDestination` clears an earlier one.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RouteBody<'a> {
    assistant_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    server: Option<ServerBody<'a>>,
    fallback_destination: Option<DestinationBody<'a>>,
}

/// Vapi presents `headers` on every message it sends to `url`.
#[derive(Serialize)]
struct ServerBody<'a> {
    url: &'a str,
    headers: BTreeMap<&'static str, &'a str>,
}

#[derive(Serialize)]
struct DestinationBody<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    number: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CallBody<'a> {
    assistant_id: &'a str,
    phone_number_id: &'a str,
    customer: CustomerBody<'a>,
}

#[derive(Serialize)]
struct CustomerBody<'a> {
    number: &'a str,
}

// ---------- What we read ----------

/// Only the id is read from a created resource; the rest (which may echo
/// `twilioAuthToken`) is skipped unread.
#[derive(Deserialize)]
struct CreatedId {
    id: String,
}

/// A created number: its id and its status.
#[derive(Deserialize)]
struct Created {
    id: String,
    #[serde(default)]
    status: Option<String>,
}

/// An assistant of `GET /assistant`, as far as Ava reads it. `metadata` is
/// free-form (other tools of the owner's org write it too), so it is read as
/// any JSON and only a string `avaAssistantId` counts.
#[derive(Deserialize)]
struct ListedAssistant {
    id: String,
    #[serde(default)]
    metadata: Option<serde_json::Value>,
}

impl ListedAssistant {
    fn ava_assistant_id(&self) -> Option<&str> {
        self.metadata.as_ref()?.get("avaAssistantId")?.as_str()
    }
}

/// A number of `GET /phone-number`, as far as Ava reads it (the rest, which
/// may echo `twilioAuthToken`, is skipped unread).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListedNumber {
    id: String,
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    assistant_id: Option<String>,
    #[serde(default)]
    server: Option<ListedServer>,
}

/// A number's `server`: only `url` is read; `headers`, which hold the
/// owner's webhook secret, are skipped unread.
#[derive(Deserialize)]
struct ListedServer {
    #[serde(default)]
    url: Option<String>,
}

/// Vapi's largest page: both lookups read one page, newest first.
const LIST_LIMIT: &str = "1000";

fn created(body: &[u8]) -> Result<Created, ProviderError> {
    let created: Created = parse(body)?;
    if created.id.trim().is_empty() {
        return Err(ProviderError::BadResponse);
    }
    Ok(created)
}

fn created_id(body: &[u8]) -> Result<String, ProviderError> {
    let CreatedId { id } = parse(body)?;
    if id.trim().is_empty() {
        return Err(ProviderError::BadResponse);
    }
    Ok(id)
}

/// Any JSON answer will do (the resource after the change); a body that is
/// not JSON means something else answered.
fn acknowledged(body: &[u8]) -> Result<(), ProviderError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    parse::<IgnoredAny>(body).map(|_| ())
}

#[async_trait]
impl VapiClient for VapiHttpClient {
    /// `GET /assistant?limit=1`: read-only, and only a private key may do it.
    /// The answer must be a JSON array: a 200 from something that is not
    /// Vapi proves nothing.
    async fn check_key(&self, key: &VapiApiKey) -> Result<(), ProviderError> {
        let body = self
            .send(
                Method::GET,
                &["assistant"],
                Some(("limit", "1")),
                key,
                None::<&()>,
                &[],
            )
            .await?;
        parse::<Vec<IgnoredAny>>(&body).map(|_| ())
    }

    async fn create_assistant(
        &self,
        key: &VapiApiKey,
        blueprint: &AssistantBlueprint,
    ) -> Result<String, ProviderError> {
        let body = AssistantBody::from_blueprint(blueprint);
        let answer = self
            .send(Method::POST, &["assistant"], None, key, Some(&body), &[])
            .await?;
        created_id(&answer)
    }

    async fn update_assistant(
        &self,
        key: &VapiApiKey,
        id: &str,
        blueprint: &AssistantBlueprint,
    ) -> Result<(), ProviderError> {
        let body = AssistantBody::from_blueprint(blueprint);
        let answer = self
            .send(
                Method::PATCH,
                &["assistant", id],
                None,
                key,
                Some(&body),
                &[],
            )
            .await?;
        acknowledged(&answer)
    }

    async fn find_assistant(
        &self,
        key: &VapiApiKey,
        assistant: AssistantId,
    ) -> Result<Option<String>, ProviderError> {
        let wanted = assistant.to_string();
        let listed: Vec<ListedAssistant> = self.list(key, "assistant").await?;
        Ok(listed
            .into_iter()
            .find(|listed| listed.ava_assistant_id() == Some(wanted.as_str()))
            .map(|listed| listed.id))
    }

    async fn delete_assistant(&self, key: &VapiApiKey, id: &str) -> Result<(), ProviderError> {
        self.delete(key, "assistant", id).await
    }

    async fn import_twilio_number(
        &self,
        key: &VapiApiKey,
        import: &NumberImport,
    ) -> Result<String, ProviderError> {
        let token = import.auth_token.expose();
        let body = ImportBody {
            provider: "twilio",
            number: import.number.as_str(),
            twilio_account_sid: import.account_sid.as_str(),
            twilio_auth_token: token,
            name: clip(&import.name, MAX_NAME_CHARS),
            assistant_id: &import.vapi_assistant_id,
            sms_enabled: false,
        };
        let answer = self
            .send(
                Method::POST,
                &["phone-number"],
                None,
                key,
                Some(&body),
                &[token],
            )
            .await?;
        let number = created(&answer)?;
        if number.status.as_deref() == Some("blocked") {
            // Vapi took the number but will not let it take calls: give it
            // back, so that the import fails as a whole.
            self.delete(key, "phone-number", &number.id).await?;
            return Err(ProviderError::Rejected {
                message: "Vapi blocked this phone number.".to_owned(),
            });
        }
        Ok(number.id)
    }

    async fn delete_number(&self, key: &VapiApiKey, number_id: &str) -> Result<(), ProviderError> {
        self.delete(key, "phone-number", number_id).await
    }

    async fn find_number(
        &self,
        key: &VapiApiKey,
        number: &PhoneNumber,
    ) -> Result<Option<ImportedNumber>, ProviderError> {
        let listed: Vec<ListedNumber> = self.list(key, "phone-number").await?;
        Ok(listed
            .into_iter()
            .find(|listed| listed.number.as_deref() == Some(number.as_str()))
            .map(|listed| ImportedNumber {
                id: listed.id,
                assistant_id: listed.assistant_id,
                server_url: listed.server.and_then(|server| server.url),
            }))
    }

    async fn bind_number(
        &self,
        key: &VapiApiKey,
        number_id: &str,
        vapi_assistant_id: &str,
    ) -> Result<(), ProviderError> {
        let body = BindBody {
            assistant_id: vapi_assistant_id,
        };
        let answer = self
            .send(
                Method::PATCH,
                &["phone-number", number_id],
                None,
                key,
                Some(&body),
                &[],
            )
            .await?;
        acknowledged(&answer)
    }

    async fn route_number(
        &self,
        key: &VapiApiKey,
        number_id: &str,
        routing: &LineRouting,
    ) -> Result<(), ProviderError> {
        let fallback_destination = routing.fallback.as_ref().map(|number| DestinationBody {
            kind: "number",
            number: number.as_str(),
        });
        let (body, secret) = match &routing.route {
            NumberRoute::Assistant { vapi_assistant_id } => (
                RouteBody {
                    assistant_id: Some(vapi_assistant_id),
                    server: None,
                    fallback_destination,
                },
                None,
            ),
            NumberRoute::Server { url, secret } => {
                let secret = secret.expose_secret();
                (
                    RouteBody {
                        assistant_id: None,
                        server: Some(ServerBody {
                            url,
                            headers: BTreeMap::from([(WEBHOOK_SECRET_HEADER, secret)]),
                        }),
                        fallback_destination,
                    },
                    Some(secret),
                )
            }
        };
        let answer = self
            .send(
                Method::PATCH,
                &["phone-number", number_id],
                None,
                key,
                Some(&body),
                secret.as_slice(),
            )
            .await?;
        acknowledged(&answer)
    }

    /// `POST /call`: only the new call's `id` is read.
    async fn start_call(
        &self,
        key: &VapiApiKey,
        call: &OutboundCall,
    ) -> Result<String, ProviderError> {
        let body = CallBody {
            assistant_id: &call.vapi_assistant_id,
            phone_number_id: &call.vapi_number_id,
            customer: CustomerBody {
                number: call.customer.as_str(),
            },
        };
        let answer = self
            .send(Method::POST, &["call"], None, key, Some(&body), &[])
            .await?;
        created_id(&answer)
    }

    async fn update_number_token(
        &self,
        key: &VapiApiKey,
        number_id: &str,
        auth_token: &TwilioAuthToken,
    ) -> Result<(), ProviderError> {
        let token = auth_token.expose();
        let body = TokenBody {
            twilio_auth_token: token,
        };
        let answer = self
            .send(
                Method::PATCH,
                &["phone-number", number_id],
                None,
                key,
                Some(&body),
                &[token],
            )
            .await?;
        acknowledged(&answer)
    }
}
