//! What every provider call shares: the base URL, the timeout, the mapping
//! of failures to [`ProviderError`], and the scrubbing of secrets.
//!
//! Nothing here logs a header, a body or an error's text: answers may echo
//! the credentials (Twilio's `auth_token`, Vapi's `twilioAuthToken`), and
//! serde's and reqwest's messages may quote what they read.

use std::time::Duration;

use ava_application::ports::ProviderError;
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;
use zeroize::Zeroizing;

/// The largest answer read: far above a page of 1000 Twilio numbers.
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// The longest provider message kept in [`ProviderError::Rejected`].
const MAX_MESSAGE_CHARS: usize = 300;

/// What replaces a secret found in a provider's message.
const REDACTED: &str = "[redacted]";

/// Why an adapter could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ProviderSetupError {
    /// The URL is not shown: it could carry credentials.
    #[error(
        "the {provider} base URL is not a plain http(s) URL (scheme, host, optional port and path)"
    )]
    BaseUrl { provider: &'static str },
    #[error("the HTTP client could not be built")]
    Client(#[source] reqwest::Error),
}

/// An HTTP client fit for the providers: no redirects (a redirect could
/// carry the credentials elsewhere), no proxy from the environment, and a
/// user agent naming Ava. One client may serve both adapters.
pub fn http_client() -> Result<Client, ProviderSetupError> {
    Client::builder()
        .user_agent(concat!("ava/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .map_err(ProviderSetupError::Client)
}

/// One provider's base URL and the rules of every call to it.
#[derive(Clone)]
pub(crate) struct Endpoint {
    client: Client,
    base: Url,
    timeout: Duration,
    provider: &'static str,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("provider", &self.provider)
            .field("base", &self.base.as_str())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Endpoint {
    pub(crate) fn new(
        provider: &'static str,
        client: Client,
        base_url: &str,
        timeout: Duration,
    ) -> Result<Self, ProviderSetupError> {
        let invalid = || ProviderSetupError::BaseUrl { provider };
        let base = Url::parse(base_url.trim()).map_err(|_| invalid())?;
        let plain = matches!(base.scheme(), "http" | "https")
            && !base.cannot_be_a_base()
            && base.host_str().is_some()
            && base.username().is_empty()
            && base.password().is_none()
            && base.query().is_none()
            && base.fragment().is_none();
        if !plain {
            return Err(invalid());
        }
        Ok(Self {
            client,
            base,
            timeout,
            provider,
        })
    }

    /// The URL of these path segments under the base URL, each one
    /// percent-encoded (an id cannot escape its segment).
    pub(crate) fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// A link the provider handed out (Twilio's `next_page_uri`): a path,
    /// taken under the base URL, or an absolute URL of the same origin.
    /// Anything else would send the credentials elsewhere: refused.
    pub(crate) fn follow(&self, link: &str) -> Result<Url, ProviderError> {
        if link.starts_with('/') && !link.starts_with("//") {
            let base = self.base.as_str().trim_end_matches('/');
            return Url::parse(&format!("{base}{link}")).map_err(|_| ProviderError::BadResponse);
        }
        match Url::parse(link) {
            Ok(url)
                if url.origin() == self.base.origin()
                    && url.username().is_empty()
                    && url.password().is_none() =>
            {
                Ok(url)
            }
            _ => Err(ProviderError::BadResponse),
        }
    }

    /// A request with the timeout set; the caller adds auth and body.
    pub(crate) fn request(&self, method: Method, url: Url) -> RequestBuilder {
        self.client.request(method, url).timeout(self.timeout)
    }

    /// Sends the request; answers the body of a 2xx answer, or the failure.
    /// `secrets` are what the request carried, in every form the provider
    /// could echo in an error message.
    pub(crate) async fn execute(
        &self,
        request: RequestBuilder,
        secrets: &[&str],
    ) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
        // Building fails only on a header the credentials cannot form (a
        // secret with characters HTTP cannot carry): not a valid credential.
        let request = request.build().map_err(|_| ProviderError::Unauthorized)?;
        let method = request.method().clone();
        let path = request.url().path().to_owned();
        let provider = self.provider;
        let started = std::time::Instant::now();
        let result = self.answer(request, &method, &path, secrets).await;
        let outcome = match &result {
            Ok(_) => "ok",
            Err(ProviderError::Unauthorized) => "unauthorized",
            Err(ProviderError::NotFound) => "not_found",
            Err(ProviderError::Rejected { .. }) => "rejected",
            Err(ProviderError::Busy { .. }) => "busy",
            Err(ProviderError::ServerError) => "server_error",
            Err(ProviderError::Timeout) => "timeout",
            Err(ProviderError::Unreachable) => "unreachable",
            Err(ProviderError::BadResponse) => "bad_response",
        };
        metrics::counter!("ava_provider_calls_total", "provider" => provider, "outcome" => outcome)
            .increment(1);
        metrics::histogram!("ava_provider_call_duration_seconds", "provider" => provider)
            .record(started.elapsed().as_secs_f64());
        result
    }

    async fn answer(
        &self,
        request: reqwest::Request,
        method: &Method,
        path: &str,
        secrets: &[&str],
    ) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
        let provider = self.provider;
        let mut response = match self.client.execute(request).await {
            Ok(response) => response,
            Err(error) => {
                let failure = if error.is_timeout() {
                    ProviderError::Timeout
                } else {
                    ProviderError::Unreachable
                };
                tracing::debug!(provider, %method, path, failure = ?failure, "provider call failed");
                return Err(failure);
            }
        };
        let status = response.status();
        tracing::debug!(provider, %method, path, status = status.as_u16(), "provider answered");
        match status.as_u16() {
            200..=299 => read_body(&mut response).await,
            401 | 403 => Err(ProviderError::Unauthorized),
            // Before the other 4xx: slowing down is not a refusal of what was sent.
            429 => Err(ProviderError::Busy {
                retry_after_seconds: retry_after(&response),
            }),
            404 => Err(ProviderError::NotFound),
            400..=499 => {
                let message = match read_body(&mut response).await {
                    Ok(body) => rejection_message(&body, status),
                    Err(_) => reason(status),
                };
                Err(ProviderError::Rejected {
                    message: scrub(&message, secrets),
                })
            }
            500..=599 => Err(ProviderError::ServerError),
            _ => Err(ProviderError::BadResponse),
        }
    }
}

/// The provider's `Retry-After` in seconds (the HTTP-date form is not
/// used by Vapi or Twilio), bounded to an hour.
fn retry_after(response: &Response) -> Option<u64> {
    const LONGEST: u64 = 3600;
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(|seconds| seconds.clamp(1, LONGEST))
}

/// Reads the whole body, up to [`MAX_BODY_BYTES`].
async fn read_body(response: &mut Response) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
    let mut body = Zeroizing::new(Vec::new());
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > MAX_BODY_BYTES {
                    return Err(ProviderError::BadResponse);
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(error) if error.is_timeout() => return Err(ProviderError::Timeout),
            Err(_) => return Err(ProviderError::BadResponse),
        }
    }
}

/// Parses a JSON body; any failure is [`ProviderError::BadResponse`] (the
/// parser's message is dropped: it may quote the body).
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|_| ProviderError::BadResponse)
}

fn reason(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    }
}

/// The provider's reason, from the shapes they use: Vapi's `message` (a
/// string, or an array of strings for validation errors), Twilio's
/// `message`, RFC 9457's `detail` or `title`, NestJS's `error`.
fn rejection_message(body: &[u8], status: StatusCode) -> String {
    let text = |value: &Value| -> Option<String> {
        match value {
            Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
            Value::Array(items) => {
                let texts: Vec<&str> = items
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| !t.trim().is_empty())
                    .collect();
                (!texts.is_empty()).then(|| texts.join("; "))
            }
            _ => None,
        }
    };
    let found = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => ["message", "detail", "title", "error"]
            .iter()
            .find_map(|field| object.get(*field).and_then(text)),
        Ok(other) => text(&other),
        Err(_) => None,
    };
    found.unwrap_or_else(|| reason(status))
}

/// The message without the secrets (longest first, so that a secret that
/// contains another goes whole), without control characters, and cut to
/// [`MAX_MESSAGE_CHARS`] characters.
pub(crate) fn scrub(message: &str, secrets: &[&str]) -> String {
    let mut secrets: Vec<&str> = secrets
        .iter()
        .copied()
        .filter(|secret| !secret.is_empty())
        .collect();
    secrets.sort_by_key(|secret| std::cmp::Reverse(secret.len()));
    let mut scrubbed = message.to_owned();
    for secret in secrets {
        if scrubbed.contains(secret) {
            scrubbed = scrubbed.replace(secret, REDACTED);
        }
    }
    let words: Vec<&str> = scrubbed
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    let clean = words.join(" ");
    if clean.chars().count() <= MAX_MESSAGE_CHARS {
        clean
    } else {
        let cut: String = clean.chars().take(MAX_MESSAGE_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_removes_secrets_and_bounds_the_message() {
        let message = "token abc123secret is wrong\nand abc123 too";
        assert_eq!(
            scrub(message, &["abc123secret", "abc123"]),
            "token [redacted] is wrong and [redacted] too"
        );
        let long = "x".repeat(1000);
        let scrubbed = scrub(&long, &[]);
        assert_eq!(scrubbed.chars().count(), MAX_MESSAGE_CHARS);
        assert!(scrubbed.ends_with('…'));
    }

    #[test]
    fn a_secret_cut_by_the_limit_is_still_removed() {
        let secret = "s".repeat(40);
        let message = format!("{}{secret}", "a".repeat(MAX_MESSAGE_CHARS - 10));
        assert!(!scrub(&message, &[&secret]).contains("ssssssssss"));
    }

    #[test]
    fn messages_are_read_from_every_known_shape() {
        let status = StatusCode::BAD_REQUEST;
        assert_eq!(
            rejection_message(br#"{"message":["a","b"],"error":"Bad Request"}"#, status),
            "a; b"
        );
        assert_eq!(
            rejection_message(br#"{"message":"Number Not Found on Twilio."}"#, status),
            "Number Not Found on Twilio."
        );
        assert_eq!(
            rejection_message(br#"{"title":"T","detail":"D"}"#, status),
            "D"
        );
        assert_eq!(rejection_message(b"<html>", status), "HTTP 400 Bad Request");
        assert_eq!(
            rejection_message(br#"{"message":[]}"#, status),
            "HTTP 400 Bad Request"
        );
    }
}
