//! Show what the readers make of a document: `cargo run --example extract -- FILE`.
//!
//! Prints the detected format, then each extracted line with its number, section and location
//! (PDF page or JSON path): the text the matcher sees.

use skillgap::input::{self, Limits};

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: extract FILE");
        std::process::exit(2);
    };
    let doc = match input::read_path(path.as_ref(), &Limits::default()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    println!("format: {}", doc.format);
    for (i, line) in doc.text.lines().enumerate() {
        let n = i + 1;
        let section = doc.section_at(n).map_or("-", |s| s.kind.as_str());
        let location = match doc.location_at(n) {
            Some(l) => match (&l.page, &l.path) {
                (Some(p), _) => format!("p{p}"),
                (None, Some(path)) => path.clone(),
                (None, None) => String::new(),
            },
            None => String::new(),
        };
        println!("{n:>4} {section:<14} {location:<24} {line}");
    }
}
