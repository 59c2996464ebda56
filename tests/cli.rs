//! The binary end to end: arguments, exit codes, stdout/stderr discipline. Refused inputs
//! (missing, empty, binary, too large, broken taxonomies) are in `bad_input.rs`.

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
                .and(predicate::str::contains("Next skills"))
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
        .stderr(predicate::str::contains("unknown skill `cobol-9000`"))
        .stderr(predicate::str::contains("did you mean").not());
}

#[test]
fn taxonomy_show_takes_any_alias_in_any_case_and_suggests_on_a_miss() {
    let shown = |q: &str| {
        let out = bin().args(["taxonomy", "show", q]).output().unwrap();
        assert!(
            out.status.success(),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let k8s = shown("kubernetes");
    assert!(k8s.starts_with("Kubernetes (kubernetes)"), "{k8s}");
    for q in ["Kubernetes", "KUBERNETES", "k8s", "K8S"] {
        assert_eq!(shown(q), k8s, "{q}");
    }
    assert!(shown("Amazon Web Services").starts_with("Amazon Web Services (aws)"));
    bin()
        .args(["taxonomy", "show", "kubernets"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `kubernetes`?"));
}

#[test]
fn an_unknown_role_gets_a_did_you_mean() {
    for (typed, meant) in [
        ("backend", "backend-developer"),
        ("devops", "devops-engineer"),
        ("backend-develper", "backend-developer"),
    ] {
        bin()
            .args(["analyze", "--skills", "python", "--role", typed])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "unknown role `{typed}` (did you mean `{meant}`?)"
            )));
    }
    // A role's name works as well as its id.
    bin()
        .args([
            "analyze",
            "--skills",
            "python",
            "--role",
            "Backend Developer",
            "-f",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"id\": \"backend-developer\""));
}

#[test]
fn formats_take_md_and_any_case() {
    let md = |format: &str| {
        let out = bin()
            .args(["analyze", "--skills", "python, docker", "--format", format])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let markdown = md("markdown");
    assert!(markdown.starts_with(b"# Skill gap report"));
    for f in ["md", "MD", "Markdown", "MARKDOWN"] {
        assert_eq!(md(f), markdown, "{f}");
    }
    assert!(md("HTML").starts_with(b"<!DOCTYPE html>"));
    assert!(md("Json").starts_with(b"{"));
    bin()
        .args(["batch", "--format", "MD", "--jsonl-in"])
        .write_stdin("")
        .assert()
        .success();
}

#[test]
fn a_missing_file_says_how_else_to_give_a_document() {
    for cmd in ["analyze", "fit"] {
        bin()
            .arg(cmd)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--skills"))
            .stderr(predicate::str::contains("`-` to read standard input"));
    }
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

// ---- gates: --fail-under and --require -------------------------------------------------------

#[test]
fn gates_that_pass_exit_0() {
    bin()
        .args(["analyze", "--skills", "python, docker", "--fail-under", "0"])
        .args(["--require", "docker,python", "--require", "docker"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn fail_under_exits_1_after_the_full_report() {
    let assert = bin()
        .args(["analyze", "--color", "never", "--fail-under", "99.5"])
        .arg(fixture("resumes/alex-rivera.txt"))
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("Skills found")
                .and(predicate::str::contains("Next skills"))
                .and(predicate::str::contains("Learning plan")),
        );
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("skillgap: gate: score ") && err.ends_with(" is under 99.5\n"),
        "{err}"
    );
}

#[test]
fn a_missing_required_skill_exits_1_and_the_json_says_why() {
    let out = bin()
        .args([
            "analyze",
            "--format",
            "json",
            "--require",
            "docker,kubernetes",
        ])
        .arg(fixture("resumes/alex-rivera.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "skillgap: gate: required skill `kubernetes` not found\n"
    );
    // The report is complete and carries the outcome.
    let a: skillgap::analysis::Analysis = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!a.gaps.is_empty() && !a.matched.is_empty());
    let gate = a.gate.expect("gate outcome in the JSON");
    assert!(!gate.passed);
    assert_eq!(
        gate.failures,
        [skillgap::analysis::gate::GateFailure::Require {
            skill: "kubernetes".into()
        }]
    );
    // No gate requested: no `gate` field.
    bin()
        .args(["analyze", "--format", "json", "--skills", "go"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"gate\"").not());
}

#[test]
fn unknown_required_id_is_a_usage_error_with_a_suggestion() {
    bin()
        .args(["analyze", "--skills", "go", "--require", "go,dokcer"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("unknown skill id `dokcer`")
                .and(predicate::str::contains("did you mean `docker`?")),
        );
}

#[test]
fn fail_under_outside_0_to_100_is_a_usage_error() {
    for bad in ["101", "-1", "sixty", "NaN"] {
        bin()
            .args(["analyze", "--skills", "go", &format!("--fail-under={bad}")])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("--fail-under"));
    }
}

// ---- -q/--quiet and -v/--verbose (global) -----------------------------------------------------

#[test]
fn verbose_still_shows_every_gap_before_or_after_the_command() {
    let table = |args: &[&str]| {
        let out = bin()
            .args(args)
            .args(["--color", "never"])
            .arg(fixture("resumes/alex-rivera.txt"))
            .output()
            .unwrap();
        assert!(out.status.success());
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (plain, plain_err) = table(&["analyze"]);
    let (after, after_err) = table(&["analyze", "-v"]);
    let (before, _) = table(&["--verbose", "analyze"]);
    assert_eq!(plain_err, "");
    assert!(after.lines().count() > plain.lines().count());
    assert_eq!(after, before);
    assert!(
        after_err.contains("skillgap: note: taxonomy built-in"),
        "{after_err}"
    );
    // --quiet silences the notes, not the report.
    let (quiet, quiet_err) = table(&["analyze", "-v", "-q"]);
    assert_eq!(quiet, after);
    assert_eq!(quiet_err, "");
}

#[test]
fn verbose_notes_on_other_commands_and_quiet_keeps_gate_lines() {
    bin()
        .args(["taxonomy", "check", "-v"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "skillgap: note: taxonomy built-in",
        ));
    bin()
        .args(["-q", "analyze", "--skills", "go", "--require", "docker"])
        .assert()
        .code(1)
        .stderr("skillgap: gate: required skill `docker` not found\n");
}

// ---- completions and man page -----------------------------------------------------------------

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        // fish names long flags without dashes: `-l fail-under`.
        for word in ["analyze", "batch", "fail-under", "require"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
        if shell == "bash" && has_program("bash") {
            let dir = tempdir();
            let file = dir.join("skillgap.bash");
            std::fs::write(&file, &script).unwrap();
            let ok = std::process::Command::new("bash")
                .arg("-n")
                .arg(&file)
                .status()
                .unwrap();
            assert!(ok.success(), "bash -n rejects the completion script");
        }
    }
    bin().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_documents_commands_and_gates() {
    let out = bin().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH SKILLGAP 1"), "{}", &page[..200]);
    for want in [
        "skillgap analyze",
        "skillgap batch",
        "skillgap taxonomy show",
        "skillgap completions",
        "fail\\-under",
        "require",
        "Exit codes",
    ] {
        assert!(page.contains(want), "man page lacks {want}");
    }
    // Formatting it is optional: only where groff is installed.
    if has_program("groff") {
        let dir = tempdir();
        let file = dir.join("skillgap.1");
        std::fs::write(&file, &page).unwrap();
        let out = std::process::Command::new("groff")
            .args(["-man", "-k", "-Tutf8", "-ww"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("SKILLGAP(1)"));
    }
}

fn has_program(name: &str) -> bool {
    std::process::Command::new(name)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

// ---- --help snapshots (fixed width, no colour) ------------------------------------------------

fn help(args: &[&str]) -> String {
    let out = bin()
        .args(args)
        .arg("--help")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .write_stdin("")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "no colour codes in --help");
    text
}

#[test]
fn help_snapshots() {
    insta::assert_snapshot!("help", help(&[]));
    insta::assert_snapshot!("analyze_help", help(&["analyze"]));
    insta::assert_snapshot!("batch_help", help(&["batch"]));
}

/// `skillgap batch ... | head -c 100`: the reader goes away mid-stream. The run stops quietly,
/// exit 0, no message, no panic (Rust ignores SIGPIPE, so the write fails with EPIPE instead).
#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["batch", "--format", "jsonl", "--details", "-j", "2"])
        .arg(fixture("resumes"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).unwrap();
    assert!(first.starts_with(b"{"), "not JSON Lines: {first:?}");
    // Each --details line is far longer than a pipe buffer, so the next write must fail.
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(stderr.is_empty(), "stderr: {stderr}");
}
