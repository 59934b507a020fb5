use chrono::Duration;

use ava_domain::{
    assistant::Assistant,
    ids::{AssistantId, UserId},
    profile::ProfileChanges,
    studio::StudioChanges,
    text::Text,
};

use crate::{
    AppError, Provider,
    fakes::{
        ACCOUNT_SID, AUTH_TOKEN, NUMBER, OTHER_NUMBER, VapiCall, VapiNumber, VapiOp, World, phone,
    },
    ports::ProviderError,
};

/// An owner with a complete profile and Vapi connected.
async fn owner_with_vapi(world: &World) -> UserId {
    let owner = world.owner().await;
    world.complete_profile(owner).await;
    world.connect_vapi(owner).await;
    owner
}

fn imports(world: &World) -> usize {
    world
        .vapi
        .calls()
        .iter()
        .filter(|call| matches!(call, VapiCall::ImportNumber { .. }))
        .count()
}

fn number_bound_to(assistant: &Assistant) -> VapiNumber {
    VapiNumber::bound_to(NUMBER, &assistant.vapi_assistant_id)
}

#[tokio::test]
async fn without_vapi_there_is_no_assistant() {
    let world = World::new();
    let owner = world.owner().await;
    world.complete_profile(owner).await;

    let result = world.app.assistants.create(owner).await;

    assert!(
        matches!(result, Err(AppError::NotConnected(Provider::Vapi))),
        "{result:?}"
    );
    assert!(world.vapi.calls().is_empty());
    assert!(world.assistants.all().is_empty());
}

#[tokio::test]
async fn with_vapi_only_the_assistant_is_created_without_a_number() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;

    let assistant = world.app.assistants.create(owner).await.unwrap();

    assert_eq!(assistant.name, "הקבלה של Acme Dental");
    assert_eq!(assistant.owner, owner);
    assert_eq!(assistant.created_at, world.now());
    assert_eq!(
        (
            assistant.phone_number.as_ref(),
            assistant.vapi_phone_number_id.as_ref()
        ),
        (None, None)
    );
    assert_eq!(
        world.vapi.assistants(),
        [assistant.vapi_assistant_id.as_str()]
    );
    assert_eq!(imports(&world), 0);
    assert_eq!(world.app.assistants.list(owner).await.unwrap(), [assistant]);
}

#[tokio::test]
async fn with_twilio_and_a_number_the_number_is_imported_bound_to_the_assistant() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, Some(NUMBER)).await;

    let assistant = world.app.assistants.create(owner).await.unwrap();

    let import = VapiCall::ImportNumber {
        number: NUMBER.to_owned(),
        account_sid: ACCOUNT_SID.to_owned(),
        auth_token: AUTH_TOKEN.to_owned(),
        assistant_id: assistant.vapi_assistant_id.clone(),
    };
    assert!(
        world.vapi.calls().contains(&import),
        "{:?}",
        world.vapi.calls()
    );
    assert_eq!(assistant.phone_number, Some(phone(NUMBER)));
    let number_id = assistant.vapi_phone_number_id.clone().unwrap();
    assert_eq!(
        world.vapi.numbers()[&number_id],
        number_bound_to(&assistant)
    );
    assert_eq!(world.assistants.all(), [assistant]);
}

#[tokio::test]
async fn the_number_chosen_in_the_studio_wins_over_the_twilio_settings() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    let studio = StudioChanges {
        phone_number: Some(Some(phone(OTHER_NUMBER))),
        ..StudioChanges::default()
    };
    world.app.studio.update(owner, studio, None).await.unwrap();

    let assistant = world.app.assistants.create(owner).await.unwrap();

    assert_eq!(assistant.phone_number, Some(phone(OTHER_NUMBER)));
    let imported: Vec<String> = world
        .vapi
        .numbers()
        .into_values()
        .map(|number| number.number)
        .collect();
    assert_eq!(imported, [OTHER_NUMBER]);
}

#[tokio::test]
async fn twilio_without_a_number_imports_nothing() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, None).await;

    let assistant = world.app.assistants.create(owner).await.unwrap();

    assert_eq!(assistant.phone_number, None);
    assert_eq!(imports(&world), 0);
}

#[tokio::test]
async fn a_key_vapi_no_longer_accepts_is_reported_as_rejected() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world
        .vapi
        .fail(VapiOp::CreateAssistant, ProviderError::Unauthorized);

    let result = world.app.assistants.create(owner).await;

    assert!(
        matches!(result, Err(AppError::CredentialsRejected(Provider::Vapi))),
        "{result:?}"
    );
    assert!(world.assistants.all().is_empty());
}

#[tokio::test]
async fn a_failed_import_deletes_the_new_assistant_and_records_nothing() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    let refusal = ProviderError::Rejected {
        message: "number already in use".to_owned(),
    };
    world.vapi.fail(VapiOp::ImportNumber, refusal);

    let result = world.app.assistants.create(owner).await;

    assert!(
        matches!(&result, Err(AppError::ProviderRejected { provider: Provider::Vapi, message }) if message == "number already in use"),
        "{result:?}"
    );
    assert!(
        world.vapi.assistants().is_empty(),
        "the assistant was deleted in Vapi"
    );
    assert!(matches!(
        world.vapi.calls().last(),
        Some(VapiCall::DeleteAssistant { .. })
    ));
    assert!(world.assistants.all().is_empty());
}

#[tokio::test]
async fn a_storage_failure_after_the_import_undoes_both_in_vapi_newest_first() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    world.assistants.fail_saves(true);

    let result = world.app.assistants.create(owner).await;

    assert!(matches!(result, Err(AppError::Internal(_))), "{result:?}");
    assert!(world.vapi.numbers().is_empty());
    assert!(world.vapi.assistants().is_empty());
    let calls = world.vapi.calls();
    assert!(
        matches!(
            calls.as_slice(),
            [
                ..,
                VapiCall::DeleteNumber { .. },
                VapiCall::DeleteAssistant { .. }
            ]
        ),
        "{calls:?}"
    );
}

#[tokio::test]
async fn a_second_assistant_takes_the_number_over_instead_of_importing_it_again() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    let first = world.app.assistants.create(owner).await.unwrap();
    let number_id = first.vapi_phone_number_id.clone().unwrap();

    let second = world.app.assistants.create(owner).await.unwrap();

    assert_eq!(imports(&world), 1);
    let moved = VapiCall::BindNumber {
        number_id: number_id.clone(),
        assistant_id: second.vapi_assistant_id.clone(),
    };
    assert!(
        world.vapi.calls().contains(&moved),
        "{:?}",
        world.vapi.calls()
    );
    assert_eq!(world.vapi.numbers()[&number_id], number_bound_to(&second));
    assert_eq!(second.phone_number, Some(phone(NUMBER)));
    assert_eq!(second.vapi_phone_number_id, Some(number_id));
    let listed = world.app.assistants.list(owner).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|assistant| assistant.id)
            .collect::<Vec<_>>(),
        [first.id, second.id]
    );
    assert_eq!(
        (
            listed[0].phone_number.as_ref(),
            listed[0].vapi_phone_number_id.as_ref()
        ),
        (None, None)
    );
    assert_eq!(listed[1], second);
}

#[tokio::test]
async fn a_failed_takeover_gives_the_number_back() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    let first = world.app.assistants.create(owner).await.unwrap();
    world.assistants.fail_saves(true);

    let result = world.app.assistants.create(owner).await;

    assert!(matches!(result, Err(AppError::Internal(_))), "{result:?}");
    let number_id = first.vapi_phone_number_id.clone().unwrap();
    assert_eq!(world.vapi.numbers()[&number_id], number_bound_to(&first));
    assert_eq!(world.vapi.assistants(), [first.vapi_assistant_id.as_str()]);
    assert_eq!(world.assistants.all(), [first]);
}

#[tokio::test]
async fn syncing_an_unknown_assistant_is_refused() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    let stranger = owner_with_vapi(&world).await;
    let theirs = world.app.assistants.create(stranger).await.unwrap();

    for id in [AssistantId::generate(), theirs.id] {
        let result = world.app.assistants.sync(owner, id).await;
        assert!(
            matches!(result, Err(AppError::AssistantNotFound)),
            "{result:?}"
        );
    }
    assert!(
        !world
            .vapi
            .calls()
            .iter()
            .any(|call| matches!(call, VapiCall::UpdateAssistant { .. }))
    );
}

#[tokio::test]
async fn syncing_pushes_the_current_configuration_to_vapi() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    let created = world.app.assistants.create(owner).await.unwrap();
    let renamed = ProfileChanges {
        organization_name: Some(Some(Text::new("Acme Clinic").unwrap())),
        ..ProfileChanges::default()
    };
    world
        .app
        .profile
        .update(owner, renamed, None)
        .await
        .unwrap();
    world.clock.advance(Duration::hours(2));

    let synced = world.app.assistants.sync(owner, created.id).await.unwrap();

    let update = VapiCall::UpdateAssistant {
        id: created.vapi_assistant_id.clone(),
        name: "הקבלה של Acme Clinic".to_owned(),
    };
    assert_eq!(world.vapi.calls().last(), Some(&update));
    assert_eq!(synced.name, "הקבלה של Acme Clinic");
    assert_eq!(synced.synced_at, world.now());
    assert_eq!(synced.created_at, created.created_at);
    assert_eq!(world.assistants.all(), [synced]);
}

#[tokio::test]
async fn syncing_binds_a_number_chosen_after_creation() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    let created = world.app.assistants.create(owner).await.unwrap();
    world.connect_twilio(owner, Some(NUMBER)).await;

    let synced = world.app.assistants.sync(owner, created.id).await.unwrap();

    assert_eq!(synced.phone_number, Some(phone(NUMBER)));
    let number_id = synced.vapi_phone_number_id.clone().unwrap();
    assert_eq!(world.vapi.numbers()[&number_id], number_bound_to(&created));

    world.app.assistants.sync(owner, created.id).await.unwrap();
    assert_eq!(
        imports(&world),
        1,
        "a number already bound is left as it is"
    );
}

#[tokio::test]
async fn a_failed_sync_changes_nothing_recorded() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    let created = world.app.assistants.create(owner).await.unwrap();
    world
        .vapi
        .fail(VapiOp::UpdateAssistant, ProviderError::Timeout);
    world.clock.advance(Duration::hours(1));

    let result = world.app.assistants.sync(owner, created.id).await;

    assert!(
        matches!(result, Err(AppError::ProviderTimeout(Provider::Vapi))),
        "{result:?}"
    );
    assert_eq!(world.assistants.all(), [created]);
}

#[tokio::test]
async fn a_storage_failure_while_syncing_deletes_the_new_import_but_keeps_the_assistant() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    let created = world.app.assistants.create(owner).await.unwrap();
    world.connect_twilio(owner, Some(NUMBER)).await;
    world.assistants.fail_saves(true);

    let result = world.app.assistants.sync(owner, created.id).await;

    assert!(matches!(result, Err(AppError::Internal(_))), "{result:?}");
    assert_eq!(imports(&world), 1);
    assert!(
        world.vapi.numbers().is_empty(),
        "the imported number was deleted"
    );
    assert_eq!(
        world.vapi.assistants(),
        [created.vapi_assistant_id.as_str()]
    );
    assert_eq!(world.assistants.all(), [created]);
}

#[tokio::test]
async fn changing_the_number_takes_the_previous_one_out_of_vapi() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    let created = world.app.assistants.create(owner).await.unwrap();
    let choose = |number: &str| StudioChanges {
        phone_number: Some(Some(phone(number))),
        ..StudioChanges::default()
    };

    world
        .app
        .studio
        .update(owner, choose(OTHER_NUMBER), None)
        .await
        .unwrap();
    let moved = world.app.assistants.sync(owner, created.id).await.unwrap();

    assert_eq!(moved.phone_number, Some(phone(OTHER_NUMBER)));
    let imported: Vec<String> = world
        .vapi
        .numbers()
        .into_values()
        .map(|number| number.number)
        .collect();
    assert_eq!(
        imported,
        [OTHER_NUMBER],
        "the previous number is not left behind in Vapi"
    );

    world
        .app
        .studio
        .update(owner, choose(NUMBER), None)
        .await
        .unwrap();
    let back = world.app.assistants.sync(owner, created.id).await.unwrap();

    assert_eq!(back.phone_number, Some(phone(NUMBER)));
    let imported: Vec<String> = world
        .vapi
        .numbers()
        .into_values()
        .map(|number| number.number)
        .collect();
    assert_eq!(imported, [NUMBER]);
}

#[tokio::test]
async fn an_assistant_created_although_vapi_answer_timed_out_is_kept_not_duplicated() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    world.vapi.time_out_after_doing(VapiOp::CreateAssistant);

    let assistant = world.app.assistants.create(owner).await.unwrap();

    assert_eq!(
        world.vapi.assistants(),
        [assistant.vapi_assistant_id.as_str()]
    );
    assert!(world.vapi.calls().contains(&VapiCall::FindAssistant {
        assistant: assistant.id
    }));
    assert_eq!(assistant.phone_number, Some(phone(NUMBER)));
    assert_eq!(world.assistants.all(), [assistant]);
}

#[tokio::test]
async fn a_timeout_vapi_did_not_act_on_is_reported_and_nothing_recorded() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world
        .vapi
        .fail(VapiOp::CreateAssistant, ProviderError::Timeout);

    let result = world.app.assistants.create(owner).await;

    assert!(
        matches!(result, Err(AppError::ProviderTimeout(Provider::Vapi))),
        "{result:?}"
    );
    assert!(world.vapi.assistants().is_empty());
    assert!(world.assistants.all().is_empty());
}

#[tokio::test]
async fn a_number_imported_although_the_answer_timed_out_is_kept() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    world.vapi.time_out_after_doing(VapiOp::ImportNumber);

    let assistant = world.app.assistants.create(owner).await.unwrap();

    assert_eq!(imports(&world), 1);
    let number_id = assistant.vapi_phone_number_id.clone().unwrap();
    assert_eq!(
        world.vapi.numbers()[&number_id],
        number_bound_to(&assistant)
    );
}

#[tokio::test]
async fn a_number_vapi_holds_already_is_bound_not_imported_twice() {
    let world = World::new();
    let owner = owner_with_vapi(&world).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    let stray = world
        .vapi
        .import_directly(NUMBER, "an-assistant-ava-does-not-know");

    let assistant = world.app.assistants.create(owner).await.unwrap();

    assert_eq!(imports(&world), 0);
    assert_eq!(
        assistant.vapi_phone_number_id.as_deref(),
        Some(stray.as_str())
    );
    assert_eq!(world.vapi.numbers()[&stray], number_bound_to(&assistant));
}
