//! Fuzz target `taxonomy`: see `checks::taxonomy`.
#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::taxonomy(data));
