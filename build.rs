//! Embeds the default taxonomy so it needs no setup, compiled ahead of time so start-up does not
//! pay for it: every `skills/*.toml` file is embedded as text (for `--taxonomy` fallbacks and the
//! tests), and the taxonomy built from them by the crate's own loader — included here by path,
//! so there is one loader — is embedded as JSON. A broken skills file fails the build with the
//! loader's message (file, line, field).

use std::{env, fs, path::Path};

#[allow(dead_code, unused_imports)]
#[path = "src/text.rs"]
mod text;

#[allow(dead_code, unused_imports)]
#[path = "src/taxonomy/mod.rs"]
mod taxonomy;

fn main() {
    println!("cargo::rustc-cfg=skillgap_embedded");
    println!("cargo::rerun-if-changed=skills");
    println!("cargo::rerun-if-changed=src/taxonomy");
    println!("cargo::rerun-if-changed=src/text.rs");
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
    let compiled = match taxonomy::Taxonomy::compile(&refs) {
        Ok(json) => json,
        Err(e) => panic!("the built-in taxonomy is invalid: {e}"),
    };
    fs::write(Path::new(&out_dir).join("taxonomy.json"), compiled).expect("write taxonomy.json");
    fs::write(Path::new(&out_dir).join("embedded_skills.rs"), out)
        .expect("write embedded_skills.rs");
}
