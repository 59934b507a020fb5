//! The encryption keys of stored secrets: checking at start that they can
//! open what the database holds, and re-sealing everything under the newest.

use std::sync::Arc;

use crate::{
    error::AppError,
    ports::{CredentialRepository, KeyFingerprint, SecretCipher},
};

/// Secrets sealed with a key that is not configured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "ENCRYPTION_KEY cannot decrypt {} stored secret(s): they were encrypted with key(s) {} that ENCRYPTION_KEY \
     does not contain. Put the old key after the new one in ENCRYPTION_KEY (comma-separated), start again, \
     then run `ava-server rotate-keys`.",
    self.secrets(), self.fingerprint_list()
)]
pub struct UnknownKeys(pub Vec<(KeyFingerprint, u64)>);

impl UnknownKeys {
    fn secrets(&self) -> u64 {
        self.0.iter().map(|(_, count)| count).sum()
    }

    fn fingerprint_list(&self) -> String {
        self.0
            .iter()
            .map(|(fingerprint, _)| fingerprint.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What `rotate` did, secret by secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotationReport {
    pub resealed: usize,
    pub already_current: usize,
    /// Secrets no configured key opens, or whose scope does not match their
    /// row, as `(owner, field)`: left untouched.
    pub failed: Vec<(String, &'static str)>,
}

pub struct KeyService {
    credentials: Arc<dyn CredentialRepository>,
    cipher: Arc<dyn SecretCipher>,
}

impl KeyService {
    pub fn new(credentials: Arc<dyn CredentialRepository>, cipher: Arc<dyn SecretCipher>) -> Self {
        Self {
            credentials,
            cipher,
        }
    }

    /// Refuses when a stored secret was sealed with a key that is not configured.
    pub async fn verify(&self) -> Result<Result<(), UnknownKeys>, AppError> {
        let unknown: Vec<(KeyFingerprint, u64)> = self
            .credentials
            .fingerprints_in_use()
            .await?
            .into_iter()
            .filter(|(fingerprint, _)| !self.cipher.knows(fingerprint))
            .collect();
        Ok(if unknown.is_empty() {
            Ok(())
        } else {
            Err(UnknownKeys(unknown))
        })
    }

    /// Re-seals every secret under the current key. Idempotent; a secret
    /// that cannot be opened is reported and skipped, never a reason to stop.
    pub async fn rotate(&self) -> Result<RotationReport, AppError> {
        let current = self.cipher.current_fingerprint();
        let mut report = RotationReport::default();
        for entry in self.credentials.all_sealed().await? {
            let secret = match self.cipher.open(entry.scope, &entry.sealed) {
                Ok(secret) => secret,
                Err(error) => {
                    tracing::warn!(user_id = %entry.scope.owner, field = entry.scope.kind.code(), %error, "secret left as it is");
                    report
                        .failed
                        .push((entry.scope.owner.to_string(), entry.scope.kind.code()));
                    continue;
                }
            };
            if entry.sealed.key_fingerprint == current {
                report.already_current += 1;
                continue;
            }
            let resealed = self.cipher.seal(entry.scope, &secret)?;
            if self
                .credentials
                .reseal(entry.scope, &entry.sealed, &resealed)
                .await?
            {
                report.resealed += 1;
            } else {
                // The owner replaced it meanwhile, under the current key.
                report.already_current += 1;
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests;
