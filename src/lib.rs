//! skillgap: find the backend-developer skills a resume shows, the gaps, and how to close them.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`input`] (bytes → text with sections) → [`matcher`] (text → skill mentions) →
//! [`analysis`] (mentions → matched, gaps, score) → [`report`] (analysis → table, JSON, Markdown).
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
pub mod demand;
pub mod eval;
pub mod fit;
pub mod gate;
pub mod input;
pub mod job;
pub mod matcher;
pub mod plan;
pub mod report;
pub mod taxonomy;
pub mod text;
