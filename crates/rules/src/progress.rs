//! How far the owner got with a step's fields.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Untouched,
    Partial,
    Complete,
}

impl Progress {
    /// Complete when every field is filled, partial when some are.
    pub fn of(filled: &[bool]) -> Self {
        if filled.iter().all(|f| *f) {
            Progress::Complete
        } else if filled.iter().any(|f| *f) {
            Progress::Partial
        } else {
            Progress::Untouched
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_some_or_none_filled() {
        assert_eq!(Progress::of(&[true, true]), Progress::Complete);
        assert_eq!(Progress::of(&[false, true]), Progress::Partial);
        assert_eq!(Progress::of(&[false, false]), Progress::Untouched);
    }
}
