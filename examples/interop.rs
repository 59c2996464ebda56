//! Generate `skills/interop.toml`: each skill's O*NET technology example names and its ESCO
//! concept URI, so pipelines can join skillgap output with labour-market data.
//!
//! ```sh
//! cargo run --example interop -- ../shared/corpus/taxonomies > skills/interop.toml
//! ```
//!
//! Proposals are exact matches only: an O*NET example or an ESCO preferred label that equals the
//! skill's name or one of its unambiguous aliases after normalisation. `scripts/interop-review.tsv`
//! then rejects wrong proposals and accepts further names a reviewer checked. An ESCO URI is
//! always copied from the ESCO row whose preferred label was proposed or accepted; none is typed
//! by hand. The generator fails on a stale review line (a rejection of something not proposed, an
//! acceptance of a label the source lacks) and on a skill left with two ESCO concepts.
//!
//! Sources (open data, attribution in NOTICE): O*NET 29.2 technology skills (CC BY 4.0) and the
//! ESCO v1.2.0 digital skills collection.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::ExitCode;

use skillgap::taxonomy::Taxonomy;
use skillgap::text::normalize_key;

const ONET_FILES: &[&str] = &[
    "technology_skills_15-1252_15-1254.tsv",
    "technology_skills_15-12xx_computer_occupations.tsv",
];
const ESCO_FILE: &str = "esco-digital-skills-v1.2.0.csv";
const REVIEW: &str = "scripts/interop-review.tsv";
const ONET_SOURCE: &str = "O*NET 29.2 Database, U.S. Department of Labor, Employment and Training Administration (CC BY 4.0): technology skills of computer occupations (15-12xx)";
const ESCO_SOURCE: &str =
    "ESCO, European Commission: ESCO v1.2.0 digital skills collection (free reuse with attribution)";

fn main() -> ExitCode {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/taxonomies".to_string());
    match run(Path::new(&dir)) {
        Ok(Some(text)) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("interop: {dir} not found (local data); keeping the committed file");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("interop: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(dir: &Path) -> Result<Option<String>, String> {
    if !dir.is_dir() {
        return Ok(None);
    }
    let tax = Taxonomy::embedded().map_err(|e| e.to_string())?;

    // O*NET example names, by normalised key.
    let mut onet: HashMap<String, String> = HashMap::new();
    for f in ONET_FILES {
        let path = dir.join(f);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let col = header
            .iter()
            .position(|h| *h == "Example")
            .ok_or_else(|| format!("{}: no Example column", path.display()))?;
        for l in lines {
            if let Some(name) = l.split('\t').nth(col) {
                onet.entry(normalize_key(name))
                    .or_insert_with(|| name.to_string());
            }
        }
    }

    // ESCO preferred labels → URI.
    let path = dir.join(ESCO_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let rows = parse_csv(&text);
    let header = rows.first().ok_or("empty ESCO file")?;
    let uri_col = header
        .iter()
        .position(|h| h == "conceptUri")
        .ok_or("no conceptUri column")?;
    let label_col = header
        .iter()
        .position(|h| h == "preferredLabel")
        .ok_or("no preferredLabel column")?;
    let mut esco: HashMap<String, (String, String)> = HashMap::new();
    let mut dup = BTreeSet::new();
    for r in rows.iter().skip(1) {
        let (Some(uri), Some(label)) = (r.get(uri_col), r.get(label_col)) else {
            continue;
        };
        if esco
            .insert(normalize_key(label), (label.clone(), uri.clone()))
            .is_some()
        {
            dup.insert(label.clone());
        }
    }

    // Exact-name proposals.
    let mut chosen_onet: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut chosen_esco: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &tax.skills {
        let mut keys = BTreeSet::from([normalize_key(&s.name)]);
        for a in s
            .aliases
            .iter()
            .filter(|a| !a.ambiguous && !a.case_sensitive)
        {
            keys.insert(normalize_key(&a.text));
        }
        for k in &keys {
            if let Some(name) = onet.get(k) {
                chosen_onet
                    .entry(s.id.clone())
                    .or_default()
                    .insert(name.clone());
            }
            if let Some((label, _)) = esco.get(k) {
                chosen_esco
                    .entry(s.id.clone())
                    .or_default()
                    .insert(label.clone());
            }
        }
    }
    let proposed = chosen_onet.values().map(BTreeSet::len).sum::<usize>()
        + chosen_esco.values().map(BTreeSet::len).sum::<usize>();

    // The reviewer's decisions.
    let review = std::fs::read_to_string(REVIEW).map_err(|e| format!("{REVIEW}: {e}"))?;
    let (mut accepted, mut rejected) = (0, 0);
    for (n, line) in review.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("source\t") {
            continue;
        }
        let at = |m: String| format!("{REVIEW}:{}: {m}", n + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        let [source, id, label, decision, ..] = cols[..] else {
            return Err(at("expected source, skill, label, decision, note".into()));
        };
        if tax.skill(id).is_none() {
            return Err(at(format!("unknown skill `{id}`")));
        }
        let (set, known) = match source {
            "onet" => (
                chosen_onet.entry(id.to_string()).or_default(),
                onet.get(&normalize_key(label)).is_some_and(|n| n == label),
            ),
            "esco" => (
                chosen_esco.entry(id.to_string()).or_default(),
                esco.get(&normalize_key(label))
                    .is_some_and(|(l, _)| l == label),
            ),
            other => return Err(at(format!("unknown source `{other}`"))),
        };
        match decision {
            "accept" if !known => return Err(at(format!("`{label}` is not in the {source} file"))),
            "accept" if !set.insert(label.to_string()) => {
                return Err(at(format!("`{label}` is already proposed for {id}")))
            }
            "accept" => accepted += 1,
            "reject" if !set.remove(label) => {
                return Err(at(format!(
                    "`{label}` is not proposed for {id}: stale rejection"
                )))
            }
            "reject" => rejected += 1,
            other => {
                return Err(at(format!(
                    "decision must be accept or reject, not `{other}`"
                )))
            }
        }
    }
    for (id, labels) in &chosen_esco {
        if labels.len() > 1 {
            return Err(format!(
                "{id}: several ESCO concepts ({labels:?}); reject all but one in {REVIEW}"
            ));
        }
        if let Some(l) = labels.iter().find(|l| dup.contains(*l)) {
            return Err(format!("{id}: ESCO label `{l}` names two concepts"));
        }
    }

    let mut out = String::new();
    out.push_str("# O*NET technology examples and ESCO concepts per skill. GENERATED by examples/interop.rs from\n");
    out.push_str("# the sources below and the reviewed decisions in scripts/interop-review.tsv; do not edit by\n");
    out.push_str("# hand. Regenerate: cargo run --example interop -- ../shared/corpus/taxonomies > skills/interop.toml\n\n");
    out.push_str("[interop]\n");
    out.push_str(&format!("onet_source = {:?}\n", ONET_SOURCE));
    out.push_str(&format!("esco_source = {:?}\n", ESCO_SOURCE));
    let ids: BTreeSet<&String> = chosen_onet
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, _)| k)
        .chain(
            chosen_esco
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, _)| k),
        )
        .collect();
    let (mut n_onet, mut n_esco) = (0, 0);
    for id in ids {
        out.push_str(&format!("\n[interop.skill.{id}]\n"));
        if let Some(names) = chosen_onet.get(id).filter(|v| !v.is_empty()) {
            n_onet += 1;
            let list: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
            out.push_str(&format!("onet = [{}]\n", list.join(", ")));
        }
        if let Some(label) = chosen_esco.get(id).and_then(|v| v.iter().next()) {
            n_esco += 1;
            let (_, uri) = &esco[&normalize_key(label)];
            out.push_str(&format!("esco = {uri:?}  # {label}\n"));
        }
    }
    eprintln!(
        "interop: {proposed} exact-name proposals, {accepted} accepted and {rejected} rejected by review; {n_onet} skills with O*NET names, {n_esco} with an ESCO concept"
    );
    Ok(Some(out))
}

/// A small RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and newlines.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}
