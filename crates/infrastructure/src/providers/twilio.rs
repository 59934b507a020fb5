//! The Twilio adapter: the 2010 API's account and incoming phone numbers,
//! with HTTP basic auth `AccountSid:AuthToken` (see docs/providers.md).

use std::time::Duration;

use async_trait::async_trait;
use ava_application::ports::{
    IncomingNumber, ProviderError, TwilioAccount, TwilioClient, TwilioCredentials,
};
use base64::Engine;
use reqwest::{Client, Method, Url};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::http::{Endpoint, ProviderSetupError, http_client, parse};

const API_VERSION: &str = "2010-04-01";

/// Twilio's largest page: one request for nearly every account.
pub const DEFAULT_PAGE_SIZE: u32 = 1000;

/// A bound on the pages followed, against a provider that links in circles.
const MAX_PAGES: usize = 500;

/// The reqwest adapter of [`TwilioClient`].
#[derive(Debug, Clone)]
pub struct TwilioHttpClient {
    endpoint: Endpoint,
    page_size: u32,
}

impl TwilioHttpClient {
    /// A client of the Twilio API at `base_url` (e.g.
    /// `https://api.twilio.com`), each request bounded by `timeout`.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, ProviderSetupError> {
        Self::with_client(http_client()?, base_url, timeout)
    }

    /// The same, sharing an existing client (see [`http_client`]).
    pub fn with_client(
        client: Client,
        base_url: &str,
        timeout: Duration,
    ) -> Result<Self, ProviderSetupError> {
        Ok(Self {
            endpoint: Endpoint::new("twilio", client, base_url, timeout)?,
            page_size: DEFAULT_PAGE_SIZE,
        })
    }

    /// The `PageSize` asked for numbers (1 to 1000; default 1000).
    pub fn with_page_size(mut self, page_size: u32) -> Self {
        self.page_size = page_size.clamp(1, 1000);
        self
    }

    async fn get(
        &self,
        url: Url,
        credentials: &TwilioCredentials,
    ) -> Result<Zeroizing<Vec<u8>>, ProviderError> {
        let sid = credentials.account_sid.as_str();
        let token = credentials.auth_token.expose();
        // The Authorization header's own form, should a message quote it.
        let pair = Zeroizing::new(format!("{sid}:{token}"));
        let header = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(&*pair));
        let request = self
            .endpoint
            .request(Method::GET, url)
            .basic_auth(sid, Some(token));
        self.endpoint
            .execute(request, &[token, header.as_str()])
            .await
    }
}

// ---------- What we read (every field optional but ids; unknown ones ignored) ----------

/// The account; its `auth_token` echo is skipped unread.
#[derive(Deserialize)]
struct AccountBody {
    status: Option<String>,
    friendly_name: Option<String>,
}

#[derive(Deserialize)]
struct NumbersPage {
    incoming_phone_numbers: Vec<NumberBody>,
    next_page_uri: Option<String>,
}

#[derive(Deserialize)]
struct NumberBody {
    sid: String,
    #[serde(default)]
    phone_number: Option<String>,
    friendly_name: Option<String>,
    capabilities: Option<CapabilitiesBody>,
}

#[derive(Deserialize)]
struct CapabilitiesBody {
    voice: Option<bool>,
}

impl NumberBody {
    /// Without a phone number there is nothing to offer the owner; without
    /// capabilities, a number is not known to take calls.
    fn into_number(self) -> Option<IncomingNumber> {
        Some(IncomingNumber {
            sid: self.sid,
            phone_number: self.phone_number?,
            friendly_name: self.friendly_name,
            voice: self.capabilities.and_then(|c| c.voice).unwrap_or(false),
        })
    }
}

#[async_trait]
impl TwilioClient for TwilioHttpClient {
    /// `GET /2010-04-01/Accounts/{Sid}.json`. An answer without `status`
    /// cannot tell whether the account is usable: a bad response.
    async fn fetch_account(
        &self,
        credentials: &TwilioCredentials,
    ) -> Result<TwilioAccount, ProviderError> {
        let account = format!("{}.json", credentials.account_sid.as_str());
        let url = self.endpoint.url(&[API_VERSION, "Accounts", &account]);
        let body: AccountBody = parse(&self.get(url, credentials).await?)?;
        let status = body
            .status
            .filter(|s| !s.trim().is_empty())
            .ok_or(ProviderError::BadResponse)?;
        Ok(TwilioAccount {
            status,
            friendly_name: body.friendly_name,
        })
    }

    /// `GET /2010-04-01/Accounts/{Sid}/IncomingPhoneNumbers.json?PageSize=…`,
    /// then every `next_page_uri` until it is null.
    async fn incoming_numbers(
        &self,
        credentials: &TwilioCredentials,
    ) -> Result<Vec<IncomingNumber>, ProviderError> {
        let mut url = self.endpoint.url(&[
            API_VERSION,
            "Accounts",
            credentials.account_sid.as_str(),
            "IncomingPhoneNumbers.json",
        ]);
        url.query_pairs_mut()
            .append_pair("PageSize", &self.page_size.to_string());
        let mut numbers = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..MAX_PAGES {
            seen.insert(url.to_string());
            let page: NumbersPage = parse(&self.get(url, credentials).await?)?;
            numbers.extend(
                page.incoming_phone_numbers
                    .into_iter()
                    .filter_map(NumberBody::into_number),
            );
            match page.next_page_uri.filter(|link| !link.trim().is_empty()) {
                None => return Ok(numbers),
                Some(link) => {
                    url = self.endpoint.follow(&link)?;
                    if seen.contains(url.as_str()) {
                        return Err(ProviderError::BadResponse);
                    }
                }
            }
        }
        Err(ProviderError::BadResponse)
    }
}
