//! Embeds the default taxonomy so it needs no setup, compiled ahead of time so start-up does not
//! pay for it: every `skills/*.toml` file is embedded as text (for `--taxonomy` fallbacks and the
//! tests), and the taxonomy built from them by the crate's own loader — included here by path,
//! so there is one loader — is embedded as JSON. A broken skills file fails the build with the
//! loader's message (file, line, field).
//!
//! The built-in market (`skills/market.tsv`) is compiled against that taxonomy into skill indices
//! (`src/analysis/market/data.rs`, included by path too), so start-up reads integers, not text,
//! and compiled for the fit at the default threshold (`compile.rs`), so start-up copies arrays.

use std::{env, fs, path::Path};

#[allow(dead_code, unused_imports)]
#[path = "src/text.rs"]
mod text;

#[allow(dead_code, unused_imports)]
#[path = "src/taxonomy/mod.rs"]
mod taxonomy;

// The market's stored forms and its compiled form, siblings as in the crate (`compile.rs`
// refers to `super::data`).
#[allow(dead_code)]
#[path = "src/analysis/market/data.rs"]
mod data;

#[allow(dead_code)]
#[path = "src/analysis/market/compile.rs"]
mod compile;

#[allow(dead_code)]
#[path = "src/matcher/wordtable.rs"]
mod wordtable;

fn main() {
    println!("cargo::rustc-cfg=skillgap_embedded");
    println!("cargo::rerun-if-changed=skills");
    println!("cargo::rerun-if-changed=src/taxonomy");
    println!("cargo::rerun-if-changed=src/text.rs");
    println!("cargo::rerun-if-changed=src/analysis/market/data.rs");
    println!("cargo::rerun-if-changed=src/analysis/market/compile.rs");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("skills");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("skills/ folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();

    let out_dir = env::var("OUT_DIR").expect("OUT_DIR");
    let mut out = String::from(
        "/// Embedded taxonomy files: (path relative to the crate, contents).\n\
         pub(crate) static EMBEDDED_SKILLS: &[(&str, &str)] = &[\n",
    );
    let mut texts = Vec::new();
    for f in &files {
        println!("cargo::rerun-if-changed={}", f.display());
        let name = format!("skills/{}", f.file_name().unwrap().to_string_lossy());
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
        texts.push((name, fs::read_to_string(f).expect("read a skills file")));
    }
    out.push_str("];\n");
    out.push_str(
        "/// The taxonomy compiled from them (see build.rs).\n\
         pub(crate) static EMBEDDED_COMPILED: &str = include_str!(concat!(env!(\"OUT_DIR\"), \"/taxonomy.json\"));\n",
    );

    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let tax = match taxonomy::Taxonomy::build(&refs) {
        Ok(t) => t,
        Err(e) => panic!("the built-in taxonomy is invalid: {e}"),
    };
    fs::write(Path::new(&out_dir).join("taxonomy.json"), tax.to_json())
        .expect("write taxonomy.json");
    market(&tax, &out_dir);
    fs::write(Path::new(&out_dir).join("embedded_skills.rs"), out)
        .expect("write embedded_skills.rs");
    english_index(&out_dir);
    pack_relocations();
}

/// Link the binary with packed relative relocations (DT_RELR) where the C library it will run
/// against can apply them. The binary is position-independent, so each of its ~32,000 pointers
/// in static data otherwise has a 24-byte record: 776 KB the loader reads at every start, about
/// 60 page faults of a one-resume `analyze`; packed, 7.5 KB. A binary linked so names the
/// GLIBC_ABI_DT_RELR version, which glibc has from 2.36 on: older ones refuse to load it, so the
/// flag is given only when building on and for a Linux glibc that new. (A linker without the
/// option, binutils < 2.38, warns and links as before.)
fn pack_relocations() {
    let (host, target) = (env::var("HOST").ok(), env::var("TARGET").ok());
    if host != target || !target.as_deref().is_some_and(|t| t.ends_with("-linux-gnu")) {
        return;
    }
    let glibc = std::process::Command::new("ldd")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|out| {
            let version = out.lines().next()?.rsplit(' ').next()?.to_string();
            let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
            Some((parts.next()??, parts.next()??))
        });
    if glibc.is_some_and(|v| v >= (2, 36)) {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// `skills/market.tsv` in the compact form, against the taxonomy just built. When the market
/// names an id the taxonomy lacks (the taxonomy changed since `scripts/demand.sh` last ran), the
/// build goes on with a warning and an empty file: the binary then reads the `.tsv`, finds the
/// unknown id and runs without a market, and the unit test on the embedded market fails.
fn market(tax: &taxonomy::Taxonomy, out_dir: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("skills/market.tsv");
    println!("cargo::rerun-if-changed={}", path.display());
    let text = fs::read_to_string(&path).expect("read skills/market.tsv");
    let ids: Vec<&str> = tax.skills.iter().map(|s| s.id.as_str()).collect();
    let (bytes, fitter) = match data::parse_tsv(&text, |id| tax.index_of(id)) {
        Ok(data) => {
            // The weights of src/analysis/job.rs and the default `--ready-at` of
            // src/analysis/market/mod.rs: should they change without this, the binary finds the
            // form made for other values and compiles at start (a unit test fails too).
            let made = compile::Made {
                ids: &ids,
                weights: compile::Weights {
                    required: 2,
                    preferred: 1,
                },
                ready_at: 50.0,
                level: None,
            };
            let kind_soft: Vec<bool> = tax
                .skills
                .iter()
                .map(|s| s.kind == taxonomy::Kind::Soft)
                .collect();
            let compiled = compile::compile(
                &data.postings,
                &kind_soft,
                None,
                made.ready_at,
                made.weights,
            );
            (data::encode(&data, &ids), compile::encode(&compiled, &made))
        }
        Err(e) => {
            println!(
                "cargo::warning=skills/market.tsv:{}: {} (rerun scripts/demand.sh)",
                e.line, e.message
            );
            (Vec::new(), Vec::new())
        }
    };
    fs::write(Path::new(out_dir).join("market.bin"), bytes).expect("write market.bin");
    fs::write(Path::new(out_dir).join("fitter.bin"), fitter).expect("write fitter.bin");
}

/// The English word list's hash table (`src/matcher/wordtable.rs`), so a typo check looks a
/// word up with one hash instead of a binary search.
fn english_index(out_dir: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/english-words.txt");
    println!("cargo::rerun-if-changed={}", path.display());
    let text = fs::read_to_string(&path).expect("read data/english-words.txt");
    fs::write(
        Path::new(out_dir).join("english.table"),
        wordtable::build(&text),
    )
    .expect("write english.table");
}
