//! CSV for spreadsheets: one row per person (score, counts, top gaps), or with `--long` one row
//! per person and skill. A document that failed is a row with `status` = `error` and the reason.

use std::io::{self, Write};

use super::{one_decimal, BatchReporter, Parts};
use crate::cohort::{focus_gaps, Person};
use crate::taxonomy::Importance;

/// Gap names in the `top_gaps` column of the wide form.
const TOP_GAPS: usize = 5;

const WIDE: &[&str] = &[
    "index",
    "source",
    "status",
    "format",
    "role",
    "score",
    "matched",
    "role_skills",
    "gaps",
    "core_gaps",
    "extra",
    "top_gaps",
    "error",
];

const LONG: &[&str] = &[
    "index",
    "source",
    "status",
    "skill_id",
    "skill",
    "category",
    "importance",
    "match",
    "confidence",
    "occurrences",
    "hours",
    "error",
];

pub(super) struct Csv {
    pub(super) long: bool,
}

fn writer(buf: &mut Vec<u8>) -> csv::Writer<&mut Vec<u8>> {
    csv::WriterBuilder::new().flexible(false).from_writer(buf)
}

fn csv_err(e: csv::Error) -> io::Error {
    io::Error::other(e.to_string())
}

impl BatchReporter for Csv {
    fn parts(&self) -> Parts {
        Parts::Stream
    }

    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut buf = Vec::new();
        let mut w = writer(&mut buf);
        w.write_record(if self.long { LONG } else { WIDE })
            .map_err(csv_err)?;
        w.flush()?;
        drop(w);
        out.write_all(&buf)
    }

    fn person(&self, index: usize, person: Person<'_>, buf: &mut Vec<u8>) -> io::Result<()> {
        let mut w = writer(buf);
        let idx = index.to_string();
        match (person, self.long) {
            (Person::Failed(f), long) => {
                let mut row = vec![idx.as_str(), f.source.as_str(), "error"];
                let width = if long { LONG.len() } else { WIDE.len() };
                row.resize(width - 1, "");
                row.push(f.error.as_str());
                w.write_record(&row).map_err(csv_err)?;
            }
            (Person::Analysed(a), false) => {
                let core = a
                    .gaps
                    .iter()
                    .filter(|g| g.importance == Importance::Core)
                    .count();
                let top: Vec<&str> = focus_gaps(a)
                    .take(TOP_GAPS)
                    .map(|g| g.name.as_str())
                    .collect();
                w.write_record([
                    idx.as_str(),
                    &a.source.path,
                    "ok",
                    &a.source.format,
                    &a.role.id,
                    &one_decimal(a.score),
                    &a.summary.matched.to_string(),
                    &a.summary.role_skills.to_string(),
                    &a.summary.gaps.to_string(),
                    &core.to_string(),
                    &a.summary.extra.to_string(),
                    &top.join("; "),
                    "",
                ])
                .map_err(csv_err)?;
            }
            (Person::Analysed(a), true) => {
                for m in &a.matched {
                    let how = m.how.as_str();
                    w.write_record([
                        idx.as_str(),
                        &a.source.path,
                        "matched",
                        &m.id,
                        &m.name,
                        &m.category,
                        m.importance.as_str(),
                        how,
                        &format!("{:.2}", m.confidence),
                        &m.occurrences.to_string(),
                        "",
                        "",
                    ])
                    .map_err(csv_err)?;
                }
                for n in &a.negated {
                    let reason = match n.reason {
                        crate::matcher::Status::Accepted => "accepted",
                        crate::matcher::Status::Negated => "negated",
                        crate::matcher::Status::Aspirational => "aspirational",
                        crate::matcher::Status::Hobby => "hobby",
                    };
                    w.write_record([
                        idx.as_str(),
                        &a.source.path,
                        reason,
                        &n.id,
                        &n.name,
                        &n.category,
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ])
                    .map_err(csv_err)?;
                }
                for g in &a.gaps {
                    w.write_record([
                        idx.as_str(),
                        &a.source.path,
                        "gap",
                        &g.id,
                        &g.name,
                        &g.category,
                        g.importance.as_str(),
                        "",
                        "",
                        "",
                        &g.hours.to_string(),
                        "",
                    ])
                    .map_err(csv_err)?;
                }
            }
        }
        w.flush()
    }
}
