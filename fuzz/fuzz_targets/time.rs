//! Time-range parser: any `from`/`to` text, "now" and zone offset → a range or a `TimeError`,
//! never a panic (no overflow in calendar math). Also the picker's helpers that take text.
//! Input: 8 bytes of "now" (ms), 2 bytes of zone offset (minutes), then `from \n to`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promboard_core::time;

fuzz_target!(|data: &[u8]| {
    if data.len() < 10 {
        return;
    }
    let mut now = [0u8; 8];
    now.copy_from_slice(&data[..8]);
    let now_ms = i64::from_le_bytes(now);
    // Real zones are within ±14 h; the parser must still not panic on any offset it is given.
    let offset_min = i32::from(i16::from_le_bytes([data[8], data[9]])) % (18 * 60);
    let Ok(text) = std::str::from_utf8(&data[10..]) else {
        return;
    };
    let (from, to) = text.split_once('\n').unwrap_or((text, "now"));
    if let Ok((f, t)) = time::resolve_range(from, to, now_ms, offset_min) {
        let _ = time::zoom_out(f, t, 2.0, now_ms);
        let _ = time::shift(f, t, true, now_ms);
        let _ = time::shift(f, t, false, now_ms);
    }
    let _ = time::parse_absolute_ms(from, offset_min);
    let _ = time::parse_rfc3339_ms(from);
    let _ = time::describe_range(from, to, offset_min);
    let _ = time::input_text(from, offset_min);
    let _ = time::range_from_inputs(from, to, now_ms, offset_min);
    let _ = time::is_relative(from);
});
