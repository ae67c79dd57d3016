//! An article's pictures: as the file names them ([`ImageRef`]) and as the
//! images stage made them ([`Picture`]). Plain data, so parsing, the images
//! stage and rendering share it without depending on each other.

/// A picture as an article names it: the raw text's `الصورة:` line with its
/// caption and credit lines, front matter `image`, or `![…](…)` in a body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ImageRef {
    /// As written: a path (relative to the article's folder or `content/`,
    /// or site-absolute under `static/`) or an `http(s)://` URL.
    pub src: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Its line in the file, when known, for warnings.
    pub line: Option<usize>,
}

/// A picture of an article's gallery: as named, and as the images stage
/// made it (`None` before that stage, or when it could not be used).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct GalleryPicture {
    pub image: ImageRef,
    pub picture: Option<Picture>,
}

/// What the images stage made of an [`ImageRef`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Picture {
    /// Resized and re-encoded: the variants in the output, narrowest first.
    Local {
        variants: Vec<Variant>,
        /// The fallback format's media type (`image/jpeg`, `image/png`).
        fallback_type: &'static str,
    },
    /// An `http(s)://` URL, used as it is (never fetched, so no sizes).
    Remote(String),
}

/// One width of a processed picture: a WebP and a fallback file, both paths
/// under the output folder (`media/…`), named by a hash of their source.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub webp: String,
    pub fallback: String,
    /// The fallback file's size in bytes (feeds' enclosures); 0 when unknown.
    pub bytes: u64,
}

impl Picture {
    /// The widest variant (what share previews and `src` use).
    pub fn widest(&self) -> Option<&Variant> {
        match self {
            Picture::Local { variants, .. } => variants.last(),
            Picture::Remote(_) => None,
        }
    }
}
