use std::{future::Future, path::PathBuf, pin::Pin, sync::Arc};

use ava_application::Services;

/// Whether the process can serve: the composition root checks the database.
pub trait Readiness: Send + Sync {
    fn check(&self) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + '_>>;
}

/// Demo mode's simulated Vapi: places a call to one of its numbers the way
/// Vapi would, asking Ava how to route it and reporting it at its end.
#[cfg(feature = "demo")]
pub trait CallSimulator: Send + Sync {
    fn place_call<'a>(
        &'a self,
        number: &'a str,
        caller: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<ava_api_types::line::SimulatedCall, String>> + Send + 'a>>;
}

/// Demo mode's mail sink: the mails Ava sent, caught on loopback.
#[cfg(feature = "demo")]
pub trait DemoMailbox: Send + Sync {
    /// Oldest first.
    fn mails(&self) -> Vec<ava_api_types::account::DemoMail>;
}

/// What the HTTP layer needs beyond the use cases.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// `Secure` session cookies: on in production, where Ava runs behind HTTPS.
    pub secure_cookies: bool,
    /// Vapi and Twilio are simulated in-process; the SPA shows a banner.
    pub demo: bool,
    /// The built SPA (`index.html` and `assets/`), if served by this process.
    pub static_dir: Option<PathBuf>,
    /// `GET /metrics` on the public address; off when it has its own
    /// ([`crate::metrics_app`]).
    pub public_metrics: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub services: Arc<Services>,
    pub settings: Arc<HttpSettings>,
    pub readiness: Arc<dyn Readiness>,
    /// Only in demo mode.
    #[cfg(feature = "demo")]
    pub simulator: Option<Arc<dyn CallSimulator>>,
    /// Only in demo mode.
    #[cfg(feature = "demo")]
    pub mailbox: Option<Arc<dyn DemoMailbox>>,
    pub throttles: Arc<crate::throttle::Throttles>,
}
