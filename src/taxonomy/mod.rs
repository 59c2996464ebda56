//! The skill taxonomy: loading, validation and the resolved, ready-to-use model.
//!
//! Humans edit TOML under `skills/`; the build embeds those files (see `build.rs`), and
//! `--taxonomy PATH` replaces them with a file or a folder. Every rule a taxonomy must obey is
//! checked here, and every error names the file, the line and the field.

mod extras;
#[cfg(skillgap_embedded)]
mod lookup;
mod model;
mod phrases;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use regex_lite::Regex;
use serde::{Deserialize, Serialize};

use crate::text::normalize_key;
use model::{AliasDef, FileDef};

pub use extras::{Career, DemandInfo, InteropInfo, Pay, ESCO_SKILL_PREFIX};
pub use phrases::{Phrase, MAX_WITHIN};

// The build script compiles `skills/*.toml` with this very module (it includes it by path) and
// embeds the result as JSON; it is built without `skillgap_embedded`, so it sees no embedded
// files of its own.
#[cfg(skillgap_embedded)]
include!(concat!(env!("OUT_DIR"), "/embedded_skills.rs"));
#[cfg(not(skillgap_embedded))]
static EMBEDDED_SKILLS: &[(&str, &str)] = &[];
#[cfg(not(skillgap_embedded))]
static EMBEDDED_COMPILED: &str = "";

/// How much a skill matters for a role; drives the score and the order of gaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Importance {
    Core,
    Important,
    Bonus,
}

impl Importance {
    /// Weight in the score: a core skill counts three times a bonus one.
    pub fn weight(self) -> u32 {
        match self {
            Importance::Core => 3,
            Importance::Important => 2,
            Importance::Bonus => 1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Importance::Core => "core",
            Importance::Important => "important",
            Importance::Bonus => "bonus",
        }
    }
}

impl fmt::Display for Importance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What sort of skill: a named technology, an engineering concept, or a soft skill. Accuracy is
/// measured per kind (concepts are harder to read from prose than product names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Technology,
    Concept,
    Soft,
}

/// A course or documentation page that teaches a skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Course {
    pub provider: String,
    pub title: String,
    pub url: String,
}

/// Regular expressions compiled on first use: most aliases never occur in a given document, so
/// start-up does not pay for compiling all of them. Syntax is checked when a taxonomy is loaded
/// from disk ([`Taxonomy::from_path`]); the embedded one is checked by the test suite.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct Patterns {
    sources: Vec<String>,
    compiled: std::sync::OnceLock<Vec<Regex>>,
}

impl From<Vec<String>> for Patterns {
    fn from(sources: Vec<String>) -> Self {
        Patterns::new(sources)
    }
}

impl From<Patterns> for Vec<String> {
    fn from(p: Patterns) -> Self {
        p.sources
    }
}

impl Patterns {
    fn new(sources: Vec<String>) -> Self {
        Patterns {
            sources,
            compiled: std::sync::OnceLock::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Does any pattern match `text`?
    pub fn any_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| {
                self.sources
                    .iter()
                    .filter_map(|p| Regex::new(p).ok())
                    .collect()
            })
            .iter()
            .any(|r| r.is_match(text))
    }

    /// The first pattern that does not compile, with the reason.
    fn check(&self) -> Result<(), (String, String)> {
        for p in &self.sources {
            if let Err(e) = Regex::new(p) {
                return Err((
                    p.clone(),
                    e.to_string().lines().last().unwrap_or("").to_string(),
                ));
            }
        }
        Ok(())
    }
}

/// One surface form of a skill, with the rules for accepting it.
///
/// Serialised only into the built-in taxonomy (build.rs), where most of its 1,700 forms are
/// plain: the flags and lists left out when false or empty make that JSON a third smaller and
/// quicker to read at every start.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Alias {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub case_sensitive: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub ambiguous: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub fuzzy: bool,
    #[serde(default, skip_serializing_if = "Patterns::is_empty")]
    pub reject_before: Patterns,
    #[serde(default, skip_serializing_if = "Patterns::is_empty")]
    pub reject_after: Patterns,
    /// Other skills the form names too: `LAMP` is Linux, Apache, MySQL and PHP.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// Like [`Alias`], serialised only into the built-in taxonomy: empty lists and absent values are
/// left out.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Skill {
    pub id: String,
    pub name: String,
    pub category: String,
    pub kind: Kind,
    pub importance: Importance,
    pub description: String,
    pub hours: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<String>,
    /// `prerequisites` as indexes into [`Taxonomy::skills`] (the plan walks them for every
    /// analysis; looking ids up each time was a tenth of a batch run).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisite_index: Vec<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<String>,
    pub aliases: Vec<Alias>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    /// Concept phrases: the skill stated in plain words (see `docs/taxonomy.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<Phrase>,
    /// Names that contain an alias but are something else: they match nothing ("Node-RED").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shadows: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<Course>,
    /// Share (0–1) of job postings that ask for the skill (`skills/demand.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<f64>,
    /// O*NET technology example names for the skill (`skills/interop.toml`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub onet: Vec<String>,
    /// ESCO skill concept URI, where one exists (`skills/interop.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub esco: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub search: Option<String>,
}

/// A role selects skills (by index into [`Taxonomy::skills`]) and how much each matters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub description: String,
    pub skills: Vec<RoleSkill>,
    /// Groups of interchangeable skills; once one member is found, the others are alternatives.
    pub choices: Vec<Choice>,
    /// Pay and career ladder from a named source, where one is given.
    pub career: Option<Career>,
}

/// Interchangeable skills of a role (indices into [`Taxonomy::skills`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Choice {
    pub label: String,
    pub skills: Vec<usize>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct RoleSkill {
    pub skill: usize,
    pub importance: Importance,
}

/// A loaded, validated taxonomy.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Taxonomy {
    pub skills: Vec<Skill>,
    pub providers: Vec<Provider>,
    pub roles: Vec<Role>,
    /// Source and date of the skills' demand figures, when the taxonomy has them.
    pub demand: Option<DemandInfo>,
    /// Attribution of the skills' O*NET and ESCO identifiers, when the taxonomy has them.
    pub interop: Option<InteropInfo>,
    default_role: usize,
    #[serde(skip)]
    by_id: HashMap<String, usize>,
}

/// Why a taxonomy could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    // `error`, not `source`: as a source the reason would be printed twice in an error chain.
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}: no taxonomy files (*.toml) found", path.display())]
    Empty { path: PathBuf },
    #[error("{file}:{line}: field `{field}`: {message}")]
    Invalid {
        file: String,
        line: usize,
        field: String,
        message: String,
    },
}

/// One source file: its display name and contents.
struct Source {
    name: String,
    text: String,
}

impl Source {
    fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.text.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn error(&self, offset: usize, field: &str, message: impl Into<String>) -> TaxonomyError {
        TaxonomyError::Invalid {
            file: self.name.clone(),
            line: self.line_of(offset),
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// The embedded providers file: the fallback for a custom taxonomy that defines no providers.
fn embedded_providers() -> Option<Source> {
    EMBEDDED_SKILLS
        .iter()
        .find(|(name, _)| name.ends_with("providers.toml"))
        .map(|(name, text)| Source {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
}

impl Taxonomy {
    /// The taxonomy compiled into the binary: `skills/*.toml`, validated (patterns included) and
    /// resolved by the build script, so start-up only reads JSON.
    pub fn embedded() -> Result<Self, TaxonomyError> {
        let mut t: Taxonomy =
            serde_json::from_str(EMBEDDED_COMPILED).map_err(|e| TaxonomyError::Invalid {
                file: "(built-in taxonomy)".into(),
                line: e.line(),
                field: "-".into(),
                message: e.to_string(),
            })?;
        t.by_id = t
            .skills
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Ok(t)
    }

    /// Compile taxonomy files (name, text) into the JSON that [`Taxonomy::embedded`] reads; the
    /// build script's half of it.
    #[doc(hidden)]
    pub fn compile(files: &[(&str, &str)]) -> Result<String, TaxonomyError> {
        Ok(Self::build(files)?.to_json())
    }

    /// Load taxonomy files (name, text), patterns checked: what [`Taxonomy::compile`] compiles.
    #[doc(hidden)]
    pub fn build(files: &[(&str, &str)]) -> Result<Self, TaxonomyError> {
        let sources = files
            .iter()
            .map(|(name, text)| Source {
                name: (*name).to_string(),
                text: (*text).to_string(),
            })
            .collect();
        Self::from_sources(sources, None, true)
    }

    /// The JSON form [`Taxonomy::embedded`] reads.
    #[doc(hidden)]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a taxonomy serialises")
    }

    /// Load a taxonomy from a `.toml` file or a folder of them (read in name order). When it
    /// defines no providers, the embedded providers are used, so a custom skills file can still
    /// refer to `coursera`, `official-docs` and the rest.
    pub fn from_path(path: &Path) -> Result<Self, TaxonomyError> {
        let io = |error| TaxonomyError::Io {
            path: path.to_path_buf(),
            error,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        let mut files = Vec::new();
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).map_err(io)? {
                let p = entry.map_err(io)?.path();
                if p.extension().is_some_and(|e| e == "toml") && p.is_file() {
                    files.push(p);
                }
            }
            files.sort();
        } else {
            files.push(path.to_path_buf());
        }
        if files.is_empty() {
            return Err(TaxonomyError::Empty {
                path: path.to_path_buf(),
            });
        }
        let mut sources = Vec::with_capacity(files.len());
        for f in files {
            let bytes = std::fs::read(&f).map_err(|error| TaxonomyError::Io {
                path: f.clone(),
                error,
            })?;
            let text = String::from_utf8(bytes).map_err(|_| TaxonomyError::Invalid {
                file: f.display().to_string(),
                line: 1,
                field: "-".into(),
                message: "file is not valid UTF-8".into(),
            })?;
            sources.push(Source {
                name: f.display().to_string(),
                text,
            });
        }
        Self::from_sources(sources, embedded_providers(), true)
    }

    /// Load a taxonomy from the text of one `.toml` file, named `name` in errors: what
    /// [`Taxonomy::from_path`] does with a file once it is read.
    pub fn from_toml_str(name: &str, text: &str) -> Result<Self, TaxonomyError> {
        let source = Source {
            name: name.to_string(),
            text: text.to_string(),
        };
        Self::from_sources(vec![source], embedded_providers(), true)
    }

    fn from_sources(
        sources: Vec<Source>,
        provider_fallback: Option<Source>,
        check_patterns: bool,
    ) -> Result<Self, TaxonomyError> {
        let mut parsed = Vec::with_capacity(sources.len());
        for src in sources {
            let def: FileDef = toml::from_str(&src.text).map_err(|e| {
                let offset = e.span().map_or(0, |s| s.start);
                let field = key_at(&src.text, offset);
                src.error(offset, &field, e.message().trim().replace('\n', " "))
            })?;
            parsed.push((src, def));
        }
        if parsed.iter().all(|(_, d)| d.provider.is_empty()) {
            if let Some(src) = provider_fallback {
                let def: FileDef = toml::from_str(&src.text)
                    .map_err(|e| src.error(0, "provider", e.message().to_string()))?;
                parsed.push((src, def));
            }
        }
        Builder {
            check_patterns,
            ..Builder::default()
        }
        .build(parsed)
    }

    pub fn skill(&self, id: &str) -> Option<&Skill> {
        self.by_id.get(id).map(|&i| &self.skills[i])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    pub fn default_role(&self) -> &Role {
        &self.roles[self.default_role]
    }
}

/// The TOML key on the line holding `offset`, for error messages ("-" when there is none).
fn key_at(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let key = match line.split_once('=') {
        Some((k, _)) => k.trim(),
        None => line.trim().trim_matches(['[', ']']),
    };
    if key.is_empty() {
        "-".to_string()
    } else {
        key.chars().take(40).collect()
    }
}

fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn valid_url(s: &str) -> bool {
    s.strip_prefix("https://").is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !s.contains(char::is_whitespace)
    })
}

/// Percent-encode a search query (RFC 3986 unreserved characters pass through).
fn encode_query(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    for b in q.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else if b == b' ' {
            out.push_str("%20");
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Default)]
struct Builder {
    skills: Vec<Skill>,
    by_id: HashMap<String, usize>,
    /// Compile every reject pattern now to report bad ones (files from disk).
    check_patterns: bool,
}

impl Builder {
    fn build(mut self, parsed: Vec<(Source, FileDef)>) -> Result<Taxonomy, TaxonomyError> {
        // Providers first: courses refer to them.
        let mut providers: Vec<Provider> = Vec::new();
        for (src, def) in &parsed {
            for p in &def.provider {
                let id = p.id.get_ref();
                if !valid_id(id) {
                    return Err(src.error(
                        p.id.span().start,
                        "id",
                        format!("`{id}` is not a valid id (lowercase letters, digits and '-')"),
                    ));
                }
                if providers.iter().any(|q| &q.id == id) {
                    return Err(src.error(
                        p.id.span().start,
                        "id",
                        format!("duplicate provider id `{id}`"),
                    ));
                }
                if let Some(t) = &p.search {
                    if !t.contains("{query}") || !valid_url(&t.replace("{query}", "x")) {
                        return Err(src.error(
                            p.id.span().start,
                            "search",
                            format!(
                                "provider `{id}`: search must be an https URL containing {{query}}"
                            ),
                        ));
                    }
                }
                providers.push(Provider {
                    id: id.clone(),
                    name: p.name.clone(),
                    search: p.search.clone(),
                });
            }
        }

        // Skills, with alias uniqueness across the whole taxonomy.
        let mut alias_owner: HashMap<String, String> = HashMap::new();
        let mut also_refs: Vec<(usize, usize, String, String)> = Vec::new();
        let mut shadow_refs: Vec<(usize, usize, String, String)> = Vec::new();
        let mut prereq_spans = Vec::new();
        for (src_idx, (src, def)) in parsed.iter().enumerate() {
            for s in &def.skill {
                let id = s.id.get_ref().clone();
                let at = s.id.span().start;
                if !valid_id(&id) {
                    return Err(src.error(
                        at,
                        "id",
                        format!("`{id}` is not a valid id (lowercase letters, digits and '-')"),
                    ));
                }
                if self.by_id.contains_key(&id) {
                    return Err(src.error(at, "id", format!("duplicate skill id `{id}`")));
                }
                if !valid_id(&s.category) {
                    return Err(src.error(
                        at,
                        "category",
                        format!("skill `{id}`: `{}` is not a valid category id", s.category),
                    ));
                }
                if s.name.trim().is_empty() {
                    return Err(src.error(at, "name", format!("skill `{id}`: name is empty")));
                }
                if s.aliases.is_empty() {
                    return Err(src.error(
                        at,
                        "aliases",
                        format!("skill `{id}`: at least one alias is needed"),
                    ));
                }
                let mut aliases = Vec::with_capacity(s.aliases.len());
                for a in &s.aliases {
                    let a_at = a.span().start;
                    let alias = compile_alias(a.get_ref(), self.check_patterns)
                        .map_err(|m| src.error(a_at, "aliases", format!("skill `{id}`: {m}")))?;
                    for other in &alias.also {
                        also_refs.push((src_idx, a_at, id.clone(), other.clone()));
                    }
                    let key = normalize_key(&alias.text);
                    if let Some(owner) = alias_owner.get(&key) {
                        return Err(src.error(
                            a_at,
                            "aliases",
                            format!(
                                "skill `{id}`: alias `{}` is already an alias of `{owner}`",
                                alias.text
                            ),
                        ));
                    }
                    alias_owner.insert(key, id.clone());
                    aliases.push(alias);
                }
                let mut courses = Vec::with_capacity(s.courses.len());
                for c in &s.courses {
                    let c_at = c.span().start;
                    let c = c.get_ref();
                    let Some(p) = providers.iter().find(|p| p.id == c.provider) else {
                        return Err(src.error(
                            c_at,
                            "provider",
                            format!("skill `{id}`: unknown provider `{}`", c.provider),
                        ));
                    };
                    let url = match (&c.url, &p.search) {
                        (Some(u), _) => u.clone(),
                        (None, Some(t)) => t.replace("{query}", &encode_query(c.query.as_deref().unwrap_or(&s.name))),
                        (None, None) => return Err(src.error(c_at, "url", format!("skill `{id}`: provider `{}` has no search page, so the course needs a url", p.id))),
                    };
                    if !valid_url(&url) {
                        return Err(src.error(
                            c_at,
                            "url",
                            format!("skill `{id}`: `{url}` is not a well-formed https URL"),
                        ));
                    }
                    let title = c.title.clone().unwrap_or_else(|| {
                        format!("{} courses", c.query.as_deref().unwrap_or(&s.name))
                    });
                    courses.push(Course {
                        provider: p.name.clone(),
                        title,
                        url,
                    });
                }
                let alias_keys: HashSet<String> = aliases
                    .iter()
                    .map(|a: &Alias| normalize_key(&a.text))
                    .collect();
                let mut phrases = Vec::with_capacity(s.phrases.len());
                for p in &s.phrases {
                    let phrase = phrases::compile(p.get_ref()).map_err(|m| {
                        src.error(p.span().start, "phrases", format!("skill `{id}`: {m}"))
                    })?;
                    phrases.push(phrase);
                }
                let mut shadows = Vec::with_capacity(s.shadows.len());
                for sh in &s.shadows {
                    let key = normalize_key(sh.get_ref());
                    if !alias_keys.iter().any(|a| contains_word(&key, a))
                        || alias_keys.contains(&key)
                    {
                        return Err(src.error(
                            sh.span().start,
                            "shadows",
                            format!(
                                "skill `{id}`: shadow `{}` must be longer than one of the skill's aliases and contain it",
                                sh.get_ref()
                            ),
                        ));
                    }
                    shadow_refs.push((src_idx, sh.span().start, id.clone(), key));
                    shadows.push(sh.get_ref().trim().to_string());
                }
                // A context word that is one of the skill's own aliases would let an ambiguous
                // mention vouch for itself ("Shell" in "Cold Box and Shell").
                let context = s
                    .context
                    .iter()
                    .map(|w| w.to_lowercase())
                    .filter(|w| !alias_keys.contains(w))
                    .collect();
                prereq_spans.push((
                    src_idx,
                    s.prerequisites
                        .iter()
                        .map(|p| (p.get_ref().clone(), p.span().start))
                        .collect::<Vec<_>>(),
                ));
                self.by_id.insert(id.clone(), self.skills.len());
                self.skills.push(Skill {
                    id,
                    name: s.name.clone(),
                    category: s.category.clone(),
                    kind: s.kind.unwrap_or(if s.category == "soft-skills" {
                        Kind::Soft
                    } else {
                        Kind::Technology
                    }),
                    importance: s.importance,
                    description: s.description.clone(),
                    hours: s.hours.unwrap_or(20),
                    prerequisites: s
                        .prerequisites
                        .iter()
                        .map(|p| p.get_ref().clone())
                        .collect(),
                    prerequisite_index: Vec::new(),
                    tools: s.tools.clone(),
                    practice: s.practice.clone(),
                    aliases,
                    context,
                    phrases,
                    shadows,
                    courses,
                    demand: None,
                    onet: Vec::new(),
                    esco: None,
                });
            }
        }

        // A shadow hides an alias; it cannot be an alias itself.
        for (src_idx, at, id, key) in &shadow_refs {
            if let Some(owner) = alias_owner.get(key) {
                return Err(parsed[*src_idx].0.error(
                    *at,
                    "shadows",
                    format!("skill `{id}`: shadow `{key}` is an alias of `{owner}`"),
                ));
            }
        }
        // Bundle aliases name existing skills.
        for (src_idx, at, id, other) in &also_refs {
            if !self.by_id.contains_key(other) {
                return Err(parsed[*src_idx].0.error(
                    *at,
                    "also",
                    format!("skill `{id}`: alias names unknown skill `{other}`"),
                ));
            }
        }
        // Prerequisites exist and form no cycle.
        for (i, (src_idx, prereqs)) in prereq_spans.iter().enumerate() {
            let src = &parsed[*src_idx].0;
            for (p, at) in prereqs {
                if !self.by_id.contains_key(p) {
                    return Err(src.error(
                        *at,
                        "prerequisites",
                        format!("skill `{}`: unknown prerequisite `{p}`", self.skills[i].id),
                    ));
                }
                if p == &self.skills[i].id {
                    return Err(src.error(
                        *at,
                        "prerequisites",
                        format!("skill `{p}` lists itself as a prerequisite"),
                    ));
                }
            }
        }
        // Every prerequisite id is known by now (checked above).
        for i in 0..self.skills.len() {
            let index = self.skills[i]
                .prerequisites
                .iter()
                .filter_map(|p| self.by_id.get(p).copied())
                .collect();
            self.skills[i].prerequisite_index = index;
        }
        if let Some(cycle) = self.find_cycle() {
            let first = self.by_id[&cycle[0]];
            let (src_idx, prereqs) = &prereq_spans[first];
            let at = prereqs.first().map_or(0, |p| p.1);
            return Err(parsed[*src_idx].0.error(
                at,
                "prerequisites",
                format!("prerequisite cycle: {}", cycle.join(" -> ")),
            ));
        }
        let extras = extras::apply(&parsed, &mut self.skills, &self.by_id)?;

        // Roles.
        let mut roles = Vec::new();
        let mut default_role = None;
        for (src, def) in &parsed {
            for r in &def.role {
                let id = r.id.get_ref();
                let at = r.id.span().start;
                if !valid_id(id) {
                    return Err(src.error(at, "id", format!("`{id}` is not a valid role id")));
                }
                if roles.iter().any(|q: &Role| &q.id == id) {
                    return Err(src.error(at, "id", format!("duplicate role id `{id}`")));
                }
                let mut seen = HashSet::new();
                let mut skills = Vec::with_capacity(r.skills.len());
                for s in &r.skills {
                    let Some(&idx) = self.by_id.get(s.get_ref()) else {
                        return Err(src.error(
                            s.span().start,
                            "skills",
                            format!("role `{id}`: unknown skill `{}`", s.get_ref()),
                        ));
                    };
                    if !seen.insert(idx) {
                        return Err(src.error(
                            s.span().start,
                            "skills",
                            format!("role `{id}`: skill `{}` listed twice", s.get_ref()),
                        ));
                    }
                    let importance = r
                        .importance
                        .get(s.get_ref())
                        .map_or(self.skills[idx].importance, |i| *i.get_ref());
                    skills.push(RoleSkill {
                        skill: idx,
                        importance,
                    });
                }
                for (k, v) in &r.importance {
                    if !r.skills.iter().any(|s| s.get_ref() == k) {
                        return Err(src.error(
                            v.span().start,
                            "importance",
                            format!("role `{id}`: `{k}` is not one of the role's skills"),
                        ));
                    }
                }
                let mut choices = Vec::with_capacity(r.choice.len());
                for c in &r.choice {
                    let mut members = Vec::with_capacity(c.skills.len());
                    for s in &c.skills {
                        let idx = self
                            .by_id
                            .get(s.get_ref())
                            .copied()
                            .filter(|i| seen.contains(i));
                        let Some(idx) = idx else {
                            return Err(src.error(s.span().start, "choice", format!("role `{id}`: choice `{}` names `{}`, which is not one of the role's skills", c.label, s.get_ref())));
                        };
                        members.push(idx);
                    }
                    if members.len() < 2 {
                        return Err(src.error(
                            at,
                            "choice",
                            format!(
                                "role `{id}`: choice `{}` needs at least two skills",
                                c.label
                            ),
                        ));
                    }
                    choices.push(Choice {
                        label: c.label.clone(),
                        skills: members,
                    });
                }
                if r.default {
                    if default_role.is_some() {
                        return Err(src.error(
                            at,
                            "default",
                            format!("role `{id}`: only one role may be the default"),
                        ));
                    }
                    default_role = Some(roles.len());
                }
                roles.push(Role {
                    id: id.clone(),
                    name: r.name.clone(),
                    description: r.description.clone(),
                    skills,
                    choices,
                    career: extras::career(src, at, id, r.career.as_ref())?,
                });
            }
        }
        if self.skills.is_empty() {
            let name = parsed
                .first()
                .map_or_else(|| "taxonomy".to_string(), |(s, _)| s.name.clone());
            return Err(TaxonomyError::Invalid {
                file: name,
                line: 1,
                field: "skill".into(),
                message: "the taxonomy defines no skills".into(),
            });
        }
        if roles.is_empty() {
            // A bare skills file: one role that needs every skill at its own importance.
            roles.push(Role {
                id: "all".into(),
                name: "All skills in the taxonomy".into(),
                description: "Every skill the loaded taxonomy defines.".into(),
                skills: self
                    .skills
                    .iter()
                    .enumerate()
                    .map(|(i, s)| RoleSkill {
                        skill: i,
                        importance: s.importance,
                    })
                    .collect(),
                choices: Vec::new(),
                career: None,
            });
        }
        Ok(Taxonomy {
            skills: self.skills,
            providers,
            roles,
            demand: extras.demand,
            interop: extras.interop,
            default_role: default_role.unwrap_or(0),
            by_id: self.by_id,
        })
    }

    /// A prerequisite cycle, as the ids along it (first repeated at the end), if there is one.
    fn find_cycle(&self) -> Option<Vec<String>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let n = self.skills.len();
        let mut mark = vec![Mark::New; n];
        let mut path: Vec<usize> = Vec::new();
        for start in 0..n {
            if mark[start] != Mark::New {
                continue;
            }
            // Iterative DFS: stack of (node, next prerequisite index).
            let mut stack = vec![(start, 0usize)];
            mark[start] = Mark::Active;
            path.push(start);
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                if let Some(p) = self.skills[node].prerequisites.get(*next) {
                    *next += 1;
                    let Some(&q) = self.by_id.get(p) else {
                        continue;
                    };
                    match mark[q] {
                        Mark::Active => {
                            let from = path.iter().position(|&x| x == q).unwrap_or(0);
                            let mut ids: Vec<String> = path[from..]
                                .iter()
                                .map(|&i| self.skills[i].id.clone())
                                .collect();
                            ids.push(self.skills[q].id.clone());
                            return Some(ids);
                        }
                        Mark::New => {
                            mark[q] = Mark::Active;
                            path.push(q);
                            stack.push((q, 0));
                        }
                        Mark::Done => {}
                    }
                } else {
                    mark[node] = Mark::Done;
                    path.pop();
                    stack.pop();
                }
            }
        }
        None
    }
}

/// Does `haystack` contain `needle` with no letter or digit glued to either end?
fn contains_word(haystack: &str, needle: &str) -> bool {
    let glued = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    haystack.match_indices(needle).any(|(i, _)| {
        let end = i + needle.len();
        !glued(i.checked_sub(1).map(|j| &haystack.as_bytes()[j]))
            && !glued(haystack.as_bytes().get(end))
    })
}

fn compile_alias(def: &AliasDef, check_patterns: bool) -> Result<Alias, String> {
    let (text, case_sensitive, ambiguous, fuzzy, before, after, also) = match def {
        AliasDef::Plain(t) => (t.clone(), false, false, None, &[][..], &[][..], &[][..]),
        AliasDef::Full(a) => (
            a.text.clone(),
            a.case_sensitive,
            a.ambiguous,
            a.fuzzy,
            &a.reject_before[..],
            &a.reject_after[..],
            &a.also[..],
        ),
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err("empty alias".into());
    }
    let (reject_before, reject_after) = (
        Patterns::new(before.to_vec()),
        Patterns::new(after.to_vec()),
    );
    if check_patterns {
        for p in [&reject_before, &reject_after] {
            p.check()
                .map_err(|(p, e)| format!("alias `{text}`: bad regex `{p}`: {e}"))?;
        }
    }
    let single_word = text.chars().all(|c| c.is_alphanumeric());
    let fuzzy =
        fuzzy.unwrap_or(single_word && !ambiguous && !case_sensitive && text.chars().count() >= 6);
    Ok(Alias {
        reject_before,
        reject_after,
        text,
        case_sensitive,
        ambiguous,
        fuzzy,
        also: also.to_vec(),
    })
}

impl Taxonomy {
    /// Skills sorted by category then id, for stable listings.
    pub fn sorted_skills(&self) -> Vec<&Skill> {
        let mut v: Vec<&Skill> = self.skills.iter().collect();
        v.sort_by(|a, b| (&a.category, &a.id).cmp(&(&b.category, &b.id)));
        v
    }

    /// Category names in first-seen order.
    pub fn categories(&self) -> Vec<&str> {
        let mut seen = BTreeMap::new();
        for (i, s) in self.skills.iter().enumerate() {
            seen.entry(s.category.as_str()).or_insert(i);
        }
        let mut v: Vec<(&str, usize)> = seen.into_iter().collect();
        v.sort_by_key(|&(_, i)| i);
        v.into_iter().map(|(c, _)| c).collect()
    }
}

#[cfg(test)]
mod tests;
