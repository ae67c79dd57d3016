//! Arabic text handling: the one folding function ([`normalize::key`]), slugs,
//! and human-readable Arabic dates and numerals.

pub mod bidi;
pub mod format;
pub mod hijri;
pub mod normalize;
pub mod slug;
pub mod stem;
