use chrono_tz::Tz;

use crate::Invalid;

/// An IANA time zone known to the tz database this build carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timezone(Tz);

impl Timezone {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(Invalid::Required);
        }
        name.parse::<Tz>().map(Self).map_err(|_| Invalid::Timezone)
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn tz(&self) -> Tz {
        self.0
    }

    /// Every zone name, for pickers.
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
    }
}

impl Default for Timezone {
    fn default() -> Self {
        Self(Tz::UTC)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iana_names() {
        assert_eq!(
            Timezone::parse("Asia/Jerusalem").unwrap().name(),
            "Asia/Jerusalem"
        );
        assert_eq!(
            Timezone::parse(" Europe/Paris ").unwrap().name(),
            "Europe/Paris"
        );
    }

    #[test]
    fn refuses_what_is_not_a_zone() {
        assert_eq!(Timezone::parse("Mars/Olympus"), Err(Invalid::Timezone));
        assert_eq!(Timezone::parse("+02:00"), Err(Invalid::Timezone));
        assert_eq!(Timezone::parse(""), Err(Invalid::Required));
    }
}
