//! A market's postings as data, and the two forms they are stored in: the `.tsv` that people read
//! and `scripts/demand.sh` writes (skill ids), and the compact binary form `build.rs` compiles the
//! built-in market into (skill indices of the embedded taxonomy), so start-up reads a few thousand
//! integers instead of parsing text and hashing every id.
//!
//! std only: `build.rs` includes this file by path, so the build and the binary read the `.tsv`
//! with the same code.

/// Posting levels, in career order; what job boards print is mapped onto these.
pub const LEVELS: &[&str] = &[
    "internship",
    "entry",
    "associate",
    "mid-senior",
    "director",
    "executive",
    "unspecified",
];

/// The `.tsv` header line.
pub const TSV_HEADER: &str = "level\tmonth\trequired\tpreferred";

/// One requirement of a posting, by skill index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Req {
    pub skill: usize,
    /// Preferred ("nice to have") rather than required.
    pub preferred: bool,
    /// Skills the posting accepts instead ("Go or Rust").
    pub alternatives: Vec<usize>,
}

/// A posting as the market keeps it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posting {
    /// One of [`LEVELS`].
    pub level: &'static str,
    /// `YYYY-MM`, when known.
    pub month: Option<String>,
    pub reqs: Vec<Req>,
}

/// A market file's contents: its metadata comments and its postings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Data {
    pub source: Option<String>,
    pub date: Option<String>,
    pub role: Option<String>,
    pub postings: Postings,
}

/// Postings stored flat: one vector of postings, one of requirements and one of alternatives,
/// where [`Posting`]s would hold a vector per posting and per requirement. Every start reads all
/// of them in order (the fitter compiles the market), and thousands of small vectors scattered
/// over the heap made that a tenth of `analyze`'s time, in allocations and cache misses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    items: Vec<Item>,
    reqs: Vec<FlatReq>,
    alts: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    level: &'static str,
    month: Option<String>,
    /// `reqs[start..end]`; their alternatives follow one another from `alts[alts_start]`.
    start: u32,
    end: u32,
    alts_start: u32,
}

/// Eight bytes: a market holds tens of thousands, read at every start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FlatReq {
    skill: u32,
    /// How many alternatives it has (the next ones in `alts`).
    alts: u16,
    preferred: bool,
}

/// One posting of [`Postings`].
#[derive(Debug, Clone, Copy)]
pub struct PostingRef<'a> {
    /// One of [`LEVELS`].
    pub level: &'static str,
    pub month: Option<&'a str>,
    reqs: &'a [FlatReq],
    alts: &'a [usize],
}

/// One requirement of a [`PostingRef`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReqRef<'a> {
    pub skill: usize,
    pub preferred: bool,
    pub alternatives: &'a [usize],
}

impl<'a> PostingRef<'a> {
    /// The requirements, in the order they were added.
    pub fn reqs(&self) -> impl ExactSizeIterator<Item = ReqRef<'a>> + Clone + 'a {
        let alts = self.alts;
        let mut at = 0usize;
        self.reqs.iter().map(move |r| {
            let from = at;
            at += usize::from(r.alts);
            ReqRef {
                skill: r.skill as usize,
                preferred: r.preferred,
                alternatives: &alts[from..at],
            }
        })
    }
}

impl Postings {
    /// Room for `postings` postings with `reqs` requirements and `alts` alternatives in all.
    pub fn with_capacity(postings: usize, reqs: usize, alts: usize) -> Self {
        Postings {
            items: Vec::with_capacity(postings),
            reqs: Vec::with_capacity(reqs),
            alts: Vec::with_capacity(alts),
        }
    }

    /// Start a posting; [`Postings::add_req`] adds its requirements.
    pub fn begin(&mut self, level: &'static str, month: Option<String>) {
        let at = self.reqs.len() as u32;
        self.items.push(Item {
            level,
            month,
            start: at,
            end: at,
            alts_start: self.alts.len() as u32,
        });
    }

    /// Add a requirement to the posting begun last (with at most 65,535 alternatives: there are
    /// not that many skills to name).
    pub fn add_req(
        &mut self,
        skill: usize,
        preferred: bool,
        alternatives: impl IntoIterator<Item = usize>,
    ) {
        let before = self.alts.len();
        self.alts
            .extend(alternatives.into_iter().take(usize::from(u16::MAX)));
        self.reqs.push(FlatReq {
            skill: u32::try_from(skill).expect("a skill index fits in 32 bits"),
            alts: (self.alts.len() - before) as u16,
            preferred,
        });
        if let Some(item) = self.items.last_mut() {
            item.end = self.reqs.len() as u32;
        }
    }

    /// Add a whole posting.
    pub fn push(&mut self, posting: &Posting) {
        self.begin(posting.level, posting.month.clone());
        for r in &posting.reqs {
            self.add_req(r.skill, r.preferred, r.alternatives.iter().copied());
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = PostingRef<'_>> + Clone + '_ {
        self.items.iter().map(|i| self.view(i))
    }

    /// Posting `i` (panics past the end, as indexing does).
    pub fn get(&self, i: usize) -> PostingRef<'_> {
        self.view(&self.items[i])
    }

    fn view<'a>(&'a self, i: &'a Item) -> PostingRef<'a> {
        PostingRef {
            level: i.level,
            month: i.month.as_deref(),
            reqs: &self.reqs[i.start as usize..i.end as usize],
            alts: &self.alts[i.alts_start as usize..],
        }
    }
}

impl FromIterator<Posting> for Postings {
    fn from_iter<I: IntoIterator<Item = Posting>>(iter: I) -> Self {
        let mut out = Postings::default();
        for p in iter {
            out.push(&p);
        }
        out
    }
}

/// What is wrong with a `.tsv` line: the 1-based line, the field (`-` for the whole line; none
/// when the file lacks its header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsvError {
    pub line: usize,
    pub field: Option<&'static str>,
    pub message: String,
}

/// `YYYY-MM` of a date that starts that way (`2025-11-21` → `2025-11`).
pub fn month_of(date: &str) -> Option<&str> {
    let m = date.get(..7)?;
    let b = m.as_bytes();
    let ok = b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit);
    ok.then_some(m)
}

/// Read the `.tsv` form, resolving ids with `index_of`.
pub fn parse_tsv(text: &str, index_of: impl Fn(&str) -> Option<usize>) -> Result<Data, TsvError> {
    let mut data = Data::default();
    let mut header = false;
    for (i, line) in text.lines().enumerate() {
        let invalid = |field: &'static str, message: String| TsvError {
            line: i + 1,
            field: Some(field),
            message,
        };
        if let Some(meta) = line.strip_prefix('#') {
            if let Some((k, v)) = meta.trim().split_once(':') {
                let v = Some(v.trim().to_string());
                match k.trim() {
                    "source" => data.source = v,
                    "date" => data.date = v,
                    "role" => data.role = v,
                    _ => {}
                }
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        if !header {
            if line != TSV_HEADER {
                return Err(invalid("-", format!("expected the header `{TSV_HEADER}`")));
            }
            header = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 {
            return Err(invalid(
                "-",
                format!("expected 4 tab-separated columns, found {}", cols.len()),
            ));
        }
        let level = LEVELS
            .iter()
            .copied()
            .find(|l| *l == cols[0])
            .ok_or_else(|| {
                invalid(
                    "level",
                    format!("unknown level `{}` (known: {})", cols[0], LEVELS.join(", ")),
                )
            })?;
        let month = match cols[1] {
            "" | "-" => None,
            m if month_of(m) == Some(m) => Some(m.to_string()),
            m => return Err(invalid("month", format!("`{m}` is not YYYY-MM"))),
        };
        let mut reqs = Vec::new();
        for (col, preferred, field) in [(cols[2], false, "required"), (cols[3], true, "preferred")]
        {
            for item in col.split(',').filter(|s| !s.is_empty() && *s != "-") {
                let mut ids = item.split('|').map(|id| {
                    index_of(id).ok_or_else(|| invalid(field, format!("unknown skill id `{id}`")))
                });
                let skill = ids.next().expect("split yields one item")?;
                let alternatives = ids.collect::<Result<Vec<_>, _>>()?;
                reqs.push(Req {
                    skill,
                    preferred,
                    alternatives,
                });
            }
        }
        // By skill, required before preferred (stable): the order the fitter works in, so the
        // built-in market is compiled in it once instead of sorted at every start. Order means
        // nothing else: the .tsv columns are sorted when written.
        reqs.sort_by_key(|r| (r.skill, r.preferred));
        data.postings.push(&Posting { level, month, reqs });
    }
    if !header {
        return Err(TsvError {
            line: 1,
            field: None,
            message: format!("no header line `{TSV_HEADER}`"),
        });
    }
    Ok(data)
}

/// The `.tsv` form: metadata comments, a header, one line per posting, sorted (so the file keeps
/// no trace of the postings' order). `ids[i]` is skill `i`'s id.
pub fn write_tsv(data: &Data, ids: &[&str]) -> String {
    let mut out = String::from(
        "# Job market: the skills real job postings ask for, one posting per line. GENERATED by\n\
         # scripts/demand.sh (examples/demand.rs) with skillgap's own posting reader; do not edit by\n\
         # hand. It holds no posting text, company or id: only each posting's level, month and the\n\
         # skill ids it requires and prefers. `id|alt|…` is a requirement the posting lets other\n\
         # skills stand in for (\"Go or Rust\").\n#\n",
    );
    for (key, value) in [
        ("source", &data.source),
        ("date", &data.date),
        ("role", &data.role),
    ] {
        if let Some(v) = value {
            out.push_str(&format!("# {key}: {v}\n"));
        }
    }
    out.push_str(&format!("# postings: {}\n", data.postings.len()));
    out.push_str(TSV_HEADER);
    out.push('\n');
    let mut lines: Vec<String> = data
        .postings
        .iter()
        .map(|p| {
            let col = |preferred: bool| {
                let mut items: Vec<String> = p
                    .reqs()
                    .filter(|r| r.preferred == preferred)
                    .map(|r| {
                        let mut s = ids[r.skill].to_string();
                        for &a in r.alternatives {
                            s.push('|');
                            s.push_str(ids[a]);
                        }
                        s
                    })
                    .collect();
                items.sort();
                if items.is_empty() {
                    "-".to_string()
                } else {
                    items.join(",")
                }
            };
            format!(
                "{}\t{}\t{}\t{}",
                p.level,
                p.month.unwrap_or("-"),
                col(false),
                col(true)
            )
        })
        .collect();
    lines.sort();
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

/// The first bytes of the compact form.
const MAGIC: &[u8; 4] = b"SGM2";

/// The compact form: the skill ids the indices refer to (so a reader can tell whether its
/// taxonomy is the one they were compiled against), the metadata, then every posting as small
/// integers.
#[cfg_attr(not(test), allow(dead_code))] // build.rs and the tests encode; the binary decodes
pub fn encode(data: &Data, ids: &[&str]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    put_ids(&mut out, ids);
    for value in [&data.source, &data.date, &data.role] {
        match value {
            Some(v) => {
                out.push(1);
                put_str(&mut out, v);
            }
            None => out.push(0),
        }
    }
    let u32_of = |n: usize| u32::try_from(n).expect("fits in 32 bits").to_le_bytes();
    // Counts first, so the reader sizes its three vectors once.
    let reqs: usize = data.postings.iter().map(|p| p.reqs().len()).sum();
    let alts: usize = data
        .postings
        .iter()
        .flat_map(|p| p.reqs())
        .map(|r| r.alternatives.len())
        .sum();
    for n in [data.postings.len(), reqs, alts] {
        out.extend_from_slice(&u32_of(n));
    }
    for p in data.postings.iter() {
        out.push(LEVELS.iter().position(|l| *l == p.level).expect("a level") as u8);
        match p.month {
            Some(m) => {
                out.push(1);
                put_str(&mut out, m);
            }
            None => out.push(0),
        }
        out.extend_from_slice(&u16_of(p.reqs().len()).to_le_bytes());
        for r in p.reqs() {
            out.extend_from_slice(&u16_of(r.skill).to_le_bytes());
            out.push(u8::from(r.preferred));
            out.extend_from_slice(&u16_of(r.alternatives.len()).to_le_bytes());
            for &a in r.alternatives {
                out.extend_from_slice(&u16_of(a).to_le_bytes());
            }
        }
    }
    out
}

/// Read the compact form, `None` when it is not that form or was compiled against other skill ids
/// than `ids` (then the `.tsv` is the one to read).
#[cfg_attr(not(test), allow(dead_code))] // the binary reads the head, and the postings when needed
pub fn decode<'i>(bytes: &[u8], ids: impl ExactSizeIterator<Item = &'i str>) -> Option<Data> {
    let (head, rest) = decode_head(bytes, ids)?;
    Some(Data {
        postings: decode_postings(rest, head.skills)?,
        ..head.data
    })
}

/// The compact form's metadata, read by [`decode_head`]: the postings that follow are read with
/// [`decode_postings`] when they are needed.
#[derive(Debug, Clone)]
pub struct Head {
    /// The metadata (no postings).
    pub data: Data,
    /// How many skills the postings' indices refer to.
    pub skills: usize,
}

/// The metadata of the compact form and the bytes of its postings; `None` as for [`decode`].
pub fn decode_head<'i, 'b>(
    bytes: &'b [u8],
    ids: impl ExactSizeIterator<Item = &'i str>,
) -> Option<(Head, &'b [u8])> {
    let mut r = Reader::new(bytes);
    if r.take(4)? != MAGIC {
        return None;
    }
    let n = ids.len();
    if !r.same_ids(ids)? {
        return None;
    }
    let mut meta = [None, None, None];
    for m in &mut meta {
        if r.u8()? == 1 {
            *m = Some(r.str()?.to_string());
        }
    }
    let [source, date, role] = meta;
    let data = Data {
        source,
        date,
        role,
        postings: Postings::default(),
    };
    Some((Head { data, skills: n }, &bytes[r.at..]))
}

/// The postings of the compact form (the bytes after [`decode_head`]'s), their skill indices
/// below `skills`; `None` when the bytes are not exactly that.
pub fn decode_postings(bytes: &[u8], skills: usize) -> Option<Postings> {
    let mut r = Reader::new(bytes);
    let count = r.u32()? as usize;
    let (reqs_count, alts_count) = (r.u32()? as usize, r.u32()? as usize);
    // Each posting takes at least 4 bytes, each requirement 5 and each alternative 2: counts
    // beyond what the bytes can hold are a damaged file, not a reason to reserve memory.
    if count.saturating_mul(4) > bytes.len()
        || reqs_count.saturating_mul(5) > bytes.len()
        || alts_count.saturating_mul(2) > bytes.len()
    {
        return None;
    }
    let mut postings = Postings::with_capacity(count, reqs_count, alts_count);
    let index = |i: u16| (usize::from(i) < skills).then_some(usize::from(i));
    let mut alternatives = Vec::new();
    for _ in 0..count {
        let level = *LEVELS.get(usize::from(r.u8()?))?;
        let month = match r.u8()? {
            1 => Some(r.str()?.to_string()),
            _ => None,
        };
        postings.begin(level, month);
        for _ in 0..r.u16()? {
            let skill = index(r.u16()?)?;
            let preferred = r.u8()? == 1;
            alternatives.clear();
            for _ in 0..r.u16()? {
                alternatives.push(index(r.u16()?)?);
            }
            postings.add_req(skill, preferred, alternatives.iter().copied());
        }
    }
    (postings.reqs.len() == reqs_count && postings.alts.len() == alts_count && r.at_end())
        .then_some(postings)
}

/// Reads the compact forms (this one and `compile.rs`'s): each read is `None` past the end.
pub(super) struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

/// Write the skill ids a compact form's indices refer to: their count, then each (`u16` length,
/// bytes). [`Reader::same_ids`] reads them back.
pub(super) fn put_ids(out: &mut Vec<u8>, ids: &[&str]) {
    out.extend_from_slice(&u16_of(ids.len()).to_le_bytes());
    for id in ids {
        put_str(out, id);
    }
}

/// A string as [`Reader::str`] reads it: `u16` length, then the bytes.
fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&u16_of(s.len()).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn u16_of(n: usize) -> u16 {
    u16::try_from(n).expect("fits in 16 bits")
}

impl<'b> Reader<'b> {
    pub(super) fn new(bytes: &'b [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub(super) fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }

    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub(super) fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }

    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// Whether every byte has been read.
    pub(super) fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// Whether the ids [`put_ids`] wrote here are `ids`, in order (`None`: cut short).
    pub(super) fn same_ids<'i>(
        &mut self,
        ids: impl ExactSizeIterator<Item = &'i str>,
    ) -> Option<bool> {
        if usize::from(self.u16()?) != ids.len() {
            return Some(false);
        }
        for id in ids {
            let n = usize::from(self.u16()?);
            if self.take(n)? != id.as_bytes() {
                return Some(false);
            }
        }
        Some(true)
    }

    pub(super) fn str(&mut self) -> Option<&'b str> {
        let n = usize::from(self.u16()?);
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// A count, then that many rows of `N` bytes, each read with `row`.
    pub(super) fn rows<const N: usize, T>(
        &mut self,
        row: impl Fn(&[u8; N]) -> Option<T>,
    ) -> Option<Vec<T>> {
        let count = self.u32()? as usize;
        let bytes = self.take(count.checked_mul(N)?)?;
        // Sized once: collecting `Option`s does not know the length and grew by doubling.
        let mut out = Vec::with_capacity(count);
        for c in bytes.chunks_exact(N) {
            out.push(row(c.try_into().expect("chunks of N bytes"))?);
        }
        Some(out)
    }
}
