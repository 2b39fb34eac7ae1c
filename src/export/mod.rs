//! Export: an article with its highlights, tags and notes as Markdown.
//! (Being written: see the helper's task.)

use crate::model::{Article, ColorLabel};

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
