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

/// The `version` a client read, sent back: a whole number however its JSON
/// writes it (`3` or `3.0`: JSON numbers have no integer type of their own).
pub fn whole_number<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    use serde::de::Error;
    let Some(number) = Option::<serde_json::Number>::deserialize(deserializer)? else {
        return Ok(None);
    };
    // Beyond 2^53 a float no longer tells one whole number from the next.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let range = -EXACT..=EXACT;
    number
        .as_i64()
        .or_else(|| {
            number
                .as_f64()
                .filter(|value| value.fract() == 0.0 && range.contains(value))
                .map(|value| value as i64)
        })
        .map(Some)
        .ok_or_else(|| D::Error::custom("expected a whole number"))
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

    #[derive(Deserialize)]
    struct Versioned {
        #[serde(default, deserialize_with = "super::whole_number")]
        version: Option<i64>,
    }

    fn version(json: &str) -> Result<Option<i64>, serde_json::Error> {
        serde_json::from_str::<Versioned>(json).map(|versioned| versioned.version)
    }

    #[test]
    fn a_version_is_a_whole_number_however_it_is_written() {
        assert_eq!(version("{}").unwrap(), None);
        assert_eq!(version(r#"{"version":null}"#).unwrap(), None);
        assert_eq!(version(r#"{"version":3}"#).unwrap(), Some(3));
        assert_eq!(version(r#"{"version":3.0}"#).unwrap(), Some(3));
        assert_eq!(
            version(r#"{"version":-2712596282051.0}"#).unwrap(),
            Some(-2712596282051)
        );
        for refused in ["3.5", "1e300", "-9223372036854775809", r#""3""#, "true"] {
            assert!(
                version(&format!(r#"{{"version":{refused}}}"#)).is_err(),
                "{refused}"
            );
        }
    }

    #[test]
    fn absent_null_and_value_are_three_different_things() {
        assert_eq!(parse("{}"), None);
        assert_eq!(parse(r#"{"name":null}"#), Some(None));
        assert_eq!(parse(r#"{"name":"Dana"}"#), Some(Some("Dana".to_owned())));
    }
}
