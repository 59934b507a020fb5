//! The XML of Twilio's 2010 API, for paths without `.json`. Only the shape
//! matters (UNCONFIRMED details): `<TwilioResponse>` around PascalCase
//! elements named after the JSON fields.

use serde_json::Value;

pub(crate) fn document(inner: &str) -> String {
    format!("<?xml version='1.0' encoding='UTF-8'?>\n<TwilioResponse>{inner}</TwilioResponse>")
}

/// `friendly_name` → `FriendlyName`; `sms` → `SMS`.
pub(crate) fn pascal(key: &str) -> String {
    key.split('_')
        .map(|word| match word {
            "sms" | "mms" => word.to_uppercase(),
            _ => {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            }
        })
        .collect()
}

pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// One element named `name` holding `value` (objects become children).
pub(crate) fn element(name: &str, value: &Value) -> String {
    match value {
        Value::Null => format!("<{name}/>"),
        Value::Object(map) => {
            let children: String = map
                .iter()
                .map(|(key, value)| element(&pascal(key), value))
                .collect();
            format!("<{name}>{children}</{name}>")
        }
        Value::Array(items) => {
            let children: String = items.iter().map(|item| element("Item", item)).collect();
            format!("<{name}>{children}</{name}>")
        }
        Value::String(text) => format!("<{name}>{}</{name}>", escape(text)),
        other => format!("<{name}>{other}</{name}>"),
    }
}
