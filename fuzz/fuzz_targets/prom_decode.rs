//! Prometheus response decoder: (HTTP status, body) → typed data or a `PromError`, never a
//! panic, and `QueryChunks` answering exactly what `decode_query` does. The first byte picks
//! the endpoint decoder and the status code, the rest is the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promboard_core::prom::decode;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, body)) = data.split_first() else {
        return;
    };
    let status = match sel >> 4 {
        0..=9 => 200,
        10 => 400,
        11 => 422,
        12 => 503,
        13 => 401,
        14 => 500,
        _ => 204,
    };
    match sel & 0x0f {
        0 | 1 | 2 | 3 => {
            let whole = decode::decode_query(status, body);
            // The stepwise decoder must give exactly the same answer (Debug: NaN ≠ NaN).
            let mut chunks = decode::QueryChunks::new(status, body);
            while chunks.step(usize::from(sel & 0x03) * 64) {}
            assert_eq!(format!("{:?}", chunks.finish()), format!("{whole:?}"));
        }
        4 => {
            let _ = decode::decode_strings(status, body);
        }
        5 => {
            let _ = decode::decode_series(status, body);
        }
        6 => {
            let _ = decode::decode_metadata(status, body);
        }
        7 => {
            let _ = decode::decode_rules(status, body);
        }
        8 => {
            let _ = decode::decode_alerts(status, body);
        }
        9 => {
            let _ = decode::decode_targets(status, body);
        }
        10 => {
            let _ = decode::decode_buildinfo(status, body);
        }
        11 => {
            let _ = decode::decode_runtimeinfo(status, body);
        }
        12 => {
            let _ = decode::decode_flags(status, body);
        }
        13 => {
            let _ = decode::decode_tsdb(status, body);
        }
        _ => {
            if let Ok(s) = std::str::from_utf8(body) {
                let _ = decode::parse_sample_value(s);
            }
        }
    }
});
