use std::collections::BTreeMap;

use chrono::Duration;

use ava_domain::{
    Invalid,
    onboarding::{OnboardingChanges, StepKey, StepStatus},
    profile::ProfileChanges,
    studio::{Integrations, Plan, StudioChanges},
    text::Text,
};

use super::OnboardingView;
use crate::{AppError, Current, fakes::World};

fn skip_providers(current_step: StepKey) -> OnboardingChanges {
    OnboardingChanges {
        current_step: Some(current_step),
        vapi_skipped: Some(true),
        twilio_skipped: Some(true),
        ..OnboardingChanges::default()
    }
}

fn go_to(step: StepKey) -> OnboardingChanges {
    OnboardingChanges {
        current_step: Some(step),
        ..OnboardingChanges::default()
    }
}

fn conflicting_view(result: Result<OnboardingView, AppError>) -> OnboardingView {
    match result {
        Err(AppError::Conflict(current)) => match *current {
            Current::Onboarding(view) => view,
            other => panic!("conflict on another record: {other:?}"),
        },
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn a_new_owner_is_on_the_profile_step_with_everything_else_pending() {
    let world = World::new();
    let owner = world.owner().await;
    let view = world.app.onboarding.get(owner).await.unwrap();
    assert_eq!(view.progress.version, 0);
    assert_eq!(view.statuses[&StepKey::Profile], StepStatus::InProgress);
    assert!(
        StepKey::ALL[1..]
            .iter()
            .all(|step| view.statuses[step] == StepStatus::Pending),
        "{view:?}"
    );
    assert!(!view.assistant_created);
}

#[tokio::test]
async fn skipping_is_recorded_and_saved() {
    let world = World::new();
    let owner = world.owner().await;
    let view = world
        .app
        .onboarding
        .update(owner, skip_providers(StepKey::Persona), Some(0))
        .await
        .unwrap();
    assert_eq!(view.progress.version, 1);
    assert_eq!(view.statuses[&StepKey::Vapi], StepStatus::Skipped);
    assert_eq!(view.statuses[&StepKey::Twilio], StepStatus::Skipped);
    assert_eq!(view.statuses[&StepKey::Persona], StepStatus::InProgress);
    assert_eq!(world.onboarding.stored(owner), Some(view.progress));
}

#[tokio::test]
async fn connecting_a_provider_completes_its_step_even_after_a_skip() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .app
        .onboarding
        .update(owner, skip_providers(StepKey::Persona), None)
        .await
        .unwrap();

    world.connect_vapi(owner).await;
    let view = world.app.onboarding.get(owner).await.unwrap();
    assert_eq!(view.statuses[&StepKey::Vapi], StepStatus::Complete);
    assert_eq!(view.statuses[&StepKey::Twilio], StepStatus::Skipped);

    world.connect_twilio(owner, None).await;
    let view = world.app.onboarding.get(owner).await.unwrap();
    assert_eq!(view.statuses[&StepKey::Twilio], StepStatus::Complete);
    assert_eq!(view.progress.version, 1, "statuses are derived, not saved");
}

#[tokio::test]
async fn every_status_follows_the_data() {
    let world = World::new();
    let owner = world.owner().await;
    world.complete_profile(owner).await;
    world.connect_vapi(owner).await;
    let studio = StudioChanges {
        guidelines: Some(Some(Text::new("No medical advice").unwrap())),
        integrations: Some(Integrations::parse(Some("google"), None, &[]).unwrap()),
        plan: Some(Some(Plan::parse("free").unwrap())),
        ..StudioChanges::default()
    };
    world.app.studio.update(owner, studio, None).await.unwrap();
    world.app.assistants.create(owner).await.unwrap();
    world
        .app
        .onboarding
        .update(owner, go_to(StepKey::Plan), None)
        .await
        .unwrap();

    let view = world.app.onboarding.get(owner).await.unwrap();

    let expected = [
        (StepKey::Profile, StepStatus::Complete),
        (StepKey::Vapi, StepStatus::Complete),
        (StepKey::Persona, StepStatus::InProgress),
        (StepKey::Twilio, StepStatus::Pending),
        (StepKey::Telephony, StepStatus::Pending),
        (StepKey::Integrations, StepStatus::Complete),
        (StepKey::Assistant, StepStatus::Complete),
        (StepKey::Plan, StepStatus::Complete),
        (StepKey::Done, StepStatus::Pending),
    ];
    assert_eq!(view.statuses, BTreeMap::from(expected));
    assert!(view.assistant_created);
}

#[tokio::test]
async fn a_stale_version_is_refused_with_the_current_view() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .app
        .onboarding
        .update(owner, skip_providers(StepKey::Persona), Some(0))
        .await
        .unwrap();

    let current = conflicting_view(
        world
            .app
            .onboarding
            .update(owner, go_to(StepKey::Plan), Some(0))
            .await,
    );

    assert_eq!(current.progress.version, 1);
    assert_eq!(current.progress.current_step, StepKey::Persona);
    assert_eq!(current.statuses[&StepKey::Vapi], StepStatus::Skipped);
    assert_eq!(world.onboarding.stored(owner), Some(current.progress));
}

#[tokio::test]
async fn a_save_slipping_in_between_load_and_save_is_a_conflict() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .app
        .onboarding
        .update(owner, go_to(StepKey::Vapi), Some(0))
        .await
        .unwrap();
    world
        .onboarding
        .interfere(|progress| progress.current_step = StepKey::Twilio);

    let current = conflicting_view(
        world
            .app
            .onboarding
            .update(owner, go_to(StepKey::Plan), Some(1))
            .await,
    );

    assert_eq!(current.progress.version, 2);
    assert_eq!(current.progress.current_step, StepKey::Twilio);
}

#[tokio::test]
async fn the_profile_step_cannot_be_skipped() {
    let world = World::new();
    let owner = world.owner().await;
    let changes = OnboardingChanges {
        skipped_steps: Some(vec![StepKey::Profile]),
        ..OnboardingChanges::default()
    };
    let result = world.app.onboarding.update(owner, changes, None).await;
    match result {
        Err(AppError::Invalid(errors)) => {
            assert_eq!(
                errors.iter().collect::<Vec<_>>(),
                [("skipped_steps", Invalid::NotSkippable)]
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(world.onboarding.stored(owner).is_none());
}

#[tokio::test]
async fn launching_with_an_incomplete_profile_names_the_missing_fields() {
    let world = World::new();
    let owner = world.owner().await;
    let name_only = ProfileChanges {
        full_name: Some(Some(Text::new("Dana Levi").unwrap())),
        ..ProfileChanges::default()
    };
    world
        .app
        .profile
        .update(owner, name_only, None)
        .await
        .unwrap();

    let result = world.app.onboarding.complete(owner).await;

    match result {
        Err(AppError::ProfileIncomplete(errors)) => assert_eq!(
            errors.iter().collect::<Vec<_>>(),
            [
                ("organization_name", Invalid::Required),
                ("timezone", Invalid::Required),
                ("accept_terms", Invalid::Required)
            ]
        ),
        other => panic!("expected ProfileIncomplete, got {other:?}"),
    }
    assert!(world.onboarding.stored(owner).is_none());
}

#[tokio::test]
async fn launching_completes_onboarding_once_and_keeps_the_first_date() {
    let world = World::new();
    let owner = world.owner().await;
    world.complete_profile(owner).await;
    let launched_at = world.now();

    let first = world.app.onboarding.complete(owner).await.unwrap();
    assert_eq!(first.progress.completed_at, Some(launched_at));
    assert_eq!(first.progress.current_step, StepKey::Done);
    assert_eq!(first.statuses[&StepKey::Done], StepStatus::Complete);
    assert_eq!(first.progress.version, 1);

    world.clock.advance(Duration::hours(1));
    let again = world.app.onboarding.complete(owner).await.unwrap();
    assert_eq!(
        again, first,
        "launching again changes nothing, not even the version"
    );

    world
        .app
        .onboarding
        .update(owner, go_to(StepKey::Persona), Some(1))
        .await
        .unwrap();
    let after_going_back = world.app.onboarding.complete(owner).await.unwrap();
    assert_eq!(after_going_back.progress.completed_at, Some(launched_at));
    assert_eq!(after_going_back.progress.current_step, StepKey::Done);
    assert_eq!(after_going_back.progress.version, 3);
}

#[tokio::test]
async fn launching_retries_when_another_write_slips_in() {
    let world = World::new();
    let owner = world.owner().await;
    world.complete_profile(owner).await;
    world.onboarding.interfere(|progress| {
        progress.skipped.insert(StepKey::Plan);
    });

    let view = world.app.onboarding.complete(owner).await.unwrap();

    assert!(view.progress.is_completed());
    assert!(
        view.progress.skipped.contains(&StepKey::Plan),
        "the other write is kept"
    );
    assert_eq!(view.progress.version, 2);
}

#[tokio::test]
async fn launching_keeps_trying_while_other_writes_slip_in() {
    let world = World::new();
    let owner = world.owner().await;
    world.complete_profile(owner).await;
    for _ in 0..5 {
        world
            .onboarding
            .interfere(|progress| progress.current_step = StepKey::Plan);
    }

    let view = world.app.onboarding.complete(owner).await.unwrap();

    assert!(view.progress.is_completed());
    assert_eq!(
        view.progress.version, 6,
        "five writes slipped in, then the launch"
    );
    assert_eq!(world.onboarding.stored(owner).unwrap(), view.progress);
}

#[tokio::test]
async fn a_change_without_a_version_is_applied_over_writes_that_slip_in() {
    let world = World::new();
    let owner = world.owner().await;
    for _ in 0..3 {
        world.onboarding.interfere(|progress| {
            progress.skipped.insert(StepKey::Plan);
        });
    }

    let view = world
        .app
        .onboarding
        .update(owner, go_to(StepKey::Telephony), None)
        .await
        .unwrap();

    assert_eq!(view.progress.current_step, StepKey::Telephony);
    assert!(
        view.progress.skipped.contains(&StepKey::Plan),
        "the other writes are kept"
    );
    assert_eq!(view.progress.version, 4);
}
