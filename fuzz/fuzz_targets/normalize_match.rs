//! Fuzz target `normalize_match`: see `checks::normalize_match`.
#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::normalize_match(data));
