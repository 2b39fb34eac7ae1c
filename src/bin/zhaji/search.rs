//! Search: `search` and `reindex`.

use crate::print;
use clap::Args;
use zhaji::search::MAX_LIMIT;
use zhaji::{Library, SearchOptions};

#[derive(Args)]
pub struct SearchArgs {
    /// The query; it may start with `-` (`-GPT-4 算力`).
    #[arg(allow_hyphen_values = true)]
    query: String,
    /// At most this many hits of each kind (1 to 200).
    #[arg(long, default_value_t = 20)]
    limit: u32,
    /// Skip this many hits of each kind (the next page).
    #[arg(long, default_value_t = 0)]
    offset: u32,
}

pub fn search(lib: &Library, args: SearchArgs, json: bool) -> anyhow::Result<()> {
    if args.limit == 0 || args.limit > MAX_LIMIT {
        anyhow::bail!("--limit must be from 1 to {MAX_LIMIT}, not {}", args.limit);
    }
    let options = SearchOptions { limit: args.limit, offset: args.offset };
    let results = lib.search(&args.query, &options)?;
    print::either(json, &results, print::search)
}

pub fn reindex(lib: &mut Library, json: bool) -> anyhow::Result<()> {
    print::either(json, &lib.reindex()?, print::reindex)
}
