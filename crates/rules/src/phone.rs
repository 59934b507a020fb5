//! Phone numbers in E.164 form: what Vapi and Twilio accept.

/// What people type inside a number and the rule ignores.
const SEPARATORS: [char; 5] = [' ', '-', '.', '(', ')'];

/// The bare E.164 form of `raw` (`+`, then 8 to 15 digits, the first not 0),
/// once the separators people type (spaces, dashes, dots, brackets) are
/// removed; `None` when it is not such a number.
pub fn normalize_e164(raw: &str) -> Option<String> {
    let compact: String = raw
        .trim()
        .chars()
        .filter(|c| !SEPARATORS.contains(c))
        .collect();
    let digits = compact.strip_prefix('+')?;
    let valid = (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    valid.then_some(compact)
}

pub fn is_e164(raw: &str) -> bool {
    normalize_e164(raw).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_dropped_and_the_bare_form_kept() {
        assert_eq!(
            normalize_e164(" +1 (415) 555-0123 ").as_deref(),
            Some("+14155550123")
        );
        assert_eq!(
            normalize_e164("+33.6.12.34.56.78").as_deref(),
            Some("+33612345678")
        );
        assert_eq!(
            normalize_e164("+972501234567").as_deref(),
            Some("+972501234567")
        );
    }

    #[test]
    fn eight_to_fifteen_digits_after_the_plus() {
        assert!(!is_e164("+1234567"));
        assert!(is_e164("+12345678"));
        assert!(is_e164("+123456789012345"));
        assert!(!is_e164("+1234567890123456"));
    }

    #[test]
    fn the_plus_is_required_once_and_the_country_code_cannot_start_with_zero() {
        assert!(!is_e164("0501234567"));
        assert!(!is_e164("972501234567"));
        assert!(!is_e164("++972501234567"));
        assert!(!is_e164("+0501234567"));
    }

    #[test]
    fn only_ascii_digits_count() {
        assert!(!is_e164("+97250abc4567"));
        assert!(!is_e164("+972٥٠١٢٣٤٥٦٧"));
        assert!(!is_e164("+972_501234567"));
        assert!(!is_e164(""));
        assert!(!is_e164("+"));
    }
}
