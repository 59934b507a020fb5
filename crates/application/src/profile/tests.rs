use ava_domain::{
    Invalid,
    ids::UserId,
    locale::Locale,
    profile::{Profile, ProfileChanges},
    text::Text,
};

use crate::{
    AppError, Current,
    fakes::{World, complete_profile_changes},
};

fn organization(name: &str) -> ProfileChanges {
    ProfileChanges {
        organization_name: Some(Some(Text::new(name).unwrap())),
        ..ProfileChanges::default()
    }
}

fn conflicting_profile(result: Result<Profile, AppError>) -> Profile {
    match result {
        Err(AppError::Conflict(current)) => match *current {
            Current::Profile(profile) => profile,
            other => panic!("conflict on another record: {other:?}"),
        },
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn organization_of(profile: &Profile) -> Option<&str> {
    profile.organization_name.as_ref().map(Text::as_str)
}

#[tokio::test]
async fn a_new_owner_has_an_empty_profile_at_version_1() {
    let world = World::new();
    let owner = world.owner().await;
    let profile = world.app.profile.get(owner).await.unwrap();
    assert_eq!(profile.version, 1);
    assert_eq!(profile.email.as_str(), "owner-1@acme.test");
    assert_eq!(profile.locale, Locale::He);
    assert_eq!(
        profile.missing_fields(),
        ["full_name", "organization_name", "timezone", "accept_terms"]
    );
}

#[tokio::test]
async fn an_update_applies_the_changes_and_bumps_the_version() {
    let world = World::new();
    let owner = world.owner().await;
    let updated = world
        .app
        .profile
        .update(owner, complete_profile_changes(), Some(1))
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert!(updated.is_complete());
    assert_eq!(updated.terms_accepted_at, Some(world.now()));
    assert_eq!(world.app.profile.get(owner).await.unwrap(), updated);

    let again = world
        .app
        .profile
        .update(owner, organization("Acme Clinic"), Some(2))
        .await
        .unwrap();
    assert_eq!(again.version, 3);
    assert_eq!(organization_of(&again), Some("Acme Clinic"));
    assert_eq!(
        again.full_name, updated.full_name,
        "fields left out are kept"
    );
}

#[tokio::test]
async fn a_stale_version_is_refused_with_the_current_profile() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .app
        .profile
        .update(owner, organization("Acme Dental"), Some(1))
        .await
        .unwrap();

    let current = conflicting_profile(
        world
            .app
            .profile
            .update(owner, organization("Stale Tab"), Some(1))
            .await,
    );

    assert_eq!(current.version, 2);
    assert_eq!(organization_of(&current), Some("Acme Dental"));
    assert_eq!(
        world.users.stored_profile(owner).unwrap(),
        current,
        "nothing was saved"
    );
}

#[tokio::test]
async fn a_save_slipping_in_between_load_and_save_is_a_conflict() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .users
        .interfere(|profile| profile.organization_name = Some(Text::new("Other Tab").unwrap()));

    let current = conflicting_profile(
        world
            .app
            .profile
            .update(owner, organization("This Tab"), Some(1))
            .await,
    );

    assert_eq!(current.version, 2);
    assert_eq!(organization_of(&current), Some("Other Tab"));
    let stored = world.users.stored_profile(owner).unwrap();
    assert_eq!(organization_of(&stored), Some("Other Tab"));
}

#[tokio::test]
async fn without_an_expected_version_the_change_lands_on_top_of_a_concurrent_save() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .users
        .interfere(|profile| profile.marketing_opt_in = true);

    let saved = world
        .app
        .profile
        .update(owner, organization("This Tab"), None)
        .await
        .unwrap();

    assert!(saved.marketing_opt_in, "the concurrent save is kept");
    assert_eq!(organization_of(&saved), Some("This Tab"));
    assert_eq!(world.users.stored_profile(owner).unwrap(), saved);
}

#[tokio::test]
async fn withdrawing_the_terms_is_refused_and_saves_nothing() {
    let world = World::new();
    let owner = world.owner().await;
    world.complete_profile(owner).await;
    let withdraw = ProfileChanges {
        accept_terms: Some(false),
        organization_name: Some(None),
        ..ProfileChanges::default()
    };

    let result = world.app.profile.update(owner, withdraw, Some(2)).await;

    match result {
        Err(AppError::Invalid(errors)) => {
            assert_eq!(
                errors.iter().collect::<Vec<_>>(),
                [("accept_terms", Invalid::CannotBeUndone)]
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    let stored = world.users.stored_profile(owner).unwrap();
    assert_eq!(stored.version, 2);
    assert!(stored.is_complete());
}

#[tokio::test]
async fn the_profile_of_an_unknown_owner_is_unauthenticated() {
    let world = World::new();
    let result = world
        .app
        .profile
        .update(UserId::generate(), organization("Acme"), None)
        .await;
    assert!(
        matches!(result, Err(AppError::Unauthenticated)),
        "{result:?}"
    );
}
