//! Search (see `crate::search`; the index follows every write by itself).

use super::{live_text, Library};
use crate::model::*;
use crate::search::{ReindexReport, SearchOptions, SearchResults, TextSpan};
use crate::{store, Result};

/// The most spans [`Library::find_in_article`] gives.
const MAX_SPANS: usize = 10_000;

impl Library {
    /// Finds titles, passages, highlights and notes matching `query` (see `crate::search` for
    /// the query language), grouped, ranked and paginated. A query of filters alone
    /// (`tag:topic/算力`) lists the titles, highlights and notes they select, newest first.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<SearchResults> {
        store::search::run(&self.conn, query, opts, &self.color_labels()?)
    }

    /// Where `needle` occurs in the text of article `id`, folded as search folds (see
    /// [`crate::search::find_all`]): at most 10,000 spans, in reading order.
    pub fn find_in_article(&self, id: Id, needle: &str) -> Result<Vec<TextSpan>> {
        let text = live_text(&self.conn, id)?;
        Ok(crate::search::find_all(&text, needle, MAX_SPANS))
    }

    /// Merges the segments of the search index until nothing is left to merge, as a library
    /// opened from a file does by itself while idle; gives the number of steps it took. A bulk
    /// import leaves merging to do, which the writes after it would otherwise pay for.
    pub fn merge_index(&mut self) -> Result<u32> {
        self.writable()?;
        let mut steps = 0;
        while store::index::merge_step(&self.conn, 1024)? {
            steps += 1;
        }
        Ok(steps)
    }

    /// Rebuilds the search index from scratch (normally never needed: it is kept in sync, and
    /// rebuilt by itself when a new version changes its format).
    pub fn reindex(&mut self) -> Result<ReindexReport> {
        let tx = self.write()?;
        let report = store::index::reindex(&tx)?;
        tx.commit()?;
        Ok(report)
    }
}
