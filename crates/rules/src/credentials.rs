//! The shape of the provider credentials an owner pastes. Only the shape:
//! whether Vapi or Twilio accept them is theirs to say.

/// The longest key or token accepted: far above any real one, far below abuse.
pub const MAX_SECRET_LENGTH: usize = 256;

/// Why a pasted key or token cannot be one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretProblem {
    Blank,
    /// More than [`MAX_SECRET_LENGTH`] characters.
    TooLong,
    /// Keys and tokens never contain spaces: one pasted with a line break or
    /// a label would only be refused by the provider with a vaguer error.
    InnerWhitespace,
}

/// What is wrong with a pasted key or token, once trimmed.
pub fn secret_problem(raw: &str) -> Option<SecretProblem> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        Some(SecretProblem::Blank)
    } else if trimmed.chars().count() > MAX_SECRET_LENGTH {
        Some(SecretProblem::TooLong)
    } else if trimmed.chars().any(char::is_whitespace) {
        Some(SecretProblem::InnerWhitespace)
    } else {
        None
    }
}

/// A Twilio Account SID: `AC` and 32 hexadecimal digits (surrounding
/// whitespace aside).
pub fn is_account_sid(raw: &str) -> bool {
    raw.trim()
        .strip_prefix("AC")
        .is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_key_is_trimmed_before_it_is_judged() {
        assert_eq!(
            secret_problem(" 2b1f7c5e-8d9a-4e3b-9c1d-0a1b2c3d4e5f\n"),
            None
        );
        assert_eq!(secret_problem(" \t"), Some(SecretProblem::Blank));
        assert_eq!(
            secret_problem("key with spaces"),
            Some(SecretProblem::InnerWhitespace)
        );
        assert_eq!(
            secret_problem("key\nlabel"),
            Some(SecretProblem::InnerWhitespace)
        );
    }

    #[test]
    fn at_most_256_characters() {
        assert_eq!(secret_problem(&"k".repeat(256)), None);
        assert_eq!(
            secret_problem(&"k".repeat(257)),
            Some(SecretProblem::TooLong)
        );
        // Characters, not bytes.
        assert_eq!(secret_problem(&"é".repeat(256)), None);
    }

    #[test]
    fn account_sids_are_ac_and_32_hex_digits() {
        assert!(is_account_sid("AC0123456789abcdef0123456789ABCDEF"));
        assert!(is_account_sid(" ACd678bf9c278d41fa9ae393a75ea11a8d "));
        for bad in [
            "",
            "AC123",
            "ac0123456789abcdef0123456789abcdef",
            "PN0123456789abcdef0123456789abcdef",
            "AC0123456789abcdef0123456789abcdeg",
            "AC0123456789abcdef0123456789abcdef0",
        ] {
            assert!(!is_account_sid(bad), "{bad}");
        }
    }
}
