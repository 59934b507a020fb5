//! A faithful fake of the Vapi and Twilio HTTP APIs, on loopback.
//!
//! It follows `docs/providers.md` (paths, auth rules, status codes, error
//! bodies, response fields). Where that document is silent, the fake mimics
//! the real APIs as well as known, and the code says so with `UNCONFIRMED`.
//!
//! Each provider gets its own listener, so each has its own base URL, as in
//! production (`VAPI_BASE_URL`, `TWILIO_BASE_URL`):
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use ava_provider_fake::{FakeProviders, KeyKind};
//!
//! let fake = FakeProviders::start().await?;
//! let org = fake.add_vapi_org();
//! fake.add_vapi_key(&org, "my-private-key", KeyKind::Private);
//! println!("{} {}", fake.vapi_url(), fake.twilio_url());
//! # Ok(()) }
//! ```
//!
//! The fake Vapi also plays Vapi's side of an incoming call: see
//! [`FakeProviders::simulate_inbound_call`].
//!
//! The listeners stop when the [`FakeProviders`] is dropped.

mod demo;
mod http;
mod inbound;
mod smtp;
mod state;
mod twilio;
mod vapi;
mod xml;

use std::{
    net::{Ipv4Addr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use serde_json::Value;
use tokio::{net::TcpListener, sync::oneshot};

pub use demo::*;
pub use inbound::{Delivery, InboundRoute, SimulatedInbound, SimulationError};
pub use smtp::{CapturedMail, SmtpSink};
use state::Shared;
pub use vapi::{INVALID_KEY_MESSAGE, NUMBER_NOT_FOUND_MESSAGE};

/// How a fake provider answers, whatever the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Behaviour {
    /// Like the real provider.
    #[default]
    Normal,
    /// Every request answers 500 with the provider's error shape.
    ServerError,
    /// Every request is carried out at once and answered after this delay,
    /// like a provider slow to respond: a client that gives up waiting does
    /// not undo what it asked for.
    Slow(Duration),
    /// Like `Slow`, for the requests that change something (not GET).
    SlowWrites(Duration),
    /// Every request answers 200 with a body that is not JSON (an HTML page,
    /// as a misconfigured proxy would send).
    Garbage,
}

impl Behaviour {
    /// How long the answer to a `method` request is held back.
    fn delay(self, method: &axum::http::Method) -> Option<Duration> {
        match self {
            Behaviour::Slow(delay) => Some(delay),
            Behaviour::SlowWrites(delay) if method != axum::http::Method::GET => Some(delay),
            _ => None,
        }
    }
}

/// The two kinds of Vapi API keys. Only private keys may use the server API:
/// a public key (meant for the web SDK) gets a 401 like an unknown key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Private,
    Public,
}

/// The status of a Twilio account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    Active,
    Suspended,
    Closed,
}

impl AccountStatus {
    pub fn code(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Suspended => "suspended",
            AccountStatus::Closed => "closed",
        }
    }
}

/// The type of a Twilio account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccountType {
    Trial,
    #[default]
    Full,
}

impl AccountType {
    pub fn code(self) -> &'static str {
        match self {
            AccountType::Trial => "Trial",
            AccountType::Full => "Full",
        }
    }
}

/// What a Twilio number can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    pub voice: bool,
    pub sms: bool,
    pub mms: bool,
    pub fax: bool,
}

impl Capabilities {
    /// A typical local number: voice, SMS and MMS.
    pub const VOICE: Capabilities = Capabilities {
        voice: true,
        sms: true,
        mms: true,
        fax: false,
    };
    /// A messaging-only number (cannot take calls).
    pub const SMS_ONLY: Capabilities = Capabilities {
        voice: false,
        sms: true,
        mms: false,
        fax: false,
    };
}

/// Which fake provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Vapi,
    Twilio,
}

/// A request a fake received: method, path and query only (never headers or
/// bodies, which carry secrets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
}

/// Both fakes, each on its own loopback listener, sharing one state (so that
/// Vapi's phone-number import can check numbers against the fake Twilio).
pub struct FakeProviders {
    shared: Arc<Shared>,
    /// Sends Vapi's messages to the server URLs of numbers.
    webhooks: reqwest::Client,
    vapi_addr: SocketAddr,
    twilio_addr: SocketAddr,
    /// Dropping these senders stops the listeners.
    _stop: Vec<oneshot::Sender<()>>,
}

impl std::fmt::Debug for FakeProviders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeProviders")
            .field("vapi_addr", &self.vapi_addr)
            .field("twilio_addr", &self.twilio_addr)
            .finish_non_exhaustive()
    }
}

fn loopback_any_port() -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
}

impl FakeProviders {
    /// Both fakes, empty, on `127.0.0.1` ports chosen by the system.
    pub async fn start() -> std::io::Result<Self> {
        Self::bind(loopback_any_port(), loopback_any_port()).await
    }

    /// Both fakes seeded with the demo data (see the `DEMO_*` constants).
    pub async fn start_demo() -> std::io::Result<Self> {
        let fake = Self::start().await?;
        fake.seed_demo();
        Ok(fake)
    }

    /// Both fakes, empty, on the given addresses (port 0: any free port).
    pub async fn bind(vapi_addr: SocketAddr, twilio_addr: SocketAddr) -> std::io::Result<Self> {
        let shared = Arc::new(Shared::default());
        let webhooks = reqwest::Client::builder()
            .no_proxy()
            // UNCONFIRMED whether Vapi follows redirects: here a redirect
            // is the answer.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(std::io::Error::other)?;
        let vapi_listener = TcpListener::bind(vapi_addr).await?;
        let twilio_listener = TcpListener::bind(twilio_addr).await?;
        let vapi_addr = vapi_listener.local_addr()?;
        let twilio_addr = twilio_listener.local_addr()?;
        let stop = vec![
            serve(vapi_listener, vapi::router(shared.clone()), "vapi"),
            serve(twilio_listener, twilio::router(shared.clone()), "twilio"),
        ];
        Ok(Self {
            shared,
            webhooks,
            vapi_addr,
            twilio_addr,
            _stop: stop,
        })
    }

    /// Adds the demo organization, keys, accounts and numbers.
    pub fn seed_demo(&self) {
        demo::seed(self);
    }

    /// The Vapi base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn vapi_url(&self) -> String {
        format!("http://{}", self.vapi_addr)
    }

    /// The Twilio base URL, e.g. `http://127.0.0.1:41235` (no trailing slash).
    pub fn twilio_url(&self) -> String {
        format!("http://{}", self.twilio_addr)
    }

    pub fn vapi_addr(&self) -> SocketAddr {
        self.vapi_addr
    }

    pub fn twilio_addr(&self) -> SocketAddr {
        self.twilio_addr
    }

    /// Sets how one provider answers from now on.
    pub fn set_behaviour(&self, provider: Provider, behaviour: Behaviour) {
        self.shared.with(|state| match provider {
            Provider::Vapi => state.vapi_behaviour = behaviour,
            Provider::Twilio => state.twilio_behaviour = behaviour,
        });
    }

    pub fn set_vapi_behaviour(&self, behaviour: Behaviour) {
        self.set_behaviour(Provider::Vapi, behaviour);
    }

    pub fn set_twilio_behaviour(&self, behaviour: Behaviour) {
        self.set_behaviour(Provider::Twilio, behaviour);
    }

    // ---- Vapi ----

    /// A new, empty Vapi organization; answers its id (a UUID).
    pub fn add_vapi_org(&self) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.add_vapi_org_with_id(&id);
        id
    }

    /// A new, empty Vapi organization with this id (kept if it exists).
    pub fn add_vapi_org_with_id(&self, org_id: &str) {
        self.shared.with(|state| {
            state.vapi.orgs.entry(org_id.to_owned()).or_default();
        });
    }

    /// Registers `key` for the organization; answers false (and registers
    /// nothing) when the organization is unknown. A key registered again
    /// moves to the new organization and kind.
    pub fn add_vapi_key(&self, org_id: &str, key: &str, kind: KeyKind) -> bool {
        self.shared.with(|state| {
            if !state.vapi.orgs.contains_key(org_id) {
                return false;
            }
            state
                .vapi
                .keys
                .insert(key.to_owned(), (org_id.to_owned(), kind));
            true
        })
    }

    /// A new organization with one private key; answers the organization id.
    pub fn add_vapi_org_with_key(&self, private_key: &str) -> String {
        let org = self.add_vapi_org();
        self.add_vapi_key(&org, private_key, KeyKind::Private);
        org
    }

    /// Forgets a key (as when the owner deletes it in the Vapi dashboard).
    pub fn revoke_vapi_key(&self, key: &str) {
        self.shared.with(|state| {
            state.vapi.keys.remove(key);
        });
    }

    /// The organization a key belongs to, whatever its kind.
    pub fn vapi_org_of_key(&self, key: &str) -> Option<String> {
        self.shared
            .with(|state| state.vapi.keys.get(key).map(|(org, _)| org.clone()))
    }

    /// The organization's assistants as the API shows them, oldest first.
    pub fn assistants(&self, org_id: &str) -> Vec<Value> {
        self.shared.with(|state| {
            state
                .vapi
                .orgs
                .get(org_id)
                .map(|org| org.assistants.iter().cloned().map(Value::Object).collect())
                .unwrap_or_default()
        })
    }

    /// The organization's imported phone numbers as the API shows them
    /// (including the echoed `twilioAuthToken`), oldest first.
    pub fn phone_numbers(&self, org_id: &str) -> Vec<Value> {
        self.shared.with(|state| {
            state
                .vapi
                .orgs
                .get(org_id)
                .map(|org| {
                    org.phone_numbers
                        .iter()
                        .cloned()
                        .map(Value::Object)
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// The organization's calls as `GET /call` shows them (placed with
    /// `POST /call` or simulated), oldest first.
    pub fn calls(&self, org_id: &str) -> Vec<Value> {
        self.shared.with(|state| {
            state
                .vapi
                .orgs
                .get(org_id)
                .map(|org| org.calls.iter().cloned().map(Value::Object).collect())
                .unwrap_or_default()
        })
    }

    /// A call from `caller` to the imported `number` (E.164, in any
    /// organization), played as Vapi does: a number bound to an assistant is
    /// answered by it; a number without one asks its server URL with
    /// `assistant-request` and follows the answer (an assistant, a
    /// destination, or an error), falling back to its `fallbackDestination`
    /// when that fails. Then `end-of-call-report` goes to the server URL, if
    /// any. Both messages carry the number's `server.headers`.
    pub async fn simulate_inbound_call(
        &self,
        number: &str,
        caller: &str,
    ) -> Result<SimulatedInbound, SimulationError> {
        inbound::simulate(&self.shared, &self.webhooks, number, caller).await
    }

    // ---- Twilio ----

    /// Adds a Twilio account (type `Full`), or updates the token and status
    /// of the account with this SID (as when the owner rotates the token).
    pub fn add_twilio_account(&self, sid: &str, auth_token: &str, status: AccountStatus) {
        self.add_twilio_account_with(
            sid,
            auth_token,
            status,
            AccountType::Full,
            "My first Twilio account",
        );
    }

    /// Like [`Self::add_twilio_account`], with the type and friendly name.
    pub fn add_twilio_account_with(
        &self,
        sid: &str,
        auth_token: &str,
        status: AccountStatus,
        kind: AccountType,
        friendly_name: &str,
    ) {
        self.shared.with(|state| {
            state
                .twilio
                .upsert_account(sid, auth_token, status, kind, friendly_name)
        });
    }

    /// Adds a number to the account: with `voice`, a voice+SMS+MMS number,
    /// else an SMS-only one. Answers its SID (`PN…`), or `None` when the
    /// account is unknown.
    pub fn add_twilio_number(
        &self,
        account_sid: &str,
        number: &str,
        voice: bool,
    ) -> Option<String> {
        let capabilities = if voice {
            Capabilities::VOICE
        } else {
            Capabilities::SMS_ONLY
        };
        self.add_twilio_number_with(account_sid, number, capabilities)
    }

    /// Adds a number with these capabilities; answers its SID.
    pub fn add_twilio_number_with(
        &self,
        account_sid: &str,
        number: &str,
        capabilities: Capabilities,
    ) -> Option<String> {
        self.shared
            .with(|state| state.twilio.add_number(account_sid, number, capabilities))
    }

    /// The account's numbers as `IncomingPhoneNumbers.json` shows them
    /// (with `voice_url` showing whether Vapi took the number over).
    pub fn twilio_numbers(&self, account_sid: &str) -> Vec<Value> {
        self.shared.with(|state| {
            state
                .twilio
                .account(account_sid)
                .map(|account| {
                    account
                        .numbers
                        .iter()
                        .map(|n| n.to_json(account_sid))
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    // ---- Requests ----

    /// The requests one fake received, in order.
    pub fn requests(&self, provider: Provider) -> Vec<RecordedRequest> {
        self.shared.with(|state| match provider {
            Provider::Vapi => state.vapi_requests.clone(),
            Provider::Twilio => state.twilio_requests.clone(),
        })
    }

    pub fn vapi_requests(&self) -> Vec<RecordedRequest> {
        self.requests(Provider::Vapi)
    }

    pub fn twilio_requests(&self) -> Vec<RecordedRequest> {
        self.requests(Provider::Twilio)
    }
}

/// Serves `router` until the answered sender is dropped: then the listener
/// closes at once, and open connections close once their request is answered.
fn serve(listener: TcpListener, router: axum::Router, name: &'static str) -> oneshot::Sender<()> {
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let shutdown = async move {
            // Resolves when the sender is dropped (or sends).
            let _ = stopped.await;
        };
        if let Err(error) = axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::error!(provider = name, %error, "fake provider stopped");
        }
    });
    stop
}
