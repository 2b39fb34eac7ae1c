//! Search: `search` and `reindex`.

use crate::print;
use clap::Args;
use zhaji::{Library, SearchOptions};

#[derive(Args)]
pub struct SearchArgs {
    query: String,
    /// At most this many hits of each kind.
    #[arg(long, default_value_t = 20)]
    limit: u32,
    /// Skip this many hits of each kind (the next page).
    #[arg(long, default_value_t = 0)]
    offset: u32,
    #[command(flatten)]
    json: print::Json,
}

pub fn search(lib: &Library, args: SearchArgs) -> anyhow::Result<()> {
    let options = SearchOptions { limit: args.limit, offset: args.offset };
    let results = lib.search(&args.query, &options)?;
    print::either(args.json.json, &results, print::search)
}

pub fn reindex(lib: &mut Library, json: print::Json) -> anyhow::Result<()> {
    print::either(json.json, &lib.reindex()?, print::reindex)
}
