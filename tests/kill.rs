//! The command line killed with SIGKILL in the middle of an import, an update or an export, at
//! points drawn from a fixed seed: after every kill the library opens, SQLite and FTS5 find it
//! sound, and every write the command line acknowledged (exit 0) before the kill is there.
//!
//! Whether a kill lands before, during or after a command's writes varies with the machine;
//! no assertion depends on it. A command that finished before its kill counts as acknowledged.

use crate::cli::ok;
use crate::images::png;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KILLS: u64 = 6;
/// Files in each folder an import is killed in.
const FILES: usize = 40;

/// SplitMix64: small and seedable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Version `v` of the long article: every revision note up to `v`, so a newer version still
/// holds an older one's note.
fn long_article(v: u64) -> String {
    let mut s = String::from("# 算力的账本\n\n算力、场景、文本的堆砌归根结底是一个钱字。\n\n");
    for k in 0..=v {
        s.push_str(&format!("修订{k}：补充了第{k}版的数据。\n\n"));
    }
    for p in 0..600 {
        s.push_str(&format!("第{p}段：大模型的训练成本、推理芯片与数据中心的电费。\n\n"));
    }
    s
}

/// SQLite's own check and FTS5's check of both index tables.
fn assert_sound(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let found: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(found, "ok");
    for table in ["search", "search_marks"] {
        conn.execute(&format!("INSERT INTO {table} ({table}) VALUES ('integrity-check')"), [])
            .unwrap_or_else(|e| panic!("FTS5 integrity-check of {table}: {e}"));
    }
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(db, args)).unwrap()
}

#[test]
fn killed_imports_updates_and_exports_lose_no_acknowledged_write() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("札记.db");
    let article = tmp.path().join("账本.md");
    std::fs::write(&article, long_article(0)).unwrap();
    ok(&db, &["--create", "import", article.to_str().unwrap()]);
    ok(&db, &["highlight", "1", "--quote", "一个钱字", "--tag", "主题/算力"]);

    let mut rng = Rng(0x5EED_2026_1206);
    let mut tags = BTreeSet::new();
    let mut titles = BTreeSet::new();
    let mut version = 0;
    for i in 0..KILLS {
        let args: Vec<String> = match i % 3 {
            0 => {
                let folder = tmp.path().join(format!("文件夹{i}"));
                std::fs::create_dir(&folder).unwrap();
                for f in 0..FILES {
                    let title = format!("第{i}批第{f}篇");
                    let body = format!("{title}的正文谈芯片出口与算力价格。\n\n").repeat(40);
                    std::fs::write(folder.join(format!("{f}.md")), format!("# {title}\n\n{body}"))
                        .unwrap();
                }
                vec!["import".into(), folder.display().to_string()]
            }
            1 => {
                let file = tmp.path().join(format!("账本{i}.md"));
                std::fs::write(&file, long_article(i)).unwrap();
                vec!["update".into(), "1".into(), file.display().to_string()]
            }
            _ => {
                let out = tmp.path().join(format!("导出{i}"));
                vec!["export".into(), "--out".into(), out.display().to_string()]
            }
        };
        let delay = Duration::from_millis(rng.next() % 500);
        let mut child = Command::new(env!("CARGO_BIN_EXE_zhaji"))
            .arg("--db")
            .arg(&db)
            .args(&args)
            .env_remove("ZHAJI_DB")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let finished = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() >= delay {
                child.kill().unwrap();
                child.wait().unwrap();
                break None;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let how = if finished.is_some() { "finished first" } else { "killed" };
        eprintln!("{} after up to {delay:?}: {how}", args[0]);
        // A command that ended by itself before its kill was acknowledged.
        if let Some(status) = finished {
            assert!(status.success(), "zhaji {args:?} failed on its own");
            match i % 3 {
                0 => {
                    for f in 0..FILES {
                        titles.insert(format!("第{i}批第{f}篇"));
                    }
                }
                1 => version = i,
                _ => {}
            }
        }
        assert_sound(&db);
        // A short write after each kill, acknowledged.
        let tag = format!("第{i}次");
        ok(&db, &["tag", "article", "1", &tag]);
        tags.insert(tag);
    }

    assert_sound(&db);
    let listed = json(&db, &["tags", "--json"]);
    let names: BTreeSet<String> =
        listed.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().into()).collect();
    assert!(names.is_superset(&tags), "{names:?} lacks some of {tags:?}");
    assert!(names.contains("主题/算力"));
    let shown = json(&db, &["show", "1", "--json"]);
    assert_eq!(shown["highlights"].as_array().unwrap().len(), 1, "{}", shown["highlights"]);
    assert!(shown["text"].as_str().unwrap().contains(&format!("修订{version}：")));
    let listed = json(&db, &["articles", "--json"]);
    let present: BTreeSet<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["meta"]["title"].as_str().unwrap().into())
        .collect();
    assert!(present.is_superset(&titles), "acknowledged imports lost");
    let found = json(&db, &["search", "一个钱字", "--json"]);
    assert!(found["total"].as_u64().unwrap() >= 1, "{found}");
}

/// What a reader sees of a library, from the command line: every article's title, text,
/// highlights (UUID, quote, tags, note), tags, and claims with their evidence.
fn seen_by_reader(db: &Path) -> serde_json::Value {
    let listed = json(db, &["articles", "--json"]);
    let mut articles: Vec<serde_json::Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let shown = json(db, &["show", &a["id"].to_string(), "--json"]);
            let mut marks: Vec<String> = shown["highlights"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| format!("{} {} {} {}", h["uuid"], h["anchor"]["exact"], h["tags"], h["note"]["body"]))
                .collect();
            marks.sort();
            let images: Vec<String> = shown["images"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| format!("{} {} {}", i["hash"], i["alt"], i["width"]))
                .collect();
            serde_json::json!({ "title": a["meta"]["title"], "tags": a["tags"], "text": shown["text"], "marks": marks, "images": images })
        })
        .collect();
    articles.sort_by_key(|a| a.to_string());
    let tags = json(db, &["tags", "--json"]);
    let mut names: Vec<String> =
        tags.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_owned()).collect();
    names.sort();
    let listed = json(db, &["claim", "list", "--json"]);
    let mut claims: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let shown = json(db, &["claim", "show", &c["id"].to_string(), "--json"]);
            let mut evidence: Vec<String> = shown["supporting"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| format!("{} {}", e["highlight"]["uuid"], e["note"]))
                .collect();
            evidence.sort();
            format!("{} {} {evidence:?}", c["uuid"], c["text"])
        })
        .collect();
    claims.sort();
    serde_json::json!({ "articles": articles, "tags": names, "claims": claims })
}

/// Runs `zhaji --db DB ARGS`, killed after `delay` unless it ends first; gives whether it ended
/// by itself (and then it must have succeeded).
fn run_or_kill(db: &Path, args: &[String], delay: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhaji"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZHAJI_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "zhaji {args:?} failed on its own");
            return true;
        }
        if started.elapsed() >= delay {
            child.kill().unwrap();
            child.wait().unwrap();
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn killed_writes_and_sync_rounds_leave_two_devices_equal_with_nothing_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("同步");
    let (a, b) = (tmp.path().join("甲.db"), tmp.path().join("乙.db"));
    let article = tmp.path().join("账本.md");
    std::fs::write(&article, long_article(0)).unwrap();
    ok(&a, &["--create", "import", article.to_str().unwrap()]);
    ok(&a, &["highlight", "1", "--quote", "一个钱字", "--tag", "主题/算力"]);
    ok(&a, &["sync", "init", shared.to_str().unwrap(), "--name", "甲"]);
    ok(&b, &["--create", "sync", "init", shared.to_str().unwrap(), "--name", "乙"]);

    let mut rng = Rng(0x5EED_2026_5E4C);
    let mut tags = BTreeSet::new();
    let mut claims = BTreeSet::new();
    for i in 0..KILLS {
        // A kill during a write (an import of a folder) or during a sync round, on either side.
        let (db, args): (&Path, Vec<String>) = match i % 3 {
            0 => {
                let folder = tmp.path().join(format!("文件夹{i}"));
                std::fs::create_dir(&folder).unwrap();
                for f in 0..FILES {
                    let body = format!("第{i}批第{f}篇的正文谈芯片出口。\n\n").repeat(20);
                    // An image of its own, so that rounds write and read image files too.
                    let side = |n: usize| 10 + n as u32;
                    std::fs::write(folder.join(format!("{f}.png")), png(side(i as usize), side(f)))
                        .unwrap();
                    std::fs::write(
                        folder.join(format!("{f}.md")),
                        format!("# 第{i}批第{f}篇\n\n![图{f}]({f}.png)\n\n{body}"),
                    )
                    .unwrap();
                }
                (&a, vec!["import".into(), folder.display().to_string()])
            }
            1 => (&a, vec!["sync".into()]),
            _ => (&b, vec!["sync".into()]),
        };
        let delay = Duration::from_millis(rng.next() % 400);
        let ended = run_or_kill(db, &args, delay);
        eprintln!(
            "{args:?} after up to {delay:?}: {}",
            if ended { "finished first" } else { "killed" }
        );
        assert_sound(db);
        // A short write after each kill, acknowledged, on the side that was killed.
        let tag = format!("第{i}次");
        ok(db, &["tag", "article", "1", &tag]);
        tags.insert(tag);
        // And a claim citing the first highlight (id 1 on both sides: B's came first).
        let made = json(db, &["claim", "create", &format!("第{i}次的论断"), "--json"]);
        ok(db, &["claim", "link", &made["id"].to_string(), "1", "--note", "证据"]);
        claims.insert(format!("第{i}次的论断"));
    }
    for db in [&a, &b, &a, &b] {
        ok(db, &["sync"]);
    }
    let (seen_a, seen_b) = (seen_by_reader(&a), seen_by_reader(&b));
    assert_eq!(seen_a, seen_b, "the two devices diverged");
    let names: BTreeSet<String> =
        seen_a["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_owned()).collect();
    assert!(names.is_superset(&tags), "{names:?} lacks some of {tags:?}");
    assert!(names.contains("主题/算力"));
    let made: BTreeSet<String> = seen_a["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .filter(|c| c.contains("证据"))
        .collect();
    assert_eq!(made.len(), claims.len(), "{made:?} lacks some of {claims:?}");
    assert!(claims.iter().all(|c| made.iter().any(|m| m.contains(c.as_str()))));
    let shown: Vec<&serde_json::Value> = seen_a["articles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["images"].as_array().unwrap())
        .collect();
    assert!(!shown.is_empty(), "no image was imported");
    assert!(shown.iter().all(|i| !i.as_str().unwrap().starts_with("null")), "{shown:?}");
}
