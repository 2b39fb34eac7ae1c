//! Highlights and their colours: `highlight`, `highlights` (the notebook), `recolor`, `orphans`,
//! `color-label`.

use crate::{check, print};
use anyhow::Context;
use clap::Args;
use zhaji::{Color, HighlightSpec, Id, Library, NotebookFilter, NotebookItem, NotebookSort};

#[derive(Args)]
pub struct HighlightArgs {
    article: Id,
    /// The text to highlight, as it appears in the article.
    #[arg(long, allow_hyphen_values = true, conflicts_with_all = ["start", "end"])]
    quote: Option<String>,
    /// Which occurrence of the quote, from 1, when it appears more than once.
    #[arg(long, requires = "quote")]
    occurrence: Option<u32>,
    /// Start offset in characters (code points) of the article's text.
    #[arg(long, requires = "end")]
    start: Option<u32>,
    #[arg(long, requires = "start")]
    end: Option<u32>,
    /// yellow, green, blue, pink, purple, or 1–5.
    #[arg(long, default_value = "yellow")]
    color: String,
    #[arg(long = "tag")]
    tags: Vec<String>,
    #[arg(long, allow_hyphen_values = true)]
    note: Option<String>,
}

pub fn highlight(lib: &mut Library, args: HighlightArgs, json: bool) -> anyhow::Result<()> {
    for t in &args.tags {
        check::plain("a tag", t)?;
    }
    let range = args.start.zip(args.end);
    if range.is_none() && args.quote.is_none() {
        anyhow::bail!("say what to highlight: --quote TEXT, or --start N --end N");
    }
    let h = lib.create_highlight(&HighlightSpec {
        article_id: args.article,
        range,
        quote: args.quote,
        occurrence: args.occurrence,
        color: color(&args.color)?,
        tags: args.tags,
        note: args.note,
    })?;
    print::either(json, &h, print::highlight)
}

#[derive(Args)]
pub struct HighlightsArgs {
    /// Only highlights with this tag (or a child of it), on the highlight or its article;
    /// repeat it to ask for several.
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// Only this colour: yellow…purple, 1–5, or the name you gave it (`反驳`); repeat it for
    /// any of several.
    #[arg(long = "color")]
    colors: Vec<String>,
    /// Only the evidence of this claim.
    #[arg(long)]
    claim: Option<Id>,
    /// Only this article's highlights.
    #[arg(long)]
    article: Option<Id>,
    /// Only highlights with a note.
    #[arg(long)]
    has_note: bool,
    /// Only highlights made on or after this day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// `time` (newest first) or `article` (by article, in reading order).
    #[arg(long, default_value = "time", value_parser = ["time", "article"])]
    sort: String,
}

/// Lists the highlights of the whole library (the notebook), filtered.
pub fn highlights(lib: &Library, args: HighlightsArgs, json: bool) -> anyhow::Result<()> {
    for t in &args.tags {
        check::plain("a tag", t)?;
    }
    let filter = NotebookFilter {
        tags: args.tags,
        colors: args.colors.iter().map(|c| lib.color_named(c)).collect::<zhaji::Result<_>>()?,
        claim: args.claim,
        article: args.article,
        has_note: args.has_note,
        notes: false,
        since: args.since,
        sort: if args.sort == "article" { NotebookSort::Article } else { NotebookSort::Time },
    };
    let items: Vec<NotebookItem> = lib.notebook_all(&filter)?;
    if json {
        let flat: Vec<print::NotebookEntry> =
            items.iter().map(print::NotebookEntry::from).collect();
        return print::json(&flat);
    }
    print::notebook(&items);
    Ok(())
}

#[derive(Args)]
pub struct RecolorArgs {
    highlight: Id,
    color: String,
}

pub fn recolor(lib: &mut Library, args: RecolorArgs, json: bool) -> anyhow::Result<()> {
    let h = lib.set_highlight_color(args.highlight, color(&args.color)?)?;
    print::only_json(json, &h)
}

#[derive(Args)]
pub struct OrphansArgs {
    #[command(subcommand)]
    cmd: Option<OrphansCmd>,
}

#[derive(clap::Subcommand)]
pub enum OrphansCmd {
    /// List the imported highlights that matched no article.
    Imported,
    /// Attach an unmatched import to an article: its quote is found there and it becomes a
    /// highlight.
    Attach { id: Id, article: Id },
}

pub fn orphans(lib: &mut Library, args: OrphansArgs, json: bool) -> anyhow::Result<()> {
    match args.cmd {
        None => print::either(json, lib.orphans()?.as_slice(), print::orphans),
        Some(OrphansCmd::Imported) => {
            print::either(json, lib.unmatched_imports()?.as_slice(), print::unmatched)
        }
        Some(OrphansCmd::Attach { id, article }) => {
            let h = lib.attach_unmatched(id, article)?;
            print::either(json, &h, |h| println!("highlight {} in article {}", h.id, h.article_id))
        }
    }
}

#[derive(Args)]
pub struct ColorLabelArgs {
    color: Option<String>,
    #[arg(allow_hyphen_values = true)]
    label: Option<String>,
}

/// Names a colour (colour and label), shows one colour's name (colour alone), or lists them all.
pub fn color_label(lib: &mut Library, args: ColorLabelArgs, json: bool) -> anyhow::Result<()> {
    match (args.color, args.label) {
        (Some(c), Some(l)) => {
            let c = color(&c)?;
            lib.set_color_label(c, &l)?;
            let label = lib.color_labels()?.into_iter().find(|l| l.color == c);
            print::only_json(json, &label)
        }
        (Some(c), None) => {
            let c = color(&c)?;
            let label = lib.color_labels()?.into_iter().find(|l| l.color == c);
            print::either(json, &label, |l| print::color_label(l.as_ref()))
        }
        (None, _) => print::either(json, lib.color_labels()?.as_slice(), print::color_labels),
    }
}

/// A colour by name (`blue`) or number (`3`).
fn color(s: &str) -> anyhow::Result<Color> {
    Color::parse(s).with_context(|| {
        format!("unknown colour {s:?}: use yellow, green, blue, pink, purple or 1–5")
    })
}
