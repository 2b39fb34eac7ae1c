//! The statements about tags and what they are on.

use crate::collate::sort_key;
use crate::model::*;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// The id of the tag named `name`, creating it (or taking it out of the trash) if need be.
pub(crate) fn ensure_tag(conn: &Connection, name: &str, now: &str) -> Result<Id> {
    if let Some((id, deleted)) = conn
        .query_row("SELECT id, deleted_at IS NOT NULL FROM tag WHERE name = ?1", [name], |r| {
            Ok((r.get::<_, Id>(0)?, r.get::<_, bool>(1)?))
        })
        .optional()?
    {
        if deleted {
            conn.execute("UPDATE tag SET deleted_at = NULL WHERE id = ?1", [id])?;
        }
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO tag (name, created_at, sort_key) VALUES (?1, ?2, ?3)",
        params![name, now, sort_key(name)],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The live tag with this exact name.
pub(crate) fn live_tag_id(conn: &Connection, name: &str) -> Result<Option<Id>> {
    Ok(conn
        .query_row("SELECT id FROM tag WHERE name = ?1 AND deleted_at IS NULL", [name], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(crate) fn link_tag(conn: &Connection, item: ItemRef, tag_id: Id) -> Result<()> {
    let sql = match item.kind {
        ItemKind::Article => {
            "INSERT OR IGNORE INTO article_tag (article_id, tag_id) VALUES (?1, ?2)"
        }
        _ => "INSERT OR IGNORE INTO highlight_tag (highlight_id, tag_id) VALUES (?1, ?2)",
    };
    conn.prepare_cached(sql)?.execute(params![item.id, tag_id])?;
    Ok(())
}

pub(crate) fn unlink_tag(conn: &Connection, item: ItemRef, tag_id: Id) -> Result<bool> {
    let sql = match item.kind {
        ItemKind::Article => "DELETE FROM article_tag WHERE article_id = ?1 AND tag_id = ?2",
        _ => "DELETE FROM highlight_tag WHERE highlight_id = ?1 AND tag_id = ?2",
    };
    Ok(conn.execute(sql, params![item.id, tag_id])? > 0)
}

/// Every live tag with its counts, by name. A count is the tag's links, read from the
/// `*_tag_by_tag` indexes alone (no highlight's or article's row is read), less the links of
/// what is in the trash: trashed highlights, the live highlights of trashed articles, and
/// trashed articles, each found through its trash index. Asking every linked highlight and its
/// article whether they are live cost a random read of both rows per link (a million at 100,000
/// articles); the trash is small beside the library.
pub(crate) const TAG_COUNTS: &str = "
    WITH dead_highlight(tag_id, n) AS MATERIALIZED (
        SELECT ht.tag_id, count(*) FROM (
            SELECT h.id FROM highlight h INDEXED BY highlight_trashed
             WHERE h.deleted_at IS NOT NULL
            UNION ALL
            SELECT h.id FROM article a INDEXED BY article_trashed
              CROSS JOIN highlight h INDEXED BY highlight_live_by_article
             WHERE a.deleted_at IS NOT NULL AND h.article_id = a.id AND h.deleted_at IS NULL
        ) d CROSS JOIN highlight_tag ht ON ht.highlight_id = d.id
        GROUP BY ht.tag_id),
    dead_article(tag_id, n) AS MATERIALIZED (
        SELECT at.tag_id, count(*) FROM article a INDEXED BY article_trashed
          CROSS JOIN article_tag at ON at.article_id = a.id
         WHERE a.deleted_at IS NOT NULL GROUP BY at.tag_id)
    SELECT t.id, t.name, t.color,
           (SELECT count(*) FROM highlight_tag ht WHERE ht.tag_id = t.id) - coalesce(dh.n, 0),
           (SELECT count(*) FROM article_tag at WHERE at.tag_id = t.id) - coalesce(da.n, 0),
           t.uuid
      FROM tag t LEFT JOIN dead_highlight dh ON dh.tag_id = t.id
                 LEFT JOIN dead_article da ON da.tag_id = t.id
     WHERE t.deleted_at IS NULL ORDER BY t.sort_key, t.name";

/// Every live tag with its counts, by name (see [`TAG_COUNTS`]).
pub(crate) fn tags(conn: &Connection) -> Result<Vec<Tag>> {
    let mut stmt = conn.prepare_cached(TAG_COUNTS)?;
    let rows = stmt.query_map([], |r| {
        Ok(Tag {
            id: r.get(0)?,
            uuid: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            name: r.get(1)?,
            color: r.get(2)?,
            highlight_count: r.get(3)?,
            article_count: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Live tags named `name` or below it (`name/…`), as (id, name).
pub(crate) fn tag_subtree(conn: &Connection, name: &str) -> Result<Vec<(Id, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, name FROM tag WHERE deleted_at IS NULL
           AND (name = ?1 OR substr(name, 1, length(?1) + 1) = ?1 || '/') ORDER BY name",
    )?;
    let rows = stmt.query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn tag_name_taken(conn: &Connection, name: &str) -> Result<Option<(Id, bool)>> {
    Ok(conn
        .query_row("SELECT id, deleted_at IS NOT NULL FROM tag WHERE name = ?1", [name], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

pub(crate) fn rename_tag_row(conn: &Connection, id: Id, name: &str) -> Result<()> {
    conn.execute(
        "UPDATE tag SET name = ?2, sort_key = ?3 WHERE id = ?1",
        params![id, name, sort_key(name)],
    )?;
    Ok(())
}

/// Moves every link of tag `from` to tag `into` and removes `from` for good.
pub(crate) fn merge_tag_rows(conn: &Connection, from: Id, into: Id) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO highlight_tag (highlight_id, tag_id)
         SELECT highlight_id, ?2 FROM highlight_tag WHERE tag_id = ?1",
        params![from, into],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO article_tag (article_id, tag_id)
         SELECT article_id, ?2 FROM article_tag WHERE tag_id = ?1",
        params![from, into],
    )?;
    conn.execute("DELETE FROM tag WHERE id = ?1", [from])?;
    Ok(())
}

pub(crate) fn set_tag_color(conn: &Connection, id: Id, color: Option<&str>) -> Result<()> {
    conn.execute("UPDATE tag SET color = ?2 WHERE id = ?1", params![id, color])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counts read the tag links from their indexes and look only at what is in the trash:
    /// no table is scanned, and no highlight or article row is read per link.
    #[test]
    fn tag_counts_walk_the_links_and_the_trash_only() {
        let conn = crate::store::open_in_memory().unwrap();
        let plan = crate::store::explain(&conn, TAG_COUNTS, false);
        for want in [
            "SEARCH h USING COVERING INDEX highlight_trashed",
            "SEARCH a USING COVERING INDEX article_trashed",
            "SEARCH h USING INDEX highlight_live_by_article",
            "SEARCH ht USING PRIMARY KEY",
            "SEARCH ht USING COVERING INDEX highlight_tag_by_tag",
            "SEARCH at USING COVERING INDEX article_tag_by_tag",
        ] {
            assert!(plan.iter().any(|d| d.starts_with(want)), "no {want}: {plan:?}");
        }
        let scans: Vec<&String> = plan
            .iter()
            .filter(|d| {
                d.starts_with("SCAN")
                    && !d.contains("_trashed")
                    && !d.contains("tag_by_sort_key")
                    && *d != "SCAN d"
            })
            .collect();
        assert!(scans.is_empty(), "{scans:?} in {plan:?}");
    }

    /// Filtering the article list by a tag reads that tag's rows of `tag_article` only: no
    /// highlight link and no highlight.
    #[test]
    fn a_tag_filter_reads_only_that_tags_reach() {
        let conn = crate::store::open_in_memory().unwrap();
        let sql = format!(
            "SELECT count(*) FROM article a WHERE a.deleted_at IS NULL{}",
            crate::store::TAG_FILTER.replace(":tag", "'topic'")
        );
        let plan = crate::store::explain(&conn, &sql, false);
        assert!(
            plan.iter().any(|d| d.starts_with("SEARCH ta USING PRIMARY KEY (tag_id=?)")),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|d| d.contains(" h ") || d.contains("SCAN ta")), "{plan:?}");
    }
}
