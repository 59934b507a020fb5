//! Throttling of what can be driven from the internet at our expense:
//! password guessing (per account and per client address), sign-ups (per
//! address) and the credential checks that call Vapi and Twilio from our
//! address (per owner). In memory, per process: each replica throttles on
//! its own, so N replicas allow N times the rate, still a small bound.

use std::{
    hash::Hash,
    net::{IpAddr, SocketAddr},
    num::NonZeroU32,
    time::Duration,
};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, StatusCode, request::Parts},
};
use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, DefaultClock},
};

use ava_api_types::codes;
use ava_domain::ids::UserId;

use crate::{error::ApiError, state::AppState};

/// A limit: `burst` at once, then one more every `period / burst`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub burst: u32,
    pub period: Duration,
}

impl Limit {
    fn quota(self) -> Quota {
        let burst = NonZeroU32::new(self.burst).unwrap_or(NonZeroU32::MIN);
        let every = self.period / burst.get();
        Quota::with_period(every.max(Duration::from_millis(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst)
    }
}

/// The limits, chosen for people: an owner mistyping a password a few
/// times, an office behind one address, a form resubmitted.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wrong or right, per account: 5 tries, then one every 12 s.
    pub login_per_account: Limit,
    /// Per client address, whatever the account: 30 a minute.
    pub login_per_address: Limit,
    /// Per client address: 30 a minute.
    pub signup_per_address: Limit,
    /// Per owner, the checks of a Vapi key or Twilio account: 10 a minute.
    pub provider_checks_per_owner: Limit,
    /// Per owner, password changes (each checks the current one): 5 a minute.
    pub password_changes_per_owner: Limit,
    /// Per email address, reset links: 3 every 15 minutes, so nobody's
    /// inbox can be flooded; per client address, 10 a minute.
    pub resets_per_email: Limit,
    pub resets_per_address: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        let minute = Duration::from_secs(60);
        Self {
            login_per_account: Limit {
                burst: 5,
                period: minute,
            },
            login_per_address: Limit {
                burst: 30,
                period: minute,
            },
            signup_per_address: Limit {
                burst: 30,
                period: minute,
            },
            provider_checks_per_owner: Limit {
                burst: 10,
                period: minute,
            },
            password_changes_per_owner: Limit {
                burst: 5,
                period: minute,
            },
            resets_per_email: Limit {
                burst: 3,
                period: 15 * minute,
            },
            resets_per_address: Limit {
                burst: 10,
                period: minute,
            },
        }
    }
}

/// Which request header carries the client's address, when Ava runs
/// behind a load balancer that sets it. Never trusted otherwise: a client
/// could claim any address.
#[derive(Debug, Clone, Default)]
pub struct ClientAddress {
    pub trusted_header: Option<axum::http::HeaderName>,
}

impl ClientAddress {
    /// The trusted header's address (its last entry: the one our own proxy
    /// added), or the peer's address.
    pub fn of(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
        let from_header = self.trusted_header.as_ref().and_then(|name| {
            headers
                .get(name)?
                .to_str()
                .ok()?
                .rsplit(',')
                .next()?
                .trim()
                .parse()
                .ok()
        });
        from_header.or(peer.map(|peer| peer.ip()))
    }
}

/// The address of the client of a request, as far as it can be trusted.
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0);
        Ok(Self(
            state.throttles.client_address.of(&parts.headers, peer),
        ))
    }
}

pub struct Throttles {
    login_per_account: DefaultKeyedRateLimiter<String>,
    login_per_address: DefaultKeyedRateLimiter<IpAddr>,
    signup_per_address: DefaultKeyedRateLimiter<IpAddr>,
    provider_checks: DefaultKeyedRateLimiter<UserId>,
    password_changes: DefaultKeyedRateLimiter<UserId>,
    resets_per_email: DefaultKeyedRateLimiter<String>,
    resets_per_address: DefaultKeyedRateLimiter<IpAddr>,
    pub client_address: ClientAddress,
}

fn check<K: Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), ApiError> {
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, codes::TOO_MANY_REQUESTS)
            .detail("Too many attempts. Please wait a little before trying again.")
            .retry_after(seconds.max(1))
    })
}

impl Throttles {
    pub fn new(limits: Limits, client_address: ClientAddress) -> Self {
        Self {
            login_per_account: RateLimiter::keyed(limits.login_per_account.quota()),
            login_per_address: RateLimiter::keyed(limits.login_per_address.quota()),
            signup_per_address: RateLimiter::keyed(limits.signup_per_address.quota()),
            provider_checks: RateLimiter::keyed(limits.provider_checks_per_owner.quota()),
            password_changes: RateLimiter::keyed(limits.password_changes_per_owner.quota()),
            resets_per_email: RateLimiter::keyed(limits.resets_per_email.quota()),
            resets_per_address: RateLimiter::keyed(limits.resets_per_address.quota()),
            client_address,
        }
    }

    /// A login attempt for `email` from `address`: the address is counted
    /// first, so a guesser spraying accounts is stopped too.
    pub fn login(&self, address: Option<IpAddr>, email: &str) -> Result<(), ApiError> {
        if let Some(address) = address {
            check(&self.login_per_address, &address)?;
        }
        check(&self.login_per_account, &email.trim().to_lowercase())
    }

    pub fn signup(&self, address: Option<IpAddr>) -> Result<(), ApiError> {
        match address {
            Some(address) => check(&self.signup_per_address, &address),
            None => Ok(()),
        }
    }

    /// A check of credentials with Vapi or Twilio for `owner`.
    pub fn provider_check(&self, owner: UserId) -> Result<(), ApiError> {
        check(&self.provider_checks, &owner)
    }

    pub fn password_change(&self, owner: UserId) -> Result<(), ApiError> {
        check(&self.password_changes, &owner)
    }

    /// A request for a reset link to `email`, from `address`.
    pub fn password_reset(&self, address: Option<IpAddr>, email: &str) -> Result<(), ApiError> {
        if let Some(address) = address {
            check(&self.resets_per_address, &address)?;
        }
        check(&self.resets_per_email, &email.trim().to_lowercase())
    }

    /// Forgets keys whose limits are back to full, so memory stays bounded.
    pub fn forget_idle(&self) {
        fn forget<K: Hash + Eq + Clone>(limiter: &DefaultKeyedRateLimiter<K>) {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        forget(&self.login_per_account);
        forget(&self.login_per_address);
        forget(&self.signup_per_address);
        forget(&self.provider_checks);
        forget(&self.password_changes);
        forget(&self.resets_per_email);
        forget(&self.resets_per_address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_five_tries_then_waits() {
        let throttles = Throttles::new(Limits::default(), ClientAddress::default());
        for _ in 0..5 {
            assert!(throttles.login(None, "Dana@Acme.test").is_ok());
        }
        let refused = throttles.login(None, "dana@acme.test ").unwrap_err();
        assert_eq!(refused.code(), codes::TOO_MANY_REQUESTS);
        // Another account is not slowed down by this one.
        assert!(throttles.login(None, "other@acme.test").is_ok());
    }

    #[test]
    fn the_client_address_comes_from_the_trusted_header_only() {
        let peer: SocketAddr = "10.0.0.5:4000".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "1.2.3.4, 203.0.113.7".parse().unwrap());
        let untrusted = ClientAddress::default();
        assert_eq!(untrusted.of(&headers, Some(peer)), Some(peer.ip()));
        let trusted = ClientAddress {
            trusted_header: Some(axum::http::HeaderName::from_static("x-forwarded-for")),
        };
        assert_eq!(
            trusted.of(&headers, Some(peer)),
            Some("203.0.113.7".parse().unwrap())
        );
        headers.insert("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(trusted.of(&headers, Some(peer)), Some(peer.ip()));
    }
}
