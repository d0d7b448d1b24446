//! Alert template renderer: any template, labels and value → text, never a panic.
//! Input: `template \0 label=value \0 label=value … ` and the value from the first 8 bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promboard_core::alerts::template::{render, TemplateData};
use promboard_core::prom::types::Labels;

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let mut bits = [0u8; 8];
    bits.copy_from_slice(&data[..8]);
    let value = f64::from_le_bytes(bits);
    let Ok(text) = std::str::from_utf8(&data[8..]) else {
        return;
    };
    let mut parts = text.split('\0');
    let template = parts.next().unwrap_or_default();
    let mut labels = Labels::new();
    for kv in parts {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        labels.insert(k.to_owned(), v.to_owned());
    }
    let external = Labels::from([("cluster".to_owned(), "fuzz".to_owned())]);
    let _rendered = render(
        template,
        &TemplateData {
            labels: &labels,
            external_labels: &external,
            external_url: "http://prometheus.example/",
            value,
        },
    );
});
