//! Configuration from the environment (and `.env`), checked once at start.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    time::Duration,
};

use ava_application::funnel::Operators;
use secrecy::SecretString;

/// The sender of Ava's mails when `AVA_MAIL_FROM` is not set.
pub const DEFAULT_MAIL_FROM: &str = "Ava <no-reply@localhost>";

/// `AVA_ENV`: production refuses what development tolerates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    pub addr: SocketAddr,
    /// `AVA_METRICS_ADDR`: `GET /metrics` is served there, and not on `addr`.
    pub metrics_addr: Option<SocketAddr>,
    pub database_url: String,
    pub data_dir: PathBuf,
    /// `ENCRYPTION_KEY` as given (comma-separated keys, newest first).
    pub encryption_key: Option<String>,
    pub vapi_base_url: String,
    pub twilio_base_url: String,
    pub provider_timeout: Duration,
    pub static_dir: Option<PathBuf>,
    /// Simulate Vapi and Twilio in-process (never in production).
    pub demo: bool,
    /// `AVA_PUBLIC_URL`: where Vapi reaches this Ava about each call.
    pub public_url: Option<String>,
    /// `AVA_SMTP_URL`: the SMTP server of outgoing mail (it may hold a
    /// password: `SecretString` never prints it). Unset: mails are not sent.
    pub smtp_url: Option<SecretString>,
    /// `AVA_MAIL_FROM`: the sender of Ava's mails.
    pub mail_from: String,
    /// `AVA_TRUSTED_PROXY_HEADER`: the header in which the load balancer in
    /// front of Ava puts the client's address (e.g. `X-Forwarded-For`).
    pub trusted_proxy_header: Option<axum::http::HeaderName>,
    /// `AVA_ADMIN_EMAILS`: the accounts that may see the onboarding funnel.
    pub operators: Operators,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

fn parse<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(raw) => raw.parse().map_err(|error: T::Err| ConfigError::Invalid {
            name,
            reason: error.to_string(),
        }),
    }
}

fn flag(name: &'static str) -> Result<bool, ConfigError> {
    match var(name).map(|value| value.to_ascii_lowercase()).as_deref() {
        None | Some("0" | "false" | "no") => Ok(false),
        Some("1" | "true" | "yes") => Ok(true),
        Some(other) => Err(ConfigError::Invalid {
            name,
            reason: format!("{other:?} is not 1/true/yes or 0/false/no"),
        }),
    }
}

/// The embedded default: a SQLite file in the data folder, created on first run.
pub fn sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("ava.db").display())
}

/// An `http(s)://host[:port][/path]` base (https in production), without
/// query or fragment: Vapi's server URLs are built under it.
fn public_url(raw: String, environment: Environment) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::Invalid {
        name: "AVA_PUBLIC_URL",
        reason: reason.to_owned(),
    };
    // Vapi sends the owner's webhook secret with every message.
    if environment == Environment::Production && !raw.starts_with("https://") {
        return Err(invalid("in production it must start with https://"));
    }
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
        .ok_or_else(|| invalid("it must start with https:// (or http:// for local tests)"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || rest.contains(['?', '#', ' ']) || host.contains('@') {
        return Err(invalid(
            "it must be a plain base URL such as https://ava.example.com",
        ));
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

impl Environment {
    /// `AVA_ENV`.
    pub fn from_env() -> Result<Self, ConfigError> {
        match var("AVA_ENV").as_deref() {
            None | Some("development") => Ok(Environment::Development),
            Some("production") => Ok(Environment::Production),
            Some(other) => Err(ConfigError::Invalid {
                name: "AVA_ENV",
                reason: format!("{other:?} is neither development nor production"),
            }),
        }
    }
}

/// How log lines are written (`AVA_LOG_FORMAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// One JSON object a line, with the request id: for log collectors.
    Json,
    /// For people; coloured only on a terminal.
    Text,
}

impl LogFormat {
    /// `AVA_LOG_FORMAT` (`json` or `text`); JSON by default in production.
    pub fn from_env() -> Result<Self, ConfigError> {
        match var("AVA_LOG_FORMAT").as_deref() {
            Some("json") => Ok(LogFormat::Json),
            Some("text") => Ok(LogFormat::Text),
            None => Ok(match Environment::from_env()? {
                Environment::Production => LogFormat::Json,
                Environment::Development => LogFormat::Text,
            }),
            Some(other) => Err(ConfigError::Invalid {
                name: "AVA_LOG_FORMAT",
                reason: format!("{other:?} is neither json nor text"),
            }),
        }
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        let environment = Environment::from_env()?;
        let data_dir = PathBuf::from(var("AVA_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        let static_dir = PathBuf::from(var("AVA_STATIC_DIR").unwrap_or_else(|| "dist".to_owned()));
        Ok(Self {
            environment,
            addr: parse("AVA_ADDR", SocketAddr::from(([127, 0, 0, 1], 3000)))?,
            metrics_addr: var("AVA_METRICS_ADDR")
                .map(|raw| {
                    raw.parse()
                        .map_err(|error: std::net::AddrParseError| ConfigError::Invalid {
                            name: "AVA_METRICS_ADDR",
                            reason: error.to_string(),
                        })
                })
                .transpose()?,
            database_url: var("DATABASE_URL").unwrap_or_else(|| sqlite_url(&data_dir)),
            encryption_key: var("ENCRYPTION_KEY"),
            vapi_base_url: var("VAPI_BASE_URL").unwrap_or_else(|| "https://api.vapi.ai".to_owned()),
            twilio_base_url: var("TWILIO_BASE_URL")
                .unwrap_or_else(|| "https://api.twilio.com".to_owned()),
            provider_timeout: Duration::from_secs(parse("AVA_PROVIDER_TIMEOUT_SECS", 10)?),
            static_dir: static_dir.is_dir().then_some(static_dir),
            demo: flag("AVA_DEMO")?,
            public_url: var("AVA_PUBLIC_URL")
                .map(|raw| public_url(raw, environment))
                .transpose()?,
            smtp_url: var("AVA_SMTP_URL").map(SecretString::from),
            mail_from: var("AVA_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned()),
            trusted_proxy_header: var("AVA_TRUSTED_PROXY_HEADER")
                .map(|name| {
                    axum::http::HeaderName::try_from(name).map_err(|error| ConfigError::Invalid {
                        name: "AVA_TRUSTED_PROXY_HEADER",
                        reason: error.to_string(),
                    })
                })
                .transpose()?,
            operators: Operators::parse(&var("AVA_ADMIN_EMAILS").unwrap_or_default()).map_err(
                |error| ConfigError::Invalid {
                    name: "AVA_ADMIN_EMAILS",
                    reason: error.to_string(),
                },
            )?,
            data_dir,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_url_is_a_plain_base_and_https_in_production() {
        assert_eq!(
            public_url(
                "https://ava.example.com/".to_owned(),
                Environment::Production
            )
            .unwrap(),
            "https://ava.example.com"
        );
        assert!(public_url("http://ava.example.com".to_owned(), Environment::Production).is_err());
        assert!(public_url("http://127.0.0.1:3000".to_owned(), Environment::Development).is_ok());
        for bad in [
            "ava.example.com",
            "https://",
            "https://a@b.com",
            "https://ava.test/?x=1",
        ] {
            assert!(
                public_url(bad.to_owned(), Environment::Development).is_err(),
                "{bad}"
            );
        }
    }
}
