//! Pipelines at scale (docs/scale-out.md): records in with their own field names, binary
//! documents as base64 records, document-only folders, usage errors before any output, engine
//! mode, and `summarize` as an order-free reduce over folders, `.gz` parts and partial merges.

use std::io::Write as _;
use std::path::Path;
use std::process::Stdio;

use base64::Engine as _;
use serde_json::Value;

use crate::common::{bin, fixture};

fn run_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = bin()
        .args(args)
        .write_stdin(stdin.to_string())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_stdin(args, "")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn rows(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON row"))
        .collect()
}

#[test]
fn records_keep_their_own_field_names_and_id_types() {
    let input = concat!(
        "{\"file\": \"1.xml\", \"split\": \"train\", \"text\": \"Python, Docker and PostgreSQL.\"}\n",
        "{\"file\": 7, \"split\": \"test\", \"text\": \"Go and Kubernetes.\"}\n",
    );
    let (code, out, err) = run_stdin(
        &[
            "batch",
            "--jsonl-in",
            "--id-field",
            "file",
            "--keep-field",
            "split",
        ],
        input,
    );
    assert_eq!(code, 0, "{err}");
    let rows = rows(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["source"]["path"], "1.xml");
    assert_eq!(rows[0]["source"]["id"], Value::from("1.xml"));
    assert_eq!(rows[0]["source"]["fields"]["split"], "train");
    // A numeric id stays a number in `source.id`.
    assert_eq!(rows[1]["source"]["id"], Value::from(7));
    assert_eq!(rows[1]["source"]["path"], "7");
    let skills: Vec<&str> = rows[1]["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(skills.contains(&"kubernetes"), "{skills:?}");
    // Fields not kept are not passed through.
    assert!(rows[0]["source"]["fields"].get("text").is_none());
}

#[test]
fn postings_run_with_a_text_field_and_no_reshaping() {
    let postings = fixture("postings/sample.jsonl");
    let lines = std::fs::read_to_string(&postings)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    // A .jsonl file given as PATH is read as records.
    let (code, out, err) = run(&[
        "batch",
        s(&postings),
        "--text-field",
        "description",
        "--keep-field",
        "title,company",
    ]);
    // The fixture holds a posting with an empty description and a repeated id, on purpose.
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("appears more than once"), "{err}");
    let rows = rows(&out);
    assert_eq!(rows.len(), lines);
    let failed: Vec<&Value> = rows.iter().filter(|r| r.get("error").is_some()).collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(rows
        .iter()
        .filter(|r| r.get("error").is_none())
        .all(|r| r["source"]["fields"]["title"].is_string()));
}

#[test]
fn duplicate_ids_are_flagged_once() {
    let input = "{\"id\": 1, \"text\": \"Go\"}\n{\"id\": 1, \"text\": \"Rust\"}\n{\"id\": 1, \"text\": \"SQL\"}\n";
    let (code, out, err) = run_stdin(&["batch", "--jsonl-in"], input);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 3);
    assert_eq!(err.matches("appears more than once").count(), 1, "{err}");
}

#[test]
fn binary_documents_as_base64_records_give_the_analysis_of_the_files() {
    for (file, format) in [
        ("formats/robin-vale.fpdf2.pdf", "pdf"),
        ("formats/robin-vale.wkhtmltopdf.pdf", "pdf"),
        ("formats/robin-vale.docx", "docx"),
        ("formats/robin-vale.html", "html"),
    ] {
        let path = fixture(file);
        let (code, from_file, err) = run(&["batch", s(&path), "--full"]);
        assert_eq!(code, 0, "{file}: {err}");
        let data = base64::engine::general_purpose::STANDARD.encode(std::fs::read(&path).unwrap());
        let name = format!("cv.{}", path.extension().unwrap().to_str().unwrap());
        let record = serde_json::json!({"id": "cv-1", "name": name, "data": data});
        let (code, from_record, err) =
            run_stdin(&["batch", "--jsonl-in", "--full"], &format!("{record}\n"));
        assert_eq!(code, 0, "{file}: {err}");
        let (mut a, mut b) = (rows(&from_file).remove(0), rows(&from_record).remove(0));
        assert_eq!(b["source"]["format"], format, "{file}");
        assert_eq!(b["source"]["id"], "cv-1");
        a.as_object_mut().unwrap().remove("source");
        b.as_object_mut().unwrap().remove("source");
        assert!(a["matched"].as_array().is_some_and(|m| !m.is_empty()));
        assert_eq!(
            a, b,
            "{file}: the record's analysis differs from the file's"
        );
    }
}

#[test]
fn bad_records_are_rows_named_by_id_and_engine_mode_exits_0() {
    let input = "{\"id\": \"ok\", \"text\": \"Go\"}\n{\"id\": \"x-17\", \"body\": \"Go\"}\n{\"id\": \"b\", \"data\": \"***\"}\n";
    let (code, out, err) = run_stdin(&["batch", "--jsonl-in"], input);
    assert_eq!(code, 3, "{err}");
    let rows = rows(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["source"]["path"], "x-17");
    assert!(rows[1]["error"].as_str().unwrap().contains("x-17"));
    assert!(rows[2]["error"].as_str().unwrap().contains("base64"));
    assert!(err.contains("x-17 (stdin:2)"), "{err}");
    let (code, out2, _) = run_stdin(&["batch", "--jsonl-in", "--engine"], input);
    assert_eq!(code, 0);
    assert_eq!(out2, out);
}

#[test]
fn folders_give_document_files_unless_a_glob_decides() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cv.txt"), "Python and Docker").unwrap();
    std::fs::write(dir.path().join("tool.py"), "import os").unwrap();
    std::fs::write(dir.path().join("data.csv"), "a,b").unwrap();
    let (code, out, err) = run(&["batch", s(dir.path())]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1);
    assert!(err.contains("skipped 2 other files"), "{err}");
    let (_, out, err) = run(&["batch", s(dir.path()), "--glob", "*"]);
    assert_eq!(out.lines().count(), 3);
    assert!(!err.contains("skipped"), "{err}");
}

#[test]
fn nothing_that_exists_is_a_usage_error_before_any_output() {
    let resume = fixture("resumes/alex-rivera.txt");
    for args in [
        vec!["batch", "no-such-folder/"],
        vec!["match", s(&resume), "no-such-folder/"],
        vec!["summarize", "no-such-rows.jsonl"],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(out, "", "{args:?}");
        assert!(err.contains("no such file"), "{args:?}: {err}");
    }
    // Among good paths a missing one is still a row with its error.
    let (code, out, _) = run(&["batch", s(&resume), "no-such-file.txt"]);
    assert_eq!(code, 3);
    assert_eq!(out.lines().count(), 2);
}

/// Rows of a batch over the fixture resumes and formats (two broken PDFs included), slim or
/// full (`--full`), and the batch arguments without the flag.
fn fixture_rows_of(extra: &[&str]) -> (Vec<String>, Vec<String>) {
    let args = vec![
        "batch".to_string(),
        fixture("resumes").display().to_string(),
        fixture("formats").display().to_string(),
        "-q".to_string(),
    ];
    let mut refs: Vec<&str> = args.iter().map(String::as_str).collect();
    refs.extend(extra);
    let (code, out, err) = run(&refs);
    assert_eq!(code, 3, "{err}");
    (out.lines().map(str::to_string).collect(), args)
}

fn fixture_rows() -> (Vec<String>, Vec<String>) {
    fixture_rows_of(&[])
}

#[test]
fn summarize_reads_spark_folders_and_gz_in_any_order_and_partials_merge_again() {
    use flate2::write::GzEncoder;
    let (lines, batch_args) = fixture_rows();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spark-out");
    std::fs::create_dir(&out).unwrap();
    // Reversed and split: part-00000 plain, part-00001 gzip, plus Spark's markers.
    let mut reversed = lines.clone();
    reversed.reverse();
    let (a, b) = reversed.split_at(reversed.len() / 2);
    std::fs::write(out.join("part-00000"), a.join("\n") + "\n").unwrap();
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all((b.join("\n") + "\n").as_bytes()).unwrap();
    std::fs::write(out.join("part-00001.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(out.join("_SUCCESS"), "").unwrap();
    std::fs::write(out.join(".part-00000.crc"), "junk").unwrap();
    std::fs::write(out.join("part-00000.crc"), "junk").unwrap();
    // The same rows in full (`--full`), for a reduce that must not care which it is given.
    let (full, _) = fixture_rows_of(&["--full"]);
    let full_rows = dir.path().join("full.jsonl");
    std::fs::write(&full_rows, full.join("\n") + "\n").unwrap();
    for format in ["markdown", "html", "json", "csv"] {
        let mut args: Vec<&str> = batch_args.iter().map(String::as_str).collect();
        args.extend(["-f", format]);
        let (code, merged, err) = run(&["summarize", s(&out), "-f", format]);
        assert_eq!(code, 3, "{format}: failed rows exit 3: {err}");
        let (_, from_full, _) = run(&["summarize", s(&full_rows), "-f", format]);
        assert!(
            from_full == merged,
            "{format}: full rows reduce differently"
        );
        // CSV streams in input order: only a reduce is sorted, so there is no one run to match.
        if format != "csv" {
            let (_, one_run, _) = run(&args);
            assert!(one_run == merged, "{format}: reduce differs from one run");
        }
        // A tree: summarize each half to rows, then summarize the partials.
        let (pa, pb) = (dir.path().join("pa.jsonl"), dir.path().join("pb.jsonl"));
        std::fs::write(dir.path().join("a.jsonl"), a.join("\n") + "\n").unwrap();
        std::fs::write(dir.path().join("b.jsonl"), b.join("\n") + "\n").unwrap();
        for (src, dst) in [("a.jsonl", &pa), ("b.jsonl", &pb)] {
            let src = dir.path().join(src);
            let (_, _, err) = run(&["summarize", s(&src), "-f", "jsonl", "-o", s(dst)]);
            assert!(dst.exists(), "{err}");
        }
        let (_, tree, _) = run(&["summarize", s(&pb), s(&pa), "-f", format, "--engine"]);
        assert!(
            tree == merged,
            "{format}: tree reduce differs from the flat one"
        );
    }
}

#[test]
fn gnu_parallel_split_map_reduce_equals_one_run() {
    if std::process::Command::new("parallel")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        eprintln!("skip: GNU parallel is not installed");
        return;
    }
    let (lines, batch_args) = fixture_rows();
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("rows.jsonl");
    std::fs::write(&records, lines.join("\n") + "\n").unwrap();
    // Map: the documents as a list of paths in chunks of 3, two jobs at a time, shuffled.
    let mut paths = String::new();
    for line in &lines {
        let v: Value = serde_json::from_str(line).unwrap();
        paths.push_str(v["source"]["path"].as_str().unwrap());
        paths.push('\n');
    }
    let bin_path = assert_cmd::cargo::cargo_bin("skillgap");
    let script = format!(
        "shuf | parallel --pipe -N3 -j2 '{} batch - -q -j1 --engine' > {}/map.jsonl",
        bin_path.display(),
        dir.path().display()
    );
    let mut child = std::process::Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(paths.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let map = dir.path().join("map.jsonl");
    for format in ["markdown", "json", "html"] {
        let mut args: Vec<&str> = batch_args.iter().map(String::as_str).collect();
        args.extend(["-f", format]);
        let (_, one_run, _) = run(&args);
        let (_, reduced, err) = run(&["summarize", s(&map), "-f", format]);
        assert!(
            one_run == reduced,
            "{format}: parallel reduce differs: {err}"
        );
    }
}

#[test]
fn extract_takes_batch_inputs_and_writes_a_line_per_document_with_its_id() {
    let postings = fixture("postings/sample.jsonl");
    let text = std::fs::read_to_string(&postings).unwrap();
    let (code, out, err) = run_stdin(
        &["extract", "--jsonl-in", "--text-field", "description"],
        &text,
    );
    // p4 has an empty description: a line with its error, exit 3 (0 with --engine).
    assert_eq!(code, 3, "{err}");
    let lines = rows(&out);
    assert_eq!(
        lines.len(),
        text.lines().filter(|l| !l.trim().is_empty()).count()
    );
    assert_eq!(lines[0]["id"], "p1");
    assert!(lines[0]["skills"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(lines
        .iter()
        .any(|r| r["id"] == "p4" && r["error"].is_string()));
    // Folders as batch takes them, with each document's path as its id.
    let (code, out, err) = run(&["extract", s(&fixture("resumes")), "-f", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let lines = rows(&out);
    assert!(lines.len() >= 2);
    assert!(lines
        .iter()
        .all(|r| r["id"] == r["source"]["path"] && r["skills"].is_array()));
    // Several documents without jsonl: a usage error.
    let (code, _, _) = run(&["extract", s(&fixture("resumes"))]);
    assert_eq!(code, 2);
}
