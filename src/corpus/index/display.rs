//! How corpus paths are shown to users: relative to the index's display
//! root (the workspace, or the folder of the `.factcheck.toml` that names the
//! corpus) when they lie inside it, else as they were given.

use std::path::{Path, PathBuf};

use super::CorpusIndex;

impl CorpusIndex {
    /// `path` as shown to users: relative to [`CorpusIndex::display_root`]
    /// when it lies inside it, else as it was given.
    pub fn shown_path(&self, path: &Path) -> PathBuf {
        let Some(root) = &self.display_root else {
            return path.to_path_buf();
        };
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        match absolute.strip_prefix(root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
            _ => path.to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_root_are_shown_relative_to_it() {
        let mut index = CorpusIndex::default();
        let root = std::path::absolute("ws").unwrap();
        let inside = root.join("corpus/a.md");
        assert_eq!(index.shown_path(&inside), inside, "no root: as given");
        index.display_root = Some(root.clone());
        assert_eq!(index.shown_path(&inside), Path::new("corpus/a.md"));
        // Relative paths are relative to the working directory.
        assert_eq!(index.shown_path(Path::new("ws/b.md")), Path::new("b.md"));
        // Outside the root: as given.
        let outside = std::path::absolute("elsewhere/c.md").unwrap();
        assert_eq!(index.shown_path(&outside), outside);
        assert_eq!(index.shown_path(Path::new("../d.md")), Path::new("../d.md"));
    }
}
