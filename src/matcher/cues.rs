//! Negation and wish cues read word by word ("never used", "no Kubernetes experience", "would
//! like to learn"). They run for every mention, so they are plain scans over ASCII words rather
//! than regular expressions: compiling the equivalent regexes cost a one-resume run more than
//! matching the whole resume, and running them per mention dominated batch time. The unit tests
//! check them against the regular expressions they replace.

/// A run of ASCII word bytes (`[0-9A-Za-z_]`) and the bytes before it back to the previous word.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// Bytes between the previous word (or the start) and this one.
    gap: &'a str,
}

impl Word<'_> {
    fn is(&self, w: &str) -> bool {
        self.text.eq_ignore_ascii_case(w)
    }

    fn is_any(&self, set: &[&str]) -> bool {
        set.iter().any(|w| self.is(w))
    }

    /// Only white space (at least one byte of it) separates this word from the previous one.
    fn spaced(&self) -> bool {
        !self.gap.is_empty() && self.gap.bytes().all(is_space)
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// ASCII white space as regular expressions' `\s` (without Unicode) knows it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn words(s: &str) -> Vec<Word<'_>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut prev_end) = (0, 0);
    while i < b.len() {
        if is_word(b[i]) {
            let start = i;
            while i < b.len() && is_word(b[i]) {
                i += 1;
            }
            out.push(Word {
                text: &s[start..i],
                start,
                end: i,
                gap: &s[prev_end..start],
            });
            prev_end = i;
        } else {
            i += 1;
        }
    }
    out
}

const CLAUSE_WORDS: &[&str] = &[
    "but", "however", "although", "though", "whereas", "while", "except",
];

/// The part of `before` after the last clause break (`:`, `;`, brackets, "but", "however", ...).
pub(crate) fn clause_tail(before: &str) -> &str {
    let b = before.as_bytes();
    let mut cut = 0;
    let mut i = 0;
    while i < b.len() {
        if is_word(b[i]) {
            let start = i;
            while i < b.len() && is_word(b[i]) {
                i += 1;
            }
            let w = &before[start..i];
            if CLAUSE_WORDS.iter().any(|c| w.eq_ignore_ascii_case(c)) {
                cut = i;
            }
        } else {
            if matches!(b[i], b':' | b';' | b'(' | b')') {
                cut = i + 1;
            }
            i += 1;
        }
    }
    &before[cut..]
}

const EXPERIENCE_NOUNS: &[&str] = &["experience", "exposure", "knowledge", "background"];

/// "No Kubernetes experience", "zero Rust exposure": the cue ends `clause`, the noun follows the
/// mention within two words (`after` is the text right after it).
pub(crate) fn no_x_experience(clause: &str, after: &str) -> bool {
    cue_ends_clause(clause) && noun_follows(after)
}

/// `clause` ends with "no", "zero", "without" or "without any", then white space.
fn cue_ends_clause(clause: &str) -> bool {
    let trimmed = clause.trim_end_matches(|c: char| c.is_ascii() && is_space(c as u8));
    if trimmed.len() == clause.len() {
        return false;
    }
    let w = words(trimmed);
    let Some(last) = w.last() else { return false };
    if last.end != trimmed.len() {
        return false;
    }
    if last.is_any(&["no", "zero", "without"]) {
        return true;
    }
    last.is("any") && w.len() >= 2 && w[w.len() - 2].is("without") && last.spaced()
}

/// `after` is `[ \t]+` then up to two words of `[\w.+#/-]` each followed by `[ \t]+`, then an
/// experience noun ending at a word boundary.
fn noun_follows(after: &str) -> bool {
    let blank = |c: char| c == ' ' || c == '\t';
    let mut rest = after;
    for _ in 0..3 {
        let trimmed = rest.trim_start_matches(blank);
        if trimmed.len() == rest.len() {
            return false;
        }
        let chunk_len = trimmed.find(blank).unwrap_or(trimmed.len());
        let chunk = &trimmed[..chunk_len];
        if EXPERIENCE_NOUNS.iter().any(|n| {
            chunk.len() >= n.len()
                && chunk.is_char_boundary(n.len())
                && chunk[..n.len()].eq_ignore_ascii_case(n)
                && !chunk.as_bytes().get(n.len()).copied().is_some_and(is_word)
        }) {
            return true;
        }
        let filler = |b: u8| is_word(b) || matches!(b, b'.' | b'+' | b'#' | b'/' | b'-');
        if chunk.is_empty() || !chunk.bytes().all(filler) || chunk_len == trimmed.len() {
            return false;
        }
        rest = &trimmed[chunk_len..];
    }
    false
}

const NEGATED_VERBS: &[&str] = &[
    "used",
    "use",
    "using",
    "worked",
    "work",
    "working",
    "touched",
    "tried",
    "familiar",
    "experienced",
    "exposed",
    "proficient",
    "comfortable",
    "know",
    "knowledgeable",
    "skilled",
    "done",
    "written",
    "programmed",
    "coded",
    "deployed",
    "had",
    "have",
    "any",
];

const LACK_WORDS: &[&str] = &[
    "no", "zero", "without", "lack", "lacks", "lacking", "minimal",
];

const LACKED_NOUNS: &[&str] = &[
    "experience",
    "exposure",
    "knowledge",
    "background",
    "familiarity",
    "expertise",
];

/// A negation cue in `tail`: "not/never (up to three words) used|worked|familiar|...",
/// "haven't (…) used", "no/without/lack (of) (any) (word) experience|knowledge|...", "unfamiliar".
/// "not only" is not a negation.
pub(crate) fn negates(tail: &str) -> bool {
    let w = words(tail);
    for (i, word) in w.iter().enumerate() {
        if word.is("unfamiliar") {
            return true;
        }
        let not = (word.is("not") || word.is("never"))
            && !w.get(i + 1).is_some_and(|n| n.is("only") && n.gap == " ");
        if not || contracted_not(tail, &w, i) {
            // Up to three filler words, each separated by white space only.
            for k in 1..=4 {
                let Some(next) = w.get(i + k) else { break };
                if !next.spaced() {
                    break;
                }
                if next.is_any(NEGATED_VERBS) {
                    return true;
                }
            }
        }
        if word.is_any(LACK_WORDS) && lacks_noun(&w[i + 1..]) {
            return true;
        }
    }
    false
}

/// `w[i]` is the `t` of "n't" ("haven't", "don't"), straight or curly apostrophe.
fn contracted_not(tail: &str, w: &[Word<'_>], i: usize) -> bool {
    i > 0
        && w[i].text == "t"
        && matches!(w[i].gap, "'" | "\u{2019}")
        && w[i - 1].end == w[i].start - w[i].gap.len()
        && tail[..w[i - 1].end].ends_with(['n', 'N'])
}

/// After a lack word: (of) (any) (one word) then a lacked noun, all separated by white space.
fn lacks_noun(rest: &[Word<'_>]) -> bool {
    for k in 0..4 {
        let Some(noun) = rest.get(k) else {
            return false;
        };
        if !noun.spaced() {
            return false;
        }
        if noun.is_any(LACKED_NOUNS) {
            let between = &rest[..k];
            let mut j = 0;
            if between.get(j).is_some_and(|w| w.is("of")) {
                j += 1;
            }
            if between.get(j).is_some_and(|w| w.is("any")) {
                j += 1;
            }
            if j < between.len() {
                j += 1;
            }
            if j == between.len() {
                return true;
            }
        }
    }
    false
}

const WISH_CUES: &[&[&str]] = &[
    &["want"],
    &["wants"],
    &["wanted"],
    &["wish"],
    &["hope"],
    &["hoping"],
    &["plan"],
    &["plans"],
    &["planning"],
    &["aim"],
    &["aiming"],
    &["eager"],
    &["keen"],
    &["intend"],
    &["intends"],
    &["intending"],
    &["would", "like"],
    &["looking", "forward"],
    &["interested", "in"],
    &["excited"],
];

const WISHED_ACTS: &[&[&str]] = &[
    &["learn"],
    &["learning"],
    &["study"],
    &["studying"],
    &["explore"],
    &["exploring"],
    &["pick", "up"],
    &["get", "into"],
    &["master"],
    &["try"],
];

/// A wish cue in `tail`: "want/plan/would like/interested in (to) learn/study/explore/...",
/// "currently learning/studying".
pub(crate) fn wishes(tail: &str) -> bool {
    let w = words(tail);
    (0..w.len()).any(|i| {
        if w[i].is("currently") {
            if let Some(next) = w.get(i + 1) {
                if next.spaced() && next.is_any(&["learning", "studying"]) {
                    return true;
                }
            }
        }
        WISH_CUES.iter().any(|cue| {
            let Some(j) = phrase_at(&w, i, cue) else {
                return false;
            };
            let k = if w.get(j).is_some_and(|t| t.spaced() && t.is("to")) {
                j + 1
            } else {
                j
            };
            WISHED_ACTS
                .iter()
                .any(|act| w.get(k).is_some_and(Word::spaced) && phrase_at(&w, k, act).is_some())
                || (k != j
                    && WISHED_ACTS.iter().any(|act| {
                        w.get(j).is_some_and(Word::spaced) && phrase_at(&w, j, act).is_some()
                    }))
        })
    })
}

/// The phrase's words start at `w[i]`, white space between them: the index after it.
fn phrase_at(w: &[Word<'_>], i: usize, phrase: &[&str]) -> Option<usize> {
    for (k, p) in phrase.iter().enumerate() {
        let word = w.get(i + k)?;
        if !word.is(p) || (k > 0 && !word.spaced()) {
            return None;
        }
    }
    Some(i + phrase.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_lite::Regex;

    /// The regular expressions these scans replace; the scans must agree with them.
    fn reference() -> [Regex; 5] {
        [
            Regex::new(r"(?i-u)(?:[:;()]|\bbut\b|\bhowever\b|\balthough\b|\bthough\b|\bwhereas\b|\bwhile\b|\bexcept\b)").unwrap(),
            Regex::new(r"(?i-u)\b(?:no|zero|without(?:\s+any)?)\s+$").unwrap(),
            Regex::new(r"(?i-u)^(?:[ \t]+[\w.+#/-]+){0,2}?[ \t]+(?:experience|exposure|knowledge|background)\b").unwrap(),
            Regex::new(concat!(
                r"(?i-u)(?:\b(?:not|never)|n't)\s+(?:\w+\s+){0,3}?(?:used|use|using|worked|work|working|touched|tried|familiar|experienced|exposed|proficient|comfortable|know|knowledgeable|skilled|done|written|programmed|coded|deployed|had|have|any)\b",
                r"|\b(?:no|zero|without|lack|lacks|lacking|minimal)\s+(?:of\s+)?(?:any\s+)?(?:\w+\s+)?(?:experience|exposure|knowledge|background|familiarity|expertise)\b",
                r"|\bunfamiliar\b"
            )).unwrap(),
            Regex::new(concat!(
                r"(?i-u)\b(?:want|wants|wanted|wish|hope|hoping|plan|plans|planning|aim|aiming|eager|keen|intend|intends|intending|would\s+like|looking\s+forward|interested\s+in|excited)\s+(?:to\s+)?(?:learn|learning|study|studying|explore|exploring|pick\s+up|get\s+into|master|try)\b",
                r"|\bcurrently\s+(?:learning|studying)\b"
            )).unwrap(),
        ]
    }

    const VOCAB: &[&str] = &[
        "not",
        "Never",
        "haven't",
        "don't",
        "no",
        "zero",
        "without",
        "any",
        "of",
        "lack",
        "minimal",
        "unfamiliar",
        "used",
        "worked",
        "familiar",
        "experience",
        "Knowledge",
        "expertise",
        "want",
        "to",
        "learn",
        "would",
        "like",
        "pick",
        "up",
        "interested",
        "in",
        "currently",
        "studying",
        "try",
        "only",
        "but",
        "however",
        "while",
        "Kubernetes",
        "C++",
        "node.js",
        "k8s",
        "the",
        "with",
        "a",
        ":",
        ";",
        "(",
        ")",
        ",",
        ".",
        "-",
        "\t",
        "  ",
        "\n",
        "notused",
        "nothing",
        "wanted",
        "get",
        "into",
        "plans",
        "whileloop",
        "é",
        "can’t",
        "isn'tused",
    ];

    /// Deterministic pseudo-random sentences from the vocabulary (xorshift).
    fn sentences(n: usize) -> Vec<String> {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..n)
            .map(|_| {
                let len = (next() % 9) as usize;
                let mut s = String::new();
                for _ in 0..len {
                    let w = VOCAB[(next() % VOCAB.len() as u64) as usize];
                    s.push_str(w);
                    if next() % 4 != 0 {
                        s.push(' ');
                    }
                }
                s
            })
            .collect()
    }

    #[test]
    fn scans_agree_with_the_regular_expressions_they_replace() {
        let [brk, cue, noun, neg, wish] = reference();
        let mut positives = [0; 4];
        for s in sentences(40_000) {
            positives[0] += usize::from(cue_ends_clause(&s));
            positives[1] += usize::from(noun_follows(&s));
            positives[2] += usize::from(negates(&s));
            positives[3] += usize::from(wishes(&s));
            let by_regex = match brk.find_iter(&s).last() {
                Some(m) => &s[m.end()..],
                None => &s[..],
            };
            assert_eq!(clause_tail(&s), by_regex, "clause_tail({s:?})");
            assert_eq!(cue_ends_clause(&s), cue.is_match(&s), "cue({s:?})");
            assert_eq!(noun_follows(&s), noun.is_match(&s), "noun({s:?})");
            let neg_regex = neg
                .find_iter(&s)
                .any(|m| !s[m.start()..].to_ascii_lowercase().starts_with("not only"));
            // The regex missed curly apostrophes, and skipped a whole match that began with "not
            // only" ("not only not used"); the scan reads the later "not" too.
            if !s.contains('’') && !s.contains("only") {
                assert_eq!(negates(&s), neg_regex, "negates({s:?})");
            }
            assert_eq!(wishes(&s), wish.is_match(&s), "wishes({s:?})");
        }
        // The generator must reach both answers of every scan for the comparison to mean much.
        assert!(positives.iter().all(|&n| n > 50), "{positives:?}");
    }

    #[test]
    fn cues() {
        assert!(negates("I have never really used"));
        assert!(negates("haven't used"));
        assert!(negates("can’t say I have used"));
        assert!(!negates("not only used"));
        assert!(negates("no prior experience"));
        assert!(!negates("no prior hands-on experience"));
        assert!(!negates("no, experience"));
        assert!(wishes("would like to learn"));
        assert!(wishes("currently learning"));
        assert!(!wishes("learned"));
        assert!(no_x_experience("Skills: no ", " production experience"));
        assert!(!no_x_experience("nothing ", " experience"));
        assert_eq!(clause_tail("Go, but not Rust"), " not Rust");
    }
}
