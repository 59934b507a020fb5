//! Why a value was refused, and the refusals of a whole request by field.

/// The rule a value broke. Messages never repeat the value: it may be a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("is required")]
    Required,
    #[error("is not in the expected form")]
    Malformed,
    /// NUL and other control characters (line breaks and tabs aside) are
    /// never text a person typed; PostgreSQL cannot even store a NUL.
    #[error("contains control characters")]
    ControlCharacters,
    #[error("is too short (at least {min} characters)")]
    TooShort { min: usize },
    #[error("is too long (at most {max} characters)")]
    TooLong { max: usize },
    #[error("has too many entries (at most {max})")]
    TooMany { max: usize },
    #[error("is not a valid email address")]
    Email,
    #[error("is not an IANA time zone name such as Europe/Paris")]
    Timezone,
    #[error("is not a phone number in E.164 form such as +14155550123")]
    PhoneNumber,
    #[error("is not a Twilio Account SID (AC followed by 32 hexadecimal digits)")]
    AccountSid,
    #[error("is not a time range from HH:MM to a later HH:MM")]
    TimeRange,
    #[error("is not a calendar date in YYYY-MM-DD form")]
    Date,
    #[error("has time ranges that overlap or are out of order")]
    OverlappingTimeRanges,
    #[error("is not one of the offered choices")]
    UnknownChoice,
    #[error("lists the same value twice")]
    Duplicate,
    #[error("cannot be skipped")]
    NotSkippable,
    #[error("cannot be undone")]
    CannotBeUndone,
}

/// Refuses control characters other than line breaks and tabs.
pub fn printable(text: &str) -> Result<&str, Invalid> {
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Err(Invalid::ControlCharacters)
    } else {
        Ok(text)
    }
}

/// The refusals of one request, each tied to the request field it concerns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(String, Invalid)>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: impl Into<String>, invalid: Invalid) -> Self {
        let mut errors = Self::new();
        errors.add(field, invalid);
        errors
    }

    pub fn add(&mut self, field: impl Into<String>, invalid: Invalid) {
        self.0.push((field.into(), invalid));
    }

    /// Keeps the value when it is valid, records the refusal under `field` otherwise.
    pub fn check<T>(&mut self, field: &str, result: Result<T, Invalid>) -> Option<T> {
        result.map_err(|invalid| self.add(field, invalid)).ok()
    }

    /// Takes every refusal of `other`.
    pub fn merge(&mut self, other: FieldErrors) {
        self.0.extend(other.0);
    }

    /// Takes every refusal of `other`, with `prefix.` in front of its fields
    /// (a refusal of the whole value, field `""`, becomes `prefix`).
    pub fn extend_prefixed(&mut self, prefix: &str, other: FieldErrors) {
        for (field, invalid) in other.0 {
            let field = if field.is_empty() {
                prefix.to_owned()
            } else {
                format!("{prefix}.{field}")
            };
            self.add(field, invalid);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, Invalid)> {
        self.0
            .iter()
            .map(|(field, invalid)| (field.as_str(), *invalid))
    }

    /// `Ok(value)` when nothing was refused.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let described: Vec<String> = self
            .iter()
            .map(|(field, invalid)| format!("{field} {invalid}"))
            .collect();
        f.write_str(&described.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_records_refusals_under_their_field_and_keeps_valid_values() {
        let mut errors = FieldErrors::new();
        assert_eq!(errors.check("a", Ok::<_, Invalid>(1)), Some(1));
        assert_eq!(errors.check::<i32>("b", Err(Invalid::Required)), None);
        assert_eq!(
            errors.iter().collect::<Vec<_>>(),
            vec![("b", Invalid::Required)]
        );
        assert_eq!(errors.to_string(), "b is required");
    }

    #[test]
    fn prefixed_errors_name_the_nested_field() {
        let mut outer = FieldErrors::new();
        outer.extend_prefixed("days", FieldErrors::single("mon", Invalid::TimeRange));
        assert_eq!(outer.iter().next(), Some(("days.mon", Invalid::TimeRange)));
    }
}
