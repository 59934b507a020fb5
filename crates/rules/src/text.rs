//! Text typed into a form.

/// Empty or only whitespace: the way a cleared field arrives, and what a
/// required field may not be.
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// Present and not blank.
pub fn is_filled(text: Option<&str>) -> bool {
    text.is_some_and(|text| !is_blank(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_alone_is_blank() {
        assert!(is_blank(""));
        assert!(is_blank(" \t\n"));
        // A no-break space is whitespace too.
        assert!(is_blank("\u{a0}"));
        assert!(!is_blank(" Dana "));
    }

    #[test]
    fn filled_means_present_and_not_blank() {
        assert!(is_filled(Some("Acme")));
        assert!(!is_filled(Some("  ")));
        assert!(!is_filled(None));
    }
}
