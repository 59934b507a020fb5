/// A language of the product: the interface locale and a language Ava speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Locale {
    #[default]
    En,
    Fr,
    He,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Fr, Locale::He];

    /// The ISO 639-1 code, also what is stored.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::He => "he",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|locale| locale.code() == code)
    }

    /// The language's English name, as written into the assistant's prompt.
    pub fn english_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "French",
            Locale::He => "Hebrew",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_code(locale.code()), Some(locale));
        }
        assert_eq!(Locale::from_code("de"), None);
        assert_eq!(Locale::from_code("EN"), None);
    }
}
