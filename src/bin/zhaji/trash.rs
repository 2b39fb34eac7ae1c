//! The trash: `delete`, `restore`, `trash` (the list), `empty-trash`.

use crate::print;
use clap::{Args, ValueEnum};
use zhaji::{Id, ItemKind, ItemRef, Library};

#[derive(Args)]
pub struct ItemArgs {
    #[arg(value_enum)]
    kind: Kind,
    id: Id,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Article,
    Highlight,
    Note,
    Tag,
}

/// `restore KIND ID` (out of the trash) or `restore FILE` (a backup).
#[derive(Args)]
pub struct RestoreArgs {
    /// article, highlight, note or tag (with its id); or a backup file to replace the library
    /// with (the current library is moved aside, never deleted).
    what: String,
    id: Option<Id>,
}

impl RestoreArgs {
    /// The item to take out of the trash, or the backup to restore.
    pub fn target(&self) -> anyhow::Result<Result<ItemRef, std::path::PathBuf>> {
        let Some(id) = self.id else { return Ok(Err(std::path::PathBuf::from(&self.what))) };
        let kind = Kind::from_str(&self.what, true)
            .map_err(|_| anyhow::anyhow!("{}: not article, highlight, note or tag", self.what))?;
        Ok(Ok(ItemArgs { kind, id }.item()))
    }
}

impl ItemArgs {
    fn item(&self) -> ItemRef {
        let kind = match self.kind {
            Kind::Article => ItemKind::Article,
            Kind::Highlight => ItemKind::Highlight,
            Kind::Note => ItemKind::Note,
            Kind::Tag => ItemKind::Tag,
        };
        ItemRef { kind, id: self.id }
    }
}

pub fn delete(lib: &mut Library, args: ItemArgs, json: bool) -> anyhow::Result<()> {
    let item = args.item();
    lib.delete(item)?;
    let out = serde_json::json!({ "deleted": item });
    print::either(json, &out, |_| print::deleted(item.kind, item.id))
}

pub fn restore(lib: &mut Library, item: ItemRef, json: bool) -> anyhow::Result<()> {
    lib.restore(item)?;
    let out = serde_json::json!({ "restored": item });
    print::either(json, &out, |_| print::restored(item.kind, item.id))
}

pub fn trash(lib: &Library, json: bool) -> anyhow::Result<()> {
    print::either(json, lib.trash()?.as_slice(), print::trash)
}

#[derive(Args)]
pub struct EmptyTrashArgs {
    /// Required: emptying the trash cannot be undone.
    #[arg(long)]
    yes: bool,
}

pub fn empty_trash(lib: &mut Library, args: EmptyTrashArgs, json: bool) -> anyhow::Result<()> {
    if !args.yes {
        anyhow::bail!("emptying the trash cannot be undone: run `zhaji empty-trash --yes`");
    }
    let removed = lib.empty_trash()?;
    print::either(json, &serde_json::json!({ "removed": removed }), |_| print::emptied(removed))
}
