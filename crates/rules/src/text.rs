//! Text typed into a form.

/// Empty or only whitespace: the way a cleared field arrives, and what a
/// required field may not be.
pub fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// The form typed text is kept in: trimmed, and absent when blank (a
/// cleared field clears the value).
pub fn kept_text(raw: &str) -> Option<&str> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then_some(trimmed)
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
    fn text_is_kept_trimmed_and_blank_text_is_not_kept() {
        assert_eq!(kept_text("  Dana Levi \n"), Some("Dana Levi"));
        assert_eq!(kept_text("שלום"), Some("שלום"));
        assert_eq!(kept_text(" \t "), None);
        assert_eq!(kept_text(""), None);
    }

    #[test]
    fn filled_means_present_and_not_blank() {
        assert!(is_filled(Some("Acme")));
        assert!(!is_filled(Some("  ")));
        assert!(!is_filled(None));
    }
}
