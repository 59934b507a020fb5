//! The onboarding funnel: milestones recorded as owners move through the
//! wizard, and the funnel computed from them for Ava's operators.

use std::{collections::BTreeSet, sync::Arc};

use chrono::{DateTime, Utc};

pub use ava_domain::funnel::{Funnel, Milestone, Period, PeriodError, StepFunnel};
use ava_domain::{email::EmailAddress, ids::UserId, user::User};

use crate::{
    error::AppError,
    ports::{OnboardingEventRepository, UserRepository},
};

/// The accounts that may see the funnel (`AVA_ADMIN_EMAILS`), by email.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Operators(BTreeSet<String>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an email address")]
pub struct NotAnEmail(pub String);

impl Operators {
    /// Comma-separated addresses; blank entries are ignored, case is not.
    pub fn parse(list: &str) -> Result<Self, NotAnEmail> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                EmailAddress::parse(entry)
                    .map(|email| email.key())
                    .map_err(|_| NotAnEmail(entry.to_owned()))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn includes(&self, user: &User) -> bool {
        self.0.contains(&user.email.key())
    }
}

/// Records what an owner's move shows. A failure is logged, not answered:
/// the owner's own change is saved already, and the funnel is the
/// operators' concern, not theirs.
pub(crate) async fn record(
    events: &dyn OnboardingEventRepository,
    owner: UserId,
    milestones: &[Milestone],
    at: DateTime<Utc>,
) {
    if let Err(error) = events.record(owner, milestones, at).await {
        tracing::warn!(user_id = %owner, %error, "onboarding milestones not recorded");
    }
}

pub struct FunnelService {
    events: Arc<dyn OnboardingEventRepository>,
    users: Arc<dyn UserRepository>,
    operators: Operators,
}

impl FunnelService {
    pub fn new(
        events: Arc<dyn OnboardingEventRepository>,
        users: Arc<dyn UserRepository>,
        operators: Operators,
    ) -> Self {
        Self {
            events,
            users,
            operators,
        }
    }

    pub fn is_operator(&self, user: &User) -> bool {
        self.operators.includes(user)
    }

    /// The funnel of the owners who signed up within `period`, for an operator.
    pub async fn funnel_for(&self, requester: UserId, period: &Period) -> Result<Funnel, AppError> {
        let user = self
            .users
            .get(requester)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if !self.is_operator(&user) {
            return Err(AppError::Forbidden);
        }
        self.funnel(period).await
    }

    /// The same, for whoever runs the server (its command line).
    pub async fn funnel(&self, period: &Period) -> Result<Funnel, AppError> {
        let events = self.events.of_cohort(period).await?;
        Ok(Funnel::of(&events))
    }
}

#[cfg(test)]
mod tests;
