//! How corpus paths are shown to users: relative to a display root (the
//! workspace, or the folder of the `.factcheck.toml` that names the corpus)
//! when they lie inside it, else as they were given.

use std::path::{Path, PathBuf};

/// `path` as shown to users: relative to `root` when it lies inside it,
/// else as it was given.
pub fn shown_path(root: Option<&Path>, path: &Path) -> PathBuf {
    let Some(root) = root else {
        return path.to_path_buf();
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match absolute.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_root_are_shown_relative_to_it() {
        let root = std::path::absolute("ws").unwrap();
        let inside = root.join("corpus/a.md");
        assert_eq!(shown_path(None, &inside), inside, "no root: as given");
        let root = Some(root.as_path());
        assert_eq!(shown_path(root, &inside), Path::new("corpus/a.md"));
        // Relative paths are relative to the working directory.
        assert_eq!(shown_path(root, Path::new("ws/b.md")), Path::new("b.md"));
        // Outside the root: as given.
        let outside = std::path::absolute("elsewhere/c.md").unwrap();
        assert_eq!(shown_path(root, &outside), outside);
        assert_eq!(shown_path(root, Path::new("../d.md")), Path::new("../d.md"));
    }
}
