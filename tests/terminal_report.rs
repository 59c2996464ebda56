//! The one-screen terminal report: fits the width, summary first, full detail with --verbose.

use unicode_width::UnicodeWidthStr;

use crate::common::bin;

/// The quick-start report at `columns`, run from the repository root so the path is relative.
fn quick_start(columns: u16, extra: &[&str]) -> String {
    let out = bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("COLUMNS", columns.to_string())
        .args([
            "analyze",
            "fixtures/resumes/alex-rivera.txt",
            "--color",
            "never",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn quick_start_fits_80_and_120_columns() {
    for (cols, max_lines) in [(80u16, 70usize), (120, 60)] {
        let s = quick_start(cols, &[]);
        let lines: Vec<&str> = s.lines().collect();
        assert!(
            lines.len() <= max_lines,
            "{cols} columns: {} lines\n{s}",
            lines.len()
        );
        for l in &lines {
            assert!(
                l.width() <= usize::from(cols),
                "{cols} columns, too long: {l:?}"
            );
        }
        // Summary first: the next skills come before the skills found and the plan.
        let next = s.find("Next skills").expect("next skills");
        let found = s.find("Skills found").expect("skills found");
        let plan = s.find("Learning plan").expect("plan");
        assert!(next < found && found < plan, "{s}");
        // Category names as words, never slugs.
        assert!(s.contains("Version control and collaboration"), "{s}");
        assert!(!s.contains("version-control-and-collaboration"), "{s}");
    }
}

#[test]
fn quick_start_snapshot_at_80_columns() {
    insta::assert_snapshot!(quick_start(80, &[]));
}

#[test]
fn quick_start_snapshot_at_120_columns() {
    insta::assert_snapshot!(quick_start(120, &[]));
}

#[test]
fn zero_columns_fall_back_to_100() {
    let s = quick_start(0, &[]);
    assert!(s.lines().all(|l| l.width() <= 100), "{s}");
    assert!(s.lines().any(|l| l.width() > 80), "{s}");
}

#[test]
fn verbose_keeps_the_full_report() {
    let s = quick_start(100, &["--verbose"]);
    assert!(s.contains("Coverage by category"), "{s}");
    assert!(s.contains("Gaps (114 missing)"), "{s}");
    assert!(s.lines().count() > 100, "{s}");
}
