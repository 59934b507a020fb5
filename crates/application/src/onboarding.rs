//! The wizard's progress, with each step's status derived from the data.

use std::{collections::BTreeMap, sync::Arc};

use async_trait::async_trait;

use ava_domain::{
    funnel::Milestone,
    ids::UserId,
    onboarding::{OnboardingChanges, OnboardingFacts, OnboardingProgress, StepKey, StepStatus},
};

use crate::{
    error::{AppError, Current},
    funnel,
    ports::{
        AssistantRepository, Clock, CredentialRepository, OnboardingEventRepository,
        OnboardingRepository, SaveError, StudioRepository, UserRepository,
    },
    versioned::{Outcome, VersionedRecords, update_latest, update_versioned},
};

/// The progress as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnboardingView {
    pub progress: OnboardingProgress,
    pub statuses: BTreeMap<StepKey, StepStatus>,
    pub assistant_created: bool,
}

pub struct OnboardingService {
    progress: Arc<dyn OnboardingRepository>,
    events: Arc<dyn OnboardingEventRepository>,
    users: Arc<dyn UserRepository>,
    studio: Arc<dyn StudioRepository>,
    credentials: Arc<dyn CredentialRepository>,
    assistants: Arc<dyn AssistantRepository>,
    clock: Arc<dyn Clock>,
}

impl OnboardingService {
    pub fn new(
        progress: Arc<dyn OnboardingRepository>,
        events: Arc<dyn OnboardingEventRepository>,
        users: Arc<dyn UserRepository>,
        studio: Arc<dyn StudioRepository>,
        credentials: Arc<dyn CredentialRepository>,
        assistants: Arc<dyn AssistantRepository>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            progress,
            events,
            users,
            studio,
            credentials,
            assistants,
            clock,
        }
    }

    pub async fn get(&self, owner: UserId) -> Result<OnboardingView, AppError> {
        let progress = self.load(owner).await?;
        self.view(owner, progress).await
    }

    pub async fn update(
        &self,
        owner: UserId,
        changes: OnboardingChanges,
        expected_version: Option<i64>,
    ) -> Result<OnboardingView, AppError> {
        let outcome = update_versioned(self, owner, expected_version, |progress| {
            Ok(progress.apply(changes.clone())?)
        })
        .await?;
        match outcome {
            Outcome::Saved(progress) => self.saved(owner, progress).await,
            Outcome::Conflict(current) => {
                let view = self.view(owner, current).await?;
                Err(AppError::Conflict(Box::new(Current::Onboarding(view))))
            }
        }
    }

    /// "Launch Ava": needs a complete profile; launching again changes nothing.
    pub async fn complete(&self, owner: UserId) -> Result<OnboardingView, AppError> {
        let profile = self
            .users
            .profile(owner)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        profile
            .completeness()
            .map_err(AppError::ProfileIncomplete)?;
        let now = self.clock.now();
        let progress = self.load(owner).await?;
        let mut launched = progress.clone();
        launched.complete(now);
        if launched == progress {
            // Launched already: saving again would only bump the version.
            return self.view(owner, progress).await;
        }
        let progress = update_latest(self, owner, |progress| {
            progress.complete(now);
            Ok(())
        })
        .await?;
        tracing::info!(user_id = %owner, "onboarding completed");
        self.saved(owner, progress).await
    }

    async fn load(&self, owner: UserId) -> Result<OnboardingProgress, AppError> {
        Ok(self.progress.get(owner).await?.unwrap_or_default())
    }

    /// The view of a progress just saved, its milestones recorded.
    async fn saved(
        &self,
        owner: UserId,
        progress: OnboardingProgress,
    ) -> Result<OnboardingView, AppError> {
        let view = self.view(owner, progress).await?;
        let milestones = Milestone::shown_by(&view.progress, &view.statuses);
        funnel::record(self.events.as_ref(), owner, &milestones, self.clock.now()).await;
        Ok(view)
    }

    async fn view(
        &self,
        owner: UserId,
        progress: OnboardingProgress,
    ) -> Result<OnboardingView, AppError> {
        let facts = self.facts(owner).await?;
        Ok(OnboardingView {
            statuses: progress.statuses(&facts),
            assistant_created: facts.assistant_created,
            progress,
        })
    }

    async fn facts(&self, owner: UserId) -> Result<OnboardingFacts, AppError> {
        let profile = self
            .users
            .profile(owner)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let studio = self.studio.get(owner).await?.unwrap_or_default();
        Ok(OnboardingFacts {
            profile: profile.progress(),
            vapi_connected: self.credentials.vapi(owner).await?.is_some(),
            persona: studio.persona_progress(),
            twilio_connected: self.credentials.twilio(owner).await?.is_some(),
            telephony: studio.telephony_progress(),
            integrations_chosen: !studio.integrations.is_empty(),
            assistant_created: !self.assistants.list(owner).await?.is_empty(),
            plan_chosen: studio.plan.is_some(),
        })
    }
}

#[async_trait]
impl VersionedRecords for OnboardingService {
    type Record = OnboardingProgress;

    async fn load_record(&self, owner: UserId) -> Result<OnboardingProgress, AppError> {
        self.load(owner).await
    }

    async fn store_record(
        &self,
        owner: UserId,
        progress: &OnboardingProgress,
    ) -> Result<i64, SaveError> {
        self.progress.save(owner, progress).await
    }
}

#[cfg(test)]
mod tests;
