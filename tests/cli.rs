//! The binary end to end: arguments, exit codes, stdout/stderr discipline.

use predicates::prelude::*;

use crate::common::{bin, fixture};

#[test]
fn help_lists_commands_and_exit_codes() {
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("analyze").and(predicate::str::contains("Exit codes")));
}

#[test]
fn analyze_sample_resume_as_table() {
    bin()
        .args(["analyze", "--color", "never"])
        .arg(fixture("resumes/alex-rivera.txt"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Skills found")
                .and(predicate::str::contains("PostgreSQL"))
                .and(predicate::str::contains("Gaps"))
                .and(predicate::str::contains("\x1b[").not()),
        )
        .stderr("");
}

#[test]
fn color_always_emits_ansi() {
    bin()
        .args(["analyze", "--color", "always", "--skills", "python"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b["));
}

#[test]
fn missing_file_exits_2_with_one_line() {
    let assert = bin()
        .args(["analyze", "missing.txt"])
        .assert()
        .code(2)
        .stdout("");
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("missing.txt") && err.contains("no such file"),
        "{err}"
    );
}

#[test]
fn empty_and_binary_files_are_clear_errors() {
    let dir = tempdir();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    bin()
        .arg("analyze")
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty.txt: file is empty"));

    let junk = dir.join("junk.txt");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&junk, bytes).unwrap();
    bin()
        .arg("analyze")
        .arg(&junk)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("junk.txt: binary data"));
}

#[test]
fn stdin_and_skill_list_inputs() {
    bin()
        .args(["analyze", "-", "--format", "json"])
        .write_stdin("Skills: Rust, Kubernetes")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"id\": \"kubernetes\""));
    bin()
        .args([
            "analyze",
            "--skills",
            "python, docker, pg",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"id\": \"postgresql\"")
                .and(predicate::str::contains("\"id\": \"docker\"")),
        );
}

#[test]
fn usage_errors_exit_2() {
    bin().args(["analyze"]).assert().code(2);
    bin()
        .args(["analyze", "--skills", "go", "--role", "astronaut"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown role `astronaut`"));
}

#[test]
fn taxonomy_show_and_unknown_id() {
    bin()
        .args(["taxonomy", "show", "kubernetes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("K8s"));
    bin()
        .args(["taxonomy", "show", "cobol-9000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown skill id"));
}

#[test]
fn broken_taxonomy_file_names_file_line_and_field() {
    let dir = tempdir();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[[skill]]\nid = \"x\"\nname = \"X\"\ncategory = \"c\"\nimportance = \"huge\"\ndescription = \"d\"\naliases = [\"x\"]\n").unwrap();
    bin()
        .args(["taxonomy", "check", "--taxonomy"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.toml:5: field `importance`"));
}

#[test]
fn custom_taxonomy_replaces_the_embedded_one() {
    let dir = tempdir();
    let t = dir.join("mine.toml");
    std::fs::write(&t, "[[skill]]\nid = \"cobol\"\nname = \"COBOL\"\ncategory = \"languages\"\nimportance = \"core\"\ndescription = \"d\"\naliases = [\"COBOL\"]\n[[skill.courses]]\nprovider = \"coursera\"\n").unwrap();
    bin()
        .args([
            "analyze",
            "--format",
            "json",
            "--skills",
            "COBOL, Python",
            "--taxonomy",
        ])
        .arg(&t)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\"id\": \"cobol\"")
                .and(predicate::str::contains("\"id\": \"python\"").not()),
        );
}

#[test]
fn same_input_same_bytes() {
    let run = || {
        bin()
            .args(["analyze", "--format", "json"])
            .arg(fixture("resumes/alex-rivera.txt"))
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

/// A fresh temporary folder under the target dir (no extra crate needed).
fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "skillgap-test-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
