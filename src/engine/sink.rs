//! Where the engine's pages go. `serve` keeps them in memory ([`Files`]);
//! a sink says whether a file changed, so that unchanged output is never
//! replaced and browsers reload only for what moved.

use std::collections::HashMap;
use std::sync::Arc;

/// Output files by path under the output folder (`/`-separated).
pub type Files = HashMap<String, Arc<[u8]>>;

/// A place pages are written to.
pub(crate) trait Sink {
    /// Stores one file; false when it already held these bytes.
    fn put(&mut self, path: String, bytes: Vec<u8>) -> bool;
    /// Forgets one file; false when there was none.
    fn remove(&mut self, path: &str) -> bool;
}

impl Sink for Files {
    fn put(&mut self, path: String, bytes: Vec<u8>) -> bool {
        if self.get(&path).is_some_and(|old| **old == *bytes) {
            return false;
        }
        self.insert(path, Arc::from(bytes));
        true
    }

    fn remove(&mut self, path: &str) -> bool {
        HashMap::remove(self, path).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_bytes_are_no_change_and_only_a_held_file_is_removed() {
        let mut files = Files::new();
        assert!(files.put("a.html".into(), b"one".to_vec()));
        assert!(!files.put("a.html".into(), b"one".to_vec()));
        assert!(files.put("a.html".into(), b"two".to_vec()));
        assert!(Sink::remove(&mut files, "a.html"));
        assert!(!Sink::remove(&mut files, "a.html"));
    }
}
