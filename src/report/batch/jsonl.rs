//! JSON Lines: one compact line per person — the slim [`Row`] by default, or with `--full` the
//! analysis in the schema of `analyze --format json`; a document that failed is
//! `{"schema_version", "source": {"path"}, "error"}`.

use std::io::{self, Write};

use super::{BatchReporter, Parts};
use crate::cohort::{FailureRecord, Person};
use crate::row::Row;

pub(super) struct Jsonl {
    /// Write the full analysis instead of the slim row.
    pub(super) full: bool,
}

impl BatchReporter for Jsonl {
    fn parts(&self) -> Parts {
        Parts::Stream
    }

    fn person(&self, _index: usize, person: Person<'_>, buf: &mut Vec<u8>) -> io::Result<()> {
        match person {
            Person::Analysed(a) if self.full => serde_json::to_writer(&mut *buf, a),
            Person::Analysed(a) => serde_json::to_writer(&mut *buf, &Row::from(a)),
            Person::Failed(f) => serde_json::to_writer(&mut *buf, &FailureRecord::from(f)),
        }
        .map_err(io::Error::from)?;
        buf.write_all(b"\n")
    }
}
