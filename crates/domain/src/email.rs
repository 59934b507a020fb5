use crate::Invalid;

/// An email address as the owner typed it (trimmed). Two addresses that
/// differ only in case are the same account: compare [`EmailAddress::key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

/// RFC 5321's limit on a forward path.
const MAX_LENGTH: usize = 254;

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let email = raw.trim();
        if email.is_empty() {
            return Err(Invalid::Required);
        }
        if email.len() > MAX_LENGTH {
            return Err(Invalid::TooLong { max: MAX_LENGTH });
        }
        let (local, domain) = email.rsplit_once('@').ok_or(Invalid::Email)?;
        let well_formed = !local.is_empty()
            && local.len() <= 64
            && !domain.is_empty()
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && domain.contains('.')
            && !domain.contains("..")
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && !local.contains('@');
        if well_formed {
            Ok(Self(email.to_owned()))
        } else {
            Err(Invalid::Email)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The case-insensitive identity of the address, unique among accounts.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses_and_keeps_their_case() {
        let email = EmailAddress::parse("  Dana.Levi+ava@Acme.test ").unwrap();
        assert_eq!(email.as_str(), "Dana.Levi+ava@Acme.test");
        assert_eq!(email.key(), "dana.levi+ava@acme.test");
    }

    #[test]
    fn refuses_what_cannot_receive_mail() {
        for bad in [
            "dana",
            "dana@",
            "@acme.test",
            "dana@acme",
            "da na@acme.test",
            "a@b@c.test",
            "dana@.acme.test",
            "dana@acme..test",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(Invalid::Email), "{bad}");
        }
        assert_eq!(EmailAddress::parse("  "), Err(Invalid::Required));
    }

    #[test]
    fn refuses_overlong_addresses() {
        let long = format!("{}@acme.test", "a".repeat(250));
        assert_eq!(
            EmailAddress::parse(&long),
            Err(Invalid::TooLong { max: 254 })
        );
    }
}
