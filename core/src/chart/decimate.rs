//! The charts' per-point loops live in `promboard-kernels` (built at opt-level 3, see the
//! workspace Cargo.toml); this module re-exports them under their old path.

pub use promboard_kernels::*;
