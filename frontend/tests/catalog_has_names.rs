//! Every code of the catalog the server offers (`ava_rules::catalog`) has a
//! name in each language of the web app, so an industry, integration or plan
//! added on the server cannot show up as its bare code.

use ava_rules::catalog::{CALENDARS, CRMS, INDUSTRIES, PLANS, WORKSPACE_APPS};
use serde_json::Value;

const LOCALES: [(&str, &str); 3] = [
    ("en", include_str!("../../locales/en.json")),
    ("fr", include_str!("../../locales/fr.json")),
    ("he", include_str!("../../locales/he.json")),
];

fn names_missing(section: &str, codes: &[&str]) -> Vec<String> {
    let mut missing = Vec::new();
    for (locale, text) in LOCALES {
        let texts: Value = serde_json::from_str(text).expect("the locale file is JSON");
        for code in codes {
            let name = texts[section][code].as_str().unwrap_or_default();
            if name.trim().is_empty() {
                missing.push(format!("{locale}: {section}.{code}"));
            }
        }
    }
    missing
}

#[test]
fn every_industry_has_a_name() {
    assert_eq!(
        names_missing("industries", &INDUSTRIES),
        Vec::<String>::new()
    );
}

#[test]
fn every_integration_has_a_name() {
    let apps = [&CALENDARS[..], &CRMS, &WORKSPACE_APPS].concat();
    assert_eq!(names_missing("integrations", &apps), Vec::<String>::new());
}

#[test]
fn every_plan_has_a_name() {
    assert_eq!(names_missing("plan", &PLANS), Vec::<String>::new());
}
