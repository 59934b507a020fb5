//! The use cases wired to their ports: what the HTTP layer and the
//! command line call.

use std::sync::Arc;

use chrono::Duration;

use crate::{
    account::{AccountPorts, AccountService, AppUrl},
    assistants::AssistantService,
    auth::AuthService,
    credentials::CredentialService,
    funnel::{FunnelService, Operators},
    keys::KeyService,
    line::{LineService, PublicUrl},
    onboarding::OnboardingService,
    ports::{
        AssistantRepository, CallRepository, Clock, CredentialRepository, Mailer,
        OnboardingEventRepository, OnboardingRepository, PasswordHasher, PasswordResetRepository,
        SecretCipher, SessionRepository, StudioRepository, TokenGenerator, TwilioClient,
        UserRepository, VapiClient,
    },
    profile::ProfileService,
    studio::StudioService,
};

/// One adapter per port.
pub struct Ports {
    pub users: Arc<dyn UserRepository>,
    pub sessions: Arc<dyn SessionRepository>,
    pub resets: Arc<dyn PasswordResetRepository>,
    pub onboarding: Arc<dyn OnboardingRepository>,
    pub onboarding_events: Arc<dyn OnboardingEventRepository>,
    pub studio: Arc<dyn StudioRepository>,
    pub credentials: Arc<dyn CredentialRepository>,
    pub assistants: Arc<dyn AssistantRepository>,
    pub calls: Arc<dyn CallRepository>,
    pub cipher: Arc<dyn SecretCipher>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub tokens: Arc<dyn TokenGenerator>,
    pub clock: Arc<dyn Clock>,
    pub vapi: Arc<dyn VapiClient>,
    pub twilio: Arc<dyn TwilioClient>,
    pub mailer: Arc<dyn Mailer>,
}

pub struct Services {
    pub auth: AuthService,
    pub account: AccountService,
    pub profile: ProfileService,
    pub onboarding: OnboardingService,
    pub studio: StudioService,
    pub credentials: Arc<CredentialService>,
    pub assistants: AssistantService,
    pub line: LineService,
    pub keys: KeyService,
    pub funnel: FunnelService,
}

impl Services {
    /// `app_url` is where owners open the web app (the links Ava emails);
    /// `operators` may see the onboarding funnel.
    pub fn new(
        ports: Ports,
        session_lifetime: Duration,
        public_url: PublicUrl,
        app_url: AppUrl,
        operators: Operators,
    ) -> Self {
        let credentials = Arc::new(CredentialService::new(
            ports.credentials.clone(),
            ports.cipher.clone(),
            ports.vapi.clone(),
            ports.twilio.clone(),
            ports.assistants.clone(),
            ports.tokens.clone(),
        ));
        let account = AccountService::new(
            AccountPorts {
                users: ports.users.clone(),
                sessions: ports.sessions.clone(),
                resets: ports.resets,
                hasher: ports.hasher.clone(),
                tokens: ports.tokens.clone(),
                clock: ports.clock.clone(),
                mailer: ports.mailer,
            },
            app_url,
        );
        Self {
            account,
            auth: AuthService::new(
                ports.users.clone(),
                ports.sessions,
                ports.onboarding_events.clone(),
                ports.hasher,
                ports.tokens,
                ports.clock.clone(),
                session_lifetime,
            ),
            profile: ProfileService::new(ports.users.clone(), ports.clock.clone()),
            onboarding: OnboardingService::new(
                ports.onboarding,
                ports.onboarding_events.clone(),
                ports.users.clone(),
                ports.studio.clone(),
                ports.credentials.clone(),
                ports.assistants.clone(),
                ports.clock.clone(),
            ),
            studio: StudioService::new(ports.studio.clone()),
            line: LineService::new(
                credentials.clone(),
                ports.users.clone(),
                ports.studio.clone(),
                ports.assistants.clone(),
                ports.calls,
                ports.vapi.clone(),
                ports.clock.clone(),
                public_url.clone(),
            ),
            assistants: AssistantService::new(
                credentials.clone(),
                ports.users.clone(),
                ports.studio,
                ports.assistants,
                ports.vapi,
                ports.clock,
                public_url,
            ),
            keys: KeyService::new(ports.credentials, ports.cipher),
            funnel: FunnelService::new(ports.onboarding_events, ports.users, operators),
            credentials,
        }
    }
}
