//! The owner's Vapi key and Twilio account: checked live with the provider
//! before anything is stored, stored sealed, shown only masked.

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

use ava_domain::{
    FieldErrors, Invalid,
    credentials::{SecretKind, TwilioAccountSid, TwilioAuthToken, VapiApiKey, same_secret},
    ids::UserId,
    phone::PhoneNumber,
};

use crate::{
    error::{AppError, Provider},
    ports::{
        AssistantRepository, CredentialRepository, IncomingNumber, ProviderError, SecretCipher,
        StoredTwilio, StoredVapi, TokenGenerator, TwilioClient, TwilioCredentials, VapiClient,
        scope,
    },
};

/// A secret field of a settings form: a new value, or the masked preview
/// sent back, which means "keep the stored one".
#[derive(Debug, Clone)]
pub enum SecretInput<T> {
    Unchanged,
    New(T),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VapiStatus {
    pub preview: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TwilioStatus {
    pub account_sid: Option<TwilioAccountSid>,
    pub phone_number: Option<PhoneNumber>,
    pub preview: Option<String>,
}

pub struct TwilioConnect {
    pub account_sid: TwilioAccountSid,
    pub auth_token: SecretInput<TwilioAuthToken>,
    pub phone_number: Option<PhoneNumber>,
}

/// The owner's Twilio account as the use cases need it.
pub struct TwilioConnection {
    pub credentials: TwilioCredentials,
    pub phone_number: Option<PhoneNumber>,
}

pub struct CredentialService {
    credentials: Arc<dyn CredentialRepository>,
    cipher: Arc<dyn SecretCipher>,
    vapi: Arc<dyn VapiClient>,
    twilio: Arc<dyn TwilioClient>,
    assistants: Arc<dyn AssistantRepository>,
    tokens: Arc<dyn TokenGenerator>,
}

impl CredentialService {
    pub fn new(
        credentials: Arc<dyn CredentialRepository>,
        cipher: Arc<dyn SecretCipher>,
        vapi: Arc<dyn VapiClient>,
        twilio: Arc<dyn TwilioClient>,
        assistants: Arc<dyn AssistantRepository>,
        tokens: Arc<dyn TokenGenerator>,
    ) -> Self {
        Self {
            credentials,
            cipher,
            vapi,
            twilio,
            assistants,
            tokens,
        }
    }

    pub async fn vapi_status(&self, owner: UserId) -> Result<VapiStatus, AppError> {
        let stored = self.credentials.vapi(owner).await?;
        Ok(VapiStatus {
            preview: stored.map(|stored| stored.preview),
        })
    }

    /// Checks the key with Vapi; only a key Vapi accepts is stored.
    pub async fn connect_vapi(
        &self,
        owner: UserId,
        input: SecretInput<VapiApiKey>,
    ) -> Result<VapiStatus, AppError> {
        let key = match input {
            SecretInput::New(key) => key,
            SecretInput::Unchanged => {
                return match self.credentials.vapi(owner).await? {
                    Some(stored) => Ok(VapiStatus {
                        preview: Some(stored.preview),
                    }),
                    None => Err(FieldErrors::single("vapi_api_key", Invalid::Required).into()),
                };
            }
        };
        self.vapi
            .check_key(&key)
            .await
            .map_err(AppError::provider(Provider::Vapi))?;
        let stored = StoredVapi {
            key: self
                .cipher
                .seal(scope(owner, SecretKind::VapiApiKey), key.as_secret())?,
            preview: key.preview(),
        };
        self.credentials.put_vapi(owner, &stored).await?;
        tracing::info!(user_id = %owner, "Vapi key connected");
        Ok(VapiStatus {
            preview: Some(stored.preview),
        })
    }

    /// Ava stops answering: the owner's number leaves Vapi first.
    pub async fn disconnect_vapi(&self, owner: UserId) -> Result<(), AppError> {
        self.release_numbers(owner).await?;
        if self.credentials.delete_vapi(owner).await? {
            tracing::info!(user_id = %owner, "Vapi key disconnected");
        }
        Ok(())
    }

    pub async fn twilio_status(&self, owner: UserId) -> Result<TwilioStatus, AppError> {
        Ok(self
            .credentials
            .twilio(owner)
            .await?
            .map(|stored| TwilioStatus {
                account_sid: Some(stored.account_sid),
                phone_number: stored.phone_number,
                preview: Some(stored.preview),
            })
            .unwrap_or_default())
    }

    /// Checks the account with Twilio (it must be active, and own the
    /// chosen number); only then is anything stored.
    pub async fn connect_twilio(
        &self,
        owner: UserId,
        request: TwilioConnect,
    ) -> Result<TwilioStatus, AppError> {
        let (auth_token, token_changed) = match request.auth_token {
            SecretInput::New(token) => (token, true),
            SecretInput::Unchanged => match self.twilio_connection(owner).await? {
                Some(connection) => (connection.credentials.auth_token, false),
                None => return Err(FieldErrors::single("auth_token", Invalid::Required).into()),
            },
        };
        let credentials = TwilioCredentials {
            account_sid: request.account_sid,
            auth_token,
        };
        let twilio_error = AppError::provider(Provider::Twilio);
        let account = match self.twilio.fetch_account(&credentials).await {
            // Twilio answers 404 for a SID the token does not open: the pair is wrong.
            Err(ProviderError::NotFound) => Err(AppError::CredentialsRejected(Provider::Twilio)),
            other => other.map_err(&twilio_error),
        }?;
        if account.status != "active" {
            return Err(AppError::TwilioAccountInactive(account.status));
        }
        if let Some(number) = &request.phone_number {
            let numbers = self
                .twilio
                .incoming_numbers(&credentials)
                .await
                .map_err(&twilio_error)?;
            if !numbers
                .iter()
                .any(|n| n.voice && n.phone_number == number.as_str())
            {
                return Err(AppError::NumberNotOnAccount);
            }
        }
        let stored = StoredTwilio {
            auth_token: self.cipher.seal(
                scope(owner, SecretKind::TwilioAuthToken),
                credentials.auth_token.as_secret(),
            )?,
            preview: credentials.auth_token.preview(),
            account_sid: credentials.account_sid.clone(),
            phone_number: request.phone_number,
        };
        self.credentials.put_twilio(owner, &stored).await?;
        tracing::info!(user_id = %owner, "Twilio account connected");
        if token_changed {
            self.refresh_imported_numbers(owner, &credentials.auth_token)
                .await;
        }
        Ok(TwilioStatus {
            account_sid: Some(stored.account_sid),
            phone_number: stored.phone_number,
            preview: Some(stored.preview),
        })
    }

    /// Ava stops answering: the owner's number leaves Vapi first (Vapi
    /// keeps its own copy of the Twilio token and would go on answering).
    pub async fn disconnect_twilio(&self, owner: UserId) -> Result<(), AppError> {
        self.release_numbers(owner).await?;
        if self.credentials.delete_twilio(owner).await? {
            tracing::info!(user_id = %owner, "Twilio account disconnected");
        }
        Ok(())
    }

    /// The voice-capable numbers of the owner's Twilio account.
    pub async fn twilio_numbers(&self, owner: UserId) -> Result<Vec<IncomingNumber>, AppError> {
        let connection = self
            .twilio_connection(owner)
            .await?
            .ok_or(AppError::NotConnected(Provider::Twilio))?;
        let numbers = self
            .twilio
            .incoming_numbers(&connection.credentials)
            .await
            .map_err(AppError::provider(Provider::Twilio))?;
        Ok(numbers.into_iter().filter(|number| number.voice).collect())
    }

    /// The owner's Vapi key, decrypted for a call to Vapi.
    pub async fn vapi_key(&self, owner: UserId) -> Result<VapiApiKey, AppError> {
        let stored = self
            .credentials
            .vapi(owner)
            .await?
            .ok_or(AppError::NotConnected(Provider::Vapi))?;
        let secret = self
            .cipher
            .open(scope(owner, SecretKind::VapiApiKey), &stored.key)?;
        Ok(VapiApiKey::from_secret(secret))
    }

    /// The owner's Twilio account, its token decrypted, if connected.
    pub async fn twilio_connection(
        &self,
        owner: UserId,
    ) -> Result<Option<TwilioConnection>, AppError> {
        let Some(stored) = self.credentials.twilio(owner).await? else {
            return Ok(None);
        };
        let secret = self.cipher.open(
            scope(owner, SecretKind::TwilioAuthToken),
            &stored.auth_token,
        )?;
        Ok(Some(TwilioConnection {
            credentials: TwilioCredentials {
                account_sid: stored.account_sid,
                auth_token: TwilioAuthToken::from_secret(secret),
            },
            phone_number: stored.phone_number,
        }))
    }

    /// Takes the owner's numbers out of Vapi and off their assistants. A
    /// number Vapi no longer has, or a key Vapi no longer accepts, does not
    /// stop a disconnection; Vapi out of reach does, since the line would
    /// go on answering while the page said it stopped.
    async fn release_numbers(&self, owner: UserId) -> Result<(), AppError> {
        let Ok(key) = self.vapi_key(owner).await else {
            return Ok(());
        };
        for mut assistant in self.assistants.list(owner).await? {
            let Some(number_id) = assistant.vapi_phone_number_id.take() else {
                continue;
            };
            match self.vapi.delete_number(&key, &number_id).await {
                Ok(()) | Err(ProviderError::NotFound | ProviderError::Unauthorized) => {}
                Err(error) => return Err(AppError::from_provider(Provider::Vapi, error)),
            }
            assistant.phone_number = None;
            self.assistants.save(&assistant, None).await?;
            tracing::info!(user_id = %owner, assistant_id = %assistant.id, "number released from Vapi");
        }
        Ok(())
    }

    /// The secret Vapi must present on the owner's messages, made on first use.
    pub async fn webhook_secret(&self, owner: UserId) -> Result<SecretString, AppError> {
        let scope = scope(owner, SecretKind::WebhookSecret);
        if let Some(sealed) = self.credentials.webhook_secret(owner).await? {
            return Ok(self.cipher.open(scope, &sealed)?);
        }
        let secret = self.tokens.webhook_secret();
        let sealed = self.cipher.seal(scope, &secret)?;
        self.credentials.put_webhook_secret(owner, &sealed).await?;
        Ok(secret)
    }

    /// Replaces the owner's webhook secret; the number must be given the new one.
    pub async fn rotate_webhook_secret(&self, owner: UserId) -> Result<(), AppError> {
        let sealed = self.cipher.seal(
            scope(owner, SecretKind::WebhookSecret),
            &self.tokens.webhook_secret(),
        )?;
        self.credentials.put_webhook_secret(owner, &sealed).await?;
        tracing::info!(user_id = %owner, "webhook secret rotated");
        Ok(())
    }

    /// Whether `presented` is the owner's webhook secret. An owner without
    /// one (or an unknown owner) matches nothing.
    pub async fn is_webhook_secret(
        &self,
        owner: UserId,
        presented: &str,
    ) -> Result<bool, AppError> {
        let Some(sealed) = self.credentials.webhook_secret(owner).await? else {
            return Ok(false);
        };
        let stored = self
            .cipher
            .open(scope(owner, SecretKind::WebhookSecret), &sealed)?;
        Ok(same_secret(presented, stored.expose_secret()))
    }

    /// Vapi keeps a copy of the Twilio token for each imported number and
    /// calls fail once it is stale: hand it the new one. Best effort, since
    /// the new token is already stored and valid; failures are logged.
    async fn refresh_imported_numbers(&self, owner: UserId, token: &TwilioAuthToken) {
        let Ok(key) = self.vapi_key(owner).await else {
            return;
        };
        let assistants = match self.assistants.list(owner).await {
            Ok(assistants) => assistants,
            Err(error) => {
                tracing::warn!(user_id = %owner, %error, "could not list assistants to refresh their numbers");
                return;
            }
        };
        for number_id in assistants
            .iter()
            .filter_map(|a| a.vapi_phone_number_id.as_deref())
        {
            if let Err(error) = self.vapi.update_number_token(&key, number_id, token).await {
                tracing::warn!(user_id = %owner, number_id, %error, "Vapi kept the old Twilio token of a number");
            }
        }
    }
}

#[cfg(test)]
mod tests;
