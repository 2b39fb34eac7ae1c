//! Export: an article with its highlights, tags and notes as Markdown.
//! (Being written: see the helper's task.)

use crate::model::{Article, ColorLabel, Id};
use std::path::Path;

/// The Markdown file of one article.
pub fn article_markdown(article: &Article, labels: &[ColorLabel]) -> String {
    let _ = (article, labels);
    todo!("export::article_markdown")
}

/// A file name (without folder) for an article's export, from its title: readable, Chinese
/// kept, characters illegal on Windows, macOS or Linux replaced.
pub fn file_stem(title: &str) -> String {
    let _ = title;
    todo!("export::file_stem")
}

/// File names (with `.md`) for articles, collisions disambiguated.
pub fn plan_file_names(articles: &[(Id, String)]) -> Vec<(Id, String)> {
    let _ = articles;
    todo!("export::plan_file_names")
}

/// Writes `content` to `path` atomically; false when the file already has exactly it.
pub fn write_atomically(path: &Path, content: &str) -> crate::Result<bool> {
    let _ = (path, content);
    todo!("export::write_atomically")
}
