//! A language of the product: the interface locale and a language Ava
//! speaks. Defined with the shared rules, since the catalog's voices name
//! the languages they speak.

pub use ava_rules::Locale;
