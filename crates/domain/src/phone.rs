use ava_rules::{phone::normalize_e164, text::is_blank};

use crate::Invalid;

/// A phone number in E.164 form: `+`, a country code that does not start
/// with 0, and at most 15 digits in all.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts the separators people type (spaces, dashes, dots, brackets)
    /// and keeps the bare E.164 form (the rule: `ava_rules::phone`).
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if is_blank(raw) {
            return Err(Invalid::Required);
        }
        normalize_e164(raw).map(Self).ok_or(Invalid::PhoneNumber)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_bare_e164_form() {
        assert_eq!(
            PhoneNumber::parse("+972501234567").unwrap().as_str(),
            "+972501234567"
        );
        assert_eq!(
            PhoneNumber::parse(" +1 (415) 555-0123 ").unwrap().as_str(),
            "+14155550123"
        );
    }

    #[test]
    fn refuses_numbers_that_are_not_e164() {
        for bad in [
            "0501234567",
            "+0501234567",
            "+12",
            "+1234567890123456",
            "+1415abc0123",
            "++14155550123",
        ] {
            assert_eq!(PhoneNumber::parse(bad), Err(Invalid::PhoneNumber), "{bad}");
        }
        assert_eq!(PhoneNumber::parse(""), Err(Invalid::Required));
    }
}
