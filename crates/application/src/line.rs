//! The owner's line once live: how Vapi reaches Ava about each call, what
//! Ava answers, the calls it was told about, the test call, and a status
//! that is checked, not assumed.

use std::sync::Arc;

use ava_domain::{
    assistant::{Assistant, HoursEnforcement},
    call::{Call, CallReport},
    ids::{CallId, UserId},
    phone::PhoneNumber,
    routing::{CallRoute, during_hours, route_call},
    schedule::Schedule,
};

use crate::{
    credentials::CredentialService,
    error::{AppError, Provider},
    ports::{
        AssistantRepository, CallRepository, Clock, LineRouting, NumberRoute, OutboundCall,
        ProviderError, StudioRepository, UserRepository, VapiClient,
    },
};

/// The header in which Vapi presents the owner's webhook secret (Ava puts
/// it in the number's `server.headers`).
pub const WEBHOOK_SECRET_HEADER: &str = "x-ava-secret";

/// Where, under the public URL, Vapi posts its messages about an owner's calls.
pub fn webhook_path(owner: UserId) -> String {
    format!("/api/v1/webhooks/vapi/{owner}")
}

/// The base URL at which Vapi reaches this Ava (`AVA_PUBLIC_URL`), if any.
#[derive(Debug, Clone, Default)]
pub struct PublicUrl(Option<String>);

impl PublicUrl {
    /// `base` without its trailing slashes.
    pub fn new(base: Option<&str>) -> Self {
        Self(base.map(|base| base.trim_end_matches('/').to_owned()))
    }

    pub fn is_set(&self) -> bool {
        self.0.is_some()
    }

    pub fn enforcement(&self) -> HoursEnforcement {
        if self.is_set() {
            HoursEnforcement::ByAva
        } else {
            HoursEnforcement::Advisory
        }
    }

    pub fn webhook_url(&self, owner: UserId) -> Option<String> {
        self.0
            .as_ref()
            .map(|base| format!("{base}{}", webhook_path(owner)))
    }
}

/// How the owner's number should be set up for calls now: Vapi asks Ava
/// about each one when the public URL is set, else the assistant answers
/// directly; either way a call Ava cannot take goes to `fallback`.
pub async fn line_routing(
    public_url: &PublicUrl,
    credentials: &CredentialService,
    owner: UserId,
    vapi_assistant_id: &str,
    fallback: Option<PhoneNumber>,
) -> Result<LineRouting, AppError> {
    let route = match public_url.webhook_url(owner) {
        Some(url) => NumberRoute::Server {
            url,
            secret: credentials.webhook_secret(owner).await?,
        },
        None => NumberRoute::Assistant {
            vapi_assistant_id: vapi_assistant_id.to_owned(),
        },
    };
    Ok(LineRouting { route, fallback })
}

/// Something that stops Ava answering, or weakens how she does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineProblem {
    VapiNotConnected,
    VapiKeyRejected,
    VapiUnreachable,
    NoAssistant,
    TwilioNotConnected,
    NoPhoneNumber,
    NumberNotImported,
    NumberNotRouted,
    HoursNotSet,
    PublicUrlNotSet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineStatus {
    pub answering: bool,
    pub phone_number: Option<PhoneNumber>,
    pub hours_enforced: bool,
    pub open_now: Option<bool>,
    pub problems: Vec<LineProblem>,
}

/// A message from Vapi about one of the owner's calls, as far as Ava reads it.
#[derive(Debug, Clone)]
pub enum VapiMessage {
    AssistantRequest,
    EndOfCallReport(CallReport),
    /// Any other type: acknowledged, nothing changes.
    Other,
}

/// Ava's answer to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageAnswer {
    Route {
        vapi_assistant_id: String,
        route: CallRoute,
    },
    /// No assistant to take the call: Vapi speaks this and hangs up.
    Unavailable,
    Acknowledged,
}

pub struct LineService {
    credentials: Arc<CredentialService>,
    users: Arc<dyn UserRepository>,
    studio: Arc<dyn StudioRepository>,
    assistants: Arc<dyn AssistantRepository>,
    calls: Arc<dyn CallRepository>,
    vapi: Arc<dyn VapiClient>,
    clock: Arc<dyn Clock>,
    public_url: PublicUrl,
}

/// The most calls one page holds.
pub const MAX_PAGE: u64 = 100;

impl LineService {
    #[allow(clippy::too_many_arguments, reason = "one port each")]
    pub fn new(
        credentials: Arc<CredentialService>,
        users: Arc<dyn UserRepository>,
        studio: Arc<dyn StudioRepository>,
        assistants: Arc<dyn AssistantRepository>,
        calls: Arc<dyn CallRepository>,
        vapi: Arc<dyn VapiClient>,
        clock: Arc<dyn Clock>,
        public_url: PublicUrl,
    ) -> Self {
        Self {
            credentials,
            users,
            studio,
            assistants,
            calls,
            vapi,
            clock,
            public_url,
        }
    }

    pub fn public_url(&self) -> &PublicUrl {
        &self.public_url
    }

    /// The assistant that answers the owner's line: the newest with a number.
    async fn line_assistant(&self, owner: UserId) -> Result<Option<Assistant>, AppError> {
        let assistants = self.assistants.list(owner).await?;
        let with_number = assistants
            .iter()
            .rev()
            .find(|assistant| assistant.vapi_phone_number_id.is_some());
        Ok(with_number.or(assistants.last()).cloned())
    }

    /// The number the owner's line answers, once imported.
    pub async fn line_number(&self, owner: UserId) -> Result<Option<PhoneNumber>, AppError> {
        Ok(self
            .line_assistant(owner)
            .await?
            .filter(|assistant| assistant.vapi_phone_number_id.is_some())
            .and_then(|assistant| assistant.phone_number))
    }

    /// Authenticates a message for `owner` before anything is read: a wrong
    /// or missing secret, or an owner unknown here, is the same refusal.
    pub async fn authenticate(
        &self,
        owner: &str,
        presented: Option<&str>,
    ) -> Result<UserId, AppError> {
        let owner = UserId::parse(owner).ok_or(AppError::WebhookUnauthorized)?;
        let presented = presented.ok_or(AppError::WebhookUnauthorized)?;
        if self.credentials.is_webhook_secret(owner, presented).await? {
            Ok(owner)
        } else {
            Err(AppError::WebhookUnauthorized)
        }
    }

    /// Answers an authenticated message about one of `owner`'s calls.
    pub async fn handle(
        &self,
        owner: UserId,
        message: VapiMessage,
    ) -> Result<MessageAnswer, AppError> {
        match message {
            VapiMessage::AssistantRequest => self.route(owner).await,
            VapiMessage::EndOfCallReport(report) => {
                self.record(owner, report).await?;
                Ok(MessageAnswer::Acknowledged)
            }
            VapiMessage::Other => Ok(MessageAnswer::Acknowledged),
        }
    }

    async fn route(&self, owner: UserId) -> Result<MessageAnswer, AppError> {
        let Some(assistant) = self.line_assistant(owner).await? else {
            tracing::warn!(user_id = %owner, "a call came in with no assistant to take it");
            return Ok(MessageAnswer::Unavailable);
        };
        let profile = self
            .users
            .profile(owner)
            .await?
            .ok_or(AppError::WebhookUnauthorized)?;
        let studio = self.studio.get(owner).await?.unwrap_or_default();
        let business = profile.organization_name.as_ref().map(|name| name.as_str());
        let route = route_call(
            &studio,
            business,
            studio.first_language(profile.locale),
            self.clock.now(),
        );
        Ok(MessageAnswer::Route {
            vapi_assistant_id: assistant.vapi_assistant_id,
            route,
        })
    }

    async fn record(&self, owner: UserId, report: CallReport) -> Result<CallId, AppError> {
        let studio = self.studio.get(owner).await?.unwrap_or_default();
        let started = report.started_at.unwrap_or_else(|| self.clock.now());
        let call = Call {
            id: CallId::generate(),
            owner,
            during_hours: during_hours(&studio, started),
            report,
        };
        let id = self.calls.record(&call).await?;
        tracing::info!(user_id = %owner, call_id = %id, "call report recorded");
        Ok(id)
    }

    /// A page of the owner's calls, newest first, and the cursor of the next.
    pub async fn calls(
        &self,
        owner: UserId,
        limit: u64,
        before: Option<CallId>,
    ) -> Result<(Vec<Call>, Option<CallId>), AppError> {
        let limit = limit.clamp(1, MAX_PAGE);
        let mut calls = self.calls.page(owner, limit + 1, before).await?;
        let next = if calls.len() as u64 > limit {
            calls.truncate(limit as usize);
            calls.last().map(|call| call.id)
        } else {
            None
        };
        Ok((calls, next))
    }

    /// Vapi calls `number` with the owner's assistant, from their number.
    pub async fn test_call(&self, owner: UserId, number: PhoneNumber) -> Result<String, AppError> {
        let key = self.credentials.vapi_key(owner).await?;
        let assistant = self
            .line_assistant(owner)
            .await?
            .ok_or(AppError::LineNotReady)?;
        let vapi_number_id = assistant
            .vapi_phone_number_id
            .ok_or(AppError::LineNotReady)?;
        let call = OutboundCall {
            vapi_assistant_id: assistant.vapi_assistant_id,
            vapi_number_id,
            customer: number,
        };
        let id = self
            .vapi
            .start_call(&key, &call)
            .await
            .map_err(AppError::provider(Provider::Vapi))?;
        tracing::info!(user_id = %owner, "test call placed");
        Ok(id)
    }

    /// Whether a call to the owner's number reaches Ava now, checked with
    /// Vapi; and what is missing or weak.
    pub async fn status(&self, owner: UserId) -> Result<LineStatus, AppError> {
        let mut problems = Vec::new();
        let key = match self.credentials.vapi_key(owner).await {
            Ok(key) => Some(key),
            Err(AppError::NotConnected(_)) => {
                problems.push(LineProblem::VapiNotConnected);
                None
            }
            Err(error) => return Err(error),
        };
        let assistant = self.line_assistant(owner).await?;
        if assistant.is_none() {
            problems.push(LineProblem::NoAssistant);
        }
        let twilio = self.credentials.twilio_connection(owner).await?;
        let twilio_connected = twilio.is_some();
        if !twilio_connected {
            problems.push(LineProblem::TwilioNotConnected);
        }
        let studio = self.studio.get(owner).await?.unwrap_or_default();
        let phone_number = assistant
            .as_ref()
            .and_then(|assistant| assistant.phone_number.clone())
            .or_else(|| studio.phone_number.clone())
            .or_else(|| twilio.and_then(|twilio| twilio.phone_number));
        let mut routed = false;
        match (&key, &phone_number) {
            (_, None) => problems.push(LineProblem::NoPhoneNumber),
            (Some(key), Some(number)) => match self.vapi.find_number(key, number).await {
                Ok(Some(imported)) => {
                    routed = match (self.public_url.webhook_url(owner), &assistant) {
                        (Some(url), Some(_)) => {
                            imported.assistant_id.is_none()
                                && imported.server_url.as_deref() == Some(url.as_str())
                        }
                        (None, Some(assistant)) => {
                            imported.assistant_id.as_deref()
                                == Some(assistant.vapi_assistant_id.as_str())
                        }
                        (_, None) => false,
                    };
                    if !routed && assistant.is_some() {
                        problems.push(LineProblem::NumberNotRouted);
                    }
                }
                Ok(None) => problems.push(LineProblem::NumberNotImported),
                Err(ProviderError::Unauthorized) => problems.push(LineProblem::VapiKeyRejected),
                Err(error) => {
                    tracing::warn!(user_id = %owner, %error, "could not check the line with Vapi");
                    problems.push(LineProblem::VapiUnreachable);
                }
            },
            (None, Some(_)) => {}
        }
        let open_now = studio
            .business_hours
            .as_ref()
            .map(|hours| Schedule::new(hours, &studio.closures).is_open_at(self.clock.now()));
        if open_now.is_none() {
            problems.push(LineProblem::HoursNotSet);
        }
        if !self.public_url.is_set() {
            problems.push(LineProblem::PublicUrlNotSet);
        }
        Ok(LineStatus {
            // Routed means: a key Vapi accepts, an assistant, the number imported.
            answering: routed && twilio_connected,
            phone_number,
            hours_enforced: self.public_url.is_set(),
            open_now,
            problems,
        })
    }

    /// A new webhook secret; the owner's number is given it at once, so
    /// Vapi never presents a secret Ava no longer accepts for long.
    pub async fn rotate_webhook_secret(&self, owner: UserId) -> Result<(), AppError> {
        self.credentials.rotate_webhook_secret(owner).await?;
        let Some(assistant) = self.line_assistant(owner).await? else {
            return Ok(());
        };
        let (Some(number_id), Ok(key)) = (
            assistant.vapi_phone_number_id.as_deref(),
            self.credentials.vapi_key(owner).await,
        ) else {
            return Ok(());
        };
        let studio = self.studio.get(owner).await?.unwrap_or_default();
        let routing = line_routing(
            &self.public_url,
            &self.credentials,
            owner,
            &assistant.vapi_assistant_id,
            studio.handoff_number,
        )
        .await?;
        self.vapi
            .route_number(&key, number_id, &routing)
            .await
            .map_err(AppError::provider(Provider::Vapi))
    }
}

#[cfg(test)]
mod tests;
