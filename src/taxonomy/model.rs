//! The on-disk shape of taxonomy files, exactly as humans write them.
//!
//! These structs only describe TOML; `load` turns them into the resolved [`super::Taxonomy`].
//! `deny_unknown_fields` everywhere: a misspelt key must be an error, not silently ignored.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileDef {
    #[serde(default)]
    pub skill: Vec<SkillDef>,
    #[serde(default)]
    pub provider: Vec<ProviderDef>,
    #[serde(default)]
    pub role: Vec<RoleDef>,
    /// Market demand per skill (generated: `cargo run --release --example demand`).
    #[serde(default)]
    pub demand: Option<super::extras::DemandDef>,
    /// O*NET and ESCO identifiers per skill (generated: `cargo run --example interop`).
    #[serde(default)]
    pub interop: Option<super::extras::InteropDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SkillDef {
    pub id: Spanned<String>,
    pub name: String,
    pub category: String,
    #[serde(default)]
    pub kind: Option<super::Kind>,
    pub importance: super::Importance,
    pub description: String,
    #[serde(default)]
    pub hours: Option<u32>,
    #[serde(default)]
    pub prerequisites: Vec<Spanned<String>>,
    #[serde(default)]
    pub tools: Vec<String>,
    #[serde(default)]
    pub practice: Option<String>,
    pub aliases: Vec<Spanned<AliasDef>>,
    #[serde(default)]
    pub context: Vec<String>,
    /// Concept phrases: words that state the skill without naming it ("migrated ... data").
    #[serde(default)]
    pub phrases: Vec<Spanned<PhraseDef>>,
    /// Names that contain one of the aliases but are something else ("Node-RED").
    #[serde(default)]
    pub shadows: Vec<Spanned<String>>,
    #[serde(default)]
    pub courses: Vec<Spanned<CourseDef>>,
}

/// `{ groups = [["migrat*"], ["data", "schema*"]], within = 4 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhraseDef {
    pub groups: Vec<Vec<String>>,
    pub within: usize,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum AliasDef {
    Plain(String),
    Full(AliasTable),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AliasTable {
    pub text: String,
    #[serde(default)]
    pub case_sensitive: bool,
    #[serde(default)]
    pub ambiguous: bool,
    #[serde(default)]
    pub fuzzy: Option<bool>,
    #[serde(default)]
    pub reject_before: Vec<String>,
    #[serde(default)]
    pub reject_after: Vec<String>,
    #[serde(default)]
    pub also: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CourseDef {
    pub provider: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub query: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProviderDef {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub search: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleDef {
    pub id: Spanned<String>,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub default: bool,
    pub skills: Vec<Spanned<String>>,
    #[serde(default)]
    pub importance: std::collections::BTreeMap<String, Spanned<super::Importance>>,
    #[serde(default)]
    pub choice: Vec<ChoiceDef>,
    /// Career context (pay, ladder) from a named source; shown as context, never as a prediction.
    #[serde(default)]
    pub career: Option<super::extras::CareerDef>,
}

/// Interchangeable skills: one of them satisfies the need ("a relational database").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChoiceDef {
    pub label: String,
    pub skills: Vec<Spanned<String>>,
}
