use ava_domain::{
    studio::{StudioChanges, StudioConfig, Tone},
    text::Text,
};

use crate::{AppError, Current, fakes::World};

fn persona(text: &str) -> StudioChanges {
    StudioChanges {
        persona: Some(Some(Text::new(text).unwrap())),
        ..StudioChanges::default()
    }
}

fn conflicting_config(result: Result<StudioConfig, AppError>) -> StudioConfig {
    match result {
        Err(AppError::Conflict(current)) => match *current {
            Current::Studio(config) => config,
            other => panic!("conflict on another record: {other:?}"),
        },
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn persona_of(config: &StudioConfig) -> Option<&str> {
    config.persona.as_ref().map(Text::as_str)
}

#[tokio::test]
async fn a_new_owner_gets_the_defaults_at_version_0() {
    let world = World::new();
    let owner = world.owner().await;
    assert_eq!(
        world.app.studio.get(owner).await.unwrap(),
        StudioConfig::default()
    );
    assert!(
        world.studio.stored(owner).is_none(),
        "reading saves nothing"
    );
}

#[tokio::test]
async fn each_update_saves_and_bumps_the_version() {
    let world = World::new();
    let owner = world.owner().await;

    let first = world
        .app
        .studio
        .update(owner, persona("Maya"), Some(0))
        .await
        .unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(persona_of(&first), Some("Maya"));

    let tone = StudioChanges {
        tone: Some(Tone::Concise),
        ..StudioChanges::default()
    };
    let second = world.app.studio.update(owner, tone, Some(1)).await.unwrap();
    assert_eq!(second.version, 2);
    assert_eq!(second.tone, Tone::Concise);
    assert_eq!(persona_of(&second), Some("Maya"));
    assert_eq!(world.studio.stored(owner), Some(second));
}

#[tokio::test]
async fn a_stale_version_is_refused_with_the_current_config() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .app
        .studio
        .update(owner, persona("Maya"), Some(0))
        .await
        .unwrap();

    let current = conflicting_config(
        world
            .app
            .studio
            .update(owner, persona("Noa"), Some(0))
            .await,
    );

    assert_eq!(current.version, 1);
    assert_eq!(persona_of(&current), Some("Maya"));
    assert_eq!(world.studio.stored(owner), Some(current));
}

#[tokio::test]
async fn a_first_save_by_another_tab_in_between_is_a_conflict() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .studio
        .interfere(|config| config.persona = Some(Text::new("Other Tab").unwrap()));

    let current = conflicting_config(
        world
            .app
            .studio
            .update(owner, persona("This Tab"), Some(0))
            .await,
    );

    assert_eq!(current.version, 1);
    assert_eq!(persona_of(&current), Some("Other Tab"));
}

#[tokio::test]
async fn a_later_save_by_another_tab_in_between_is_a_conflict() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .app
        .studio
        .update(owner, persona("Maya"), None)
        .await
        .unwrap();
    world
        .studio
        .interfere(|config| config.tone = Tone::Friendly);

    let current = conflicting_config(
        world
            .app
            .studio
            .update(owner, persona("Noa"), Some(1))
            .await,
    );

    assert_eq!(current.version, 2);
    assert_eq!(current.tone, Tone::Friendly);
    assert_eq!(persona_of(&current), Some("Maya"));
}

#[tokio::test]
async fn without_a_version_a_first_save_by_another_tab_is_kept_not_a_conflict() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .studio
        .interfere(|config| config.tone = Tone::Friendly);

    let saved = world
        .app
        .studio
        .update(owner, persona("This Tab"), None)
        .await
        .unwrap();

    assert_eq!(saved.version, 2, "the other tab's save, then this one");
    assert_eq!(saved.tone, Tone::Friendly);
    assert_eq!(persona_of(&saved), Some("This Tab"));
    assert_eq!(world.studio.stored(owner), Some(saved));
}

#[tokio::test]
async fn without_a_version_a_later_save_by_another_tab_is_kept_not_a_conflict() {
    let world = World::new();
    let owner = world.owner().await;
    world
        .app
        .studio
        .update(owner, persona("Maya"), None)
        .await
        .unwrap();
    world
        .studio
        .interfere(|config| config.tone = Tone::Friendly);

    let saved = world
        .app
        .studio
        .update(owner, persona("Noa"), None)
        .await
        .unwrap();

    assert_eq!(saved.version, 3);
    assert_eq!(saved.tone, Tone::Friendly);
    assert_eq!(persona_of(&saved), Some("Noa"));
}

#[tokio::test]
async fn hebrew_first_replaces_the_english_only_default_voice() {
    use ava_domain::{locale::Locale, studio::VoiceChoice};
    let world = World::new();
    let owner = world.owner().await;
    let languages = |list: Vec<Locale>| StudioChanges {
        languages: Some(list),
        ..StudioChanges::default()
    };

    let hebrew = world
        .app
        .studio
        .update(owner, languages(vec![Locale::He]), None)
        .await
        .unwrap();
    assert_eq!(hebrew.voice, VoiceChoice::parse("openai", "nova").unwrap());

    let picked = StudioChanges {
        voice: Some(VoiceChoice::parse("openai", "onyx").unwrap()),
        ..StudioChanges::default()
    };
    world.app.studio.update(owner, picked, None).await.unwrap();
    let english = world
        .app
        .studio
        .update(owner, languages(vec![Locale::En]), None)
        .await
        .unwrap();
    assert_eq!(english.voice, VoiceChoice::parse("openai", "onyx").unwrap());
}
