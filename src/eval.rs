//! Measuring accuracy against hand-labelled resumes.
//!
//! The development set is the dotin resume NER data (CC0): each resume has hand-labelled spans of
//! type "Tech Tools" and "Job Specific Skills". A reviewed mapping table (`span-map.tsv`) turns each
//! span text into the skill ids it states, so the gold answers never come from the matcher itself.
//! A resume's gold is the union of its spans' ids; precision and recall are counted per resume and
//! skill id, split by skill kind (technology, concept).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::input::{Document, Format};
use crate::matcher::{Matcher, Status};
use crate::taxonomy::{Kind, Taxonomy};
use crate::text::normalize_key;

/// Span types that carry gold skills, and their key in `span-map.tsv`.
const SPAN_TYPES: &[(&str, &str)] = &[("Tech Tools", "tech"), ("Job Specific Skills", "job")];

/// One labelled resume.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub file: String,
    pub text: String,
    /// Gold skill ids with, for each, the first span that states it (byte offset in `text`, span text).
    pub gold: BTreeMap<String, (usize, String)>,
    /// Whether the resume has any labelled span of the scored types (unlabelled ones are skipped).
    pub labelled: bool,
    /// Ids neither right nor wrong when found (the gold cannot say; see [`load_conll`]).
    pub unscored: BTreeSet<String>,
}

#[derive(Deserialize)]
struct RawResume {
    file: String,
    text: String,
    spans: Vec<RawSpan>,
}

#[derive(Deserialize)]
struct RawSpan {
    start: usize,
    #[serde(rename = "type")]
    kind: String,
    text: String,
}

/// The normalised key of a span text: lower case, white space folded, trailing `,;.:` dropped.
pub fn span_key(text: &str) -> String {
    let folded = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    folded
        .trim_end_matches([',', ';', '.', ':'])
        .trim()
        .to_string()
}

/// Parse `span-map.tsv`: `span \t type \t ids \t note`, `#` comments, a header line.
pub fn parse_span_map(tsv: &str) -> Result<HashMap<(String, String), Vec<String>>, String> {
    let mut map = HashMap::new();
    for (i, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("span\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(format!(
                "span-map.tsv:{}: expected at least 3 tab-separated columns",
                i + 1
            ));
        }
        let ids: Vec<String> = if cols[2].trim() == "-" {
            Vec::new()
        } else {
            cols[2]
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        map.insert((cols[0].to_string(), cols[1].to_string()), ids);
    }
    Ok(map)
}

/// Apply reviewed corrections to the gold (`adjudication.tsv`: file, id, verdict, evidence,
/// reason). `add`: the resume states the skill but no span covered it; `drop`: a span's mapping
/// does not fit this resume; `keep`: the gold stands (recorded so the review is auditable).
/// Returns how many `add` and `drop` rows were applied.
pub fn apply_adjudication(set: &mut [Labelled], tsv: &str) -> Result<(usize, usize), String> {
    let by_file: HashMap<String, usize> = set
        .iter()
        .enumerate()
        .map(|(i, r)| (r.file.clone(), i))
        .collect();
    let (mut added, mut dropped) = (0, 0);
    for (n, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("file\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(format!(
                "adjudication.tsv:{}: expected file, id, verdict",
                n + 1
            ));
        }
        let Some(&i) = by_file.get(cols[0]) else {
            return Err(format!(
                "adjudication.tsv:{}: unknown file {}",
                n + 1,
                cols[0]
            ));
        };
        let r = &mut set[i];
        match cols[2] {
            "add" => {
                let quote = cols.get(3).copied().unwrap_or("");
                let at = r
                    .text
                    .find(quote)
                    .filter(|_| !quote.is_empty())
                    .unwrap_or(0);
                r.gold
                    .entry(cols[1].to_string())
                    .or_insert((at, quote.to_string()));
                added += 1;
            }
            "drop" => {
                r.gold.remove(cols[1]);
                dropped += 1;
            }
            "keep" => {}
            v => return Err(format!("adjudication.tsv:{}: unknown verdict `{v}`", n + 1)),
        }
    }
    Ok((added, dropped))
}

/// Load the labelled resumes, deriving gold ids through the span map.
pub fn load_dev_set(jsonl: &str, span_map_tsv: &str) -> Result<Vec<Labelled>, String> {
    let map = parse_span_map(span_map_tsv)?;
    let mut out = Vec::new();
    for (i, line) in jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let raw: RawResume =
            serde_json::from_str(line).map_err(|e| format!("resumes.jsonl:{}: {e}", i + 1))?;
        let mut gold = BTreeMap::new();
        let mut labelled = false;
        for span in &raw.spans {
            let Some((_, key_type)) = SPAN_TYPES.iter().find(|(t, _)| *t == span.kind) else {
                continue;
            };
            labelled = true;
            let key = (span_key(&span.text), (*key_type).to_string());
            let ids = map
                .get(&key)
                .ok_or_else(|| format!("span-map.tsv has no row for {:?} ({})", key.0, key.1))?;
            // Span offsets count characters; evidence needs bytes.
            let at = raw
                .text
                .char_indices()
                .nth(span.start)
                .map_or(raw.text.len(), |(b, _)| b);
            for id in ids {
                gold.entry(id.clone()).or_insert((at, span.text.clone()));
            }
        }
        out.push(Labelled {
            file: raw.file,
            text: raw.text,
            gold,
            labelled,
            unscored: BTreeSet::new(),
        });
    }
    Ok(out)
}

/// One record of `kaggle-dev-labels.jsonl`: a resume file and its gold ids with a verbatim snippet each.
#[derive(Deserialize)]
struct RawIdLabels {
    file: String,
    ids: BTreeMap<String, String>,
}

/// Load a set labelled by ids (`{"file": .., "ids": {"id": "snippet", ..}}` per line); `read` gives
/// the text of a file. Each gold id is placed at its snippet when the snippet is found in the text
/// (case folded), else at the start. Errors name the line.
pub fn load_id_labelled(
    jsonl: &str,
    mut read: impl FnMut(&str) -> Result<String, String>,
) -> Result<Vec<Labelled>, String> {
    let mut out = Vec::new();
    for (n, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let raw: RawIdLabels =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let text = read(&raw.file).map_err(|e| format!("line {}: {}: {e}", n + 1, raw.file))?;
        let folded = text.to_lowercase();
        let gold = raw
            .ids
            .into_iter()
            .map(|(id, snippet)| {
                let snippet = snippet.trim_matches('"').to_lowercase();
                let at = folded
                    .find(&snippet)
                    .filter(|_| folded.len() == text.len() && !snippet.is_empty())
                    .unwrap_or(0);
                (id, (at, snippet))
            })
            .collect();
        out.push(Labelled {
            file: raw.file,
            text,
            gold,
            labelled: true,
            unscored: BTreeSet::new(),
        });
    }
    Ok(out)
}

/// The contract skill ids (`skill-ids.tsv`: `id \t name \t category`, a header line): the ids a
/// hand-labelled set was labelled on, so scores on it count only those.
pub fn contract_ids(tsv: &str) -> BTreeSet<String> {
    tsv.lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(String::from)
        .collect()
}

/// Load SkillSpan job-ad sentences (CoNLL: `token \t skill-tag \t knowledge-tag`, BIO tags, a
/// blank line between sentences). Each sentence is one document, its tokens joined by spaces.
///
/// Gold: a knowledge span whose whole text is a taxonomy alias (case and hyphen/space folded)
/// states that alias's skill (and the skills a bundle alias names). A knowledge span that is not
/// an alias as a whole but contains one (`Java 8 development`) makes that skill neither right nor
/// wrong for the sentence (`unscored`): the annotators marked it as knowledge, but which skills it
/// states is not settled by a dictionary lookup. The matcher's context rules are what this set
/// measures, never its own alias list: a span is mapped by the taxonomy's aliases alone.
pub fn load_conll(conll: &str, name: &str, taxonomy: &Taxonomy) -> Result<Vec<Labelled>, String> {
    let mut by_key: HashMap<String, Vec<String>> = HashMap::new();
    for s in &taxonomy.skills {
        for a in &s.aliases {
            let key = normalize_key(&a.text);
            for v in crate::matcher::spelling_variants(&key) {
                let ids = by_key.entry(v).or_default();
                for id in std::iter::once(&s.id).chain(&a.also) {
                    if !ids.contains(id) {
                        ids.push(id.clone());
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut tokens: Vec<&str> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut flush = |tokens: &mut Vec<&str>, spans: &mut Vec<(usize, usize)>, n: usize| {
        if tokens.is_empty() {
            return;
        }
        let text = tokens.join(" ");
        let mut gold = BTreeMap::new();
        let mut unscored = BTreeSet::new();
        for &(a, b) in spans.iter() {
            let at: usize = tokens[..a].iter().map(|t| t.len() + 1).sum();
            let words = &tokens[a..b];
            let whole = normalize_key(&words.join(" "));
            if let Some(ids) = by_key.get(&whole) {
                for id in ids {
                    gold.entry(id.clone()).or_insert((at, words.join(" ")));
                }
                continue;
            }
            for i in 0..words.len() {
                for j in i + 1..=words.len() {
                    if let Some(ids) = by_key.get(&normalize_key(&words[i..j].join(" "))) {
                        unscored.extend(ids.iter().cloned());
                    }
                }
            }
        }
        for id in gold.keys() {
            unscored.remove(id);
        }
        out.push(Labelled {
            file: format!("{name}:{n}"),
            text,
            gold,
            labelled: true,
            unscored,
        });
        tokens.clear();
        spans.clear();
    };
    let mut first_line = 1;
    for (i, line) in conll.lines().enumerate() {
        if line.trim().is_empty() {
            flush(&mut tokens, &mut spans, first_line);
            first_line = i + 2;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [token, _, knowledge] = cols[..] else {
            return Err(format!(
                "{name}:{}: expected 3 tab-separated columns",
                i + 1
            ));
        };
        match knowledge {
            "B-Knowledge" => spans.push((tokens.len(), tokens.len() + 1)),
            "I-Knowledge" => match spans.last_mut() {
                Some(s) if s.1 == tokens.len() => s.1 += 1,
                _ => spans.push((tokens.len(), tokens.len() + 1)),
            },
            "O" => {}
            t => return Err(format!("{name}:{}: unknown knowledge tag `{t}`", i + 1)),
        }
        tokens.push(token);
    }
    flush(&mut tokens, &mut spans, first_line);
    Ok(out)
}

/// One sentence of `tricky-dev.jsonl`: ids it must yield and ids it must not.
#[derive(Debug, Clone, Deserialize)]
pub struct Sentence {
    pub text: String,
    pub expect: Vec<String>,
    pub forbid: Vec<String>,
}

/// Parse a sentence set, one JSON object a line; errors name the line.
pub fn load_sentences(jsonl: &str) -> Result<Vec<Sentence>, String> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

/// Score a sentence set: an expected id found is a true positive, one not found a miss, a
/// forbidden id found a false positive (ids neither expected nor forbidden are not scored).
/// Also returns how many sentences were wholly right.
pub fn evaluate_sentences(
    taxonomy: &Taxonomy,
    matcher: &Matcher<'_>,
    set: &[Sentence],
) -> (Report, usize) {
    let mut report = Report {
        resumes: set.len(),
        scored: set.len(),
        ..Report::default()
    };
    let mut right = 0;
    for (i, s) in set.iter().enumerate() {
        let name = format!("sentence {}", i + 1);
        let doc = Document::from_text(name.clone(), Format::Text, s.text.clone());
        let found: BTreeSet<&str> = matcher
            .find(&doc)
            .iter()
            .filter(|h| h.status == Status::Accepted)
            .map(|h| taxonomy.skills[h.skill].id.as_str())
            .collect();
        let mut ok = true;
        let scored = s
            .expect
            .iter()
            .map(|id| (id, true))
            .chain(s.forbid.iter().map(|id| (id, false)));
        for (id, wanted) in scored {
            let Some(skill) = taxonomy.skill(id) else {
                continue;
            };
            let hit = found.contains(id.as_str());
            let c = Counts {
                tp: usize::from(wanted && hit),
                fp: usize::from(!wanted && hit),
                fn_: usize::from(wanted && !hit),
            };
            ok &= c.tp + c.fp + c.fn_ == 0 || c.tp == 1;
            report.by_kind.entry(skill.kind).or_default().add(c);
            report
                .by_category
                .entry(skill.category.clone())
                .or_default()
                .add(c);
            if c.fp + c.fn_ == 1 {
                let case = ErrorCase {
                    id: id.clone(),
                    kind: skill.kind,
                    file: name.clone(),
                    line: 1,
                    text: s.text.clone(),
                };
                if c.fp == 1 {
                    report.false_positives.push(case);
                } else {
                    report.misses.push(case);
                }
            }
        }
        right += usize::from(ok);
    }
    (report, right)
}

/// Counts for one group of skills.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A wrong answer, for the error listing.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorCase {
    pub id: String,
    pub kind: Kind,
    pub file: String,
    pub line: usize,
    /// The line of the resume (for a miss: the gold span's line).
    pub text: String,
}

/// The outcome of an evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub resumes: usize,
    pub scored: usize,
    pub by_kind: BTreeMap<Kind, Counts>,
    pub by_category: BTreeMap<String, Counts>,
    pub false_positives: Vec<ErrorCase>,
    pub misses: Vec<ErrorCase>,
}

impl Report {
    /// Technology and concept together (soft skills are not labelled reliably in the data).
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for (k, v) in &self.by_kind {
            if *k != Kind::Soft {
                c.add(*v);
            }
        }
        c
    }
}

/// Run the matcher over every labelled resume and compare with the gold ids.
pub fn evaluate(taxonomy: &Taxonomy, matcher: &Matcher<'_>, set: &[Labelled]) -> Report {
    evaluate_within(taxonomy, matcher, set, None)
}

/// [`evaluate`], counting only the ids in `only` (found and gold alike) when it is given: a set
/// labelled on the contract ids says nothing about the others.
pub fn evaluate_within(
    taxonomy: &Taxonomy,
    matcher: &Matcher<'_>,
    set: &[Labelled],
    only: Option<&BTreeSet<String>>,
) -> Report {
    let mut report = Report {
        resumes: set.len(),
        ..Report::default()
    };
    for r in set.iter().filter(|r| r.labelled) {
        report.scored += 1;
        let doc = Document::from_text(r.file.clone(), Format::Text, r.text.clone());
        let hits = matcher.find(&doc);
        let mut found: BTreeMap<&str, usize> = BTreeMap::new();
        for h in hits.iter().filter(|h| h.status == Status::Accepted) {
            found
                .entry(taxonomy.skills[h.skill].id.as_str())
                .or_insert(h.start);
        }
        let ids: BTreeSet<&str> = found
            .keys()
            .copied()
            .chain(r.gold.keys().map(String::as_str))
            .collect();
        for id in ids {
            let Some(skill) = taxonomy.skill(id) else {
                continue;
            };
            if only.is_some_and(|o| !o.contains(id)) || r.unscored.contains(id) {
                continue;
            }
            let c = Counts {
                tp: usize::from(found.contains_key(id) && r.gold.contains_key(id)),
                fp: usize::from(found.contains_key(id) && !r.gold.contains_key(id)),
                fn_: usize::from(!found.contains_key(id) && r.gold.contains_key(id)),
            };
            report.by_kind.entry(skill.kind).or_default().add(c);
            report
                .by_category
                .entry(skill.category.clone())
                .or_default()
                .add(c);
            let at = if c.fp == 1 {
                found.get(id).copied()
            } else if c.fn_ == 1 {
                r.gold.get(id).map(|g| g.0)
            } else {
                None
            };
            if let Some(at) = at {
                let at = at.min(r.text.len());
                let line_no = r.text[..at].matches('\n').count() + 1;
                let case = ErrorCase {
                    id: id.to_string(),
                    kind: skill.kind,
                    file: r.file.clone(),
                    line: line_no,
                    text: window(&r.text, at, 70),
                };
                if c.fp == 1 {
                    report.false_positives.push(case);
                } else {
                    report.misses.push(case);
                }
            }
        }
    }
    report
}

/// Up to `n` characters either side of byte `at`, on one line.
fn window(text: &str, at: usize, n: usize) -> String {
    let before: String = text[..at]
        .chars()
        .rev()
        .take(n)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[at..].chars().take(n).collect();
    format!("{before}⟦{after}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_keys_fold_case_space_and_trailing_punctuation() {
        assert_eq!(span_key("  Core  Java,\n"), "core java");
        assert_eq!(span_key(".NET"), ".net");
        assert_eq!(span_key("C++."), "c++");
    }

    #[test]
    fn counts_give_precision_recall_f1() {
        let c = Counts {
            tp: 8,
            fp: 2,
            fn_: 0,
        };
        assert!((c.precision() - 0.8).abs() < 1e-9);
        assert!((c.recall() - 1.0).abs() < 1e-9);
        assert!((c.f1() - 0.888_888_9).abs() < 1e-6);
    }

    #[test]
    fn gold_comes_from_the_span_map() {
        let jsonl = r#"{"file":"a","text":"Skills: Java, MS SQL","spans":[{"start":8,"end":12,"type":"Tech Tools","text":"Java"},{"start":14,"end":20,"type":"Tech Tools","text":"MS SQL"}]}"#;
        let map = "span\ttype\tids\tnote\njava\ttech\tjava\t\nms sql\ttech\tsql-server\t\n";
        let set = load_dev_set(jsonl, map).unwrap();
        assert_eq!(
            set[0].gold.keys().collect::<Vec<_>>(),
            vec!["java", "sql-server"]
        );
        assert!(
            load_dev_set(jsonl, "span\ttype\tids\n").is_err(),
            "an unmapped span is an error"
        );
    }

    #[test]
    fn id_labelled_gold_sits_at_its_snippet() {
        let jsonl = "{\"file\": \"a.txt\", \"ids\": {\"java\": \"Core JAVA\"}}\n";
        let set = load_id_labelled(jsonl, |_| Ok("Skills\ncore java, SQL".to_string())).unwrap();
        assert_eq!(set[0].gold["java"].0, 7);
        assert!(load_id_labelled("{\"file\": 1}", |_| Ok(String::new())).is_err());
        let missing = load_id_labelled(jsonl, |_| Err("no such file".into())).unwrap_err();
        assert!(missing.contains("a.txt"), "{missing}");
    }

    #[test]
    fn conll_gold_maps_whole_spans_and_leaves_partial_ones_unscored() {
        let tax = Taxonomy::embedded().unwrap();
        let conll = "Docker\tO\tB-Knowledge\nand\tO\tO\nJava\tO\tB-Knowledge\n8\tO\tI-Knowledge\ndevelopment\tO\tI-Knowledge\n\namazon-web-services\tO\tB-Knowledge\n";
        let set = load_conll(conll, "t.conll", &tax).unwrap();
        assert_eq!(set.len(), 2);
        assert_eq!(set[0].text, "Docker and Java 8 development");
        assert_eq!(set[0].gold.keys().collect::<Vec<_>>(), vec!["docker"]);
        assert!(set[0].unscored.contains("java"), "{:?}", set[0].unscored);
        assert_eq!(set[1].gold.keys().collect::<Vec<_>>(), vec!["aws"]);
        let bad = load_conll("Docker\tO\n", "t.conll", &tax).unwrap_err();
        assert!(bad.starts_with("t.conll:1:"), "{bad}");
    }

    #[test]
    fn scores_within_the_contract_ids_ignore_the_others() {
        let ids = contract_ids("id\tname\tcategory\njava\tJava\tlanguages\n");
        assert_eq!(ids.len(), 1);
        let tax = Taxonomy::embedded().unwrap();
        let matcher = Matcher::new(&tax);
        let set = load_id_labelled("{\"file\": \"a\", \"ids\": {\"java\": \"java\"}}", |_| {
            Ok("Skills: Java, Hibernate, Kotlin".to_string())
        })
        .unwrap();
        let all = evaluate(&tax, &matcher, &set).overall();
        let within = evaluate_within(&tax, &matcher, &set, Some(&ids)).overall();
        assert!(all.fp >= 2, "{all:?}");
        assert_eq!((within.tp, within.fp, within.fn_), (1, 0, 0));
    }

    #[test]
    fn sentences_score_expected_and_forbidden_ids_only() {
        let tax = Taxonomy::embedded().unwrap();
        let matcher = Matcher::new(&tax);
        let set = load_sentences(
            "{\"text\": \"Built services in Java and Python.\", \"expect\": [\"java\", \"rust\"], \"forbid\": [\"python\"]}\n",
        )
        .unwrap();
        let (report, right) = evaluate_sentences(&tax, &matcher, &set);
        let c = report.by_kind[&Kind::Technology];
        assert_eq!((c.tp, c.fp, c.fn_), (1, 1, 1));
        assert_eq!(right, 0);
    }
}
