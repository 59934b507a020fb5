use chrono::Duration;

use ava_domain::{
    call::{CallReport, RawCallReport},
    hours::{BusinessHours, Weekday},
    ids::UserId,
    routing::CallRoute,
    schedule::{AfterHours, AfterHoursMode, parse_closures},
    studio::StudioChanges,
};

use super::*;
use crate::{
    AppError,
    fakes::{NUMBER, OTHER_NUMBER, PUBLIC_URL, VapiCall, World, phone},
};

/// An owner whose assistant answers [`NUMBER`].
async fn live_owner(world: &World) -> UserId {
    live_owner_of(world, NUMBER).await
}

async fn live_owner_of(world: &World, number: &str) -> UserId {
    let owner = world.owner().await;
    world.complete_profile(owner).await;
    world.connect_vapi(owner).await;
    world.connect_twilio(owner, Some(number)).await;
    world.app.assistants.create(owner).await.unwrap();
    owner
}

/// Weekdays 09:00–17:00 in Jerusalem; the fake clock starts on Wednesday
/// 25 November 2026 at 12:00 there.
async fn set_hours(world: &World, owner: UserId, changes: StudioChanges) {
    let hours = BusinessHours::parse(
        "Asia/Jerusalem",
        [
            Weekday::Sun,
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
        ]
        .map(|day| (day, vec![("09:00", "17:00")])),
    )
    .unwrap();
    let changes = StudioChanges {
        business_hours: Some(Some(hours)),
        ..changes
    };
    world.app.studio.update(owner, changes, None).await.unwrap();
}

fn secret_of(world: &World, owner: UserId) -> String {
    let number = world
        .vapi
        .numbers()
        .into_values()
        .find(|number| {
            number
                .server_url
                .as_deref()
                .is_some_and(|url| url.contains(&owner.to_string()))
        })
        .expect("a number routed to Ava");
    number.server_secret.unwrap()
}

fn report(call_id: &str, summary: &str) -> CallReport {
    CallReport::clean(RawCallReport {
        vapi_call_id: call_id,
        caller: Some("+33612345678"),
        started_at: Some("2026-11-25T10:00:00Z".parse().unwrap()),
        summary: Some(summary),
        ..RawCallReport::default()
    })
    .unwrap()
}

#[tokio::test]
async fn with_a_public_url_the_number_asks_ava_with_a_secret_and_falls_back_to_a_person() {
    let world = World::routed_by_ava();
    let owner = world.owner().await;
    world.complete_profile(owner).await;
    world.connect_vapi(owner).await;
    world.connect_twilio(owner, Some(NUMBER)).await;
    let handoff = phone("+33612345678");
    world
        .app
        .studio
        .update(
            owner,
            StudioChanges {
                handoff_number: Some(Some(handoff.clone())),
                ..StudioChanges::default()
            },
            None,
        )
        .await
        .unwrap();

    let assistant = world.app.assistants.create(owner).await.unwrap();

    let number = &world.vapi.numbers()[assistant.vapi_phone_number_id.as_ref().unwrap()];
    assert_eq!(number.assistant_id, None);
    assert_eq!(
        number.server_url.as_deref(),
        Some(format!("{PUBLIC_URL}/api/v1/webhooks/vapi/{owner}").as_str())
    );
    assert_eq!(number.fallback.as_deref(), Some(handoff.as_str()));
    let secret = number.server_secret.clone().unwrap();
    assert_eq!(
        world
            .app
            .line
            .authenticate(&owner.to_string(), Some(&secret))
            .await
            .unwrap(),
        owner
    );
    let status = world.app.line.status(owner).await.unwrap();
    assert!(status.answering, "{status:?}");
    assert!(status.hours_enforced);
}

#[tokio::test]
async fn without_a_public_url_the_number_goes_straight_to_the_assistant() {
    let world = World::new();
    let owner = live_owner(&world).await;

    let assistant = world.app.assistants.list(owner).await.unwrap().remove(0);
    let number = &world.vapi.numbers()[assistant.vapi_phone_number_id.as_ref().unwrap()];
    assert_eq!(
        number.assistant_id.as_deref(),
        Some(assistant.vapi_assistant_id.as_str())
    );
    assert_eq!(number.server_url, None);
    let status = world.app.line.status(owner).await.unwrap();
    assert!(status.answering);
    assert!(!status.hours_enforced);
    assert_eq!(
        status.problems,
        [LineProblem::HoursNotSet, LineProblem::PublicUrlNotSet]
    );
}

#[tokio::test]
async fn a_sync_moves_a_number_imported_before_the_public_url_to_ava() {
    // Imported with the assistant bound directly, as before going live.
    let direct = World::routed_by_ava();
    let owner = direct.owner().await;
    direct.complete_profile(owner).await;
    direct.connect_vapi(owner).await;
    let assistant = direct.app.assistants.create(owner).await.unwrap();
    let number_id = direct
        .vapi
        .import_directly(NUMBER, &assistant.vapi_assistant_id);
    direct.connect_twilio(owner, Some(NUMBER)).await;

    let synced = direct
        .app
        .assistants
        .sync(owner, assistant.id)
        .await
        .unwrap();

    assert_eq!(
        synced.vapi_phone_number_id.as_deref(),
        Some(number_id.as_str())
    );
    let number = &direct.vapi.numbers()[&number_id];
    assert_eq!(number.assistant_id, None);
    assert!(number.server_url.is_some());
}

#[tokio::test]
async fn messages_need_the_owners_own_secret() {
    let world = World::routed_by_ava();
    let alice = live_owner_of(&world, NUMBER).await;
    let bob = live_owner_of(&world, OTHER_NUMBER).await;
    let alice_secret = secret_of(&world, alice);
    let bob_secret = secret_of(&world, bob);
    assert_ne!(alice_secret, bob_secret);

    let line = &world.app.line;
    for (owner, presented) in [
        (bob.to_string(), Some(alice_secret.as_str())),
        (alice.to_string(), None),
        (alice.to_string(), Some("")),
        (alice.to_string(), Some("webhook-secret-1x")),
        (UserId::generate().to_string(), Some(alice_secret.as_str())),
        ("not-an-id".to_owned(), Some(alice_secret.as_str())),
    ] {
        assert!(
            matches!(
                line.authenticate(&owner, presented).await,
                Err(AppError::WebhookUnauthorized)
            ),
            "{owner} {presented:?}"
        );
    }
    assert_eq!(
        line.authenticate(&bob.to_string(), Some(&bob_secret))
            .await
            .unwrap(),
        bob
    );
}

#[tokio::test]
async fn a_call_during_hours_goes_to_the_assistant_told_it_is_open() {
    let world = World::routed_by_ava();
    let owner = live_owner(&world).await;
    set_hours(&world, owner, StudioChanges::default()).await;

    let answer = world
        .app
        .line
        .handle(owner, VapiMessage::AssistantRequest)
        .await
        .unwrap();

    let assistant = world.app.assistants.list(owner).await.unwrap().remove(0);
    let MessageAnswer::Route {
        vapi_assistant_id,
        route: CallRoute::Assistant {
            variables,
            first_message,
        },
    } = answer
    else {
        panic!("expected the assistant, got {answer:?}");
    };
    assert_eq!(vapi_assistant_id, assistant.vapi_assistant_id);
    assert!(variables.is_open);
    assert_eq!(first_message, None);
}

#[tokio::test]
async fn after_hours_the_call_is_forwarded_when_the_owner_chose_it() {
    let world = World::routed_by_ava();
    let owner = live_owner(&world).await;
    let person = phone("+972501234567");
    set_hours(
        &world,
        owner,
        StudioChanges {
            after_hours: Some(
                AfterHours::new(AfterHoursMode::Forward, Some(person.clone())).unwrap(),
            ),
            ..StudioChanges::default()
        },
    )
    .await;
    // Wednesday 22:00 in Jerusalem.
    world.clock.advance(Duration::hours(10));

    let answer = world
        .app
        .line
        .handle(owner, VapiMessage::AssistantRequest)
        .await
        .unwrap();

    assert!(
        matches!(&answer, MessageAnswer::Route { route: CallRoute::Forward { to, .. }, .. } if *to == person),
        "{answer:?}"
    );
}

#[tokio::test]
async fn a_closure_closes_the_day_and_the_status_says_so() {
    let world = World::routed_by_ava();
    let owner = live_owner(&world).await;
    set_hours(
        &world,
        owner,
        StudioChanges {
            closures: Some(parse_closures([("2026-11-25", Some("Holiday"))].into_iter()).unwrap()),
            ..StudioChanges::default()
        },
    )
    .await;

    let answer = world
        .app
        .line
        .handle(owner, VapiMessage::AssistantRequest)
        .await
        .unwrap();

    let MessageAnswer::Route {
        route: CallRoute::Assistant {
            variables,
            first_message,
        },
        ..
    } = answer
    else {
        panic!("expected the assistant, got {answer:?}");
    };
    assert!(!variables.is_open);
    assert_eq!(variables.next_opening, "מחר ב-09:00");
    assert!(first_message.is_some());
    assert_eq!(
        world.app.line.status(owner).await.unwrap().open_now,
        Some(false)
    );
}

#[tokio::test]
async fn with_no_assistant_a_call_is_refused_in_words() {
    let world = World::routed_by_ava();
    let owner = world.owner().await;
    let answer = world
        .app
        .line
        .handle(owner, VapiMessage::AssistantRequest)
        .await
        .unwrap();
    assert_eq!(answer, MessageAnswer::Unavailable);
}

#[tokio::test]
async fn a_repeated_report_updates_the_call_and_never_duplicates_it() {
    let world = World::routed_by_ava();
    let owner = live_owner(&world).await;
    set_hours(&world, owner, StudioChanges::default()).await;
    let line = &world.app.line;

    line.handle(
        owner,
        VapiMessage::EndOfCallReport(report("call-1", "first")),
    )
    .await
    .unwrap();
    line.handle(
        owner,
        VapiMessage::EndOfCallReport(report("call-1", "second")),
    )
    .await
    .unwrap();

    let calls = world.calls.all();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].report.summary.as_deref(), Some("second"));
    // 10:00 UTC is 12:00 in Jerusalem on a Wednesday.
    assert_eq!(calls[0].during_hours, Some(true));
}

#[tokio::test]
async fn calls_come_newest_first_a_page_at_a_time_and_per_owner() {
    let world = World::routed_by_ava();
    let owner = live_owner_of(&world, NUMBER).await;
    let other = live_owner_of(&world, OTHER_NUMBER).await;
    let line = &world.app.line;
    for serial in 1..=5 {
        line.handle(
            owner,
            VapiMessage::EndOfCallReport(report(&format!("call-{serial}"), &serial.to_string())),
        )
        .await
        .unwrap();
    }
    line.handle(
        other,
        VapiMessage::EndOfCallReport(report("call-1", "other's")),
    )
    .await
    .unwrap();

    let (first, next) = line.calls(owner, 2, None).await.unwrap();
    let summaries = |calls: &[Call]| -> Vec<String> {
        calls
            .iter()
            .map(|call| call.report.summary.clone().unwrap())
            .collect()
    };
    assert_eq!(summaries(&first), ["5", "4"]);
    let (second, next) = line.calls(owner, 2, next).await.unwrap();
    assert_eq!(summaries(&second), ["3", "2"]);
    let (last, next) = line.calls(owner, 2, next).await.unwrap();
    assert_eq!(summaries(&last), ["1"]);
    assert_eq!(next, None);
    let (others, _) = line.calls(other, 10, None).await.unwrap();
    assert_eq!(summaries(&others), ["other's"]);
}

#[tokio::test]
async fn a_test_call_rings_the_owners_phone_from_their_number() {
    let world = World::routed_by_ava();
    let owner = live_owner(&world).await;
    let assistant = world.app.assistants.list(owner).await.unwrap().remove(0);

    let call_id = world
        .app
        .line
        .test_call(owner, phone("+33612345678"))
        .await
        .unwrap();

    assert!(!call_id.is_empty());
    assert_eq!(
        world.vapi.calls().last(),
        Some(&VapiCall::StartCall {
            assistant_id: assistant.vapi_assistant_id,
            number_id: assistant.vapi_phone_number_id.unwrap(),
            customer: "+33612345678".to_owned(),
        })
    );
}

#[tokio::test]
async fn a_test_call_needs_an_assistant_with_a_number() {
    let world = World::routed_by_ava();
    let owner = world.owner().await;
    world.complete_profile(owner).await;
    world.connect_vapi(owner).await;
    world.app.assistants.create(owner).await.unwrap();

    let result = world.app.line.test_call(owner, phone("+33612345678")).await;

    assert!(matches!(result, Err(AppError::LineNotReady)), "{result:?}");
}

#[tokio::test]
async fn disconnecting_twilio_takes_the_number_out_of_vapi_and_the_status_follows() {
    let world = World::routed_by_ava();
    let owner = live_owner(&world).await;
    assert!(world.app.line.status(owner).await.unwrap().answering);

    world
        .app
        .credentials
        .disconnect_twilio(owner)
        .await
        .unwrap();

    assert!(world.vapi.numbers().is_empty());
    let status = world.app.line.status(owner).await.unwrap();
    assert!(!status.answering);
    assert!(status.problems.contains(&LineProblem::TwilioNotConnected));
    let assistant = world.app.assistants.list(owner).await.unwrap().remove(0);
    assert_eq!(assistant.vapi_phone_number_id, None);
}

#[tokio::test]
async fn the_status_tells_what_is_missing_from_scratch() {
    let world = World::routed_by_ava();
    let owner = world.owner().await;

    let status = world.app.line.status(owner).await.unwrap();

    assert!(!status.answering);
    assert_eq!(
        status.problems,
        [
            LineProblem::VapiNotConnected,
            LineProblem::NoAssistant,
            LineProblem::TwilioNotConnected,
            LineProblem::NoPhoneNumber,
            LineProblem::HoursNotSet,
        ]
    );
}

#[tokio::test]
async fn a_number_moved_away_in_vapi_is_not_live() {
    let world = World::routed_by_ava();
    let owner = live_owner(&world).await;
    let assistant = world.app.assistants.list(owner).await.unwrap().remove(0);
    // The owner binds the number to the assistant directly in Vapi's dashboard.
    let number_id = assistant.vapi_phone_number_id.unwrap();
    world
        .vapi
        .rebind_directly(&number_id, &assistant.vapi_assistant_id);

    let status = world.app.line.status(owner).await.unwrap();

    assert!(!status.answering);
    assert!(status.problems.contains(&LineProblem::NumberNotRouted));
}

#[tokio::test]
async fn rotating_the_secret_gives_the_number_the_new_one_and_retires_the_old() {
    let world = World::routed_by_ava();
    let owner = live_owner(&world).await;
    let old = secret_of(&world, owner);

    world.app.line.rotate_webhook_secret(owner).await.unwrap();

    let new = secret_of(&world, owner);
    assert_ne!(old, new);
    let line = &world.app.line;
    assert!(
        line.authenticate(&owner.to_string(), Some(&old))
            .await
            .is_err()
    );
    assert_eq!(
        line.authenticate(&owner.to_string(), Some(&new))
            .await
            .unwrap(),
        owner
    );
}
