//! Rule-file parser: any UTF-8 text → a `RuleFile` or a list of `RuleError`s, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promboard_core::rules::parse_rule_file;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_rule_file(text);
    }
});
