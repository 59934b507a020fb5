//! PATCH semantics for nullable fields: absent leaves the field as it is,
//! `null` clears it, a value sets it.

use serde::{Deserialize, Deserializer};

/// Deserializes a present field (even `null`) as `Some(…)`, so that together
/// with `#[serde(default)]` an absent field stays `None`.
pub fn nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "super::nullable")]
        name: Option<Option<String>>,
    }

    fn parse(json: &str) -> Option<Option<String>> {
        serde_json::from_str::<Patch>(json)
            .expect("valid JSON")
            .name
    }

    #[test]
    fn absent_null_and_value_are_three_different_things() {
        assert_eq!(parse("{}"), None);
        assert_eq!(parse(r#"{"name":null}"#), Some(None));
        assert_eq!(parse(r#"{"name":"Dana"}"#), Some(Some("Dana".to_owned())));
    }
}
