//! Text-panel Markdown: any UTF-8 text → a block tree, never a panic, and in linear-ish time
//! (paragraphs over `MAX_INLINE_CHARS` are plain text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use promboard_core::markdown::{parse, plain_text, Block};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for block in parse(text) {
            if let Block::Paragraph(inlines) | Block::Quote(inlines) = block {
                let _ = plain_text(&inlines);
            }
        }
    }
});
