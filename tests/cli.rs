//! The `zhaji` command line, run as a user would run it.

use std::path::Path;
use std::process::{Command, Output};

pub(crate) fn zhaji(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhaji"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ZHAJI_DB")
        .output()
        .expect("run zhaji")
}

pub(crate) fn ok(db: &Path, args: &[&str]) -> String {
    let out = zhaji(db, args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "zhaji {args:?} failed: {stderr}");
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Runs a failing command; returns its stderr after checking it is one clear line, no panic.
pub(crate) fn fails(db: &Path, args: &[&str]) -> String {
    let out = zhaji(db, args);
    assert!(!out.status.success(), "zhaji {args:?} should fail");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
    assert!(stderr.starts_with("zhaji: "), "{stderr}");
    stderr
}

const QUOTE: &str = "算力、场景、文本的堆砌归根结底是一个钱字";

/// The "done when": import, highlight with a tag and a note, update the article with a
/// paragraph inserted before the passage and a typo fixed elsewhere, export.
#[test]
fn import_highlight_update_and_export_the_seed_article() {
    let seed = crate::corpus_or_skip!("seed/000_4b857f83adbe41b1.txt");
    let gb = crate::corpus_or_skip!("encodings/seed.gb18030.txt");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let work = dir.path().join("seed.txt");
    std::fs::copy(&seed, &work).unwrap();

    let out = ok(&db, &["import", work.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = v[0]["article"]["id"].as_i64().unwrap();
    assert_eq!(v[0]["article"]["meta"]["author"], "吴坤谚");

    // The GB18030 copy has the same text: it is the same article.
    let out = ok(&db, &["import", gb.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["article"]["id"].as_i64(), Some(id));
    assert_eq!(v[0]["status"]["type"], "already_present");
    assert_eq!(v[0]["encoding"], "GB18030");

    let id_s = id.to_string();
    let out = ok(
        &db,
        &[
            "highlight",
            &id_s,
            "--quote",
            QUOTE,
            "--color",
            "blue",
            "--tag",
            "topic/算力",
            "--note",
            "一切归结为**钱**",
            "--json",
        ],
    );
    let h: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hid = h["id"].as_i64().unwrap();
    let old_start = h["anchor"]["start"].as_u64().unwrap();

    // A new version: a paragraph inserted before the passage, a typo fixed elsewhere.
    let text = std::fs::read_to_string(&seed).unwrap();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let at = lines.iter().position(|l| l.contains(QUOTE)).unwrap();
    let inserted = "（编者注：本段为更新时新增的说明，用来检验高亮能否跟上文本的变化。）";
    lines.insert(at, inserted.to_owned());
    let typo = lines.iter().position(|l| l.contains("通义千问")).unwrap();
    lines[typo] = lines[typo].replacen("通义千问", "通义千問", 1);
    std::fs::write(&work, lines.join("\n")).unwrap();

    let out = ok(&db, &["import", work.to_str().unwrap()]);
    assert!(out.contains("updated"), "{out}");
    assert!(out.contains("1 moved") && out.contains("0 orphaned"), "{out}");

    let out = ok(&db, &["show", &id_s, "--json"]);
    let a: serde_json::Value = serde_json::from_str(&out).unwrap();
    let h = a["highlights"].as_array().unwrap().iter().find(|h| h["id"] == hid).unwrap().clone();
    assert_eq!(h["anchor"]["status"], "anchored");
    assert_eq!(h["anchor"]["exact"], QUOTE);
    let new_start = h["anchor"]["start"].as_u64().unwrap();
    assert_eq!(new_start, old_start + inserted.chars().count() as u64 + 1);
    let full: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    let at_new: String =
        full[new_start as usize..new_start as usize + QUOTE.chars().count()].iter().collect();
    assert_eq!(at_new, QUOTE);

    // Text output shows the highlight under its passage.
    let out = ok(&db, &["show", &id_s]);
    assert!(out.contains(&format!("highlight {hid}")) && out.contains("#topic/算力"), "{out}");

    let export = dir.path().join("vault");
    let out = ok(&db, &["export", "--out", export.to_str().unwrap()]);
    assert!(out.contains("wrote"), "{out}");
    let files: Vec<_> = std::fs::read_dir(&export)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(files.len(), 1);
    let md = std::fs::read_to_string(&files[0]).unwrap();
    assert!(md.contains(QUOTE), "{md}");
    assert!(md.contains("#topic/算力"), "{md}");
    assert!(md.contains("一切归结为**钱**"), "{md}");
    assert!(md.contains(&format!("^zh-{hid}")), "{md}");
    // Exporting again changes nothing.
    let out = ok(&db, &["export", "--out", export.to_str().unwrap()]);
    assert!(out.contains("unchanged") && !out.contains("wrote"), "{out}");

    // An article without highlights is left out by default; --all writes it too, and --lang zh
    // writes Chinese headings.
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "没有划线的文章\n\n只有一段正文。").unwrap();
    ok(&db, &["import", plain.to_str().unwrap()]);
    let out = ok(&db, &["export", "--out", export.to_str().unwrap()]);
    assert!(out.contains("unchanged") && !out.contains("wrote"), "{out}");
    let every = dir.path().join("every");
    ok(&db, &["export", "--out", every.to_str().unwrap(), "--all", "--lang", "zh"]);
    let files: Vec<_> = std::fs::read_dir(&every)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    let listed = ok(&db, &["articles", "--json"]);
    let n = serde_json::from_str::<serde_json::Value>(&listed).unwrap().as_array().unwrap().len();
    assert!(n > 1 && files.len() == n, "{} files for {n} articles", files.len());
    let ours = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .find(|m| m.contains(QUOTE))
        .unwrap();
    assert!(ours.contains("## 划线") && !ours.contains("## Highlights"), "{ours}");
}

#[test]
fn tags_notes_trash_and_orphans_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let f = dir.path().join("a.md");
    std::fs::write(&f, "# 大模型\n\n第一段：算力。\n\n第二段：数据。\n").unwrap();
    let out = ok(&db, &["import", f.to_str().unwrap()]);
    assert!(out.starts_with("1  大模型"), "{out}");
    let out = ok(&db, &["highlight", "1", "--quote", "算力", "--color", "2"]);
    assert!(out.contains("highlight 1"), "{out}");
    ok(&db, &["tag", "highlight", "1", "topic/算力", "actor/百度"]);
    ok(&db, &["tag", "article", "1", "reading"]);
    let tags = ok(&db, &["tags"]);
    assert!(tags.contains("topic/算力  (1 highlights, 0 articles)"), "{tags}");
    ok(&db, &["note", "passage", "1", "3", "第二段的批注"]);
    ok(&db, &["note", "article", "1", "整篇批注"]);
    let show = ok(&db, &["show", "1"]);
    assert!(show.contains("note 2: 整篇批注") || show.contains("整篇批注"), "{show}");
    assert!(show.contains("✎ note") && show.contains("第二段的批注"), "{show}");
    let listed = ok(&db, &["articles", "--tag", "topic"]);
    assert!(listed.contains("大模型"), "{listed}");

    ok(&db, &["delete", "highlight", "1"]);
    let trash = ok(&db, &["trash"]);
    assert!(trash.contains("highlight 1  算力"), "{trash}");
    ok(&db, &["restore", "highlight", "1"]);
    assert!(ok(&db, &["trash"]).contains("empty"));
    let e = fails(&db, &["empty-trash"]);
    assert!(e.contains("--yes"), "{e}");
    assert!(ok(&db, &["orphans"]).contains("no orphaned"));

    // Updating with a version that lost the passage orphans the highlight, keeping it.
    let g = dir.path().join("b.md");
    std::fs::write(&g, "# 大模型\n\n第二段：数据。\n").unwrap();
    let out = ok(&db, &["update", "1", g.to_str().unwrap()]);
    assert!(out.contains("1 orphaned"), "{out}");
    let orphans = ok(&db, &["orphans", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&orphans).unwrap();
    assert_eq!(v[0]["anchor"]["exact"], "算力");
    assert_eq!(v[0]["tags"][0], "actor/百度");
}

#[test]
fn failures_are_one_clear_line_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let e = fails(&db, &["import", "/no/such/file.txt"]);
    assert!(e.contains("/no/such/file.txt"), "{e}");
    let bin = dir.path().join("x.bin");
    std::fs::write(&bin, [0u8, 1, 2, 3, 0, 0, 255, 254, 0]).unwrap();
    let e = fails(&db, &["import", bin.to_str().unwrap()]);
    assert!(e.contains("x.bin") && e.contains("not a text document"), "{e}");
    let e = fails(&db, &["show", "42"]);
    assert!(e.contains("no article 42"), "{e}");
    let e = fails(&db, &["highlight", "1", "--start", "0", "--end", "3"]);
    assert!(e.contains("no article 1"), "{e}");
    let e = fails(&db, &["recolor", "1", "mauve"]);
    assert!(e.contains("unknown colour"), "{e}");
    let not_db = dir.path().join("not.db");
    std::fs::write(&not_db, "hello, I am a text file and not a database at all, sorry").unwrap();
    let e = fails(&not_db, &["articles"]);
    assert!(e.contains("not.db"), "{e}");
}

#[test]
fn zhaji_db_chooses_the_library_when_no_flag_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.db");
    let f = dir.path().join("a.md");
    std::fs::write(&f, "English text about compute.\nSecond line.").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_zhaji"))
        .args(["import", f.to_str().unwrap()])
        .env("ZHAJI_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.exists());
}

/// `highlights` lists the notebook across articles, and `search` lists what filters alone select.
#[test]
fn highlights_and_filter_only_search_list_across_articles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.md");
    std::fs::write(&a, "# 算力的账本\n\n算力、场景、文本的堆砌归根结底是一个钱字。\n").unwrap();
    std::fs::write(&b, "# 芯片\n\n英伟达的芯片供不应求，价格一路上涨。\n").unwrap();
    let v: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &["--create", "import", a.to_str().unwrap(), b.to_str().unwrap(), "--json"],
    ))
    .unwrap();
    let (ia, ib) = (v[0]["article"]["id"].to_string(), v[1]["article"]["id"].to_string());
    ok(
        &db,
        &[
            "highlight",
            &ia,
            "--quote",
            "一个钱字",
            "--color",
            "pink",
            "--tag",
            "topic/算力",
            "--note",
            "**钱**",
        ],
    );
    ok(&db, &["highlight", &ib, "--quote", "供不应求", "--color", "blue", "--tag", "topic/芯片"]);
    ok(&db, &["color-label", "pink", "反驳"]);

    let list = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["highlights", "--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&ok(&db, &all)).unwrap()
    };
    let all = list(&[]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["anchor"]["exact"], "供不应求", "newest first");
    assert_eq!(all[0]["article_title"], "芯片");
    assert_eq!(all[0]["article_id"].to_string(), ib);
    assert_eq!(all[1]["note"]["body"], "**钱**");
    assert_eq!(all[1]["tags"][0], "topic/算力");
    assert_eq!(list(&["--tag", "topic"]).as_array().unwrap().len(), 2);
    assert_eq!(list(&["--tag", "topic/算力"])[0]["anchor"]["exact"], "一个钱字");
    assert_eq!(list(&["--color", "反驳"])[0]["color"], "pink");
    assert_eq!(list(&["--has-note"]).as_array().unwrap().len(), 1);
    assert_eq!(list(&["--article", &ib]).as_array().unwrap().len(), 1);
    assert_eq!(list(&["--since", "2999-01-01"]).as_array().unwrap().len(), 0);
    assert_eq!(list(&["--sort", "article"])[0]["article_id"].to_string(), ib);
    let text = ok(&db, &["highlights", "--tag", "topic/芯片"]);
    assert!(text.contains("《芯片》") && text.contains("供不应求"), "{text}");
    assert!(fails(&db, &["highlights", "--color", "赞成"]).contains("赞成"));
    assert!(fails(&db, &["highlights", "--since", "2025-02-30"]).contains("2025-02-30"));

    // A filter alone is a listing, with the search's JSON shape.
    let r: serde_json::Value =
        serde_json::from_str(&ok(&db, &["search", "tag:topic/算力", "--json"])).unwrap();
    assert_eq!(r["total"], 2, "{r}");
    assert_eq!(r["groups"][0]["kind"], "highlight");
    assert_eq!(r["groups"][1]["kind"], "note");
    let text = ok(&db, &["search", "color:反驳"]);
    assert!(text.contains("highlights: 1 (newest first)"), "{text}");
}
