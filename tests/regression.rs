//! Fuzzing regressions: every input in `fixtures/fuzz-regressions/<target>/` is replayed through
//! the check its fuzz target runs (`fuzz/checks.rs`, the same code), which must not panic.
//! Also every input through the ordinary guarded reader (`input::from_bytes`): it must answer, and
//! only for PDF may that answer be a contained panic of a dependency (see `checks::pdf`).

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

use skillgap::input::{from_bytes, InputError};

const TARGETS: &[&str] = &[
    "normalize_match",
    "pdf",
    "docx",
    "json_resume",
    "html",
    "taxonomy",
    "posting",
];

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fuzz-regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn fuzz_regressions_replay_without_panics() {
    let mut replayed = 0;
    for target in TARGETS {
        for (name, data) in inputs(target) {
            checks::run(target, &data);
            replayed += 1;
            // The path the CLI takes, with the guarded worker. Only the PDF reader's dependencies
            // (pdf-extract and below) are known to panic; the guard turns that into an error.
            match from_bytes(&name, None, &data) {
                Err(InputError::ParserPanic { message, .. }) if *target != "pdf" => {
                    panic!("{name}: the reader panicked: {message}")
                }
                _ => {}
            }
        }
    }
    assert!(replayed > 0, "no fuzz regression inputs found");
}

#[test]
fn every_regression_folder_is_a_fuzz_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz-regressions");
    for entry in std::fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            TARGETS.contains(&name.as_str()),
            "{name}: no such fuzz target"
        );
    }
}
