//! What happens to a call outside business hours.

use crate::phone::is_e164;

/// Forwarding calls needs a number to forward them to; taking messages
/// does not (a number kept from an earlier choice is fine).
pub fn forward_number_missing(forwarding: bool, forward_to: Option<&str>) -> bool {
    forwarding && !forward_to.is_some_and(is_e164)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarding_waits_for_a_valid_number() {
        assert!(forward_number_missing(true, None));
        assert!(forward_number_missing(true, Some("+33 6")));
        assert!(forward_number_missing(true, Some("")));
        assert!(!forward_number_missing(true, Some("+33612345678")));
    }

    #[test]
    fn taking_messages_needs_no_number() {
        assert!(!forward_number_missing(false, None));
        assert!(!forward_number_missing(false, Some("+33612345678")));
    }
}
