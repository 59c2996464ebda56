//! JSON Resume (<https://jsonresume.org/schema>) rendered as a text resume: one line per field
//! that can name a skill, under a heading per section, each line located by its JSON path
//! (`work[0].highlights[2]`) so evidence can point back into the file.
//!
//! Skills become `Name: keyword, keyword` lines under a Skills heading (the matcher reads them as a
//! skills list); interests go under an Interests heading (the matcher counts them as hobbies).
//! Fields of the wrong type are skipped rather than refused: hand-written resumes vary.

use serde_json::{Map, Value};

use super::builder::{Extracted, TextBuilder};
use super::ReadFailure;

/// Top-level keys that make a JSON object a resume.
const RESUME_KEYS: &[&str] = &["basics", "work", "skills"];

/// True when `text` is JSON at all (used to tell JSON from text that starts with `{`).
pub(crate) fn is_json(text: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// Read a JSON Resume. serde_json refuses nesting deeper than 128 levels, so hostile nesting is an
/// error, not a stack overflow.
pub(crate) fn extract(text: &str) -> Result<Extracted, ReadFailure> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ReadFailure::Malformed(format!("invalid JSON: {e}")))?;
    let Some(root) = value.as_object() else {
        return Err(ReadFailure::NotJsonResume);
    };
    if !RESUME_KEYS.iter().any(|k| root.contains_key(*k)) {
        return Err(ReadFailure::NotJsonResume);
    }
    let mut r = Render {
        out: TextBuilder::new(false),
    };
    if let Some(basics) = root.get("basics").and_then(Value::as_object) {
        r.out.name(text_of(basics, "name"));
        r.field(basics, "name", "basics.name");
        r.field(basics, "label", "basics.label");
        if let Some(summary) = text_of(basics, "summary") {
            r.heading("Summary");
            r.at("basics.summary".into(), summary);
        }
    }
    r.section(root, "skills", "Skills", |r, item, path| {
        let name = text_of(item, "name").unwrap_or("");
        let keywords = list_of(item, "keywords");
        let line = match (name.is_empty(), keywords.is_empty()) {
            (_, true) => name.to_string(),
            (true, false) => keywords.join(", "),
            (false, false) => format!("{name}: {}", keywords.join(", ")),
        };
        r.at(path.to_string(), &line);
    });
    for (key, title) in [
        ("work", "Work Experience"),
        ("volunteer", "Volunteer Experience"),
    ] {
        r.section(root, key, title, |r, item, path| {
            let org = text_of(item, "name")
                .or_else(|| text_of(item, "company"))
                .or_else(|| text_of(item, "organization"));
            let position = text_of(item, "position");
            let head = [position, org].into_iter().flatten().collect::<Vec<_>>();
            if !head.is_empty() {
                r.at(path.to_string(), &head.join(", "));
            }
            r.field(item, "summary", &format!("{path}.summary"));
            r.field(item, "description", &format!("{path}.description"));
            r.list(item, "highlights", path, "- ");
            // Not in the schema, but common (themes render it).
            r.joined(item, "keywords", path, "Technologies: ");
        });
    }
    r.section(root, "projects", "Projects", |r, item, path| {
        r.field(item, "name", &format!("{path}.name"));
        r.field(item, "description", &format!("{path}.description"));
        r.list(item, "highlights", path, "- ");
        r.joined(item, "keywords", path, "Technologies: ");
    });
    r.section(root, "education", "Education", |r, item, path| {
        let line = ["studyType", "area", "institution"]
            .iter()
            .filter_map(|k| text_of(item, k))
            .collect::<Vec<_>>()
            .join(", ");
        r.at(path.to_string(), &line);
        r.joined(item, "courses", path, "Courses: ");
    });
    r.section(root, "certificates", "Certificates", |r, item, path| {
        r.named(item, "name", "issuer", path);
    });
    r.section(root, "awards", "Awards", |r, item, path| {
        r.named(item, "title", "awarder", path);
        r.field(item, "summary", &format!("{path}.summary"));
    });
    r.section(root, "publications", "Publications", |r, item, path| {
        r.named(item, "name", "publisher", path);
        r.field(item, "summary", &format!("{path}.summary"));
    });
    r.section(root, "languages", "Languages", |r, item, path| {
        r.named(item, "language", "fluency", path);
    });
    r.section(root, "interests", "Interests", |r, item, path| {
        let name = text_of(item, "name").unwrap_or("");
        let keywords = list_of(item, "keywords");
        let line = match keywords.is_empty() {
            true => name.to_string(),
            false => format!("{name}: {}", keywords.join(", ")),
        };
        r.at(path.to_string(), &line);
    });
    Ok(r.out.finish())
}

struct Render {
    out: TextBuilder,
}

impl Render {
    fn heading(&mut self, title: &str) {
        self.out.blank_line();
        self.out.locate(None, None);
        self.out.heading(title, 1);
    }

    /// A line (or several, if `text` has line breaks) located at `path`.
    fn at(&mut self, path: String, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.out.locate(None, Some(path));
        self.out.line(text.trim());
    }

    fn field(&mut self, obj: &Map<String, Value>, key: &str, path: &str) {
        if let Some(text) = text_of(obj, key) {
            self.at(path.to_string(), text);
        }
    }

    /// `name (detail)` at `path`.
    fn named(&mut self, obj: &Map<String, Value>, name: &str, detail: &str, path: &str) {
        let line = match (text_of(obj, name), text_of(obj, detail)) {
            (Some(n), Some(d)) => format!("{n} ({d})"),
            (Some(n), None) => n.to_string(),
            (None, Some(d)) => d.to_string(),
            (None, None) => return,
        };
        self.at(path.to_string(), &line);
    }

    /// One line per string of array `key`, each at `path.key[i]`.
    fn list(&mut self, obj: &Map<String, Value>, key: &str, path: &str, prefix: &str) {
        let Some(items) = obj.get(key).and_then(Value::as_array) else {
            return;
        };
        for (i, item) in items.iter().enumerate() {
            if let Some(text) = item.as_str() {
                self.at(
                    format!("{path}.{key}[{i}]"),
                    &format!("{prefix}{}", text.trim()),
                );
            }
        }
    }

    /// The strings of array `key` on one line, at `path.key`.
    fn joined(&mut self, obj: &Map<String, Value>, key: &str, path: &str, label: &str) {
        let items = list_of(obj, key);
        if !items.is_empty() {
            self.at(
                format!("{path}.{key}"),
                &format!("{label}{}", items.join(", ")),
            );
        }
    }

    /// A heading and each object of array `key`, rendered by `item` with its path (`key[i]`).
    /// Plain strings in the array are taken as `{"name": string}`.
    fn section(
        &mut self,
        root: &Map<String, Value>,
        key: &str,
        title: &str,
        mut item: impl FnMut(&mut Self, &Map<String, Value>, &str),
    ) {
        let Some(items) = root.get(key).and_then(Value::as_array) else {
            return;
        };
        if items.is_empty() {
            return;
        }
        self.heading(title);
        for (i, v) in items.iter().enumerate() {
            let path = format!("{key}[{i}]");
            match v {
                Value::Object(obj) => item(self, obj, &path),
                Value::String(s) => {
                    let mut obj = Map::new();
                    obj.insert("name".into(), Value::String(s.clone()));
                    item(self, &obj, &path);
                }
                _ => {}
            }
        }
    }
}

/// A non-blank string field.
fn text_of<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The non-blank strings of an array field.
fn list_of<'a>(obj: &'a Map<String, Value>, key: &str) -> Vec<&'a str> {
    obj.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(x: &Extracted, needle: &str) -> Option<String> {
        let line = x.text.lines().position(|l| l.contains(needle))? + 1;
        let i = x.locations.partition_point(|l| l.line <= line);
        x.locations[i - 1].path.clone()
    }

    #[test]
    fn sections_lines_and_paths() {
        let x = extract(
            r#"{"basics":{"name":"Jo","summary":"Backend dev"},
                "skills":[{"name":"Languages","keywords":["Go","Rust"]},"Docker"],
                "work":[{"name":"Acme","position":"Dev","highlights":["Ran Kafka","Tuned Postgres"]}],
                "interests":[{"name":"Chess"}]}"#,
        )
        .unwrap();
        assert_eq!(
            x.text,
            "Jo\n\nSummary\nBackend dev\n\nSkills\nLanguages: Go, Rust\nDocker\n\n\
             Work Experience\nDev, Acme\n- Ran Kafka\n- Tuned Postgres\n\nInterests\nChess\n"
        );
        assert_eq!(
            path_of(&x, "Tuned").as_deref(),
            Some("work[0].highlights[1]")
        );
        assert_eq!(path_of(&x, "Languages").as_deref(), Some("skills[0]"));
        assert_eq!(
            path_of(&x, "Backend dev").as_deref(),
            Some("basics.summary")
        );
        assert_eq!(path_of(&x, "Skills"), None);
        assert!(!x.heuristic_headings);
    }

    #[test]
    fn other_json_is_not_a_resume() {
        assert!(matches!(
            extract(r#"{"name":"x","dependencies":{}}"#),
            Err(ReadFailure::NotJsonResume)
        ));
        assert!(matches!(extract("[1,2]"), Err(ReadFailure::NotJsonResume)));
        assert!(matches!(extract("{"), Err(ReadFailure::Malformed(_))));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        match extract(&deep) {
            Err(ReadFailure::Malformed(m)) => assert!(m.contains("recursion limit"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
