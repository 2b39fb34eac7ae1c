//! Reading and describing articles: `articles` (the list), `show`, `edit`.

use crate::{check, print};
use clap::{Args, ValueEnum};
use zhaji::{ArticleMetaPatch, Id, Library, ListOptions, SortBy};

#[derive(Args)]
pub struct ArticlesArgs {
    #[arg(long, value_enum, default_value = "imported")]
    sort: Sort,
    /// Oldest (or A–Z) first.
    #[arg(long)]
    asc: bool,
    /// Only articles with this tag (or a child of it) on them or their highlights.
    #[arg(long)]
    tag: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Sort {
    Imported,
    Updated,
    Title,
    Published,
}

pub fn articles(lib: &Library, args: ArticlesArgs, json: bool) -> anyhow::Result<()> {
    let sort = match args.sort {
        Sort::Imported => SortBy::Imported,
        Sort::Updated => SortBy::Updated,
        Sort::Title => SortBy::Title,
        Sort::Published => SortBy::Published,
    };
    let list = lib.articles(&ListOptions { sort, ascending: args.asc, tag: args.tag })?;
    print::either(json, list.as_slice(), print::articles)
}

#[derive(Args)]
pub struct ShowArgs {
    article: Id,
}

pub fn show(lib: &Library, args: ShowArgs, json: bool) -> anyhow::Result<()> {
    let a = lib.article(args.article)?;
    if json {
        return print::json(&a);
    }
    print::article(&a, &lib.color_labels()?);
    Ok(())
}

#[derive(Args)]
pub struct EditArgs {
    article: Id,
    /// One line.
    #[arg(long, allow_hyphen_values = true)]
    title: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    author: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    site: Option<String>,
    /// An http:// or https:// link (empty to clear).
    #[arg(long)]
    url: Option<String>,
    /// YYYY-MM-DD, YYYY-MM or YYYY (empty to clear).
    #[arg(long)]
    published: Option<String>,
}

pub fn edit(lib: &mut Library, args: EditArgs, json: bool) -> anyhow::Result<()> {
    let EditArgs { article, title, author, site, url, published } = args;
    title.as_deref().map(check::title).transpose()?;
    author.as_deref().map(|a| check::plain("an author", a)).transpose()?;
    site.as_deref().map(|s| check::plain("a site", s)).transpose()?;
    url.as_deref().map(check::url).transpose()?;
    published.as_deref().map(check::date).transpose()?;
    let patch = ArticleMetaPatch { title, author, site, url, published, ..Default::default() };
    print::either(json, &lib.set_article_meta(article, &patch)?, print::article_title)
}
