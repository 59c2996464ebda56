//! skillgap: find the backend-developer skills a resume shows, the gaps, and how to close them.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`input`] (bytes → text with sections) → [`matcher`] (text → skill mentions) →
//! [`analysis`] (mentions → matched, gaps, market fit, plan) → [`report`] (analysis → table, JSON,
//! Markdown, HTML). The analysis stages live together in `analysis/`: the role analysis itself,
//! [`analysis::market`] (fit against real postings), [`analysis::plan`], [`analysis::fit`] (roles
//! ranked), [`analysis::job`] (one posting), [`analysis::gate`] and [`analysis::demand`].
//! The default [`taxonomy`] is embedded in the binary.
//!
//! ```
//! use skillgap::{analysis, input::Document, matcher::Matcher, taxonomy::Taxonomy};
//!
//! let taxonomy = Taxonomy::embedded().unwrap();
//! let matcher = Matcher::new(&taxonomy);
//! let doc = Document::from_skill_list("Python, Docker, Postgres");
//! let result = analysis::analyze(&matcher, &doc, taxonomy.default_role());
//! assert!(result.matched.iter().any(|m| m.id == "postgresql"));
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]
#![warn(missing_debug_implementations)]

pub mod analysis;
pub mod batch;
pub mod cohort;
pub mod eval;
pub mod input;
pub mod matcher;
pub mod report;
pub mod row;
pub mod taxonomy;
pub mod text;
