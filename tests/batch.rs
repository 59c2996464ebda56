//! `skillgap batch` and `skillgap summarize` end to end: failures reported and the rest kept,
//! deterministic order, every format, JSON Lines read back, split-and-merge equals one run.

use std::path::{Path, PathBuf};

use skillgap::analysis::Analysis;
use skillgap::cohort::{parse_record, CohortSummary, Record};
use skillgap::row::Row;

use crate::common::{bin, fixture};

/// The fixture folders a batch test runs over: everything under `fixtures/` except the 2.9 MB
/// evaluation corpus, which takes seconds per run in a debug build.
const NOT_DOTIN: &str = "!dotin/**";
/// Nor the fuzzers' crash inputs, which are hostile on purpose.
const NOT_FUZZ: &str = "!fuzz-regressions/**";

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

/// `skillgap batch` over the fixtures (without the corpus and the fuzz inputs) and `extra`.
fn run_fixtures(extra: &[&str]) -> (i32, String, String) {
    let fx = fixture("");
    // `.jsonl` files in folders are read as records: leave out the posting and matcher ones.
    let mut args = vec![
        "batch",
        s(&fx),
        "-g",
        NOT_DOTIN,
        "-g",
        NOT_FUZZ,
        "-g",
        "!*.jsonl",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// A folder with two good resumes (one in a subfolder) and a corrupt file.
fn cohort_with_corrupt_file() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("resumes/alex-rivera.txt"),
        dir.path().join("alex.txt"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("more")).unwrap();
    std::fs::copy(
        fixture("formats/robin-vale.md"),
        dir.path().join("more/robin.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.docx"),
        b"PK\x03\x04 this is not really a zip archive \x00\x01\x02",
    )
    .unwrap();
    // Hidden files (editor and OS litter) are not documents.
    std::fs::write(dir.path().join(".DS_Store"), b"\x00\x00\x00\x01Bud1").unwrap();
    dir
}

fn analyses(jsonl: &str) -> Vec<Record> {
    jsonl
        .lines()
        .map(|l| parse_record(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn a_corrupt_file_is_a_row_and_a_line_and_the_rest_go_on() {
    let dir = cohort_with_corrupt_file();
    let (code, out, err) = run(&["batch", s(dir.path()), "-j2"]);
    assert_eq!(code, 3, "exit 3 when some files failed; stderr: {err}");
    let records = analyses(&out);
    assert_eq!(records.len(), 3, "{out}");
    // Path order: entries sorted by name within each folder, subfolders where their name falls.
    let names: Vec<String> = records.iter().map(|r| r.source().to_string()).collect();
    assert!(names[0].ends_with("alex.txt"), "{names:?}");
    assert!(names[1].ends_with("broken.docx"), "{names:?}");
    assert!(names[2].ends_with("robin.md"), "{names:?}");
    match &records[1] {
        Record::Failed(f) => assert!(f.error.contains("broken.docx"), "{f:?}"),
        r => panic!("expected a failure, got {r:?}"),
    }
    for r in [&records[0], &records[2]] {
        assert!(matches!(r, Record::Row(a) if a.score > 0.0), "{r:?}");
    }
    let err_lines: Vec<&str> = err.lines().collect();
    assert_eq!(err_lines.len(), 1, "one line per failed file: {err}");
    assert!(err_lines[0].contains("broken.docx"), "{err}");
}

#[test]
fn all_good_files_exit_zero() {
    let (code, out, err) = run(&[
        "batch",
        s(&fixture("resumes/alex-rivera.txt")),
        s(&fixture("formats/robin-vale.txt")),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn jsonl_lines_are_slim_rows_of_the_analyze_json_and_full_one_flag_away() {
    let path = fixture("resumes/alex-rivera.txt");
    let (code, out, _) = run(&["batch", s(&path)]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "compact: one line per person");
    let from_batch: Row = serde_json::from_str(out.trim_end()).unwrap();
    let (_, single, _) = run(&["analyze", s(&path), "--format", "json"]);
    let mut from_analyze: Analysis = serde_json::from_str(&single).unwrap();
    assert_eq!(
        from_batch,
        Row::from(&from_analyze),
        "the slim row of the analysis"
    );
    assert!(
        out.len() * 5 < single.len(),
        "slim: {} vs {} bytes",
        out.len(),
        single.len()
    );
    let (_, detailed, _) = run(&["batch", s(&path), "--details"]);
    let detailed: Analysis = serde_json::from_str(detailed.trim_end()).unwrap();
    assert_eq!(detailed, from_analyze, "--details: the very same analysis");
    let (_, full, _) = run(&["batch", s(&path), "--full"]);
    let full: Analysis = serde_json::from_str(full.trim_end()).unwrap();
    from_analyze.drop_catalogue();
    assert_eq!(full, from_analyze, "--full: without the catalogue text");
    // --full and --details are for JSON Lines only.
    let (code, _, err) = run(&["batch", s(&path), "--full", "-f", "csv"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    for format in ["jsonl", "csv", "html"] {
        let one = run_fixtures(&["-f", format, "-j1"]);
        let two = run_fixtures(&["-f", format, "-j2"]);
        assert_eq!(one.0, two.0);
        assert!(one.1 == two.1, "{format} differs between -j1 and -j2");
        assert_eq!(one.2, two.2);
    }
}

#[test]
fn fixtures_give_all_four_formats() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["jsonl", "csv", "markdown", "html"] {
        let file = dir.path().join(format!("cohort.{format}"));
        let (code, out, err) = run_fixtures(&["-f", format, "-o", s(&file)]);
        // fixtures/formats holds an encrypted and a scanned PDF on purpose: exit 3.
        assert_eq!(code, 3, "{format}: {err}");
        assert_eq!(out, "", "{format}: -o writes nothing to stdout");
        assert!(err.contains("encrypted.pdf") && err.contains("scanned.pdf"));
        let text = std::fs::read_to_string(&file).unwrap();
        match format {
            "jsonl" => {
                let records = analyses(&text);
                assert!(records.len() >= 15, "{}", records.len());
                let failed = records
                    .iter()
                    .filter(|r| matches!(r, Record::Failed(_)))
                    .count();
                assert_eq!(failed, 2);
            }
            "csv" => {
                let mut rows = csv::Reader::from_reader(text.as_bytes());
                let header = rows.headers().unwrap().clone();
                assert_eq!(&header[1], "source");
                assert!(header.iter().any(|h| h == "top_gaps"));
                let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
                assert!(rows
                    .iter()
                    .any(|r| &r[2] == "error" && r[12].contains("encrypted.pdf")));
                assert!(rows.iter().any(|r| r[1].ends_with("alex-rivera.txt")
                    && &r[2] == "ok"
                    && r[11].contains("Database design")));
            }
            "markdown" => {
                assert!(text.starts_with("# Cohort skill gap summary"));
                assert!(text.contains("## Most common gaps"));
                assert!(text.contains("| 2 failed") || text.contains("· 2 failed"));
                assert!(text.contains("alex-rivera.txt"));
            }
            "html" => {
                assert!(text.starts_with("<!DOCTYPE html>"));
                assert!(text.contains("<svg"), "charts are inline SVG");
                assert!(text.contains("id=\"people-table\""));
                assert!(text.contains("href=\"#p1\"") && text.contains("id=\"p1\""));
                assert_self_contained(&text);
            }
            _ => unreachable!(),
        }
    }
}

/// No asset comes from the network: no remote scripts, styles, images, fonts or imports. Links
/// a reader may click (course pages) are fine.
fn assert_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "src=\"http",
        "src='http",
        "srcset=",
        "<link",
        "@import",
        "url(http",
        "url(\"http",
        "url('http",
        "<iframe",
        "<object",
        "<embed",
        "fetch(",
        "xmlhttprequest",
    ] {
        assert!(!lower.contains(bad), "the page references `{bad}`");
    }
    for tag in lower.split("<script").skip(1) {
        let open = &tag[..tag.find('>').unwrap_or(tag.len())];
        assert!(!open.contains("src"), "external script: <script{open}>");
    }
}

#[test]
fn summarize_of_a_split_run_equals_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let (_, jsonl, _) = run_fixtures(&["-q"]);
    let lines: Vec<&str> = jsonl.lines().collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    let part_a = dir.path().join("a.jsonl");
    let part_b = dir.path().join("b.jsonl");
    std::fs::write(&part_a, a.join("\n") + "\n").unwrap();
    std::fs::write(&part_b, b.join("\n") + "\n").unwrap();
    for format in ["markdown", "html", "json", "csv", "jsonl"] {
        let (_, one_run, _) = run_fixtures(&["-f", format]);
        let (code, merged, err) = run(&["summarize", s(&part_a), s(&part_b), "-f", format]);
        // The rows hold the two broken PDFs: exit 3, as the batch did.
        assert_eq!(code, 3, "{err}");
        assert!(
            one_run == merged,
            "{format}: summarize differs from one run"
        );
    }
    let (_, json, _) = run(&["summarize", s(&part_a), s(&part_b), "-f", "json"]);
    let summary: CohortSummary = serde_json::from_str(&json).unwrap();
    assert_eq!(summary.documents, lines.len());
    assert_eq!(summary.failed, 2);
    assert_eq!(summary.people.len(), lines.len());
    assert!(summary.gaps.windows(2).all(|w| w[0].people >= w[1].people));
    assert_eq!(
        summary.distribution.iter().map(|b| b.people).sum::<usize>(),
        summary.analysed
    );
}

#[test]
fn summarize_names_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.jsonl");
    std::fs::write(&f, "{\"not\": \"an analysis\"}\n").unwrap();
    let (code, out, err) = run(&["summarize", s(&f)]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("bad.jsonl:1"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn jsonl_in_reads_records_from_a_pipeline() {
    let text = std::fs::read_to_string(fixture("resumes/alex-rivera.txt")).unwrap();
    let input = format!(
        "{}\n{}\nnot json\n",
        serde_json::json!({"id": "alex", "text": text}),
        serde_json::json!({"id": 42, "text": "Skills: Python, Docker, PostgreSQL"})
    );
    let out = bin()
        .args(["batch", "--jsonl-in", "-j2"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let records = analyses(std::str::from_utf8(&out.stdout).unwrap());
    assert_eq!(records.len(), 3);
    assert_eq!(records[0].source(), "alex");
    assert_eq!(records[1].source(), "42");
    assert!(matches!(&records[2], Record::Failed(f) if f.source == "stdin:3"));
    match &records[1] {
        Record::Row(a) => {
            let ids: Vec<&str> = a.matched.iter().map(|m| m.id.as_str()).collect();
            assert!(
                ids.contains(&"python") && ids.contains(&"docker"),
                "{ids:?}"
            );
        }
        r => panic!("{r:?}"),
    }
}

#[test]
fn dash_reads_a_list_of_paths() {
    let list = format!(
        "{}\n\n{}\n",
        fixture("formats/robin-vale.txt").display(),
        fixture("resumes/alex-rivera.txt").display()
    );
    let out = bin()
        .args(["batch", "-", "-f", "csv"])
        .write_stdin(list)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[1].contains("robin-vale.txt") && lines[2].contains("alex-rivera.txt"));
}

#[test]
fn glob_filters_files_in_folders() {
    let dir = cohort_with_corrupt_file();
    let (code, out, err) = run(&["batch", s(dir.path()), "-g", "*.md", "-f", "csv"]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert!(rows[0].contains("robin.md"));
    let (code, _, err) = run(&["batch", s(dir.path()), "-g", "a["]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid glob"), "{err}");
}

#[test]
fn csv_long_has_a_row_per_person_and_skill() {
    let path = fixture("resumes/alex-rivera.txt");
    let (code, out, _) = run(&["batch", s(&path), "-f", "csv", "--long"]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let (_, json, _) = run(&["analyze", s(&path), "-f", "json"]);
    let a: Analysis = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.len(), a.matched.len() + a.negated.len() + a.gaps.len());
    assert!(rows
        .iter()
        .any(|r| &r[2] == "matched" && &r[3] == "postgresql"));
    assert!(rows
        .iter()
        .any(|r| &r[2] == "negated" && &r[3] == "kubernetes"));
    let (code, _, err) = run(&["batch", s(&path), "--long"]);
    assert_eq!(code, 2, "--long without csv is a usage error");
    assert!(err.contains("--long"), "{err}");
}

#[test]
fn an_empty_cohort_still_renders() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["markdown", "html", "json", "csv", "jsonl"] {
        let (code, _, err) = run(&["batch", s(dir.path()), "-f", format]);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(err.contains("no documents"), "{err}");
    }
}

#[test]
fn missing_paths_are_failed_rows() {
    let missing: PathBuf = std::env::temp_dir().join("skillgap-no-such-file.txt");
    let (code, out, err) = run(&["batch", s(&missing), s(&fixture("resumes/alex-rivera.txt"))]);
    assert_eq!(code, 3);
    assert_eq!(out.lines().count(), 2);
    assert!(err.contains("no such file"), "{err}");
}

// ---- gates, --quiet and --verbose ------------------------------------------------------------

#[test]
fn batch_gate_failures_exit_1_with_a_line_per_person_and_the_full_report() {
    let alex = fixture("resumes/alex-rivera.txt");
    let robin = fixture("formats/robin-vale.txt");
    // Alex says he has not worked with Kubernetes; Robin has.
    let (code, out, err) = run(&["batch", s(&alex), s(&robin), "--require", "kubernetes"]);
    assert_eq!(code, 1, "{err}");
    let records = analyses(&out);
    assert_eq!(records.len(), 2, "every person is in the report");
    let gates: Vec<bool> = records
        .iter()
        .map(|r| match r {
            Record::Row(a) => a.gate.as_ref().expect("gate outcome").passed,
            r => panic!("{r:?}"),
        })
        .collect();
    assert_eq!(gates, [false, true]);
    assert_eq!(
        err,
        format!(
            "skillgap: gate: {}: required skill `kubernetes` not found\n",
            alex.display()
        )
    );
    // --fail-under: both under 100, one line each, naming the file; the CSV is still complete.
    let (code, out, err) = run(&[
        "batch",
        s(&alex),
        s(&robin),
        "--fail-under",
        "100",
        "-f",
        "csv",
    ]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 3, "header and two rows: {out}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].contains("alex-rivera.txt: score ") && lines[0].ends_with(" is under 100"));
    assert!(lines[1].contains("robin-vale.txt: score "));
}

#[test]
fn batch_gates_that_pass_exit_0() {
    let (code, out, err) = run(&[
        "batch",
        s(&fixture("resumes/alex-rivera.txt")),
        s(&fixture("formats/robin-vale.txt")),
        "--fail-under",
        "10",
        "--require",
        "docker,python",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    assert!(analyses(&out).iter().all(|r| matches!(r,
        Record::Row(a) if a.gate.as_ref().is_some_and(|g| g.passed && g.failures.is_empty()))));
}

#[test]
fn a_failed_read_outranks_a_failed_gate() {
    let dir = cohort_with_corrupt_file();
    let (code, out, err) = run(&["batch", s(dir.path()), "--fail-under", "100", "-q"]);
    assert_eq!(
        code, 3,
        "exit 3, not 1, when some file could not be read: {err}"
    );
    assert_eq!(analyses(&out).len(), 3);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "one error and two gate lines, even with -q: {err}"
    );
    assert!(lines
        .iter()
        .any(|l| l.starts_with("skillgap: error: ") && l.contains("broken.docx")));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("skillgap: gate: "))
            .count(),
        2
    );
}

#[test]
fn batch_gate_usage_errors_exit_2() {
    let alex = fixture("resumes/alex-rivera.txt");
    let (code, out, err) = run(&["batch", s(&alex), "--require", "kubernets"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(
        err.contains("`kubernets`") && err.contains("did you mean `kubernetes`?"),
        "{err}"
    );
    let (code, _, err) = run(&["batch", s(&alex), "--fail-under", "250"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn quiet_and_verbose_work_before_and_after_batch() {
    let alex = fixture("resumes/alex-rivera.txt");
    for args in [
        vec!["batch", "--quiet", s(&alex)],
        vec!["batch", "-q", s(&alex)],
        vec!["-q", "batch", s(&alex)],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}");
        assert_eq!(out.lines().count(), 1);
        assert_eq!(err, "", "{args:?}");
    }
    // An empty cohort warns, unless --quiet.
    let empty = tempfile::tempdir().unwrap();
    let (_, _, err) = run(&["batch", s(empty.path())]);
    assert!(err.contains("warning: no documents found"), "{err}");
    let (_, _, err) = run(&["batch", s(empty.path()), "--quiet"]);
    assert_eq!(err, "");
    // --verbose: notes on stderr (the taxonomy, the run), the output unchanged.
    let (code, out, err) = run(&["batch", s(&alex), "-v"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1);
    assert!(
        err.contains("skillgap: note: taxonomy") && err.contains("1 documents in"),
        "{err}"
    );
}

/// The analysed records of a JSON Lines run (failures dropped).
fn analysed(jsonl: &str) -> Vec<Analysis> {
    analyses(jsonl)
        .into_iter()
        .filter_map(|r| match r {
            Record::Analysed(a) => Some(*a),
            Record::Row(_) | Record::Failed(_) => None,
        })
        .collect()
}

#[test]
fn batch_lines_leave_the_catalogue_text_out_unless_asked() {
    let resume = fixture("resumes/alex-rivera.txt");
    let (code, lean, err) = run(&["batch", s(&resume), "--full"]);
    assert_eq!(code, 0, "{err}");
    let (code, full, err) = run(&["batch", s(&resume), "--details"]);
    assert_eq!(code, 0, "{err}");
    let (lean, full) = (analysed(&lean), analysed(&full));
    assert_eq!((lean.len(), full.len()), (1, 1));
    let (lean, full) = (&lean[0], &full[0]);
    assert!(!full.gaps.is_empty() && !full.plan.is_empty());
    assert!(full.gaps.iter().all(|g| !g.description.is_empty()));
    assert!(full.plan.iter().any(|p| !p.courses.is_empty()));
    assert!(lean
        .gaps
        .iter()
        .all(|g| g.description.is_empty() && g.courses.is_empty() && g.tools.is_empty()));
    assert!(lean
        .plan
        .iter()
        .all(|p| p.courses.is_empty() && p.tools.is_empty() && p.practice.is_none()));
    // Everything else is the same analysis.
    let mut stripped = full.clone();
    stripped.drop_catalogue();
    assert_eq!(&stripped, lean);
}

#[cfg(unix)]
#[test]
fn output_can_be_dev_null() {
    let resume = fixture("resumes/alex-rivera.txt");
    let (code, out, err) = run(&["batch", s(&resume), "-o", "/dev/null"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
}
