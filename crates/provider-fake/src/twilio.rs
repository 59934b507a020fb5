//! The fake Twilio 2010 API: the account and its incoming phone numbers
//! (see docs/providers.md). Paths ending in `.json` answer JSON; paths without an
//! extension (or with `.xml`) answer XML, as the 2010 API does.

use std::sync::Arc;

use axum::{
    Router,
    extract::State,
    http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header},
    response::Response,
};
use base64::Engine;
use serde_json::{Value, json};

use crate::{
    AccountStatus, Behaviour, Provider,
    http::{garbage, json, query_pairs, segments, xml},
    state::{Shared, TwilioAccount, TwilioNumber},
    xml::{document, element, escape},
};

const API_VERSION: &str = "2010-04-01";

/// Twilio's default and largest page sizes.
const DEFAULT_PAGE_SIZE: usize = 50;
const MAX_PAGE_SIZE: usize = 1000;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// A Twilio REST error: `code`, `message`, `more_info`, `status`.
struct TwilioError {
    status: StatusCode,
    code: u32,
    message: String,
}

impl TwilioError {
    fn new(status: StatusCode, code: u32, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    fn authenticate() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 20003, "Authenticate")
    }

    fn not_found(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }

    fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, 20004, "Method not allowed")
    }

    fn more_info(&self) -> String {
        format!("https://www.twilio.com/docs/errors/{}", self.code)
    }

    fn into_response(self, format: Format) -> Response {
        let mut response = match format {
            Format::Json => json(
                self.status,
                &json!({
                    "code": self.code,
                    "message": self.message,
                    "more_info": self.more_info(),
                    "status": self.status.as_u16(),
                }),
            ),
            Format::Xml => xml(
                self.status,
                document(&format!(
                    "<RestException><Code>{}</Code><Message>{}</Message><MoreInfo>{}</MoreInfo><Status>{}</Status></RestException>",
                    self.code,
                    escape(&self.message),
                    escape(&self.more_info()),
                    self.status.as_u16()
                )),
            ),
        };
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Twilio API\""),
            );
        }
        response
    }
}

/// The resources this fake knows, after the version segment.
enum Route<'a> {
    Accounts,
    Account(&'a str),
    Numbers(&'a str),
    Number(&'a str, &'a str),
}

/// Splits the extension off the last segment: `.json` → JSON; none or
/// `.xml` → XML.
fn split_format(path: &str) -> (Format, &str) {
    if let Some(stripped) = path.strip_suffix(".json") {
        (Format::Json, stripped)
    } else if let Some(stripped) = path.strip_suffix(".xml") {
        (Format::Xml, stripped)
    } else {
        (Format::Xml, path)
    }
}

fn route(path: &str) -> Option<Route<'_>> {
    match segments(path).as_slice() {
        [API_VERSION, "Accounts"] => Some(Route::Accounts),
        [API_VERSION, "Accounts", sid] => Some(Route::Account(sid)),
        [API_VERSION, "Accounts", sid, "IncomingPhoneNumbers"] => Some(Route::Numbers(sid)),
        [API_VERSION, "Accounts", sid, "IncomingPhoneNumbers", number] => {
            Some(Route::Number(sid, number))
        }
        _ => None,
    }
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let full_path = uri.path().to_owned();
    tracing::debug!(%method, path = full_path, "fake twilio request");
    let (format, _) = split_format(&full_path);
    let behaviour = shared.record(Provider::Twilio, method.as_str(), &full_path, uri.query());
    match behaviour {
        Behaviour::ServerError => TwilioError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            20500,
            "Internal Server Error",
        )
        .into_response(format),
        Behaviour::Garbage => garbage(),
        _ => {
            // Answered late, like a slow API; nothing here writes.
            let response = respond(&shared, &method, &uri, &headers);
            if let Some(delay) = behaviour.delay(&method) {
                tokio::time::sleep(delay).await;
            }
            response
        }
    }
}

fn respond(shared: &Shared, method: &Method, uri: &Uri, headers: &HeaderMap) -> Response {
    let full_path = uri.path().to_owned();
    let (format, path) = split_format(&full_path);
    let outcome = shared.with(|state| {
        // UNCONFIRMED: authentication comes before routing.
        let credentials = basic_credentials(headers).ok_or_else(TwilioError::authenticate)?;
        let account = state
            .twilio
            .account(&credentials.0)
            .filter(|account| account.auth_token == credentials.1)
            .ok_or_else(TwilioError::authenticate)?;
        let route = route(path).ok_or_else(|| TwilioError::not_found(&full_path))?;
        if method != Method::GET {
            // The account and numbers accept POST (updates) in the real API;
            // this fake only reads.
            return Err(TwilioError::method_not_allowed());
        }
        // Reading the account answers 200 with its status (active,
        // suspended or closed). UNCONFIRMED: a suspended or closed account
        // may read itself and nothing else; docs/providers.md lists
        // "suspended account" among the causes of 20003.
        let readable = account.status == AccountStatus::Active
            || matches!(route, Route::Account(_) | Route::Accounts);
        if !readable {
            return Err(TwilioError::authenticate());
        }
        let own = |sid: &str| {
            if sid == account.sid {
                Ok(())
            } else {
                Err(TwilioError::not_found(&full_path))
            }
        };
        match route {
            Route::Accounts => Ok(accounts_page(account, format)),
            Route::Account(sid) => own(sid).map(|()| match format {
                Format::Json => json(StatusCode::OK, &account.to_json()),
                Format::Xml => xml(
                    StatusCode::OK,
                    document(&element("Account", &account.to_json())),
                ),
            }),
            Route::Numbers(sid) => {
                own(sid)?;
                numbers_page(account, uri, format)
            }
            Route::Number(sid, number_sid) => {
                own(sid)?;
                let number = account
                    .numbers
                    .iter()
                    .find(|number| number.sid == number_sid)
                    .ok_or_else(|| TwilioError::not_found(&full_path))?;
                let body = number.to_json(&account.sid);
                Ok(match format {
                    Format::Json => json(StatusCode::OK, &body),
                    Format::Xml => xml(
                        StatusCode::OK,
                        document(&element("IncomingPhoneNumber", &body)),
                    ),
                })
            }
        }
    });
    outcome.unwrap_or_else(|error| error.into_response(format))
}

/// `Authorization: Basic base64(AccountSid:AuthToken)`.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (sid, token) = decoded.split_once(':')?;
    Some((sid.to_owned(), token.to_owned()))
}

/// `GET /2010-04-01/Accounts.json`: the authenticated account only (no
/// subaccounts in this fake).
fn accounts_page(account: &TwilioAccount, format: Format) -> Response {
    let uri = "/2010-04-01/Accounts.json?PageSize=50&Page=0";
    let body = json!({
        "accounts": [account.to_json()],
        "end": 0,
        "first_page_uri": uri,
        "next_page_uri": null,
        "page": 0,
        "page_size": DEFAULT_PAGE_SIZE,
        "previous_page_uri": null,
        "start": 0,
        "uri": uri,
    });
    match format {
        Format::Json => json(StatusCode::OK, &body),
        Format::Xml => xml(
            StatusCode::OK,
            document(&format!(
                "<Accounts>{}</Accounts>",
                element("Account", &account.to_json())
            )),
        ),
    }
}

/// Percent-encodes a query value (unreserved characters kept).
fn encode(value: &str) -> String {
    let mut encoded = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The filters of `IncomingPhoneNumbers` this fake applies (the real API
/// also has `Beta` and `Origin`).
struct Filters {
    phone_number: Option<String>,
    friendly_name: Option<String>,
}

impl Filters {
    fn keeps(&self, number: &TwilioNumber) -> bool {
        // UNCONFIRMED: the real `PhoneNumber` filter also takes patterns.
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        self.phone_number
            .as_deref()
            .is_none_or(|wanted| digits(&number.phone_number).contains(&digits(wanted)))
            && self
                .friendly_name
                .as_deref()
                .is_none_or(|wanted| number.friendly_name == wanted)
    }

    fn query(&self) -> String {
        let mut query = String::new();
        if let Some(name) = &self.friendly_name {
            query.push_str(&format!("FriendlyName={}&", encode(name)));
        }
        if let Some(number) = &self.phone_number {
            query.push_str(&format!("PhoneNumber={}&", encode(number)));
        }
        query
    }
}

/// `GET …/IncomingPhoneNumbers.json?PageSize=&Page=&PageToken=`.
///
/// `PageToken` is `PA<sid>` (the page after that number) or `PB<sid>` (the
/// page before it), as in the URIs Twilio hands out; without it, `Page`
/// alone positions the page.
fn numbers_page(
    account: &TwilioAccount,
    uri: &Uri,
    format: Format,
) -> Result<Response, TwilioError> {
    let params = query_pairs(uri);
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let page_size = match param("PageSize") {
        None => DEFAULT_PAGE_SIZE,
        // UNCONFIRMED: the real API's answer to a bad PageSize.
        Some(raw) => match raw.trim().parse::<usize>() {
            Ok(size) if (1..=MAX_PAGE_SIZE).contains(&size) => size,
            _ => {
                return Err(TwilioError::new(
                    StatusCode::BAD_REQUEST,
                    20001,
                    format!("Invalid PageSize: must be between 1 and {MAX_PAGE_SIZE}"),
                ));
            }
        },
    };
    let page = param("Page")
        .and_then(|raw| raw.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let token = param("PageToken").map(str::to_owned);
    let filters = Filters {
        phone_number: param("PhoneNumber").map(str::to_owned),
        friendly_name: param("FriendlyName").map(str::to_owned),
    };
    let numbers: Vec<&TwilioNumber> = account
        .numbers
        .iter()
        .filter(|number| filters.keeps(number))
        .collect();
    let index_of = |sid: &str| numbers.iter().position(|number| number.sid == sid);
    let after = token
        .as_deref()
        .and_then(|token| token.strip_prefix("PA"))
        .and_then(index_of);
    let before = token
        .as_deref()
        .and_then(|token| token.strip_prefix("PB"))
        .and_then(index_of);
    let from = after
        .map(|index| index + 1)
        .or_else(|| before.map(|index| index.saturating_sub(page_size)))
        .unwrap_or_else(|| page.saturating_mul(page_size));
    let items: &[&TwilioNumber] = numbers.get(from..).unwrap_or(&[]);
    let items = &items[..items.len().min(page_size)];

    let page_uri = |page: usize, token: Option<String>| {
        let mut uri = format!(
            "/{API_VERSION}/Accounts/{}/IncomingPhoneNumbers.json?{}PageSize={page_size}&Page={page}",
            account.sid,
            filters.query()
        );
        if let Some(token) = token {
            uri.push_str(&format!("&PageToken={}", encode(&token)));
        }
        uri
    };
    let start = page.saturating_mul(page_size);
    let next_page_uri = match items.last() {
        Some(last) if from + items.len() < numbers.len() => {
            Some(page_uri(page + 1, Some(format!("PA{}", last.sid))))
        }
        _ => None,
    };
    let previous_page_uri = match (page, items.first()) {
        (0, _) => None,
        (page, Some(first)) => Some(page_uri(page - 1, Some(format!("PB{}", first.sid)))),
        (page, None) => Some(page_uri(page - 1, None)),
    };
    let entries: Vec<Value> = items
        .iter()
        .map(|number| number.to_json(&account.sid))
        .collect();
    let body = json!({
        "end": start + items.len().saturating_sub(1),
        "first_page_uri": page_uri(0, None),
        "incoming_phone_numbers": entries,
        "next_page_uri": next_page_uri,
        "page": page,
        "page_size": page_size,
        "previous_page_uri": previous_page_uri,
        "start": start,
        "uri": page_uri(page, token),
    });
    Ok(match format {
        Format::Json => json(StatusCode::OK, &body),
        Format::Xml => {
            let attribute = |value: &Value| match value {
                Value::String(text) => escape(text),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            let attributes: String = [
                ("page", "page"),
                ("pagesize", "page_size"),
                ("start", "start"),
                ("end", "end"),
                ("uri", "uri"),
                ("firstpageuri", "first_page_uri"),
                ("previouspageuri", "previous_page_uri"),
                ("nextpageuri", "next_page_uri"),
            ]
            .iter()
            .map(|(name, field)| format!(" {name}=\"{}\"", attribute(&body[*field])))
            .collect();
            let children: String = entries
                .iter()
                .map(|entry| element("IncomingPhoneNumber", entry))
                .collect();
            xml(
                StatusCode::OK,
                document(&format!(
                    "<IncomingPhoneNumbers{attributes}>{children}</IncomingPhoneNumbers>"
                )),
            )
        }
    })
}
