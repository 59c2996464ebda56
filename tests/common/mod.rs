//! Shared helpers for the integration tests.

use std::path::PathBuf;

use skillgap::analysis::{self, Analysis};
use skillgap::input::{Document, Format};
use skillgap::matcher::Matcher;
use skillgap::taxonomy::Taxonomy;

/// Path of a file under `fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// The embedded taxonomy, loaded once per test binary.
pub fn taxonomy() -> &'static Taxonomy {
    static T: std::sync::OnceLock<Taxonomy> = std::sync::OnceLock::new();
    T.get_or_init(|| Taxonomy::embedded().expect("embedded taxonomy"))
}

/// Analyse a text with the embedded taxonomy and the default role.
pub fn analyze_text(text: &str) -> Analysis {
    let tax = taxonomy();
    let matcher = Matcher::new(tax);
    let doc = Document::from_text("test", Format::Text, text.to_string());
    analysis::analyze(&matcher, &doc, tax.default_role())
}

/// Ids of the skills an analysis counts as matched.
pub fn matched_ids(a: &Analysis) -> Vec<String> {
    a.matched.iter().map(|m| m.id.clone()).collect()
}

/// The `skillgap` binary, for CLI tests.
pub fn bin() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("skillgap").expect("binary builds");
    c.env_remove("NO_COLOR").env("COLUMNS", "200");
    c
}

/// Run the binary with `args` plus `--format json`, require success, decode stdout.
pub fn run_json<T: serde::de::DeserializeOwned>(args: &[&str]) -> T {
    let out = bin()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("output decodes")
}

/// A small deterministic generator (xorshift64*), so generated test inputs are reproducible.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
