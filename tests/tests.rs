//! Integration tests, one binary (see Cargo.toml `autotests = false`).

mod common;

mod cli;
mod json_contract;
mod taxonomy_data;
mod tricky;
