use std::path::PathBuf;

/// The path of `rel` inside the shared test corpus (`../shared/corpus` beside the project).
///
/// When the corpus is missing: under `CI=true` this fails the test; elsewhere it prints that the
/// test was skipped and returns `None`.
pub fn corpus(rel: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let path = root.join(rel);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "the test corpus is missing: {} (CI=true requires it)",
            path.display()
        );
    }
    eprintln!(
        "SKIPPED: the test corpus is missing ({}); this test did not run",
        path.display()
    );
    None
}

/// Like [`corpus`], returning early from the test when the corpus is absent.
#[macro_export]
macro_rules! corpus_or_skip {
    ($rel:expr) => {
        match $crate::common::corpus($rel) {
            Some(p) => p,
            None => return,
        }
    };
}
