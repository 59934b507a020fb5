//! The version rule when writes really race (two tabs autosaving at once):
//! of the writes based on the same version, exactly one wins.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app};

/// Sends every body at once, each a `PATCH` of `path` based on `version`.
async fn race(
    app: &TestApp,
    token: &str,
    path: &str,
    bodies: Vec<Value>,
) -> Vec<reqwest::Response> {
    let mut racers = tokio::task::JoinSet::new();
    for body in bodies {
        let (url, token) = (app.url(path), token.to_owned());
        racers.spawn(async move {
            reqwest::Client::new()
                .patch(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("the app answers")
        });
    }
    racers.join_all().await
}

async fn exactly_one_wins(
    app: &TestApp,
    token: &str,
    path: &str,
    make: impl Fn(usize, &Value) -> Value,
) {
    for round in 0..2 {
        let read = app.get_ok(path, token).await;
        let bodies = (0..6).map(|racer| make(racer, &read["version"])).collect();
        let mut winners = Vec::new();
        let mut conflicts = Vec::new();
        for response in race(app, token, path, bodies).await {
            match response.status() {
                StatusCode::OK => {
                    winners.push(response.json::<Value>().await.expect("a JSON body"))
                }
                _ => conflicts
                    .push(assert_problem(response, StatusCode::CONFLICT, "version_conflict").await),
            }
        }
        assert_eq!(
            winners.len(),
            1,
            "{path}, round {round}: one write wins, the others conflict"
        );
        let stored = app.get_ok(path, token).await;
        assert_eq!(stored, winners[0], "{path}: the winner is what is stored");
        assert!(stored["version"].as_i64() > read["version"].as_i64());
        for conflict in conflicts {
            assert_eq!(
                conflict["current"]["version"], stored["version"],
                "{path}: conflicts show the winner"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_racing_writes_on_the_same_version_exactly_one_wins() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    // Round 0 of the studio and of the progress is their first save.
    exactly_one_wins(
        &app,
        &owner.token,
        "/api/v1/studio/config",
        |racer, version| json!({"persona": format!("Persona {racer}"), "version": version}),
    )
    .await;
    exactly_one_wins(
        &app,
        &owner.token,
        "/api/v1/user/onboarding",
        |racer, version| {
            let step = [
                "vapi",
                "persona",
                "twilio",
                "telephony",
                "integrations",
                "plan",
            ][racer];
            json!({"current_step": step, "version": version})
        },
    )
    .await;
    exactly_one_wins(&app, &owner.token, "/api/v1/user/profile", |racer, version| {
        json!({"organization_name": format!("Clinic {racer}"), "version": version})
    })
    .await;
}

/// Without `version` a write is applied to whatever is stored: racing
/// writes of different fields all land, the first save included, and none
/// is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_writes_without_a_version_all_land() {
    let app = spawn_app().await;
    let owner = app.sign_up().await;
    let path = "/api/v1/studio/config";
    let changes = [
        json!({"persona": "Maya"}),
        json!({"job_to_be_done": "Book cleanings"}),
        json!({"guidelines": "No medical advice"}),
        json!({"first_message": "Hello, Acme Dental"}),
        json!({"tone": "concise"}),
        json!({"languages": ["he", "en"]}),
    ];
    for round in 0..2 {
        let before = app.get_ok(path, &owner.token).await["version"]
            .as_i64()
            .expect("a version");
        for response in race(&app, &owner.token, path, changes.to_vec()).await {
            assert_eq!(response.status(), StatusCode::OK, "round {round}");
        }
        let stored = app.get_ok(path, &owner.token).await;
        assert_eq!(
            stored["version"].as_i64(),
            Some(before + 6),
            "round {round}"
        );
        for change in &changes {
            let (field, value) = change
                .as_object()
                .and_then(|change| change.iter().next())
                .expect("one field");
            assert_eq!(&stored[field], value, "round {round}: {field} landed");
        }
    }
}
