//! Fuzz target `json_resume`: see `checks::json_resume`.
#![no_main]

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::json_resume(data));
