use crate::Invalid;

/// A phone number in E.164 form: `+`, a country code that does not start
/// with 0, and at most 15 digits in all.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts the separators people type (spaces, dashes, dots, brackets)
    /// and keeps the bare E.164 form.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(Invalid::Required);
        }
        let compact: String = trimmed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let digits = compact.strip_prefix('+').ok_or(Invalid::PhoneNumber)?;
        let valid = (8..=15).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0');
        if valid {
            Ok(Self(compact))
        } else {
            Err(Invalid::PhoneNumber)
        }
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
