//! Sending email: over SMTP (lettre, TLS by rustls), or, where no SMTP
//! server is configured, only a log line saying that a mail was not sent.

use std::time::Duration;

use async_trait::async_trait;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Body, Mailbox, header::ContentTransferEncoding, header::ContentType},
};
use secrecy::{ExposeSecret, SecretString};

use ava_application::ports::{Mail, MailError, Mailer};

/// Why the mail settings cannot be used. Never repeats the SMTP URL: it may
/// hold a password.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error(
        "AVA_SMTP_URL is not an smtp:// or smtps:// URL such as smtps://user:password@mail.example.com"
    )]
    SmtpUrl,
    #[error("AVA_MAIL_FROM is not an address such as \"Ava <no-reply@example.com>\"")]
    From,
}

/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

/// Sends over SMTP. `smtps://` is TLS from the first byte (port 465 by
/// default); `smtp://` requires STARTTLS (port 587), except on loopback,
/// where a local relay or test sink may speak plain SMTP.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// The host of an `smtp(s)://[user[:password]@]host[:port]` URL.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if let Some(bracketed) = host_port.strip_prefix('[') {
        bracketed.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl SmtpMailer {
    pub fn new(url: &SecretString, from: &str) -> Result<Self, MailSetupError> {
        let url = url.expose_secret().trim();
        let host = host_of(url).ok_or(MailSetupError::SmtpUrl)?;
        let url = if url.starts_with("smtp://") && !url.contains("tls=") && !is_loopback(host) {
            let separator = if url.contains('?') { '&' } else { '?' };
            format!("{url}{separator}tls=required")
        } else if url.starts_with("smtp://") || url.starts_with("smtps://") {
            url.to_owned()
        } else {
            return Err(MailSetupError::SmtpUrl);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
            .map_err(|_| MailSetupError::SmtpUrl)?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from = from.parse::<Mailbox>().map_err(|_| MailSetupError::From)?;
        Ok(Self { transport, from })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: Mail) -> Result<(), MailError> {
        let to =
            mail.to.as_str().parse::<Mailbox>().map_err(|_| {
                MailError("the recipient's address is not usable for SMTP".to_owned())
            })?;
        // Base64 keeps long lines and every script intact through any relay.
        let body = Body::new_with_encoding(
            mail.text.expose_secret().to_owned(),
            ContentTransferEncoding::Base64,
        )
        .map_err(|_| MailError("the text could not be encoded".to_owned()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|error| MailError(format!("the message could not be built: {error}")))?;
        self.transport
            .send(message)
            .await
            .map_err(|error| MailError(format!("SMTP: {error}")))?;
        Ok(())
    }
}

/// Development without SMTP: says that a mail was not sent, and never what
/// it said (it may hold a secret link).
pub struct UnsentMailer;

#[async_trait]
impl Mailer for UnsentMailer {
    async fn send(&self, mail: Mail) -> Result<(), MailError> {
        tracing::warn!(
            subject = %mail.subject,
            "mail not sent: no SMTP configured (set AVA_SMTP_URL)"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_is_read_past_the_credentials() {
        assert_eq!(
            host_of("smtps://user:p%40ss@mail.example.com:465"),
            Some("mail.example.com")
        );
        assert_eq!(host_of("smtp://127.0.0.1:2525"), Some("127.0.0.1"));
        assert_eq!(host_of("smtp://[::1]:25"), Some("::1"));
        assert_eq!(host_of("smtp://"), None);
        assert!(is_loopback("127.0.0.1") && is_loopback("::1") && is_loopback("LOCALHOST"));
        assert!(!is_loopback("mail.example.com"));
    }

    #[test]
    fn refusals_never_repeat_the_url() {
        let secret = SecretString::from("ftp://user:hunter2@mail.example.com".to_owned());
        let error = SmtpMailer::new(&secret, "Ava <a@example.com>")
            .err()
            .expect("refused");
        assert!(!error.to_string().contains("hunter2"));
        let url = SecretString::from("smtps://user:hunter2@mail.example.com".to_owned());
        assert!(matches!(
            SmtpMailer::new(&url, "not an address"),
            Err(MailSetupError::From)
        ));
        assert!(SmtpMailer::new(&url, "Ava <no-reply@example.com>").is_ok());
    }
}
