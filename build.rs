//! Embeds every `skills/*.toml` file into the binary, so the default taxonomy needs no setup.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=skills");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("skills");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("skills/ folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("/// Embedded taxonomy files: (path relative to the crate, contents).\npub(crate) static EMBEDDED_SKILLS: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        out.push_str(&format!(
            "    (\"skills/{name}\", include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded_skills.rs");
    fs::write(dest, out).expect("write embedded_skills.rs");
}
