//! The state both fakes share: Vapi organizations and keys, Twilio accounts
//! and numbers, behaviours and the request log.

use std::{
    collections::{BTreeMap, HashMap},
    sync::Mutex,
};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use crate::{AccountStatus, AccountType, Behaviour, Capabilities, Provider, RecordedRequest};

#[derive(Default)]
pub(crate) struct Shared {
    state: Mutex<State>,
}

impl Shared {
    /// Runs `f` with the state locked. A poisoned lock (a panicking test
    /// thread) is recovered: the fake keeps answering.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut guard = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    }

    pub(crate) fn record(
        &self,
        provider: Provider,
        method: &str,
        path: &str,
        query: Option<&str>,
    ) -> Behaviour {
        self.with(|state| {
            let request = RecordedRequest {
                method: method.to_owned(),
                path: path.to_owned(),
                query: query.map(str::to_owned),
            };
            match provider {
                Provider::Vapi => {
                    state.vapi_requests.push(request);
                    state.vapi_behaviour
                }
                Provider::Twilio => {
                    state.twilio_requests.push(request);
                    state.twilio_behaviour
                }
            }
        })
    }
}

#[derive(Default)]
pub(crate) struct State {
    pub vapi: VapiState,
    pub twilio: TwilioState,
    pub vapi_behaviour: Behaviour,
    pub twilio_behaviour: Behaviour,
    pub vapi_requests: Vec<RecordedRequest>,
    pub twilio_requests: Vec<RecordedRequest>,
}

#[derive(Default)]
pub(crate) struct VapiState {
    /// key → (organization id, kind)
    pub keys: HashMap<String, (String, crate::KeyKind)>,
    pub orgs: BTreeMap<String, VapiOrg>,
}

#[derive(Default)]
pub(crate) struct VapiOrg {
    /// Oldest first.
    pub assistants: Vec<Map<String, Value>>,
    /// Oldest first.
    pub phone_numbers: Vec<Map<String, Value>>,
    /// Placed with `POST /call` or simulated as incoming; oldest first.
    pub calls: Vec<Map<String, Value>>,
}

#[derive(Default)]
pub(crate) struct TwilioState {
    pub accounts: Vec<TwilioAccount>,
}

pub(crate) struct TwilioAccount {
    pub sid: String,
    pub auth_token: String,
    pub friendly_name: String,
    pub status: AccountStatus,
    pub kind: AccountType,
    pub date_created: DateTime<Utc>,
    pub date_updated: DateTime<Utc>,
    pub numbers: Vec<TwilioNumber>,
}

pub(crate) struct TwilioNumber {
    pub sid: String,
    pub phone_number: String,
    pub friendly_name: String,
    pub capabilities: Capabilities,
    pub date_created: DateTime<Utc>,
    pub date_updated: DateTime<Utc>,
    pub voice_url: Option<String>,
    pub sms_url: String,
}

/// Vapi's timestamps: ISO 8601 with milliseconds, in UTC.
pub(crate) fn vapi_timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Twilio's 2010 API timestamps: RFC 2822, `+0000`.
pub(crate) fn twilio_timestamp(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

/// `PN`/`AC`-style SID: a prefix and 32 lowercase hex digits.
pub(crate) fn new_sid(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}

/// How Twilio shows a number by default: `(415) 555-0123` for North
/// American numbers, the E.164 form otherwise (UNCONFIRMED for non-US).
fn default_friendly_name(number: &str) -> String {
    match number.strip_prefix("+1") {
        Some(rest) if rest.len() == 10 && rest.chars().all(|c| c.is_ascii_digit()) => {
            format!("({}) {}-{}", &rest[..3], &rest[3..6], &rest[6..])
        }
        _ => number.to_owned(),
    }
}

impl TwilioState {
    pub fn account(&self, sid: &str) -> Option<&TwilioAccount> {
        self.accounts.iter().find(|account| account.sid == sid)
    }

    pub fn account_mut(&mut self, sid: &str) -> Option<&mut TwilioAccount> {
        self.accounts.iter_mut().find(|account| account.sid == sid)
    }

    pub fn upsert_account(
        &mut self,
        sid: &str,
        auth_token: &str,
        status: AccountStatus,
        kind: AccountType,
        friendly_name: &str,
    ) {
        let now = Utc::now();
        if let Some(account) = self.account_mut(sid) {
            account.auth_token = auth_token.to_owned();
            account.status = status;
            account.kind = kind;
            account.friendly_name = friendly_name.to_owned();
            account.date_updated = now;
        } else {
            self.accounts.push(TwilioAccount {
                sid: sid.to_owned(),
                auth_token: auth_token.to_owned(),
                friendly_name: friendly_name.to_owned(),
                status,
                kind,
                date_created: now,
                date_updated: now,
                numbers: Vec::new(),
            });
        }
    }

    pub fn add_number(
        &mut self,
        account_sid: &str,
        number: &str,
        capabilities: Capabilities,
    ) -> Option<String> {
        let account = self.account_mut(account_sid)?;
        let now = Utc::now();
        let sid = new_sid("PN");
        account.numbers.push(TwilioNumber {
            sid: sid.clone(),
            phone_number: number.to_owned(),
            friendly_name: default_friendly_name(number),
            capabilities,
            date_created: now,
            date_updated: now,
            voice_url: None,
            sms_url: String::new(),
        });
        Some(sid)
    }
}

impl TwilioAccount {
    /// `GET /2010-04-01/Accounts/{Sid}.json`, token included as Twilio does.
    pub fn to_json(&self) -> Value {
        let base = format!("/2010-04-01/Accounts/{}", self.sid);
        json!({
            "auth_token": self.auth_token,
            "date_created": twilio_timestamp(self.date_created),
            "date_updated": twilio_timestamp(self.date_updated),
            "friendly_name": self.friendly_name,
            "owner_account_sid": self.sid,
            "sid": self.sid,
            "status": self.status.code(),
            "subresource_uris": {
                "addresses": format!("{base}/Addresses.json"),
                "applications": format!("{base}/Applications.json"),
                "available_phone_numbers": format!("{base}/AvailablePhoneNumbers.json"),
                "balance": format!("{base}/Balance.json"),
                "calls": format!("{base}/Calls.json"),
                "conferences": format!("{base}/Conferences.json"),
                "incoming_phone_numbers": format!("{base}/IncomingPhoneNumbers.json"),
                "keys": format!("{base}/Keys.json"),
                "messages": format!("{base}/Messages.json"),
                "outgoing_caller_ids": format!("{base}/OutgoingCallerIds.json"),
                "queues": format!("{base}/Queues.json"),
                "recordings": format!("{base}/Recordings.json"),
                "signing_keys": format!("{base}/SigningKeys.json"),
                "sip": format!("{base}/SIP.json"),
                "usage": format!("{base}/Usage.json"),
            },
            "type": self.kind.code(),
            "uri": format!("{base}.json"),
        })
    }
}

impl TwilioNumber {
    /// One entry of `IncomingPhoneNumbers.json`, with the many fields the
    /// real API sends (our adapter must ignore what it does not need).
    pub fn to_json(&self, account_sid: &str) -> Value {
        let uri = format!(
            "/2010-04-01/Accounts/{account_sid}/IncomingPhoneNumbers/{}.json",
            self.sid
        );
        json!({
            "account_sid": account_sid,
            "address_requirements": "none",
            "address_sid": null,
            "api_version": "2010-04-01",
            "beta": false,
            "bundle_sid": null,
            "capabilities": {
                "fax": self.capabilities.fax,
                "mms": self.capabilities.mms,
                "sms": self.capabilities.sms,
                "voice": self.capabilities.voice,
            },
            "date_created": twilio_timestamp(self.date_created),
            "date_updated": twilio_timestamp(self.date_updated),
            "emergency_address_sid": null,
            "emergency_address_status": "unregistered",
            "emergency_status": "Inactive",
            "friendly_name": self.friendly_name,
            "identity_sid": null,
            "origin": "twilio",
            "phone_number": self.phone_number,
            "sid": self.sid,
            "sms_application_sid": "",
            "sms_fallback_method": "POST",
            "sms_fallback_url": "",
            "sms_method": "POST",
            "sms_url": self.sms_url,
            "status": "in-use",
            "status_callback": "",
            "status_callback_method": "POST",
            "subresource_uris": {
                "assigned_add_ons": format!(
                    "/2010-04-01/Accounts/{account_sid}/IncomingPhoneNumbers/{}/AssignedAddOns.json",
                    self.sid
                ),
            },
            "trunk_sid": null,
            "uri": uri,
            "voice_application_sid": null,
            "voice_caller_id_lookup": false,
            "voice_fallback_method": "POST",
            "voice_fallback_url": null,
            "voice_method": "POST",
            "voice_receive_mode": "voice",
            "voice_url": self.voice_url,
        })
    }
}

pub(crate) fn now_vapi() -> String {
    vapi_timestamp(Utc::now())
}
