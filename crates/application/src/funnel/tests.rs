use chrono::Duration;

use ava_domain::{
    funnel::{Milestone, MilestoneKind, Period},
    onboarding::{OnboardingChanges, StepKey},
    studio::{Plan, StudioChanges},
};

use super::{NotAnEmail, Operators};
use crate::{
    AppError,
    fakes::{OPERATOR_EMAIL, World},
};

fn milestone(step: StepKey, kind: MilestoneKind) -> Milestone {
    Milestone { step, kind }
}

fn go_to(step: StepKey) -> OnboardingChanges {
    OnboardingChanges {
        current_step: Some(step),
        ..OnboardingChanges::default()
    }
}

#[tokio::test]
async fn moves_through_the_wizard_are_recorded_once_each_when_they_happen() {
    let world = World::new();
    let owner = world.owner().await;
    let signed_up = world.now();
    assert_eq!(world.events.of(owner), [(Milestone::SIGNED_UP, signed_up)]);

    world.clock.advance(Duration::seconds(40));
    world.complete_profile(owner).await;
    world.clock.advance(Duration::seconds(20));
    let skip_vapi = OnboardingChanges {
        current_step: Some(StepKey::Persona),
        vapi_skipped: Some(true),
        ..OnboardingChanges::default()
    };
    world
        .app
        .onboarding
        .update(owner, skip_vapi, None)
        .await
        .unwrap();
    let moved = signed_up + Duration::seconds(60);
    // Back and forth: nothing new, and the first times stay.
    world.clock.advance(Duration::seconds(30));
    for step in [StepKey::Profile, StepKey::Persona] {
        world
            .app
            .onboarding
            .update(owner, go_to(step), None)
            .await
            .unwrap();
    }
    assert_eq!(
        world.events.of(owner),
        [
            (Milestone::SIGNED_UP, signed_up),
            (milestone(StepKey::Profile, MilestoneKind::Completed), moved),
            (milestone(StepKey::Vapi, MilestoneKind::Skipped), moved),
            (milestone(StepKey::Persona, MilestoneKind::Reached), moved),
        ]
    );
}

#[tokio::test]
async fn launching_completes_done_and_the_steps_its_data_completes() {
    let world = World::new();
    let owner = world.owner().await;
    world.complete_profile(owner).await;
    let plan = StudioChanges {
        plan: Some(Some(Plan::parse("free").unwrap())),
        ..StudioChanges::default()
    };
    world.app.studio.update(owner, plan, None).await.unwrap();
    world.clock.advance(Duration::minutes(5));
    world.app.onboarding.complete(owner).await.unwrap();
    let launched = world.now();
    let recorded = world.events.of(owner);
    for (step, kind) in [
        (StepKey::Profile, MilestoneKind::Completed),
        (StepKey::Plan, MilestoneKind::Completed),
        (StepKey::Done, MilestoneKind::Reached),
        (StepKey::Done, MilestoneKind::Completed),
    ] {
        assert!(
            recorded.contains(&(milestone(step, kind), launched)),
            "{step:?} {kind:?} in {recorded:?}"
        );
    }
    let funnel = world.app.funnel.funnel(&Period::ALWAYS).await.unwrap();
    assert_eq!((funnel.started, funnel.completed), (1, 1));
}

#[tokio::test]
async fn only_operators_see_the_funnel_of_the_owners_who_signed_up_in_the_period() {
    let world = World::new();
    let first = world.owner().await;
    world.clock.advance(Duration::days(2));
    let operator = world.sign_up(OPERATOR_EMAIL).await;
    world
        .app
        .onboarding
        .update(operator, go_to(StepKey::Vapi), None)
        .await
        .unwrap();

    assert!(matches!(
        world.app.funnel.funnel_for(first, &Period::ALWAYS).await,
        Err(AppError::Forbidden)
    ));
    let everyone = world
        .app
        .funnel
        .funnel_for(operator, &Period::ALWAYS)
        .await
        .unwrap();
    assert_eq!(everyone.started, 2);
    assert_eq!(everyone.steps[1].reached, 1, "only one went on to Vapi");

    let first_day = world.now().date_naive() - Duration::days(2);
    let period = Period::new(Some(first_day), Some(first_day)).unwrap();
    let cohort = world
        .app
        .funnel
        .funnel_for(operator, &period)
        .await
        .unwrap();
    assert_eq!(cohort.started, 1);
    assert_eq!(cohort.steps[1].reached, 0);
}

#[test]
fn operators_are_a_comma_separated_list_of_addresses_in_any_case() {
    let operators = Operators::parse(" Ops@Ava.test, ,boss@ava.test ").unwrap();
    assert_eq!(
        operators,
        Operators::parse("ops@ava.test,BOSS@ava.test").unwrap()
    );
    assert_eq!(Operators::parse("").unwrap(), Operators::default());
    assert_eq!(
        Operators::parse("ops@ava.test,nobody"),
        Err(NotAnEmail("nobody".to_owned()))
    );
}
