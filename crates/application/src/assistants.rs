//! Creating the owner's assistant in Vapi, binding their Twilio number to
//! it, and pushing later changes of the studio configuration.
//!
//! Vapi and the database cannot share a transaction, so every step done in
//! Vapi is undone when a later step fails: a failed creation leaves neither
//! a half-recorded assistant here nor a stray one in the owner's Vapi.

use std::sync::Arc;

use ava_domain::{
    assistant::{Assistant, AssistantBlueprint},
    credentials::VapiApiKey,
    ids::{AssistantId, UserId},
    phone::PhoneNumber,
    studio::StudioConfig,
};

use crate::{
    credentials::CredentialService,
    error::{AppError, Provider},
    line::{PublicUrl, line_routing},
    ports::{
        AssistantRepository, Clock, LineRouting, NumberImport, NumberRoute, ProviderError,
        StudioRepository, UserRepository, VapiClient,
    },
};

pub struct AssistantService {
    credentials: Arc<CredentialService>,
    users: Arc<dyn UserRepository>,
    studio: Arc<dyn StudioRepository>,
    assistants: Arc<dyn AssistantRepository>,
    vapi: Arc<dyn VapiClient>,
    clock: Arc<dyn Clock>,
    public_url: PublicUrl,
}

/// Where the assistant's phone number came from.
struct NumberBinding {
    number: PhoneNumber,
    vapi_number_id: String,
    /// The assistant that held the number before, if it was moved.
    released: Option<AssistantId>,
}

impl NumberBinding {
    /// Records the number on `assistant`; answers the assistant it was taken from.
    fn apply_to(self, assistant: &mut Assistant) -> Option<AssistantId> {
        assistant.phone_number = Some(self.number);
        assistant.vapi_phone_number_id = Some(self.vapi_number_id);
        self.released
    }
}

/// A step done in Vapi, and how to take it back.
enum Undo {
    DeleteAssistant(String),
    DeleteNumber(String),
    BindNumberBack {
        vapi_number_id: String,
        vapi_assistant_id: String,
    },
}

impl AssistantService {
    pub fn new(
        credentials: Arc<CredentialService>,
        users: Arc<dyn UserRepository>,
        studio: Arc<dyn StudioRepository>,
        assistants: Arc<dyn AssistantRepository>,
        vapi: Arc<dyn VapiClient>,
        clock: Arc<dyn Clock>,
        public_url: PublicUrl,
    ) -> Self {
        Self {
            credentials,
            users,
            studio,
            assistants,
            vapi,
            clock,
            public_url,
        }
    }

    pub async fn list(&self, owner: UserId) -> Result<Vec<Assistant>, AppError> {
        Ok(self.assistants.list(owner).await?)
    }

    /// Creates the assistant from the studio configuration and, with Twilio
    /// connected and a number chosen, answers that number with it.
    pub async fn create(&self, owner: UserId) -> Result<Assistant, AppError> {
        let key = self.credentials.vapi_key(owner).await?;
        let (blueprint, studio) = self.blueprint(owner, AssistantId::generate()).await?;
        let vapi_assistant_id = match self.vapi.create_assistant(&key, &blueprint).await {
            Ok(id) => id,
            // The answer was lost, not necessarily the request.
            Err(ProviderError::Timeout) => self
                .created_anyway(owner, &key, blueprint.assistant)
                .await
                .ok_or(AppError::ProviderTimeout(Provider::Vapi))?,
            Err(error) => return Err(AppError::from_provider(Provider::Vapi, error)),
        };
        let mut undo = vec![Undo::DeleteAssistant(vapi_assistant_id.clone())];
        let result = self
            .record_new(
                owner,
                &key,
                &blueprint,
                &studio,
                &vapi_assistant_id,
                &mut undo,
            )
            .await;
        if result.is_err() {
            self.undo(owner, &key, undo).await;
        }
        result
    }

    /// Pushes the current studio configuration to an existing assistant.
    pub async fn sync(&self, owner: UserId, id: AssistantId) -> Result<Assistant, AppError> {
        let existing = self.assistants.list(owner).await?;
        let mut assistant = existing
            .iter()
            .find(|assistant| assistant.id == id)
            .cloned()
            .ok_or(AppError::AssistantNotFound)?;
        let key = self.credentials.vapi_key(owner).await?;
        let (blueprint, studio) = self.blueprint(owner, assistant.id).await?;
        self.vapi
            .update_assistant(&key, &assistant.vapi_assistant_id, &blueprint)
            .await
            .map_err(AppError::provider(Provider::Vapi))?;
        let mut undo = Vec::new();
        let binding = self
            .bind_number(owner, &key, &studio, &existing, &assistant, &mut undo)
            .await;
        let binding = match binding {
            Ok(binding) => binding,
            Err(error) => {
                self.undo(owner, &key, undo).await;
                return Err(error);
            }
        };
        assistant.name = blueprint.name;
        assistant.synced_at = self.clock.now();
        let previous_number_id = assistant.vapi_phone_number_id.clone();
        let released = binding.and_then(|binding| binding.apply_to(&mut assistant));
        // Numbers imported before the public URL was set are moved to it here.
        if let Err(error) = self.route(owner, &key, &assistant, &studio).await {
            self.undo(owner, &key, undo).await;
            return Err(error);
        }
        if let Err(error) = self.assistants.save(&assistant, released).await {
            self.undo(owner, &key, undo).await;
            return Err(error.into());
        }
        // The number it answered before is no longer recorded anywhere: take
        // it out of Vapi, or it would stay bound there and could not be
        // imported again. Best effort, like an undo.
        if let Some(previous) =
            previous_number_id.filter(|id| assistant.vapi_phone_number_id.as_ref() != Some(id))
            && let Err(error) = self.vapi.delete_number(&key, &previous).await
        {
            tracing::warn!(user_id = %owner, number_id = previous, %error, "could not remove the previous number from Vapi");
        }
        Ok(assistant)
    }

    async fn blueprint(
        &self,
        owner: UserId,
        id: AssistantId,
    ) -> Result<(AssistantBlueprint, StudioConfig), AppError> {
        let profile = self
            .users
            .profile(owner)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let studio = self.studio.get(owner).await?.unwrap_or_default();
        Ok((
            AssistantBlueprint::compose(
                owner,
                id,
                &profile,
                &studio,
                self.public_url.enforcement(),
            ),
            studio,
        ))
    }

    /// Sets who takes the calls of the assistant's number, if it has one:
    /// Ava (by the owner's hours) or the assistant, with the handoff number
    /// as the fallback.
    async fn route(
        &self,
        owner: UserId,
        key: &VapiApiKey,
        assistant: &Assistant,
        studio: &StudioConfig,
    ) -> Result<(), AppError> {
        let Some(number_id) = &assistant.vapi_phone_number_id else {
            return Ok(());
        };
        let routing = line_routing(
            &self.public_url,
            &self.credentials,
            owner,
            &assistant.vapi_assistant_id,
            studio.handoff_number.clone(),
        )
        .await?;
        match self.vapi.route_number(key, number_id, &routing).await {
            Ok(()) => Ok(()),
            // The answer was lost, not necessarily the change: look.
            Err(ProviderError::Timeout) if self.routed_anyway(key, assistant, &routing).await => {
                Ok(())
            }
            Err(error) => Err(AppError::from_provider(Provider::Vapi, error)),
        }
    }

    /// After a timeout: whether Vapi holds the number routed as asked.
    async fn routed_anyway(
        &self,
        key: &VapiApiKey,
        assistant: &Assistant,
        routing: &LineRouting,
    ) -> bool {
        let Some(phone) = &assistant.phone_number else {
            return false;
        };
        let Ok(Some(number)) = self.vapi.find_number(key, phone).await else {
            return false;
        };
        if assistant.vapi_phone_number_id.as_ref() != Some(&number.id) {
            return false;
        }
        match &routing.route {
            NumberRoute::Assistant { vapi_assistant_id } => {
                number.assistant_id.as_ref() == Some(vapi_assistant_id)
            }
            NumberRoute::Server { url, .. } => {
                number.assistant_id.is_none() && number.server_url.as_ref() == Some(url)
            }
        }
    }

    /// After a timeout: Vapi's id of the assistant if Vapi created it anyway.
    async fn created_anyway(
        &self,
        owner: UserId,
        key: &VapiApiKey,
        id: AssistantId,
    ) -> Option<String> {
        let found = self.vapi.find_assistant(key, id).await.ok().flatten();
        if found.is_some() {
            tracing::info!(user_id = %owner, "Vapi created the assistant although its answer timed out");
        }
        found
    }

    async fn record_new(
        &self,
        owner: UserId,
        key: &VapiApiKey,
        blueprint: &AssistantBlueprint,
        studio: &StudioConfig,
        vapi_assistant_id: &str,
        undo: &mut Vec<Undo>,
    ) -> Result<Assistant, AppError> {
        let now = self.clock.now();
        let mut assistant = Assistant {
            id: blueprint.assistant,
            owner,
            name: blueprint.name.clone(),
            vapi_assistant_id: vapi_assistant_id.to_owned(),
            phone_number: None,
            vapi_phone_number_id: None,
            created_at: now,
            synced_at: now,
        };
        let existing = self.assistants.list(owner).await?;
        let binding = self
            .bind_number(owner, key, studio, &existing, &assistant, undo)
            .await?;
        let released = binding.and_then(|binding| binding.apply_to(&mut assistant));
        self.route(owner, key, &assistant, studio).await?;
        self.assistants.save(&assistant, released).await?;
        tracing::info!(user_id = %owner, assistant_id = %assistant.id, number_bound = assistant.phone_number.is_some(), "assistant created");
        Ok(assistant)
    }

    /// Binds the number Ava should answer to `assistant`, unless it is
    /// bound already or there is none (no Twilio account or no number).
    /// A number one of the owner's assistants holds is moved, not imported
    /// twice.
    async fn bind_number(
        &self,
        owner: UserId,
        key: &VapiApiKey,
        studio: &StudioConfig,
        existing: &[Assistant],
        assistant: &Assistant,
        undo: &mut Vec<Undo>,
    ) -> Result<Option<NumberBinding>, AppError> {
        let Some(twilio) = self.credentials.twilio_connection(owner).await? else {
            return Ok(None);
        };
        let Some(number) = studio.phone_number.clone().or(twilio.phone_number) else {
            return Ok(None);
        };
        if assistant.phone_number.as_ref() == Some(&number) {
            return Ok(None);
        }
        let vapi_error = AppError::provider(Provider::Vapi);
        // Vapi may hold the number already: for another of the owner's
        // assistants, from an import whose answer timed out, or imported by
        // the owner in Vapi's dashboard. It cannot be imported twice: move it.
        if let Some(imported) = self
            .vapi
            .find_number(key, &number)
            .await
            .map_err(&vapi_error)?
        {
            self.vapi
                .bind_number(key, &imported.id, &assistant.vapi_assistant_id)
                .await
                .map_err(&vapi_error)?;
            if let Some(previous) = imported
                .assistant_id
                .filter(|id| *id != assistant.vapi_assistant_id)
            {
                undo.push(Undo::BindNumberBack {
                    vapi_number_id: imported.id.clone(),
                    vapi_assistant_id: previous,
                });
            }
            let released = existing
                .iter()
                .find(|other| {
                    other.id != assistant.id
                        && other.vapi_phone_number_id.as_ref() == Some(&imported.id)
                })
                .map(|holder| holder.id);
            return Ok(Some(NumberBinding {
                number,
                vapi_number_id: imported.id,
                released,
            }));
        }
        let import = NumberImport {
            number: number.clone(),
            account_sid: twilio.credentials.account_sid,
            auth_token: twilio.credentials.auth_token,
            vapi_assistant_id: assistant.vapi_assistant_id.clone(),
            name: assistant.name.clone(),
        };
        let vapi_number_id = match self.vapi.import_twilio_number(key, &import).await {
            Ok(id) => id,
            Err(ProviderError::Timeout) => self
                .imported_anyway(key, &number, &assistant.vapi_assistant_id)
                .await
                .ok_or(AppError::ProviderTimeout(Provider::Vapi))?,
            Err(error) => return Err(vapi_error(error)),
        };
        undo.push(Undo::DeleteNumber(vapi_number_id.clone()));
        Ok(Some(NumberBinding {
            number,
            vapi_number_id,
            released: None,
        }))
    }

    /// After a timeout: Vapi's id of the number if Vapi imported it anyway,
    /// bound to this assistant.
    async fn imported_anyway(
        &self,
        key: &VapiApiKey,
        number: &PhoneNumber,
        vapi_assistant_id: &str,
    ) -> Option<String> {
        let found = self.vapi.find_number(key, number).await.ok().flatten()?;
        (found.assistant_id.as_deref() == Some(vapi_assistant_id)).then_some(found.id)
    }

    /// Takes back what was done in Vapi, newest first. Failures are logged:
    /// the owner's request has failed already and is answered with its cause.
    async fn undo(&self, owner: UserId, key: &VapiApiKey, steps: Vec<Undo>) {
        for step in steps.into_iter().rev() {
            let result = match &step {
                Undo::DeleteAssistant(id) => self.vapi.delete_assistant(key, id).await,
                Undo::DeleteNumber(id) => self.vapi.delete_number(key, id).await,
                Undo::BindNumberBack {
                    vapi_number_id,
                    vapi_assistant_id,
                } => {
                    self.vapi
                        .bind_number(key, vapi_number_id, vapi_assistant_id)
                        .await
                }
            };
            if let Err(error) = result {
                tracing::warn!(user_id = %owner, %error, "could not undo a step in Vapi after a failure");
            }
        }
    }
}

#[cfg(test)]
mod tests;
