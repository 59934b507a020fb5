//! Wiring: adapters into ports, ports into use cases, use cases into the
//! HTTP app. The integration tests build the app exactly as `serve` does.

use std::{future::Future, net::SocketAddr, pin::Pin, sync::Arc};

use chrono::Duration;
use tokio::net::TcpListener;

use ava_application::{Ports, Services};
use ava_infrastructure::{
    cipher::FernetCipher,
    passwords::Argon2Hasher,
    persistence::Store,
    providers::{twilio::TwilioHttpClient, vapi::VapiHttpClient},
    system::{RandomTokens, SystemClock},
};
use ava_presentation::{AppState, HttpSettings, Readiness};
use ava_provider_fake::FakeProviders;

use crate::{
    config::{Config, Environment},
    keys::encryption_keys,
};

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

/// The use cases on the real adapters.
pub fn services(
    store: &Store,
    cipher: FernetCipher,
    vapi_base_url: &str,
    twilio_base_url: &str,
    config: &Config,
) -> Result<Services, StartupError> {
    let setup = |error: ava_infrastructure::providers::ProviderSetupError| {
        StartupError::Config(error.to_string())
    };
    let store = Arc::new(store.clone());
    let ports = Ports {
        users: store.clone(),
        sessions: store.clone(),
        onboarding: store.clone(),
        studio: store.clone(),
        credentials: store.clone(),
        assistants: store,
        cipher: Arc::new(cipher),
        hasher: Arc::new(Argon2Hasher::default()),
        tokens: Arc::new(RandomTokens),
        clock: Arc::new(SystemClock),
        vapi: Arc::new(VapiHttpClient::new(vapi_base_url, config.provider_timeout).map_err(setup)?),
        twilio: Arc::new(
            TwilioHttpClient::new(twilio_base_url, config.provider_timeout).map_err(setup)?,
        ),
    };
    Ok(Services::new(ports, Duration::days(SESSION_DAYS)))
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    /// The simulated providers of demo mode: they live as long as the app.
    _demo: Option<FakeProviders>,
}

impl Application {
    pub async fn build(config: &Config) -> Result<Self, StartupError> {
        let demo = if config.demo {
            if config.environment == Environment::Production {
                return Err(StartupError::Config(
                    "demo mode cannot run with AVA_ENV=production".to_owned(),
                ));
            }
            let fake = FakeProviders::start_demo().await.map_err(|error| {
                StartupError::Io(format!("cannot start the demo providers: {error}"))
            })?;
            tracing::warn!(
                vapi = %fake.vapi_url(),
                twilio = %fake.twilio_url(),
                "DEMO MODE: Vapi and Twilio are simulated in this process; nothing reaches the real providers"
            );
            Some(fake)
        } else {
            None
        };
        let (vapi_url, twilio_url) = match &demo {
            Some(fake) => (fake.vapi_url(), fake.twilio_url()),
            None => (config.vapi_base_url.clone(), config.twilio_base_url.clone()),
        };
        let store = open_store(config).await?;
        let services = services(&store, cipher(config)?, &vapi_url, &twilio_url, config)?;
        let verified = services
            .keys
            .verify()
            .await
            .map_err(|error| StartupError::Keys(error.to_string()))?;
        verified.map_err(|unknown| StartupError::Keys(unknown.to_string()))?;
        let state = AppState {
            services: Arc::new(services),
            settings: Arc::new(HttpSettings {
                secure_cookies: config.environment == Environment::Production,
                demo: demo.is_some(),
                static_dir: config.static_dir.clone(),
            }),
            readiness: Arc::new(DatabaseReadiness(store)),
        };
        let listener = TcpListener::bind(config.addr).await.map_err(|error| {
            StartupError::Io(format!("cannot listen on {}: {error}", config.addr))
        })?;
        Ok(Self {
            listener,
            router: ava_presentation::app(state),
            _demo: demo,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves, then finishes the requests under way.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
    }
}
