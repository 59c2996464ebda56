//! JSON: the analysis as one pretty-printed object followed by a newline.

use std::io::{self, Write};

use crate::analysis::Analysis;

pub(super) fn render(analysis: &Analysis, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, analysis).map_err(io::Error::from)?;
    out.write_all(b"\n")
}
