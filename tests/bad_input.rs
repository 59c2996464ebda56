//! Bad input, end to end (issue 8): one test per case, each running the real binary. A refused
//! input exits 2 with exactly one line on stderr that names the file and the problem (and, for a
//! taxonomy, the line and the field), prints nothing on stdout and never shows a panic. Inputs that
//! look bad but are readable (not UTF-8, UTF-16) succeed with the same skills as clean UTF-8.
//!
//! The limits behind these cases are documented in `docs/limits.md`. The readers' own checks of
//! hostile PDF and DOCX files (bombs, loops, parser panics) are in `formats.rs`, at library level;
//! the taxonomy loader's rules one by one in `src/taxonomy/tests.rs`.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

use crate::common::{bin, fixture};

/// A scratch folder with a file of `bytes` named `name` in it.
fn scratch(name: &str, bytes: &[u8]) -> (TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("skillgap-bad-")
        .tempdir()
        .unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Run the binary with `args`; require exit 2, nothing on stdout and one stderr line without
/// panic text that names `names` (a path) and contains every one of `needles`. The line.
fn refused(args: &[&str], stdin: Option<&[u8]>, names: &Path, needles: &[&str]) -> String {
    let mut cmd = bin();
    cmd.args(args).env("RUST_BACKTRACE", "1");
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("skillgap: error: "), "{err}");
    for panic_text in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!err.contains(panic_text), "{err}");
    }
    let name = names.display().to_string();
    assert!(err.contains(&name), "must name {name}: {err}");
    for n in needles {
        assert!(err.contains(n), "{err:?} should contain {n:?}");
    }
    err
}

fn analyze_refused(path: &Path, extra: &[&str], needles: &[&str]) -> String {
    let p = path.to_str().unwrap();
    let mut args = vec!["analyze", p];
    args.extend_from_slice(extra);
    refused(&args, None, path, needles)
}

/// `analyze --format json` of `path`, required to succeed quietly.
fn analyze_json(path: &Path) -> Value {
    let out = bin()
        .args(["analyze", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}: {err}", path.display());
    assert!(err.is_empty(), "{err}");
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

// ---- documents -------------------------------------------------------------------------------

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.txt");
    analyze_refused(&path, &[], &["no such file"]);
}

#[test]
fn empty_file() {
    let (_dir, path) = scratch("empty.txt", b"");
    let err = analyze_refused(&path, &[], &["file is empty"]);
    assert!(err.ends_with(&format!("{}: file is empty\n", path.display())));
}

#[test]
fn white_space_only_file() {
    let (_dir, path) = scratch("blank.md", b" \n\t\r\n \n");
    analyze_refused(&path, &[], &["contains no text"]);
}

#[test]
fn binary_junk() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (_dir, path) = scratch("junk.txt", &junk);
    analyze_refused(&path, &[], &["binary data, not text"]);
}

#[test]
fn file_over_max_size() {
    let (_dir, path) = scratch("big.txt", &b"Skills: Python, Docker\n".repeat(100));
    analyze_refused(
        &path,
        &["--max-size", "1000"],
        &["too large (2300 bytes; the limit is 1000 bytes, see --max-size)"],
    );
}

#[test]
fn sparse_file_over_the_default_limit() {
    // A sparse file a byte over the default cap: refused from its size, nothing is read.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let size = skillgap::input::DEFAULT_MAX_BYTES + 1;
    std::fs::File::create(&path).unwrap().set_len(size).unwrap();
    analyze_refused(
        &path,
        &[],
        &[&format!(
            "too large ({size} bytes; the limit is {} bytes, see --max-size)",
            skillgap::input::DEFAULT_MAX_BYTES
        )],
    );
}

#[test]
fn standard_input_over_max_size() {
    let input = b"Skills: Python, Docker\n".repeat(100);
    refused(
        &["analyze", "-", "--max-size", "1000"],
        Some(&input),
        Path::new("-"),
        &["-: too large", "the limit is 1000 bytes"],
    );
}

#[test]
fn deeply_nested_json() {
    let deep = format!("{}1{}", r#"{"basics":"#.repeat(50_000), "}".repeat(50_000));
    let (_dir, path) = scratch("deep.json", deep.as_bytes());
    analyze_refused(
        &path,
        &[],
        &["not a readable JSON file", "recursion limit exceeded"],
    );
}

#[test]
fn invalid_utf8_is_read_as_windows_1252() {
    // Not UTF-8: 0xE9 is "é" and 0x95 a bullet in Windows-1252. Read, not refused.
    let text = b"Jane Doe\nSkills: Python, Docker, PostgreSQL\nCaf\xE9 owner \x95 ran Kubernetes clusters\n";
    let (_dir, path) = scratch("latin.txt", text);
    let v = analyze_json(&path);
    let got = ids(&v, "matched");
    for id in ["python", "docker", "postgresql", "kubernetes"] {
        assert!(got.contains(&id.to_string()), "{id} in {got:?}");
    }
    let k8s = v["matched"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "kubernetes")
        .unwrap();
    assert_eq!(
        k8s["evidence"][0]["text"],
        "Café owner • ran Kubernetes clusters"
    );
}

/// The sample resume as UTF-16 with a byte-order mark gives exactly the UTF-8 result.
fn utf16_reads_like_utf8(name: &str, bom: [u8; 2], unit: fn(u16) -> [u8; 2]) {
    let utf8 = fixture("resumes/alex-rivera.txt");
    let text = std::fs::read_to_string(&utf8).unwrap();
    let mut bytes = bom.to_vec();
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&unit(u));
    }
    let (_dir, path) = scratch(name, &bytes);
    let (a, b) = (analyze_json(&utf8), analyze_json(&path));
    assert!(ids(&a, "matched").len() >= 20);
    // Same skills, same evidence (line, column, text), same negated mentions.
    assert_eq!(a["matched"], b["matched"]);
    assert_eq!(a["negated"], b["negated"]);
    assert_eq!(a["score"], b["score"]);
}

#[test]
fn utf16_le_with_bom() {
    utf16_reads_like_utf8("utf16le.txt", [0xFF, 0xFE], u16::to_le_bytes);
}

#[test]
fn utf16_be_with_bom() {
    utf16_reads_like_utf8("utf16be.txt", [0xFE, 0xFF], u16::to_be_bytes);
}

// ---- taxonomies ------------------------------------------------------------------------------

/// A skill in a custom taxonomy file: 8 lines, `[[skill]]` first and `extra` on the 8th.
fn skill(id: &str, extra: &str) -> String {
    format!(
        "[[skill]]\nid = \"{id}\"\nname = \"{id}\"\ncategory = \"languages\"\nimportance = \"core\"\ndescription = \"d\"\naliases = [\"{id}\"]\n{extra}\n"
    )
}

fn taxonomy_refused(name: &str, toml: &str, needles: &[&str]) -> String {
    let (_dir, path) = scratch(name, toml.as_bytes());
    let p = path.to_str().unwrap();
    let err = refused(
        &["taxonomy", "check", "--taxonomy", p],
        None,
        &path,
        needles,
    );
    assert!(err.contains("invalid taxonomy: "), "{err}");
    err
}

#[test]
fn taxonomy_with_duplicate_ids() {
    let toml = format!("{}{}", skill("cobol", ""), skill("cobol", ""));
    let err = taxonomy_refused(
        "dup.toml",
        &toml,
        &["field `id`: duplicate skill id `cobol`"],
    );
    // The second definition: its `id` is on line 10.
    assert!(err.contains("dup.toml:10: field `id`"), "{err}");
}

#[test]
fn taxonomy_with_an_unknown_key() {
    let toml = skill("cobol", "imporance = \"core\"");
    let err = taxonomy_refused("unknown.toml", &toml, &["unknown field `imporance`"]);
    assert!(err.contains("unknown.toml:8: field `imporance`"), "{err}");
}

#[test]
fn taxonomy_with_a_bad_field_value() {
    let toml = skill("cobol", "").replace("\"core\"", "\"huge\"");
    let err = taxonomy_refused("value.toml", &toml, &["unknown variant `huge`"]);
    assert!(err.contains("value.toml:5: field `importance`"), "{err}");
}

#[test]
fn taxonomy_with_a_prerequisite_cycle() {
    let toml = format!(
        "{}{}{}",
        skill("a", "prerequisites = [\"b\"]"),
        skill("b", "prerequisites = [\"c\"]"),
        skill("c", "prerequisites = [\"a\"]")
    );
    let err = taxonomy_refused(
        "cycle.toml",
        &toml,
        &["prerequisite cycle: a -> b -> c -> a"],
    );
    assert!(err.contains("cycle.toml:8: field `prerequisites`"), "{err}");
}

#[test]
fn taxonomy_with_bad_toml_syntax() {
    let toml = skill("cobol", "").replace("name = \"cobol\"", "name = \"cobol");
    let err = taxonomy_refused("syntax.toml", &toml, &[]);
    assert!(err.contains("syntax.toml:3: field `name`"), "{err}");
}

#[test]
fn missing_taxonomy_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.toml");
    let p = path.to_str().unwrap();
    let err = refused(
        &["analyze", "--skills", "python", "--taxonomy", p],
        None,
        &path,
        &["invalid taxonomy", "No such file"],
    );
    assert!(err.contains(&format!("{p}: No such file")), "{err}");
    assert_eq!(err.matches("No such file").count(), 1, "said once: {err}");
}
