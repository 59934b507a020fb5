//! Secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256), with the owner and
//! the field sealed inside the token, since Fernet has no associated data.

use base64::{
    Engine,
    engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD},
};
use fernet::Fernet;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use ava_application::ports::{CipherError, KeyFingerprint, SealedSecret, SecretCipher};
use ava_domain::credentials::SecretScope;

/// Why `ENCRYPTION_KEY` was refused. Never contains the key.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("ENCRYPTION_KEY is empty")]
    Empty,
    #[error(
        "key number {0} of ENCRYPTION_KEY is not a Fernet key (32 bytes, URL-safe base64); \
         make one with `ava-server gen-key`"
    )]
    Malformed(usize),
}

/// The configured keys, newest first: the first seals, all open.
pub struct FernetCipher {
    keys: Vec<(KeyFingerprint, Fernet)>,
}

/// What is encrypted: the secret and where it belongs.
#[derive(Serialize)]
struct Envelope<'a> {
    owner: String,
    field: &'a str,
    secret: &'a str,
}

#[derive(Deserialize)]
struct OpenedEnvelope {
    owner: String,
    field: String,
    secret: String,
}

impl FernetCipher {
    /// Parses `ENCRYPTION_KEY`: one key, or several separated by commas.
    pub fn from_keys(value: &str) -> Result<Self, KeyError> {
        let keys = value
            .split(',')
            .map(str::trim)
            .filter(|key| !key.is_empty())
            .enumerate()
            .map(|(index, key)| {
                let fernet = Fernet::new(key).ok_or(KeyError::Malformed(index + 1))?;
                Ok((fingerprint(key), fernet))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(KeyError::Empty);
        }
        Ok(Self { keys })
    }

    /// A new random key, in the form `ENCRYPTION_KEY` takes.
    pub fn generate_key() -> String {
        Fernet::generate_key()
    }

    fn key(&self, fingerprint: &KeyFingerprint) -> Option<&Fernet> {
        self.keys
            .iter()
            .find(|(known, _)| known == fingerprint)
            .map(|(_, fernet)| fernet)
    }
}

/// A short, one-way identifier of a key: the first 8 bytes of the SHA-256 of
/// its bytes, in hex. It tells keys apart without helping to guess one.
fn fingerprint(key: &str) -> KeyFingerprint {
    let bytes = Zeroizing::new(
        URL_SAFE
            .decode(key)
            .or_else(|_| URL_SAFE_NO_PAD.decode(key))
            .unwrap_or_else(|_| key.as_bytes().to_vec()),
    );
    let digest = Sha256::digest(bytes.as_slice());
    KeyFingerprint(
        digest[..8]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect(),
    )
}

impl SecretCipher for FernetCipher {
    fn seal(&self, scope: SecretScope, secret: &SecretString) -> Result<SealedSecret, CipherError> {
        let (fingerprint, fernet) = self.keys.first().ok_or(CipherError::Seal)?;
        let envelope = Envelope {
            owner: scope.owner.to_string(),
            field: scope.kind.code(),
            secret: secret.expose_secret(),
        };
        let plaintext =
            Zeroizing::new(serde_json::to_vec(&envelope).map_err(|_| CipherError::Seal)?);
        Ok(SealedSecret {
            ciphertext: fernet.encrypt(&plaintext),
            key_fingerprint: fingerprint.clone(),
        })
    }

    fn open(&self, scope: SecretScope, sealed: &SealedSecret) -> Result<SecretString, CipherError> {
        let fernet = self
            .key(&sealed.key_fingerprint)
            .ok_or(CipherError::Undecryptable)?;
        let plaintext = Zeroizing::new(
            fernet
                .decrypt(&sealed.ciphertext)
                .map_err(|_| CipherError::Undecryptable)?,
        );
        let OpenedEnvelope {
            owner,
            field,
            secret,
        } = serde_json::from_slice(&plaintext).map_err(|_| CipherError::Undecryptable)?;
        // Moved, not copied: the secret is wiped from memory when dropped.
        let secret = SecretString::from(secret);
        if owner != scope.owner.to_string() || field != scope.kind.code() {
            return Err(CipherError::WrongScope);
        }
        Ok(secret)
    }

    fn current_fingerprint(&self) -> KeyFingerprint {
        self.keys
            .first()
            .map(|(fingerprint, _)| fingerprint.clone())
            .unwrap_or_else(|| KeyFingerprint(String::new()))
    }

    fn knows(&self, fingerprint: &KeyFingerprint) -> bool {
        self.key(fingerprint).is_some()
    }
}

#[cfg(test)]
mod tests {
    use ava_domain::{credentials::SecretKind, ids::UserId};

    use super::*;

    fn scope(owner: UserId, kind: SecretKind) -> SecretScope {
        SecretScope { owner, kind }
    }

    fn secret(value: &str) -> SecretString {
        value.to_owned().into()
    }

    #[test]
    fn a_sealed_secret_opens_in_its_own_scope_only() {
        let cipher = FernetCipher::from_keys(&FernetCipher::generate_key()).unwrap();
        let (alice, bob) = (UserId::generate(), UserId::generate());
        let sealed = cipher
            .seal(
                scope(alice, SecretKind::VapiApiKey),
                &secret("vapi-private-key-1234"),
            )
            .unwrap();
        assert!(!sealed.ciphertext.contains("vapi-private-key-1234"));
        let opened = cipher
            .open(scope(alice, SecretKind::VapiApiKey), &sealed)
            .unwrap();
        assert_eq!(opened.expose_secret(), "vapi-private-key-1234");
        assert!(matches!(
            cipher.open(scope(bob, SecretKind::VapiApiKey), &sealed),
            Err(CipherError::WrongScope)
        ));
        assert!(matches!(
            cipher.open(scope(alice, SecretKind::TwilioAuthToken), &sealed),
            Err(CipherError::WrongScope)
        ));
    }

    #[test]
    fn the_first_key_seals_and_every_key_opens() {
        let (old_key, new_key) = (FernetCipher::generate_key(), FernetCipher::generate_key());
        let old = FernetCipher::from_keys(&old_key).unwrap();
        let both = FernetCipher::from_keys(&format!("{new_key}, {old_key}")).unwrap();
        let owner = scope(UserId::generate(), SecretKind::TwilioAuthToken);
        let sealed_by_old = old.seal(owner, &secret("token")).unwrap();
        assert_eq!(
            both.open(owner, &sealed_by_old).unwrap().expose_secret(),
            "token"
        );
        let sealed_by_new = both.seal(owner, &secret("token")).unwrap();
        assert_eq!(sealed_by_new.key_fingerprint, both.current_fingerprint());
        assert_ne!(sealed_by_new.key_fingerprint, sealed_by_old.key_fingerprint);
        assert!(both.knows(&sealed_by_old.key_fingerprint));
        assert!(matches!(
            old.open(owner, &sealed_by_new),
            Err(CipherError::Undecryptable)
        ));
    }

    #[test]
    fn a_tampered_ciphertext_does_not_open() {
        let cipher = FernetCipher::from_keys(&FernetCipher::generate_key()).unwrap();
        let owner = scope(UserId::generate(), SecretKind::VapiApiKey);
        let mut sealed = cipher.seal(owner, &secret("key")).unwrap();
        sealed.ciphertext.replace_range(20..22, "AA");
        assert!(matches!(
            cipher.open(owner, &sealed),
            Err(CipherError::Undecryptable)
        ));
    }

    #[test]
    fn malformed_configuration_names_the_key_position_not_the_key() {
        let good = FernetCipher::generate_key();
        let error = FernetCipher::from_keys(&format!("{good},not-a-key"))
            .err()
            .unwrap();
        assert_eq!(error, KeyError::Malformed(2));
        assert!(!error.to_string().contains("not-a-key"));
        assert_eq!(FernetCipher::from_keys(" , ").err(), Some(KeyError::Empty));
    }

    #[test]
    fn fingerprints_are_stable_and_reveal_nothing_of_the_key() {
        let key = FernetCipher::generate_key();
        let fingerprint = FernetCipher::from_keys(&key).unwrap().current_fingerprint();
        assert_eq!(
            fingerprint,
            FernetCipher::from_keys(&key).unwrap().current_fingerprint()
        );
        assert_eq!(fingerprint.0.len(), 16);
        assert!(!key.contains(&fingerprint.0));
    }
}
