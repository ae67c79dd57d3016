//! Where the engine's output goes. Every driver emits through one
//! [`Sink`]: `build` into a staging folder beside the output ([`Staging`],
//! swapped in whole), `check` nowhere ([`Discard`]: every page rendered,
//! none kept), `serve` into memory ([`Collect`], then [`Files`], where a
//! file is replaced only when its bytes change, so browsers reload only for
//! what moved). An upload to object storage would be one more sink.

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Mutex};

use crate::load::statics::StaticFile;
use crate::output::Staging;
use crate::render::Page;

/// Output files by path under the output folder (`/`-separated).
pub type Files = HashMap<String, Arc<[u8]>>;

/// A place a site's files are emitted to. Pages arrive from several
/// threads at once, each as soon as it is rendered.
pub(crate) trait Sink: Sync {
    /// Takes the page at `path` from this sink's last output, unchanged
    /// (the build cache says so); false when the sink has no such page and
    /// it must be rendered.
    fn keep(&self, _path: &str) -> io::Result<bool> {
        Ok(false)
    }

    /// Stores one rendered page.
    fn page(&self, page: Page) -> io::Result<()>;

    /// Stores the static files, before any page: a page of the same path
    /// replaces the file.
    fn statics(&self, files: &[StaticFile]) -> io::Result<()>;
}

/// `check`: pages are rendered, for their errors, and dropped.
pub(crate) struct Discard;

impl Sink for Discard {
    fn page(&self, _page: Page) -> io::Result<()> {
        Ok(())
    }

    fn statics(&self, _files: &[StaticFile]) -> io::Result<()> {
        Ok(())
    }
}

/// `serve`: the pages of one rebuild, held until all rendered (a failed
/// render keeps the last good pages in [`Files`]).
#[derive(Default)]
pub(crate) struct Collect(Mutex<Vec<Page>>);

impl Collect {
    /// The pages, in path order (the order they were rendered in is the
    /// threads').
    pub(crate) fn into_pages(self) -> Vec<Page> {
        let mut pages = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        pages
    }
}

impl Sink for Collect {
    fn page(&self, page: Page) -> io::Result<()> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("lock"))?
            .push(page);
        Ok(())
    }

    fn statics(&self, files: &[StaticFile]) -> io::Result<()> {
        let mut pages = self.0.lock().map_err(|_| io::Error::other("lock"))?;
        for file in files {
            let content = file.bytes()?;
            pages.push(Page {
                path: file.rel.clone(),
                content,
            });
        }
        Ok(())
    }
}

/// `build`: each page written into the staging folder by the thread that
/// rendered it; an unchanged page linked from the previous output.
impl Sink for Staging {
    fn keep(&self, path: &str) -> io::Result<bool> {
        self.link_previous(path)
    }

    fn page(&self, page: Page) -> io::Result<()> {
        self.write_page(&page)
    }

    fn statics(&self, files: &[StaticFile]) -> io::Result<()> {
        self.write_statics(files)
    }
}

/// Stores `bytes` at `path` in `files`; false when it already held them.
pub(crate) fn replace(files: &mut Files, path: String, bytes: Vec<u8>) -> bool {
    if files.get(&path).is_some_and(|old| **old == *bytes) {
        return false;
    }
    files.insert(path, Arc::from(bytes));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_bytes_are_no_change() {
        let mut files = Files::new();
        assert!(replace(&mut files, "a.html".into(), b"one".to_vec()));
        assert!(!replace(&mut files, "a.html".into(), b"one".to_vec()));
        assert!(replace(&mut files, "a.html".into(), b"two".to_vec()));
        assert_eq!(&*files["a.html"], b"two");
    }

    #[test]
    fn collected_pages_come_out_in_path_order_whatever_order_they_came_in() {
        let collect = Collect::default();
        for path in ["b.html", "a/index.html", "c.xml"] {
            let page = Page {
                path: path.into(),
                content: path.as_bytes().to_vec(),
            };
            collect.page(page).unwrap();
        }
        let paths: Vec<String> = collect.into_pages().into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["a/index.html", "b.html", "c.xml"]);
    }
}
