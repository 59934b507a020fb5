//! The owner's unsaved edits of one resource (the profile or the studio
//! configuration) and how they meet the server's answers.
//!
//! Plain Rust, no browser: the autosave in `autosave::doc` wraps a [`Draft`] in
//! a signal and feeds it the results of its PATCH requests. The rules:
//!
//! - Only fields that differ from what the server holds are sent, with the
//!   `version` last read.
//! - An answer never undoes what the owner typed while the request was in
//!   flight: a field edited since it was sent keeps its on-screen value.
//! - "Saved" means what the server holds equals what is on screen.
//! - A refused field (422) is not re-sent until the owner changes it.
//! - A version conflict (409) is kept aside until the owner chooses between
//!   their edits and the other writer's; nothing is overwritten silently.
//! - Edits survive a reload through a [`Stored`] snapshot, and are rebased on
//!   what the server holds when they come back.

use ava_rules::text::kept_text;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Top-level fields of a resource, by their API name.
pub type Fields = Map<String, Value>;

/// The form the server keeps a value in (`ava_rules::text::kept_text`):
/// text trimmed, blank text absent.
/// Applied to top-level strings and to the string members of top-level objects.
pub fn canonical(value: &Value) -> Value {
    match value {
        Value::String(_) => canonical_text(value),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, member)| (key.clone(), canonical_text(member)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn canonical_text(value: &Value) -> Value {
    match value {
        Value::String(text) => {
            kept_text(text).map_or(Value::Null, |kept| Value::String(kept.to_owned()))
        }
        other => other.clone(),
    }
}

fn canonical_field(fields: &Fields, key: &str) -> Value {
    fields.get(key).map(canonical).unwrap_or(Value::Null)
}

/// The top-level field a dotted error path names (`business_hours.days.mon`
/// → `business_hours`).
pub fn top_level(path: &str) -> &str {
    path.split(['.', '[']).next().unwrap_or(path)
}

/// The server's copy that won a race against this page's save.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub theirs: Fields,
    pub version: i64,
}

/// What is kept in localStorage while edits are unsaved (never secrets: the
/// profile and the studio configuration hold none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    pub base: Fields,
    pub version: i64,
    pub local: Fields,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// What the server holds, as last read or saved.
    pub base: Fields,
    /// The version of `base`.
    pub version: i64,
    /// What is on screen, as typed.
    pub local: Fields,
    /// Canonical values sent by the save in flight.
    pub in_flight: Option<Fields>,
    /// Values the server refused, by field: not re-sent while unchanged.
    pub rejected: Fields,
    pub conflict: Option<Conflict>,
}

impl Draft {
    pub fn new(server: Fields, version: i64) -> Self {
        Self {
            local: server.clone(),
            base: server,
            version,
            in_flight: None,
            rejected: Fields::new(),
            conflict: None,
        }
    }

    pub fn get(&self, key: &str) -> &Value {
        self.local.get(key).unwrap_or(&Value::Null)
    }

    pub fn set(&mut self, key: &str, value: Value) {
        self.local.insert(key.to_owned(), value);
    }

    /// Fields whose on-screen value differs from the server's, in key order.
    pub fn changed_fields(&self) -> Vec<String> {
        let keys: std::collections::BTreeSet<&String> =
            self.local.keys().chain(self.base.keys()).collect();
        keys.into_iter()
            .filter(|key| canonical_field(&self.local, key) != canonical_field(&self.base, key))
            .cloned()
            .collect()
    }

    pub fn is_dirty(&self) -> bool {
        !self.changed_fields().is_empty()
    }

    /// Nothing to save, nothing saving, nothing to decide.
    pub fn is_clean(&self) -> bool {
        self.in_flight.is_none() && self.conflict.is_none() && !self.is_dirty()
    }

    /// Whether the server refused the value now on screen for `key`.
    pub fn is_rejected(&self, key: &str) -> bool {
        self.rejected
            .get(key)
            .is_some_and(|refused| *refused == canonical_field(&self.local, key))
    }

    /// The changed fields worth sending: not refused as they are, and not
    /// `held` back (the page holds values it knows the server would refuse).
    pub fn pending_patch(&self, held: &dyn Fn(&str, &Value) -> bool) -> Fields {
        self.changed_fields()
            .into_iter()
            .filter(|key| !self.is_rejected(key))
            .filter_map(|key| {
                let value = canonical_field(&self.local, &key);
                (!held(&key, &value)).then_some((key, value))
            })
            .collect()
    }

    /// Starts a save: the fields to send and the version to send them with.
    /// `None` while a save is in flight, during a conflict, or when there is
    /// nothing to send.
    pub fn begin_save(&mut self, held: &dyn Fn(&str, &Value) -> bool) -> Option<(Fields, i64)> {
        if self.in_flight.is_some() || self.conflict.is_some() {
            return None;
        }
        let patch = self.pending_patch(held);
        if patch.is_empty() {
            return None;
        }
        self.in_flight = Some(patch.clone());
        Some((patch, self.version))
    }

    /// The save succeeded and the server now holds `server`. Fields the owner
    /// edited after the request left keep their on-screen value; the others
    /// take the server's (which may be normalized, e.g. a compacted phone number).
    pub fn finish_saved(&mut self, server: Fields, version: i64) {
        let sent = self.in_flight.take().unwrap_or_default();
        for (key, theirs) in &server {
            let mine = canonical_field(&self.local, key);
            let untouched_since_sent = match sent.get(key) {
                Some(sent_value) => mine == *sent_value,
                None => mine == canonical_field(&self.base, key),
            };
            if untouched_since_sent && mine != canonical(theirs) {
                self.local.insert(key.clone(), theirs.clone());
            }
        }
        for key in sent.keys() {
            self.rejected.remove(key);
        }
        self.base = server;
        self.version = version;
    }

    /// Whether `theirs` already holds everything the save in flight sent:
    /// that save landed earlier, its answer lost, and this retry met it as
    /// another writer's version. A save, not a conflict.
    pub fn sent_landed(&self, theirs: &Fields) -> bool {
        self.in_flight.as_ref().is_some_and(|sent| {
            !sent.is_empty()
                && sent
                    .iter()
                    .all(|(key, value)| canonical_field(theirs, key) == *value)
        })
    }

    /// The request never reached the server (or its answer never came back):
    /// the edits stay pending and will be sent again.
    pub fn fail_network(&mut self) {
        self.in_flight = None;
    }

    /// The server refused the patch (422), naming `fields` (dotted paths).
    /// The refused values are not re-sent until the owner changes them; when
    /// no named field was part of the patch, the whole patch is held back.
    pub fn fail_rejected<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        let sent = self.in_flight.take().unwrap_or_default();
        let mut named = false;
        for path in fields {
            if let Some((key, value)) = sent.get_key_value(top_level(path)) {
                self.rejected.insert(key.clone(), value.clone());
                named = true;
            }
        }
        if !named {
            self.rejected.extend(sent);
        }
    }

    /// Another writer saved first (409). Nothing changes on screen until the
    /// owner chooses with [`Draft::keep_mine`] or [`Draft::take_theirs`].
    pub fn fail_conflict(&mut self, theirs: Fields, version: i64) {
        self.in_flight = None;
        self.conflict = Some(Conflict { theirs, version });
    }

    /// Fields both sides changed, differently.
    pub fn conflicting_fields(&self) -> Vec<String> {
        let Some(conflict) = &self.conflict else {
            return Vec::new();
        };
        self.changed_fields()
            .into_iter()
            .filter(|key| {
                let theirs = canonical_field(&conflict.theirs, key);
                theirs != canonical_field(&self.base, key)
                    && theirs != canonical_field(&self.local, key)
            })
            .collect()
    }

    /// Keep the owner's edits: they will be sent again over the other
    /// writer's version. Fields the owner did not edit take the other copy.
    pub fn keep_mine(&mut self) {
        let mine = self.changed_fields();
        if let Some(conflict) = self.conflict.take() {
            for (key, theirs) in &conflict.theirs {
                if !mine.contains(key) {
                    self.local.insert(key.clone(), theirs.clone());
                }
            }
            self.base = conflict.theirs;
            self.version = conflict.version;
            self.rejected.clear();
        }
    }

    /// Drop the on-screen edits for the other writer's copy.
    pub fn take_theirs(&mut self) {
        if let Some(conflict) = self.conflict.take() {
            self.local = conflict.theirs.clone();
            self.base = conflict.theirs;
            self.version = conflict.version;
            self.rejected.clear();
        }
    }

    /// The snapshot to keep on this device, if there is anything unsaved.
    pub fn stored(&self) -> Option<Stored> {
        (self.is_dirty() || self.conflict.is_some()).then(|| Stored {
            base: self.base.clone(),
            version: self.version,
            local: self.local.clone(),
        })
    }

    /// Brings back edits kept on this device over what the server holds now.
    ///
    /// Edits already on the server are dropped; edits of fields nobody else
    /// changed meanwhile are rebased on the server's copy; edits of fields
    /// someone else changed too become a [`Conflict`] for the owner to settle.
    pub fn restore(stored: Stored, server: Fields, version: i64) -> Self {
        let mine: Vec<String> = Draft {
            base: stored.base.clone(),
            version: stored.version,
            local: stored.local.clone(),
            in_flight: None,
            rejected: Fields::new(),
            conflict: None,
        }
        .changed_fields();
        let already_saved = mine
            .iter()
            .all(|key| canonical_field(&stored.local, key) == canonical_field(&server, key));
        let mut draft = Draft::new(server.clone(), version);
        if already_saved {
            return draft;
        }
        for key in &mine {
            let value = stored.local.get(key).cloned().unwrap_or(Value::Null);
            draft.local.insert(key.clone(), value);
        }
        let overlap = version != stored.version
            && mine
                .iter()
                .any(|key| canonical_field(&server, key) != canonical_field(&stored.base, key));
        if overlap {
            // Settled like a refused save: against the copy the edits started from.
            draft.base = stored.base;
            draft.version = stored.version;
            draft.conflict = Some(Conflict {
                theirs: server,
                version,
            });
        }
        draft
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fields(value: Value) -> Fields {
        match value {
            Value::Object(map) => map,
            _ => panic!("an object"),
        }
    }

    fn never(_: &str, _: &Value) -> bool {
        false
    }

    fn server() -> Fields {
        fields(
            json!({"persona": "Maya", "guidelines": null, "languages": ["en"], "phone_number": null}),
        )
    }

    #[test]
    fn canonical_trims_and_blanks_text_only() {
        assert_eq!(canonical(&json!("  Dana ")), json!("Dana"));
        assert_eq!(canonical(&json!("   ")), Value::Null);
        assert_eq!(
            canonical(&json!({"calendar": "", "crm": "hubspot"})),
            json!({"calendar": null, "crm": "hubspot"})
        );
        assert_eq!(canonical(&json!(["en", " "])), json!(["en", " "]));
        assert_eq!(canonical(&json!(true)), json!(true));
    }

    #[test]
    fn a_fresh_draft_is_clean_and_sends_nothing() {
        let mut draft = Draft::new(server(), 3);
        assert!(draft.is_clean());
        assert_eq!(draft.begin_save(&never), None);
    }

    #[test]
    fn only_changed_fields_are_sent_with_the_version_read() {
        let mut draft = Draft::new(server(), 3);
        draft.set("guidelines", json!("  No medical advice "));
        draft.set("persona", json!("Maya "));
        let (patch, version) = draft.begin_save(&never).unwrap();
        assert_eq!(
            Value::Object(patch),
            json!({"guidelines": "No medical advice"})
        );
        assert_eq!(version, 3);
    }

    #[test]
    fn clearing_a_field_sends_null() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!(""));
        let (patch, _) = draft.begin_save(&never).unwrap();
        assert_eq!(Value::Object(patch), json!({"persona": null}));
    }

    #[test]
    fn one_save_at_a_time() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        assert!(draft.begin_save(&never).is_some());
        draft.set("guidelines", json!("Be brief"));
        assert_eq!(draft.begin_save(&never), None);
    }

    #[test]
    fn a_save_answer_does_not_undo_edits_made_while_it_was_in_flight() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        let (patch, _) = draft.begin_save(&never).unwrap();
        // The owner keeps typing while the request is out.
        draft.set("persona", json!("Noa, the front desk"));
        draft.set("guidelines", json!("Be brief"));
        let mut answer = server();
        answer.extend(patch);
        draft.finish_saved(answer, 4);
        assert_eq!(draft.get("persona"), &json!("Noa, the front desk"));
        assert_eq!(draft.get("guidelines"), &json!("Be brief"));
        assert_eq!(draft.version, 4);
        assert!(!draft.is_clean(), "what is on screen is not saved yet");
        let (next, version) = draft.begin_save(&never).unwrap();
        assert_eq!(
            Value::Object(next),
            json!({"guidelines": "Be brief", "persona": "Noa, the front desk"})
        );
        assert_eq!(version, 4);
    }

    #[test]
    fn saved_means_the_server_holds_what_is_on_screen() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa "));
        let (patch, _) = draft.begin_save(&never).unwrap();
        assert!(!draft.is_clean(), "saving is not saved");
        let mut answer = server();
        answer.extend(patch);
        draft.finish_saved(answer, 4);
        assert!(draft.is_clean());
        // The trailing space the owner is still typing after is kept on screen.
        assert_eq!(draft.get("persona"), &json!("Noa "));
    }

    #[test]
    fn untouched_fields_take_the_servers_normalized_value() {
        let mut draft = Draft::new(server(), 3);
        draft.set("phone_number", json!("+972 50-123-4567"));
        let (_, _) = draft.begin_save(&never).unwrap();
        let mut answer = server();
        answer.insert("phone_number".into(), json!("+972501234567"));
        draft.finish_saved(answer, 4);
        assert_eq!(draft.get("phone_number"), &json!("+972501234567"));
        assert!(draft.is_clean());
    }

    #[test]
    fn a_network_failure_keeps_the_edits_pending() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        draft.begin_save(&never).unwrap();
        draft.fail_network();
        assert_eq!(draft.get("persona"), &json!("Noa"));
        let (patch, version) = draft.begin_save(&never).unwrap();
        assert_eq!(Value::Object(patch), json!({"persona": "Noa"}));
        assert_eq!(version, 3);
    }

    #[test]
    fn a_refused_value_is_not_resent_until_changed() {
        let mut draft = Draft::new(server(), 3);
        draft.set("phone_number", json!("+0123"));
        draft.set("persona", json!("Noa"));
        draft.begin_save(&never).unwrap();
        draft.fail_rejected(["phone_number"]);
        assert!(draft.is_rejected("phone_number"));
        let (patch, _) = draft.begin_save(&never).unwrap();
        assert_eq!(Value::Object(patch), json!({"persona": "Noa"}));
        draft.fail_network();
        draft.set("phone_number", json!("+972501234567"));
        assert!(!draft.is_rejected("phone_number"));
        let (patch, _) = draft.begin_save(&never).unwrap();
        assert_eq!(
            Value::Object(patch),
            json!({"persona": "Noa", "phone_number": "+972501234567"})
        );
    }

    #[test]
    fn dotted_error_paths_name_their_top_level_field() {
        assert_eq!(top_level("business_hours.days.mon"), "business_hours");
        assert_eq!(top_level("languages[1]"), "languages");
        let mut draft = Draft::new(server(), 3);
        draft.set(
            "business_hours",
            json!({"timezone": "Asia/Jerusalem", "days": {"mon": [["17:00", "08:00"]]}}),
        );
        draft.begin_save(&never).unwrap();
        draft.fail_rejected(["business_hours.days.mon"]);
        assert!(draft.is_rejected("business_hours"));
    }

    #[test]
    fn a_refusal_naming_no_sent_field_holds_the_whole_patch() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        draft.begin_save(&never).unwrap();
        draft.fail_rejected(std::iter::empty());
        assert_eq!(draft.begin_save(&never), None);
    }

    #[test]
    fn held_values_stay_local() {
        let mut draft = Draft::new(server(), 3);
        draft.set("phone_number", json!("+97"));
        draft.set("persona", json!("Noa"));
        let held = |key: &str, _: &Value| key == "phone_number";
        let (patch, _) = draft.begin_save(&held).unwrap();
        assert_eq!(Value::Object(patch), json!({"persona": "Noa"}));
    }

    #[test]
    fn a_conflict_waits_for_the_owner_and_keep_mine_resends_over_their_version() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        draft.begin_save(&never).unwrap();
        let mut theirs = server();
        theirs.insert("persona".into(), json!("Tamar"));
        theirs.insert("guidelines".into(), json!("Smile"));
        draft.fail_conflict(theirs, 5);
        assert_eq!(
            draft.get("persona"),
            &json!("Noa"),
            "nothing is overwritten silently"
        );
        assert_eq!(
            draft.begin_save(&never),
            None,
            "no save until the owner chooses"
        );
        assert_eq!(draft.conflicting_fields(), ["persona"]);
        draft.keep_mine();
        assert_eq!(
            draft.get("guidelines"),
            &json!("Smile"),
            "their other edits are kept"
        );
        let (patch, version) = draft.begin_save(&never).unwrap();
        assert_eq!(version, 5);
        assert_eq!(Value::Object(patch), json!({"persona": "Noa"}));
    }

    #[test]
    fn a_conflict_holding_what_was_sent_means_the_save_landed() {
        let mut draft = Draft::new(server(), 0);
        draft.set("persona", json!("Noa "));
        draft.begin_save(&never).unwrap();
        let mut landed = server();
        landed.insert("persona".into(), json!("Noa"));
        assert!(draft.sent_landed(&landed));
        let mut other = landed.clone();
        other.insert("persona".into(), json!("Tamar"));
        assert!(!draft.sent_landed(&other));

        draft.finish_saved(landed, 1);
        assert!(draft.is_clean());
        assert!(
            !draft.sent_landed(&server()),
            "nothing is in flight any more"
        );
    }

    #[test]
    fn only_fields_both_sides_changed_are_in_conflict() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        draft.set("guidelines", json!("Be brief"));
        draft.begin_save(&never).unwrap();
        let mut theirs = server();
        theirs.insert("persona".into(), json!("Tamar"));
        draft.fail_conflict(theirs, 4);
        assert_eq!(draft.conflicting_fields(), ["persona"]);
        draft.keep_mine();
        let (patch, _) = draft.begin_save(&never).unwrap();
        assert_eq!(
            Value::Object(patch),
            json!({"guidelines": "Be brief", "persona": "Noa"})
        );
    }

    #[test]
    fn take_theirs_adopts_the_other_copy() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        draft.begin_save(&never).unwrap();
        let mut theirs = server();
        theirs.insert("persona".into(), json!("Tamar"));
        draft.fail_conflict(theirs, 5);
        draft.take_theirs();
        assert_eq!(draft.get("persona"), &json!("Tamar"));
        assert_eq!(draft.version, 5);
        assert!(draft.is_clean());
    }

    #[test]
    fn only_unsaved_drafts_are_stored() {
        let mut draft = Draft::new(server(), 3);
        assert_eq!(draft.stored(), None);
        draft.set("persona", json!("Noa"));
        let stored = draft.stored().unwrap();
        assert_eq!(stored.version, 3);
        assert_eq!(stored.local.get("persona"), Some(&json!("Noa")));
    }

    #[test]
    fn restored_edits_on_an_unchanged_server_are_pending() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        let stored = draft.stored().unwrap();
        let mut restored = Draft::restore(stored, server(), 3);
        assert_eq!(restored.get("persona"), &json!("Noa"));
        assert!(restored.conflict.is_none());
        let (patch, version) = restored.begin_save(&never).unwrap();
        assert_eq!(
            (Value::Object(patch), version),
            (json!({"persona": "Noa"}), 3)
        );
    }

    #[test]
    fn restored_edits_already_on_the_server_are_dropped() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        let stored = draft.stored().unwrap();
        let mut now = server();
        now.insert("persona".into(), json!("Noa"));
        let restored = Draft::restore(stored, now, 4);
        assert!(restored.is_clean());
    }

    #[test]
    fn restored_edits_rebase_over_other_fields_changed_elsewhere() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        let stored = draft.stored().unwrap();
        let mut now = server();
        now.insert("guidelines".into(), json!("Smile"));
        let mut restored = Draft::restore(stored, now, 4);
        assert!(restored.conflict.is_none());
        assert_eq!(restored.get("guidelines"), &json!("Smile"));
        let (patch, version) = restored.begin_save(&never).unwrap();
        assert_eq!(
            (Value::Object(patch), version),
            (json!({"persona": "Noa"}), 4)
        );
    }

    #[test]
    fn restored_edits_of_a_field_changed_elsewhere_are_a_conflict() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        let stored = draft.stored().unwrap();
        let mut now = server();
        now.insert("persona".into(), json!("Tamar"));
        now.insert("guidelines".into(), json!("Smile"));
        let mut restored = Draft::restore(stored, now, 4);
        assert_eq!(restored.get("persona"), &json!("Noa"));
        assert_eq!(restored.get("guidelines"), &json!("Smile"));
        assert_eq!(restored.conflicting_fields(), ["persona"]);
        assert_eq!(restored.begin_save(&never), None);
        restored.keep_mine();
        let (patch, version) = restored.begin_save(&never).unwrap();
        assert_eq!(
            (Value::Object(patch), version),
            (json!({"persona": "Noa"}), 4)
        );
    }

    #[test]
    fn stored_snapshots_round_trip_through_json() {
        let mut draft = Draft::new(server(), 3);
        draft.set("persona", json!("Noa"));
        let stored = draft.stored().unwrap();
        let text = serde_json::to_string(&stored).unwrap();
        assert_eq!(serde_json::from_str::<Stored>(&text).unwrap(), stored);
    }
}
