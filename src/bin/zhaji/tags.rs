//! Tags: `tag`, `untag`, `tags` (the list), `rename-tag`.

use crate::{check, print};
use clap::{Args, ValueEnum};
use zhaji::{Id, ItemKind, ItemRef, Library};

#[derive(Args)]
pub struct TagArgs {
    #[arg(value_enum)]
    kind: Taggable,
    id: Id,
    #[arg(required = true)]
    tags: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Taggable {
    Article,
    Highlight,
}

impl TagArgs {
    fn item(&self) -> ItemRef {
        let kind = match self.kind {
            Taggable::Article => ItemKind::Article,
            Taggable::Highlight => ItemKind::Highlight,
        };
        ItemRef { kind, id: self.id }
    }
}

pub fn tag(lib: &mut Library, args: TagArgs, json: bool) -> anyhow::Result<()> {
    for t in &args.tags {
        check::plain("a tag", t)?;
    }
    for t in &args.tags {
        lib.add_tag(args.item(), t)?;
    }
    print::only_json(json, &serde_json::json!({ "item": args.item(), "added": args.tags }))
}

pub fn untag(lib: &mut Library, args: TagArgs, json: bool) -> anyhow::Result<()> {
    for t in &args.tags {
        lib.remove_tag(args.item(), t)?;
    }
    print::only_json(json, &serde_json::json!({ "item": args.item(), "removed": args.tags }))
}

pub fn tags(lib: &Library, json: bool) -> anyhow::Result<()> {
    print::either(json, lib.tags()?.as_slice(), print::tags)
}

#[derive(Args)]
pub struct RenameTagArgs {
    from: String,
    to: String,
}

pub fn rename_tag(lib: &mut Library, args: RenameTagArgs, json: bool) -> anyhow::Result<()> {
    check::plain("a tag", &args.to)?;
    lib.rename_tag(&args.from, &args.to)?;
    print::only_json(json, &serde_json::json!({ "from": args.from, "to": args.to }))
}
