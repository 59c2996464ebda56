//! Integration tests, one binary (see Cargo.toml `autotests = false`).

mod common;

mod accuracy;
mod bad_input;
mod batch;
mod cli;
mod formats;
mod job;
mod json_contract;
mod market;
mod person_page;
mod pipeline;
mod plan;
mod privacy;
mod props;
mod regression;
mod row;
mod taxonomy_data;
mod terminal_report;
mod tricky;
