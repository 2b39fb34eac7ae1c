//! The store: every line of SQL in Zhaji lives under this module.
//!
//! Opening a library sets the connection's PRAGMAs (WAL, foreign keys, how it waits for the
//! lock) and brings the schema up to date with the append-only migrations in `migrations/`, in
//! one transaction keyed on `PRAGMA user_version`. `health` checks, stamps and snapshots the
//! file, so that the façade can refuse to write to a damaged one.
//!
//! The statements are functions over a connection (or a transaction, which dereferences to one),
//! one file per area: `articles`, `passages`, `highlights`, `notes`, `tags`, `trash`, `settings`
//! and `debate`; `rows` decodes what several areas read. The façade decides what to do; these
//! only read and write.
//!
//! `tx` begins, commits and rolls back every transaction and savepoint. `index` keeps the search
//! index (its rows and rowids, the triggers that keep it in sync, its rebuild and merging);
//! `search` runs a query against it, with the pure `crate::search` for the rest. `checkpoint`
//! copies the write-ahead log into the database, and merges the index, on a thread of its own.

mod annotations;
mod articles;
mod checkpoint;
/// Taxonomy overrides, claims and briefs (the debate features).
pub(crate) mod debate;
/// The bases of re-exports, and finding rows by UUID.
pub(crate) mod export;
/// Whether the library file is sound, its stamp, and consistent copies of it.
pub(crate) mod health;
mod highlights;
mod images;
/// The search index: rows, rowids, triggers, rebuild and merging.
pub(crate) mod index;
mod notebook;
mod notes;
mod passages;
mod rows;
/// Running a search query against the library.
pub(crate) mod search;
mod settings;
mod sort_keys;
pub(crate) mod sync;
pub(crate) mod sync_data;
pub(crate) mod sync_images;
mod tags;
mod trash;
pub(crate) mod tx;

pub(crate) use annotations::*;
pub(crate) use articles::*;
pub(crate) use checkpoint::Checkpointer;
pub(crate) use highlights::*;
pub(crate) use images::*;
pub(crate) use notebook::*;
pub(crate) use notes::*;
pub(crate) use passages::*;
pub(crate) use settings::*;
pub(crate) use tags::*;
pub(crate) use trash::*;

use crate::{Error, ErrorKind, Result};
use rusqlite::Connection;
use std::path::Path;

/// The migrations, in order. Migration `i` (from 0) takes the schema from version `i` to `i + 1`.
/// Append-only: never edit or remove one that has landed.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_search.sql"),
    include_str!("migrations/003_debate.sql"),
    include_str!("migrations/004_search_marks.sql"),
    include_str!("migrations/005_search_pairs.sql"),
    include_str!("migrations/006_note_merged_into.sql"),
    include_str!("migrations/007_images.sql"),
    include_str!("migrations/008_sort_keys_and_reading.sql"),
    include_str!("migrations/009_uuids_and_export_bases.sql"),
    include_str!("migrations/010_unmatched_imports.sql"),
    include_str!("migrations/011_sync.sql"),
    include_str!("migrations/012_merging_while_idle.sql"),
    include_str!("migrations/013_article_url_index.sql"),
    include_str!("migrations/014_article_list_indexes.sql"),
    include_str!("migrations/015_sync_claims_and_preferences.sql"),
    include_str!("migrations/016_sync_images_and_first_texts.sql"),
    include_str!("migrations/017_one_trash_index.sql"),
    include_str!("migrations/018_tag_reach.sql"),
    include_str!("migrations/019_search_titles.sql"),
    include_str!("migrations/020_notebook_note_indexes.sql"),
    include_str!("migrations/021_trash_index_by_deletion.sql"),
];

/// The schema version this build writes.
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if need be) the library database at `path` and migrates it.
#[cfg(test)]
pub(crate) fn open(path: &Path) -> Result<Connection> {
    let conn = connect(path)?;
    prepare(&conn, path)?;
    Ok(conn)
}

/// Opens (creating if need be) the library database at `path` and sets the connection's
/// PRAGMAs, without writing to the file: see [`needs_writing`] and [`prepare`].
pub(crate) fn connect(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(dir, "cannot create the library folder", &e))?;
        }
    }
    let mut conn = Connection::open(path).map_err(|e| {
        Error::from(e).context(format!("cannot open the library {}", path.display()))
    })?;
    configure(&mut conn).map_err(|e| e.context(format!("library {}", path.display())))?;
    Ok(conn)
}

/// True if and only if this process cannot write the existing library file at `path`: the file,
/// or the folder that holds it (where SQLite makes its `-wal` and `-shm` files), refuses
/// writing. Decided from the permission bits as well as `access(2)`: root may write any file,
/// but a file and folder with no write bit at all are meant to be read only, by root too.
pub(crate) fn is_read_only(path: &Path) -> bool {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    path.is_file() && (refuses_writing(path) || refuses_writing(folder))
}

#[cfg(unix)]
fn refuses_writing(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(path) else { return false };
    if meta.permissions().mode() & 0o222 == 0 {
        return true;
    }
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return false };
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
    unsafe { libc::access(c_path.as_ptr(), libc::W_OK) != 0 }
}

#[cfg(not(unix))]
fn refuses_writing(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}

/// Opens the library at `path` for reading only, writing nothing beside it. With no `-wal` or
/// `-journal` file beside it nothing can be writing it, and SQLite is told the file is
/// immutable (no locks, no `-shm`); otherwise it is opened read-only and reads what the log
/// holds. Fails when this build would have to change the library before reading it (an older
/// schema, an index in an older format).
pub(crate) fn connect_read_only(path: &Path) -> Result<Connection> {
    let context = |e: Error| e.context(format!("library {}", path.display()));
    let side = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        std::path::PathBuf::from(p).exists()
    };
    let quiet = !side("-wal") && !side("-journal");
    let uri = format!("file:{}?{}", uri_path(path), if quiet { "immutable=1" } else { "mode=ro" });
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
        | rusqlite::OpenFlags::SQLITE_OPEN_URI
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(&uri, flags).map_err(|e| {
        Error::from(e).context(format!("cannot open the library {}", path.display()))
    })?;
    configure(&mut conn).map_err(context)?;
    let version = health::schema_version(&conn).map_err(context)?;
    if version > SCHEMA_VERSION {
        migrate(&conn).map_err(context)?;
    }
    if version < SCHEMA_VERSION || index::needs_rebuild(&conn).map_err(context)? {
        return Err(Error::new(
            ErrorKind::Database,
            format!(
                "the library {} is read-only and was written by an older Zhaji: make it writable and open it once to bring it up to date",
                path.display()
            ),
        ));
    }
    index::install_functions(&conn).map_err(context)?;
    Ok(conn)
}

/// `path` as the path of an SQLite URI: every byte but unreserved ASCII and `/` escaped.
fn uri_path(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// True if and only if [`prepare`] would write to the library: it is not yet in WAL mode, its
/// schema is older than this build's, or its search index must be rebuilt.
pub(crate) fn needs_writing(conn: &Connection) -> Result<bool> {
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Ok(true);
    }
    if health::schema_version(conn)? < SCHEMA_VERSION || sort_keys::stale(conn)? {
        return Ok(true);
    }
    index::needs_rebuild(conn)
}

/// Puts the library in WAL mode, migrates it, and installs the search index's functions and
/// triggers (rebuilding it when this build tokenises differently).
pub(crate) fn prepare(conn: &Connection, path: &Path) -> Result<()> {
    let context = |e: Error| e.context(format!("library {}", path.display()));
    // journal_mode answers with a row; a read-only or in-memory database may refuse WAL, which
    // is not an error worth failing on.
    let _mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(|e| context(e.into()))?;
    migrate(conn).map_err(context)?;
    index::install(conn).map_err(context)?;
    Ok(())
}

/// SQLite's `data_version`: it changes when another connection commits to the file, never for
/// this connection's own writes. One PRAGMA, no table read: cheap to poll.
pub(crate) fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

/// Opens a private in-memory library (for tests and benchmarks).
/// What SQLite says it will do for `sql`: the details of `EXPLAIN QUERY PLAN`, or, with `opcodes`,
/// the opcodes of `EXPLAIN`.
#[cfg(test)]
pub(crate) fn explain(conn: &Connection, sql: &str, opcodes: bool) -> Vec<String> {
    let (prefix, column) = if opcodes { ("EXPLAIN", 1) } else { ("EXPLAIN QUERY PLAN", 3) };
    let mut stmt = conn.prepare(&format!("{prefix} {sql}")).unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, String>(column)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}

pub(crate) fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&mut conn)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    migrate(&conn)?;
    index::install(&conn)?;
    Ok(conn)
}

fn configure(conn: &mut Connection) -> Result<()> {
    // Wait for the lock for as long as tx::DEADLINE, fairly (see `tx`).
    tx::wait_fairly(conn)?;
    // The store caches well over rusqlite's default of 16 statements: a highlight, a search or
    // an import each use several, and an evicted statement is parsed again.
    conn.set_prepared_statement_cache_capacity(128);
    // An 8 MB page cache: every commit walks the cache (SQLite trims it to the database's size),
    // and with 64 MB that walk was a fifth of a highlight's time and most of its slowest percent
    // (p99 at 2,000 articles 1.1-3.1 ms against 0.65-0.82 ms); searches lost 0.2-0.6 ms at p95.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -8192;",
    )?;
    // Fail early, with a clear message, on a file that is not a database.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    Ok(())
}

/// Brings the schema up to [`SCHEMA_VERSION`], in one transaction, then makes the sort keys
/// again if they were made another way (or not at all: a library just migrated).
pub(crate) fn migrate(conn: &Connection) -> Result<()> {
    migrate_to(conn, SCHEMA_VERSION)?;
    if sort_keys::stale(conn)? {
        tx::in_transaction(conn, tx::Lock::Write, sort_keys::refill)?;
    }
    Ok(())
}

/// Brings the schema up to `target` (for tests that build an older library).
pub(crate) fn migrate_to(conn: &Connection, target: i64) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(Error::new(
            ErrorKind::Database,
            format!(
                "the library was written by a newer Zhaji (schema {version}; this one knows up to {SCHEMA_VERSION}): update Zhaji"
            ),
        ));
    }
    if version >= target {
        return Ok(());
    }
    tx::in_transaction(conn, tx::Lock::Write, |conn| {
        for (i, sql) in MIGRATIONS.iter().enumerate().take(target as usize).skip(version as usize) {
            conn.execute_batch(sql)
                .map_err(|e| Error::from(e).context(format!("migration {}", i + 1)))?;
        }
        conn.execute_batch(&format!("PRAGMA user_version = {target}"))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemKind, ItemRef};

    /// SHA-256 of every landed migration. A landed migration never changes: add a new one.
    /// When adding migration N, append its hash here (the failure message prints it).
    const LANDED: &[&str] = &[
        "e6e584b5c3bca1a055c2e10e068832be6c8e884ed3b443a6abcebe7ddb8b6ee9",
        "7bb440dad00baa76f201705d38861b1c5244b057bb83944675636182771e5114",
        "4ab28eab52b2f8308ed93188c43529e83e900331f003178db757905d82185fc2",
        "0ce9e612dd9020ed43669e1fec8d32a9cb23ec2b37348747d7c8b7a2014e320e",
        "5856a345aff4caacb8ef5ecb4804ee14a97b70c523efc77bae8cd214701cbd68",
        "0a05a9057943adf1eef5c8344dae8b5793d25fb7680698017d6b89e62e3c76c9",
        "bebcd384f9fc699364c72a85bc4c7b0d15fb65e13b7ab9084edd53e096c7704b",
        "625a77f44ba0ecbf0766360a6ba19bac86b0e9b6e4e3e41253174967802b9e33",
        "c5609e0b992e21e035ed891ec33c6cb34a7a6f3ca95f44e27ad632a1239f005c",
        "55291cc459c5967ce137cbcace2c31bc2692452663bdac5f3a178b90b0d0763d",
        "89e13aa782b9ba5dc2e512fa05a330b5d761dbad68039ab9777899fc702e773f",
        "faf01a022acfaddb40c3d57a2eb224cf078187e3340334fc7be27ff8d933185d",
        "8e4d8315c0206455ea91297c1338040dbdf5d89c9e1ff7f8c0cf06cfd039473e",
        "97bb59257a22c6f94ba5c85d25b2741685265283da35f5e202abdc53883fa7c0",
        "7c78bd79c37ac2aff3539199ac7dc49435f3fabf831107bbc9a68b4000450157",
        "112362d3e8685fdeac769f807f02b73c594997103829c6ad3b3f0aedd74d74e8",
        "75998c1999a80aeb212f4421c0464f7a4594239ace53f12a8c223234896accf7",
        "9ec2fd2c76d88749c9f30256c9f85283c43a596dfcf17509761257de1f5d3a98",
        "faf23a4a1d430702e1223b74a41d69afc7cd215c9b7fb30b247be211601711aa",
        "08e80199253a66a8ec1e1207f5322c98adc8228a2593f60f18ae3d2a6bb8d3ac",
        "51053d0c66cf61137976b526d93db3910ae80088aa486a10ccdcff8b205e84bb",
    ];

    #[test]
    fn landed_migrations_are_never_edited() {
        assert!(MIGRATIONS.len() >= LANDED.len(), "a landed migration was removed");
        for (i, (sql, want)) in MIGRATIONS.iter().zip(LANDED).enumerate() {
            let got = crate::text::content_hash(sql);
            assert_eq!(&got, want, "migration {} was edited after it landed", i + 1);
        }
        if let Some(sql) = MIGRATIONS.get(LANDED.len()) {
            panic!(
                "migration {} is not recorded in LANDED: add {:?}",
                LANDED.len() + 1,
                crate::text::content_hash(sql)
            );
        }
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        let schema = |c: &Connection| -> Vec<String> {
            let mut s = c.prepare("SELECT sql FROM sqlite_master ORDER BY name").unwrap();
            s.query_map([], |r| r.get::<_, Option<String>>(0))
                .unwrap()
                .map(|r| r.unwrap().unwrap_or_default())
                .collect()
        };
        let before = schema(&conn);
        migrate(&conn).unwrap();
        assert_eq!(before, schema(&conn));
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
    }

    /// Data written at every schema version survives the upgrade to the current one.
    #[test]
    fn every_earlier_version_upgrades_without_losing_data() {
        for from in 1..=SCHEMA_VERSION {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.db");
            {
                let conn = Connection::open(&path).unwrap();
                migrate_to(&conn, from).unwrap();
                fill_v1(&conn);
                if from < 6 {
                    fill_merged_v5(&conn);
                }
            }
            let conn = open(&path).unwrap();
            let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
            assert_eq!(v, SCHEMA_VERSION, "from version {from}");
            check_v1(&conn);
            check_uuids(&conn);
            check_unmatched_imports(&conn);
            if from < 6 {
                check_merged_v5(&conn);
            }
            check_images_v7(&conn);
            check_idle_merging_v12(&conn);
        }
    }

    /// The article index no longer merges as it is written, and the notebook's indexes exist
    /// and hold the live highlights only (the one written before, and a new one).
    fn check_idle_merging_v12(c: &Connection) {
        let automerge: i64 = c
            .query_row("SELECT v FROM search_config WHERE k = 'automerge'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(automerge, 0);
        c.execute_batch(
            "INSERT INTO highlight (id, article_id, start, end, exact, prefix, suffix, color, created_at, updated_at, deleted_at)
               VALUES (2, 1, 4, 5, '。', '钱字', '𠮷😀', 'pink', 'x', 'x', 'x');",
        )
        .unwrap();
        for index in ["highlight_live_by_article", "highlight_live_by_time"] {
            let ids: Vec<i64> = c
                .prepare(&format!(
                    "SELECT id FROM highlight INDEXED BY {index} WHERE deleted_at IS NULL"
                ))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            assert_eq!(ids, vec![1], "{index}");
        }
    }

    /// A library of version 10 gains the index on `url`, and finding a captured link's article
    /// by its canonical link searches that index instead of scanning every article.
    #[test]
    fn a_version_10_library_finds_canonical_links_through_an_index() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v10.db");
        {
            let conn = Connection::open(&path).unwrap();
            migrate_to(&conn, 10).unwrap();
            fill_v1(&conn);
            conn.execute_batch(
                "UPDATE article SET source = 'https://mp.weixin.qq.com/s?__biz=1&sn=算力',
                                    url = 'https://mp.weixin.qq.com/s/算力的账本' WHERE id = 1;",
            )
            .unwrap();
        }
        let conn = open(&path).unwrap();
        let found = live_article_by_link(&conn, "https://mp.weixin.qq.com/s/算力的账本").unwrap();
        assert_eq!(found, Some(1));
        assert_eq!(live_article_by_link(&conn, "https://mp.weixin.qq.com/s/别的").unwrap(), None);
        let mut stmt =
            conn.prepare(&format!("EXPLAIN QUERY PLAN {}", articles::LIVE_BY_URL)).unwrap();
        let plan: Vec<String> = stmt
            .query_map(["https://mp.weixin.qq.com/s/算力的账本"], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(
            plan.iter().any(|d| d.contains("USING INDEX article_by_url")),
            "the lookup scans: {plan:?}"
        );
        assert!(!plan.iter().any(|d| d.contains("TEMP B-TREE")), "{plan:?}");
    }

    /// Every history of the trash index ends in one index, `article_trashed` on the deletion
    /// time: a library as the landed migrations 12 and 14 made it (`article_trashed` on the id,
    /// `article_in_trash` on the time) and one made by the builds in between, whose migration
    /// 14 named the index on the time `article_trashed`.
    #[test]
    fn every_trash_index_history_ends_in_one_index_on_the_deletion_time() {
        let made_in_between = "DROP INDEX article_trashed; DROP INDEX article_in_trash;
             CREATE INDEX article_trashed ON article(deleted_at) WHERE deleted_at IS NOT NULL;";
        for (from, adjust) in [(16, ""), (20, ""), (16, made_in_between)] {
            let conn = Connection::open_in_memory().unwrap();
            migrate_to(&conn, from).unwrap();
            if from == 16 && adjust.is_empty() {
                let sql: String = conn
                    .query_row(
                        "SELECT sql FROM sqlite_master WHERE name = 'article_trashed'",
                        [],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert!(sql.contains("(id)"), "{sql}");
            }
            conn.execute_batch(adjust).unwrap();
            migrate(&conn).unwrap();
            let trash: Vec<(String, String)> = conn
                .prepare(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index'
                       AND tbl_name = 'article' AND sql LIKE '%deleted_at IS NOT NULL%'",
                )
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            assert_eq!(trash.len(), 1, "from {from}: {trash:?}");
            assert_eq!(trash[0].0, "article_trashed");
            assert!(trash[0].1.contains("article(deleted_at)"), "from {from}: {trash:?}");
        }
    }

    /// A synced library from before images synced has its articles with images marked, so
    /// that the next round writes their lists into their documents; the others are not. Its
    /// articles remember their first text from their next update on.
    #[test]
    fn a_synced_version_14_library_sends_its_image_lists_and_keeps_first_texts() {
        let conn = Connection::open_in_memory().unwrap();
        migrate_to(&conn, 14).unwrap();
        fill_v1(&conn);
        conn.execute_batch(
            "INSERT INTO article (id, title, format, content_hash, chars, imported_at, updated_at)
               VALUES (2, '芯片', 'text', 'h2', 2, 'x', 'x');
             INSERT INTO image_blob (hash, format, bytes, width, height, data)
               VALUES ('ab', 'png', 1, 1, 1, x'00');
             INSERT INTO article_image (article_id, ordinal, position, hash, src)
               VALUES (1, 0, 0, 'ab', 'a.png'), (1, 1, 0, NULL, 'b.png');
             INSERT INTO sync_device (only, device_id, name, folder, joined_at)
               VALUES (1, 'd', '书房', '/f', 'x');",
        )
        .unwrap();
        migrate(&conn).unwrap();
        let dirty: Vec<i64> = conn
            .prepare("SELECT article_id FROM sync_dirty")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(dirty, vec![1]);
        conn.execute("INSERT INTO sync_image (device, hash) VALUES ('d', 'ab')", []).unwrap();
        // The text an article had before its first update is remembered, and kept after.
        let first = |c: &Connection| -> Option<String> {
            c.query_row("SELECT first_hash FROM article WHERE id = 1", [], |r| r.get(0)).unwrap()
        };
        assert_eq!(first(&conn), None);
        for next in ["h3", "h4"] {
            conn.execute("UPDATE article SET content_hash = ?1 WHERE id = 1", [next]).unwrap();
            assert_eq!(first(&conn).as_deref(), Some("h"));
        }
    }

    /// An article from before images were kept has none, and can be given some.
    fn check_images_v7(c: &Connection) {
        assert!(article_images(c, 1).unwrap().is_empty());
        let blob = Blob { hash: "ab", format: "png", width: 4, height: 3, data: b"png bytes" };
        insert_blob(c, &blob).unwrap();
        let img = crate::model::ArticleImage {
            ordinal: 0,
            position: 1,
            hash: Some("ab".into()),
            format: None,
            bytes: 0,
            width: 0,
            height: 0,
            alt: "算力图".into(),
            caption: "图1".into(),
            src: "https://example.com/a.png".into(),
            error: None,
        };
        replace_article_images(c, 1, &[img]).unwrap();
        let got = article_images(c, 1).unwrap();
        assert_eq!((got[0].format.as_deref(), got[0].bytes, got[0].width), (Some("png"), 9, 4));
        assert_eq!(got[0].alt, "算力图");
        assert_eq!(image_blob(c, "ab").unwrap().unwrap().1, b"png bytes");
    }

    /// Writes with the version-1 columns only, as a Zhaji of that version would.
    fn fill_v1(c: &Connection) {
        c.execute_batch(
            "INSERT INTO article (id, title, format, content_hash, chars, imported_at, updated_at)
               VALUES (1, '算力的账本', 'text', 'h', 7, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO passage (article_id, ordinal, kind, level, start, end, text)
               VALUES (1, 0, 'paragraph', 0, 0, 7, '一个钱字。𠮷😀');
             INSERT INTO highlight (id, article_id, start, end, exact, prefix, suffix, color, created_at, updated_at)
               VALUES (1, 1, 2, 4, '钱字', '一个', '。𠮷😀', 'blue', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO note (article_id, highlight_id, body, created_at, updated_at)
               VALUES (1, 1, '批注', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO tag (id, name, created_at) VALUES (1, 'topic/算力', '2026-01-01T00:00:00Z');
             INSERT INTO highlight_tag VALUES (1, 1);
             INSERT INTO setting VALUES ('color.blue', '论点');",
        )
        .unwrap();
    }

    /// A note restored into the highlight's newer note, as versions 1 to 5 recorded it: the word
    /// 'merged' in its `deleted_at`.
    fn fill_merged_v5(c: &Connection) {
        c.execute_batch(
            "INSERT INTO note (id, article_id, highlight_id, body, created_at, updated_at, deleted_at)
               VALUES (7, 1, 1, '旧批注', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'merged');",
        )
        .unwrap();
    }

    /// The merged note names the note that holds its text, has a time in `deleted_at`, stays
    /// out of the trash's list, and goes when the trash is emptied.
    fn check_merged_v5(c: &Connection) {
        let (into, at): (Option<i64>, String) = c
            .query_row("SELECT merged_into, deleted_at FROM note WHERE id = 7", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        let live = live_note_on(c, 1, Some(1)).unwrap().unwrap();
        assert_eq!((into, at.as_str()), (Some(live.id), "2026-01-02T00:00:00Z"));
        assert!(trash(c).unwrap().is_empty());
        assert_eq!(item_deleted(c, ItemRef { kind: ItemKind::Note, id: 7 }).unwrap(), Some(true));
        assert_eq!(empty_trash(c).unwrap(), 1);
        assert_eq!(live_note_on(c, 1, Some(1)).unwrap().unwrap().body, "批注");
    }

    /// The list of unmatched imports exists after the upgrade and keeps what is put in it.
    fn check_unmatched_imports(c: &Connection) {
        let u = crate::annotations::UnmatchedImport {
            id: 0,
            format: "kindle".into(),
            quote: "这本书不在库里。".into(),
            note: Some("批注".into()),
            tags: vec!["书".into(), "topic/阅读".into()],
            color: None,
            created: Some("2023-04-11T10:30:00Z".into()),
            modified: None,
            location: Some("location 5-6".into()),
            title: Some("不存在的书".into()),
            author: None,
            url: None,
            imported_at: "2026-01-01T00:00:00Z".into(),
        };
        let id = insert_unmatched(c, &u).unwrap();
        assert_eq!(
            unmatched_imports(c).unwrap(),
            vec![crate::annotations::UnmatchedImport { id, ..u }]
        );
    }

    /// Every article, highlight, note, tag and claim has a distinct version 4 UUID, those
    /// written before the version that added them included, and a new row gets one too.
    fn check_uuids(c: &Connection) {
        c.execute_batch(
            "INSERT INTO claim (text, created_at, updated_at) VALUES ('算力决定一切', 'x', 'x');",
        )
        .unwrap();
        let mut all = Vec::new();
        for table in ["article", "highlight", "note", "tag", "claim"] {
            let mut stmt = c.prepare(&format!("SELECT uuid FROM {table}")).unwrap();
            let got: Vec<Option<String>> =
                stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
            assert!(!got.is_empty(), "{table}");
            for u in got {
                let u = u.unwrap_or_else(|| panic!("a {table} without a uuid"));
                let parsed = uuid::Uuid::parse_str(&u).unwrap();
                assert_eq!(parsed.get_version_num(), 4, "{u}");
                assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122, "{u}");
                assert_eq!(u, u.to_lowercase());
                all.push(u);
            }
        }
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "uuids repeat");
        let h = highlight(c, 1).unwrap().unwrap().0;
        assert_eq!(h.uuid.len(), 36);
        assert_eq!(article_summary(c, 1).unwrap().unwrap().uuid.len(), 36);
    }

    fn check_v1(c: &Connection) {
        let h = highlight(c, 1).unwrap().unwrap().0;
        assert_eq!(h.anchor.exact, "钱字");
        assert_eq!(h.tags, vec!["topic/算力"]);
        assert_eq!(h.color, crate::model::Color::Blue);
        assert_eq!(live_note_on(c, 1, Some(1)).unwrap().unwrap().body, "批注");
        assert_eq!(passages(c, 1).unwrap()[0].text, "一个钱字。𠮷😀");
        assert_eq!(setting(c, "color.blue").unwrap().as_deref(), Some("论点"));
        assert_eq!(article_summary(c, 1).unwrap().unwrap().meta.title, "算力的账本");
        let keys: (Vec<u8>, Vec<u8>) = c
            .query_row(
                "SELECT a.sort_key, t.sort_key FROM article a, tag t WHERE a.id = 1 AND t.id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let want = (crate::collate::sort_key("算力的账本"), crate::collate::sort_key("topic/算力"));
        assert_eq!(keys, want);
    }

    /// `data_version` stays for this connection's own writes and reads, and changes when another
    /// connection commits.
    #[test]
    fn data_version_changes_for_other_connections_commits_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let mine = open(&path).unwrap();
        let other = open(&path).unwrap();
        let v0 = data_version(&mine).unwrap();
        fill_v1(&mine);
        assert_eq!(data_version(&mine).unwrap(), v0);
        other.query_row("SELECT count(*) FROM article", [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(data_version(&mine).unwrap(), v0);
        other.execute("UPDATE article SET title = '新' WHERE id = 1", []).unwrap();
        assert_ne!(data_version(&mine).unwrap(), v0);
    }

    /// Keys made another way (an older ICU4X) are made again at the next open, and only then.
    #[test]
    fn sort_keys_made_another_way_are_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        {
            let conn = open(&path).unwrap();
            fill_v1(&conn);
            conn.execute_batch(
                "UPDATE article SET sort_key = x'00'; UPDATE setting SET value = 'old' WHERE key = 'sort.keys';",
            )
            .unwrap();
            assert!(needs_writing(&conn).unwrap());
        }
        let conn = open(&path).unwrap();
        assert!(!needs_writing(&conn).unwrap());
        let key: Vec<u8> =
            conn.query_row("SELECT sort_key FROM article WHERE id = 1", [], |r| r.get(0)).unwrap();
        assert_eq!(key, crate::collate::sort_key("算力的账本"));
    }
}
