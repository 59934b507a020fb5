//! Free text typed by the owner: trimmed, never empty, bounded in length.

use ava_rules::text::{is_blank, kept_text};

use crate::{Invalid, printable};

/// Text of at most `MAX` characters (not bytes: Hebrew takes two bytes a letter).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text<const MAX: usize>(String);

impl<const MAX: usize> Text<MAX> {
    /// Trims the text; a blank one is [`Invalid::Required`].
    pub fn new(raw: &str) -> Result<Self, Invalid> {
        let trimmed = printable(raw)?.trim();
        if is_blank(trimmed) {
            return Err(Invalid::Required);
        }
        if trimmed.chars().count() > MAX {
            return Err(Invalid::TooLong { max: MAX });
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// Blank text means "no value": the way a cleared form field arrives.
    pub fn optional(raw: Option<&str>) -> Result<Option<Self>, Invalid> {
        raw.and_then(kept_text).map(Self::new).transpose()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl<const MAX: usize> std::fmt::Display for Text<MAX> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub type FullName = Text<120>;
pub type OrganizationName = Text<120>;
pub type Industry = Text<60>;
pub type Persona = Text<500>;
pub type JobToBeDone = Text<1000>;
pub type Guidelines = Text<4000>;
pub type FirstMessage = Text<500>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed() {
        assert_eq!(Text::<10>::new("  Dana ").unwrap().as_str(), "Dana");
    }

    #[test]
    fn blank_text_is_required() {
        assert_eq!(Text::<10>::new(" \t"), Err(Invalid::Required));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let hebrew = "ש".repeat(10);
        assert!(Text::<10>::new(&hebrew).is_ok());
        assert_eq!(
            Text::<10>::new(&"ש".repeat(11)),
            Err(Invalid::TooLong { max: 10 })
        );
    }

    #[test]
    fn blank_optional_text_is_absent() {
        assert_eq!(Text::<10>::optional(Some("  ")), Ok(None));
        assert_eq!(Text::<10>::optional(None), Ok(None));
        assert_eq!(
            Text::<10>::optional(Some("x"))
                .unwrap()
                .map(Text::into_string),
            Some("x".to_owned())
        );
    }
}
