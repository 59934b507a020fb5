//! Demo mode (the `demo` feature): fakes of Vapi, Twilio and an SMTP server
//! on loopback, with Ava's real clients pointed at them.

use std::{future::Future, pin::Pin, sync::Arc};

use ava_api_types::{
    account::DemoMail,
    line::{SimulatedCall, SimulatedRoute},
};
use ava_presentation::{CallSimulator, DemoMailbox};
use ava_provider_fake::{FakeProviders, InboundRoute, SmtpSink};

use crate::{config::Config, startup::StartupError};

/// The running fakes: they live as long as the app that holds them.
pub struct Demo {
    providers: Arc<FakeProviders>,
    mail_sink: Arc<SmtpSink>,
}

impl Demo {
    pub async fn start() -> Result<Self, StartupError> {
        let providers = FakeProviders::start_demo().await.map_err(|error| {
            StartupError::Io(format!("cannot start the demo providers: {error}"))
        })?;
        tracing::warn!(
            vapi = %providers.vapi_url(),
            twilio = %providers.twilio_url(),
            "DEMO MODE: Vapi and Twilio are simulated in this process; nothing reaches the real providers"
        );
        let mail_sink = SmtpSink::start().await.map_err(|error| {
            StartupError::Io(format!("cannot start the demo SMTP sink: {error}"))
        })?;
        tracing::warn!(
            smtp = %mail_sink.url(),
            "DEMO MODE: mails go to a local SMTP sink; read them at GET /api/v1/demo/mails"
        );
        Ok(Self {
            providers: Arc::new(providers),
            mail_sink: Arc::new(mail_sink),
        })
    }

    /// `config` with Vapi, Twilio and SMTP replaced by the fakes.
    pub fn reroute(&self, config: &Config) -> Config {
        Config {
            vapi_base_url: self.providers.vapi_url(),
            twilio_base_url: self.providers.twilio_url(),
            smtp_url: Some(self.mail_sink.url().into()),
            ..config.clone()
        }
    }

    pub fn simulator(&self) -> Arc<dyn CallSimulator> {
        Arc::new(DemoCalls(self.providers.clone()))
    }

    pub fn mailbox(&self) -> Arc<dyn DemoMailbox> {
        Arc::new(DemoMails(self.mail_sink.clone()))
    }
}

/// Demo mode's Vapi places calls as the real one would.
struct DemoCalls(Arc<FakeProviders>);

impl CallSimulator for DemoCalls {
    fn place_call<'a>(
        &'a self,
        number: &'a str,
        caller: &'a str,
    ) -> Pin<Box<dyn Future<Output = Result<SimulatedCall, String>> + Send + 'a>> {
        Box::pin(async move {
            let call = self
                .0
                .simulate_inbound_call(number, caller)
                .await
                .map_err(|error| error.to_string())?;
            let route = match call.route {
                InboundRoute::Assistant { .. } => SimulatedRoute::Assistant,
                InboundRoute::Forwarded { .. } => SimulatedRoute::Forwarded,
                InboundRoute::Unanswered => SimulatedRoute::Unanswered,
            };
            Ok(SimulatedCall {
                call_id: call.call_id,
                route,
            })
        })
    }
}

/// Demo mode's mailbox: what its SMTP sink caught.
struct DemoMails(Arc<SmtpSink>);

impl DemoMailbox for DemoMails {
    fn mails(&self) -> Vec<DemoMail> {
        self.0
            .mails()
            .into_iter()
            .map(|mail| DemoMail {
                subject: mail.subject(),
                text: mail.text(),
                to: mail.to,
                received_at: mail.received_at,
            })
            .collect()
    }
}
