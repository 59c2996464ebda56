//! JSON Lines: one compact analysis per line, the schema of `analyze --format json`; a document
//! that failed is `{"schema_version", "source": {"path"}, "error"}`.

use std::io::{self, Write};

use super::{BatchReporter, Parts};
use crate::cohort::{FailureRecord, Person};

pub(super) struct Jsonl;

impl BatchReporter for Jsonl {
    fn parts(&self) -> Parts {
        Parts::Stream
    }

    fn person(&self, _index: usize, person: Person<'_>, buf: &mut Vec<u8>) -> io::Result<()> {
        match person {
            Person::Analysed(a) => serde_json::to_writer(&mut *buf, a),
            Person::Failed(f) => serde_json::to_writer(&mut *buf, &FailureRecord::from(f)),
        }
        .map_err(io::Error::from)?;
        buf.write_all(b"\n")
    }
}
