//! Wiring: adapters into ports, ports into use cases, use cases into the
//! HTTP app. The integration tests build the app exactly as `serve` does.

use std::{future::Future, net::SocketAddr, pin::Pin, sync::Arc};

use chrono::Duration;
use tokio::net::TcpListener;

use ava_application::{Ports, Services, line::PublicUrl};
use ava_infrastructure::{
    cipher::FernetCipher,
    passwords::Argon2Hasher,
    persistence::Store,
    providers::{twilio::TwilioHttpClient, vapi::VapiHttpClient},
    system::{RandomTokens, SystemClock},
};
use ava_presentation::{
    AppState, HttpSettings, Readiness,
    throttle::{ClientAddress, Limits, Throttles},
};

use crate::{
    config::{Config, Environment},
    keys::encryption_keys,
};

use ava_application::{account::AppUrl, ports::Mailer};
use ava_infrastructure::mail::{SmtpMailer, UnsentMailer};

/// How long a sign-in lasts.
const SESSION_DAYS: i64 = 30;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Keys(String),
}

struct DatabaseReadiness(Store);

impl Readiness for DatabaseReadiness {
    fn check(&self) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send + '_>> {
        Box::pin(async move { self.0.ping().await.map_err(|error| error.to_string()) })
    }
}

/// Connects and migrates the database named by the configuration.
pub async fn open_store(config: &Config) -> Result<Store, StartupError> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir).map_err(|error| {
            StartupError::Io(format!(
                "cannot create {}: {error}",
                config.data_dir.display()
            ))
        })?;
    }
    let store = Store::connect(&config.database_url).await?;
    store.migrate().await?;
    Ok(store)
}

pub fn cipher(config: &Config) -> Result<FernetCipher, StartupError> {
    FernetCipher::from_keys(&encryption_keys(config)?)
        .map_err(|error| StartupError::Config(error.to_string()))
}

/// How Ava sends mail, and where the links in its mails lead.
pub struct Outbox {
    pub mailer: Arc<dyn Mailer>,
    /// Where owners open the web app.
    pub app_url: String,
}

/// The mailer the configuration asks for: SMTP to `AVA_SMTP_URL`, else
/// none (mails are only logged as not sent).
pub fn mailer(config: &Config) -> Result<Arc<dyn Mailer>, StartupError> {
    match &config.smtp_url {
        Some(url) => Ok(Arc::new(
            SmtpMailer::new(url, &config.mail_from)
                .map_err(|error| StartupError::Config(error.to_string()))?,
        )),
        None => {
            if config.environment == Environment::Production {
                tracing::warn!("AVA_SMTP_URL is not set: password-reset emails cannot be sent");
            }
            Ok(Arc::new(UnsentMailer))
        }
    }
}

/// The use cases on the real adapters.
pub fn services(
    store: &Store,
    cipher: FernetCipher,
    public_url: Option<&str>,
    config: &Config,
    outbox: Outbox,
) -> Result<Services, StartupError> {
    let setup = |error: ava_infrastructure::providers::ProviderSetupError| {
        StartupError::Config(error.to_string())
    };
    let store = Arc::new(store.clone());
    let ports = Ports {
        users: store.clone(),
        sessions: store.clone(),
        resets: store.clone(),
        onboarding: store.clone(),
        onboarding_events: store.clone(),
        studio: store.clone(),
        credentials: store.clone(),
        assistants: store.clone(),
        calls: store,
        cipher: Arc::new(cipher),
        hasher: Arc::new(Argon2Hasher::default()),
        tokens: Arc::new(RandomTokens),
        clock: Arc::new(SystemClock),
        vapi: Arc::new(
            VapiHttpClient::new(&config.vapi_base_url, config.provider_timeout).map_err(setup)?,
        ),
        twilio: Arc::new(
            TwilioHttpClient::new(&config.twilio_base_url, config.provider_timeout)
                .map_err(setup)?,
        ),
        mailer: outbox.mailer,
    };
    Ok(Services::new(
        ports,
        Duration::days(SESSION_DAYS),
        PublicUrl::new(public_url),
        AppUrl::new(&outbox.app_url),
        config.operators.clone(),
    ))
}

/// The address Ava listens on, as a URL a local browser can open.
fn listening_url(listening: SocketAddr) -> String {
    let host = if listening.ip().is_unspecified() {
        SocketAddr::from(([127, 0, 0, 1], listening.port()))
    } else {
        listening
    };
    format!("http://{host}")
}

/// Where Vapi reaches this Ava: `AVA_PUBLIC_URL`, or in demo mode (whose
/// Vapi runs in this process) the address Ava listens on.
fn public_url(config: &Config, listening: SocketAddr) -> Option<String> {
    if config.public_url.is_some() || !config.demo {
        return config.public_url.clone();
    }
    Some(listening_url(listening))
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    /// `GET /metrics` on its own address (`AVA_METRICS_ADDR`), if set.
    metrics: Option<(TcpListener, axum::Router)>,
    throttles: Arc<Throttles>,
    /// Demo mode's fakes: they live as long as the app.
    #[cfg(feature = "demo")]
    _demo: Option<crate::demo::Demo>,
}

/// Why `--demo` fails in a build without the fakes.
#[cfg(not(feature = "demo"))]
const DEMO_NOT_BUILT: &str = "demo mode is not in this build: ava-server was built without the \
    `demo` feature (the fakes of Vapi, Twilio and SMTP), as the production image is; \
    build it with default features to run --demo";

impl Application {
    pub async fn build(config: &Config) -> Result<Self, StartupError> {
        if config.demo && config.environment == Environment::Production {
            return Err(StartupError::Config(
                "demo mode cannot run with AVA_ENV=production".to_owned(),
            ));
        }
        #[cfg(not(feature = "demo"))]
        if config.demo {
            return Err(StartupError::Config(DEMO_NOT_BUILT.to_owned()));
        }
        #[cfg(feature = "demo")]
        let demo = if config.demo {
            Some(crate::demo::Demo::start().await?)
        } else {
            None
        };
        #[cfg(feature = "demo")]
        let rerouted = demo.as_ref().map(|demo| demo.reroute(config));
        #[cfg(feature = "demo")]
        let config = rerouted.as_ref().unwrap_or(config);
        let listener = TcpListener::bind(config.addr).await.map_err(|error| {
            StartupError::Io(format!("cannot listen on {}: {error}", config.addr))
        })?;
        let listening = listener
            .local_addr()
            .map_err(|error| StartupError::Io(error.to_string()))?;
        let metrics_listener = match config.metrics_addr {
            Some(addr) => Some(TcpListener::bind(addr).await.map_err(|error| {
                StartupError::Io(format!(
                    "cannot listen on {addr} (AVA_METRICS_ADDR): {error}"
                ))
            })?),
            None => None,
        };
        let public_url = public_url(config, listening);
        let outbox = Outbox {
            mailer: mailer(config)?,
            // The links in mails lead to the public address, else to this one.
            app_url: public_url
                .clone()
                .unwrap_or_else(|| listening_url(listening)),
        };
        let store = open_store(config).await?;
        let services = services(
            &store,
            cipher(config)?,
            public_url.as_deref(),
            config,
            outbox,
        )?;
        let verified = services
            .keys
            .verify()
            .await
            .map_err(|error| StartupError::Keys(error.to_string()))?;
        verified.map_err(|unknown| StartupError::Keys(unknown.to_string()))?;
        let throttles = Arc::new(Throttles::new(
            Limits::default(),
            ClientAddress {
                trusted_header: config.trusted_proxy_header.clone(),
            },
        ));
        let state = AppState {
            throttles: throttles.clone(),
            services: Arc::new(services),
            settings: Arc::new(HttpSettings {
                secure_cookies: config.environment == Environment::Production,
                demo: config.demo,
                static_dir: config.static_dir.clone(),
                public_metrics: metrics_listener.is_none(),
            }),
            readiness: Arc::new(DatabaseReadiness(store)),
            #[cfg(feature = "demo")]
            simulator: demo.as_ref().map(crate::demo::Demo::simulator),
            #[cfg(feature = "demo")]
            mailbox: demo.as_ref().map(crate::demo::Demo::mailbox),
        };
        Ok(Self {
            listener,
            metrics: metrics_listener
                .map(|listener| (listener, ava_presentation::metrics_app(state.clone()))),
            router: ava_presentation::app(state),
            throttles,
            #[cfg(feature = "demo")]
            _demo: demo,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Where `GET /metrics` is served when it has an address of its own.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics
            .as_ref()
            .and_then(|(listener, _)| listener.local_addr().ok())
    }

    /// Serves until `shutdown` resolves, then finishes the requests under
    /// way (for a bounded time).
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let throttles = self.throttles;
        let forgetting = tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                throttles.forget_idle();
            }
        });
        // Scrapes under way need no grace: it stops with the app.
        let metrics = self.metrics.map(|(listener, router)| {
            tokio::spawn(crate::serve::serve(
                listener,
                router,
                std::future::pending(),
            ))
        });
        let served = crate::serve::serve(self.listener, self.router, shutdown).await;
        forgetting.abort();
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        served
    }
}
