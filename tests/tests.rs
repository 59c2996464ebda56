//! Integration tests, one binary (see Cargo.toml `autotests = false`).

mod common;

mod accuracy;
mod batch;
mod cli;
mod formats;
mod job;
mod json_contract;
mod plan;
mod taxonomy_data;
mod tricky;
