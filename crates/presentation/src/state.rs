use std::{future::Future, path::PathBuf, pin::Pin, sync::Arc};

use ava_application::Services;

/// Whether the process can serve: the composition root checks the database.
pub trait Readiness: Send + Sync {
    fn check(&self) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + '_>>;
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
}

#[derive(Clone)]
pub struct AppState {
    pub services: Arc<Services>,
    pub settings: Arc<HttpSettings>,
    pub readiness: Arc<dyn Readiness>,
}
