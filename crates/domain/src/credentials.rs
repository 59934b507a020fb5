//! The owner's provider credentials. Secrets are held so that neither
//! `Debug` nor logging can print them, and are shown only masked.

use ava_rules::credentials::{MAX_SECRET_LENGTH, SecretProblem, is_account_sid, secret_problem};
use secrecy::{ExposeSecret, SecretString};

use crate::{Invalid, ids::UserId};

/// Which secret of an owner a ciphertext holds. Bound into the ciphertext,
/// so that one copied to another field or tenant does not decrypt there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SecretKind {
    VapiApiKey,
    TwilioAuthToken,
    /// What Vapi presents on its messages about the owner's calls.
    WebhookSecret,
}

impl SecretKind {
    pub const ALL: [SecretKind; 3] = [
        SecretKind::VapiApiKey,
        SecretKind::TwilioAuthToken,
        SecretKind::WebhookSecret,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SecretKind::VapiApiKey => "vapi_api_key",
            SecretKind::TwilioAuthToken => "twilio_auth_token",
            SecretKind::WebhookSecret => "webhook_secret",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// Where a secret belongs: the tenant and the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretScope {
    pub owner: UserId,
    pub kind: SecretKind,
}

/// The masked form shown for a secret: its last four characters, and only
/// when the secret is long enough that four characters give little away.
pub fn masked_preview(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 12 {
        return "****".to_owned();
    }
    let last_four: String = chars[chars.len() - 4..].iter().collect();
    format!("****{last_four}")
}

/// Whether two secrets are equal, in a time that does not depend on where
/// they differ: their digests are compared, not the secrets.
pub fn same_secret(presented: &str, stored: &str) -> bool {
    use sha2::{Digest, Sha256};
    Sha256::digest(presented.as_bytes()) == Sha256::digest(stored.as_bytes())
}

/// Whether the owner sent back the masked preview instead of a new secret
/// (a form that showed the preview and was submitted unchanged).
pub fn is_masked(raw: &str) -> bool {
    raw.trim().starts_with("****")
}

/// A pasted key or token, trimmed, if its shape is one (`ava_rules::credentials`).
fn secret(raw: &str) -> Result<SecretString, Invalid> {
    match secret_problem(crate::printable(raw)?) {
        Some(SecretProblem::Blank) => Err(Invalid::Required),
        Some(SecretProblem::TooLong) => Err(Invalid::TooLong {
            max: MAX_SECRET_LENGTH,
        }),
        Some(SecretProblem::InnerWhitespace) => Err(Invalid::Malformed),
        None => Ok(raw.trim().to_owned().into()),
    }
}

macro_rules! secret_credential {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(SecretString);

        impl $name {
            /// Trims the pasted value; the provider judges the rest.
            pub fn parse(raw: &str) -> Result<Self, Invalid> {
                secret(raw).map(Self)
            }

            pub fn from_secret(secret: SecretString) -> Self {
                Self(secret)
            }

            pub fn expose(&self) -> &str {
                self.0.expose_secret()
            }

            pub fn as_secret(&self) -> &SecretString {
                &self.0
            }

            pub fn preview(&self) -> String {
                masked_preview(self.expose())
            }
        }
    };
}

secret_credential!(
    /// A Vapi private API key.
    VapiApiKey
);
secret_credential!(
    /// A Twilio auth token, the password of the Account SID.
    TwilioAuthToken
);

/// A Twilio Account SID: `AC` and 32 hexadecimal digits. An identifier,
/// not a secret, but still shown masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwilioAccountSid(String);

impl TwilioAccountSid {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let sid = raw.trim();
        if sid.is_empty() {
            Err(Invalid::Required)
        } else if is_account_sid(sid) {
            Ok(Self(sid.to_owned()))
        } else {
            Err(Invalid::AccountSid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `AC…` and the last four digits.
    pub fn preview(&self) -> String {
        format!("AC…{}", &self.0[self.0.len() - 4..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_show_only_the_last_four_characters() {
        let key = VapiApiKey::parse(" 2b1f7c5e-8d9a-4e3b-9c1d-0a1b2c3d4e5f\n").unwrap();
        assert_eq!(key.expose(), "2b1f7c5e-8d9a-4e3b-9c1d-0a1b2c3d4e5f");
        assert_eq!(key.preview(), "****4e5f");
        assert_eq!(masked_preview("short-key"), "****");
    }

    #[test]
    fn the_preview_sent_back_is_recognised() {
        assert!(is_masked("****4e5f"));
        assert!(!is_masked("2b1f7c5e"));
    }

    #[test]
    fn debug_output_hides_secrets() {
        let token = TwilioAuthToken::parse("0123456789abcdef0123456789abcdef").unwrap();
        assert!(!format!("{token:?}").contains("0123456789"));
    }

    #[test]
    fn secrets_with_inner_whitespace_are_refused() {
        assert_eq!(
            VapiApiKey::parse("key with spaces").unwrap_err(),
            Invalid::Malformed
        );
        assert_eq!(VapiApiKey::parse("   ").unwrap_err(), Invalid::Required);
        assert_eq!(
            VapiApiKey::parse(&"k".repeat(257)).unwrap_err(),
            Invalid::TooLong { max: 256 }
        );
    }

    #[test]
    fn account_sids_are_ac_and_32_hex_digits() {
        let sid = TwilioAccountSid::parse("AC0123456789abcdef0123456789ABCDEF").unwrap();
        assert_eq!(sid.preview(), "AC…CDEF");
        for bad in [
            "AC123",
            "PN0123456789abcdef0123456789abcdef",
            "AC0123456789abcdef0123456789abcdeg",
        ] {
            assert_eq!(
                TwilioAccountSid::parse(bad),
                Err(Invalid::AccountSid),
                "{bad}"
            );
        }
    }
}
