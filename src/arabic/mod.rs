//! Arabic text handling: the one folding function ([`normalize::key`]), slugs,
//! and human-readable Arabic dates and numerals.

pub(crate) mod bidi;
pub(crate) mod format;
pub(crate) mod hijri;
pub(crate) mod normalize;
pub(crate) mod slug;
pub(crate) mod stem;
