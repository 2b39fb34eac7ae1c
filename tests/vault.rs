//! Exporting to a folder the reader also writes in: re-exports never destroy the reader's words.

use crate::library::doc;
use std::path::{Path, PathBuf};
use zhaji::*;

const ZH: [&str; 3] = [
    "算力、场景、文本的堆砌归根结底是一个钱字。",
    "早在2018年，谷歌便提出超大规模预训练语言模型BERT。",
    "数据中心的电力成本决定了模型的价格。",
];

fn setup() -> (tempfile::TempDir, Library, Id, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("library.db")).unwrap();
    let id = lib.import_document(doc("大模型的下半场", &ZH), None).unwrap().article.id;
    let out = dir.path().join("vault");
    (dir, lib, id, out)
}

fn mark(lib: &mut Library, id: Id, quote: &str) -> Highlight {
    lib.create_highlight(&HighlightSpec {
        article_id: id,
        range: None,
        quote: Some(quote.into()),
        occurrence: None,
        color: Color::Yellow,
        tags: vec![],
        note: None,
    })
    .unwrap()
}

fn export(lib: &mut Library, out: &Path) -> ExportReport {
    lib.export_markdown(out, &ExportOptions::default()).unwrap()
}

fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn rename(lib: &mut Library, id: Id, title: &str) {
    lib.set_article_meta(id, &ArticleMetaPatch { title: Some(title.into()), ..Default::default() })
        .unwrap();
}

/// The repro: the reader's own `改名后的标题.md`, an article renamed to that title,
/// an export: the reader's file is untouched, the article's file has another name, and the
/// report says which file kept the name.
#[test]
fn a_file_zhaji_did_not_write_is_never_touched() {
    let (_d, mut lib, id, out) = setup();
    mark(&mut lib, id, "一个钱字");
    let first = export(&mut lib, &out);
    let old = PathBuf::from(&first.files[0].path);
    assert_eq!(old.file_name().unwrap(), "大模型的下半场.md");
    let mine = out.join("改名后的标题.md");
    std::fs::write(&mine, "# 我自己的笔记\n\n不要动它。\n").unwrap();
    rename(&mut lib, id, "改名后的标题");
    let report = export(&mut lib, &out);
    assert_eq!(read(&mine), "# 我自己的笔记\n\n不要动它。\n");
    let f = &report.files[0];
    assert_eq!(f.name_taken_by.as_deref(), Some(mine.to_str().unwrap()));
    assert_ne!(PathBuf::from(&f.path), mine);
    assert!(read(&f.path).contains("一个钱字"));
    // It moved: the old name is gone.
    assert!(!old.exists());
    assert_eq!(f.moved_from.as_deref(), Some(old.to_str().unwrap()));
}

/// Export, write in the file (between highlights and at the end), highlight more, export
/// again: every word of the reader's is there, and so is the new highlight.
#[test]
fn the_readers_words_survive_a_re_export() {
    let (_d, mut lib, id, out) = setup();
    let h1 = mark(&mut lib, id, "一个钱字");
    mark(&mut lib, id, "数据中心的电力成本");
    let report = export(&mut lib, &out);
    let path = PathBuf::from(&report.files[0].path);
    let text = read(&path);
    // A thought under the first highlight, one at the end, and a changed title line.
    let edited = text
        .replacen(
            &format!("^zh-{}\n", h1.id),
            &format!("^zh-{}\n\n我的想法：钱是核心。\n", h1.id),
            1,
        )
        .replace("# 大模型的下半场\n", "# 大模型的下半场（读后）\n")
        + "\n## 我的总结\n\n电力才是瓶颈。\n";
    std::fs::write(&path, &edited).unwrap();
    // More in the app: a new highlight between the two, a note on the first, a tag.
    mark(&mut lib, id, "谷歌便提出");
    lib.set_highlight_note(h1.id, "重要").unwrap();
    lib.add_tag(ItemRef { kind: ItemKind::Article, id }, "topic/算力").unwrap();
    let again = export(&mut lib, &out);
    assert_eq!(again.files[0].status, ExportStatus::Merged);
    assert!(again.conflicts.is_empty());
    let merged = read(&path);
    for words in
        ["我的想法：钱是核心。", "# 大模型的下半场（读后）", "## 我的总结", "电力才是瓶颈。"]
    {
        assert!(merged.contains(words), "lost {words:?}:\n{merged}");
    }
    for new in ["谷歌便提出", "重要", "topic/算力"] {
        assert!(merged.contains(new), "missing {new:?}:\n{merged}");
    }
    assert!(!merged.contains("<<<<<<<"), "{merged}");
    // Nothing changed since: the next export leaves the file as it is.
    let third = export(&mut lib, &out);
    assert_eq!(third.files[0].status, ExportStatus::Unchanged);
    assert!(!third.files[0].written);
    assert_eq!(read(&path), merged);
}

/// The reader and Zhaji changed the same line (a note): both versions stay, marked, and the
/// report lists the file.
#[test]
fn a_conflict_keeps_both_versions_and_is_reported() {
    let (_d, mut lib, id, out) = setup();
    let h = mark(&mut lib, id, "一个钱字");
    lib.set_highlight_note(h.id, "原来的批注").unwrap();
    let path = PathBuf::from(&export(&mut lib, &out).files[0].path);
    std::fs::write(&path, read(&path).replace("原来的批注", "读者改过的批注")).unwrap();
    lib.set_highlight_note(h.id, "应用里改过的批注").unwrap();
    let report = export(&mut lib, &out);
    assert_eq!(report.files[0].status, ExportStatus::Conflicted);
    assert_eq!(report.conflicts, vec![path.display().to_string()]);
    let text = read(&path);
    assert!(text.contains("读者改过的批注") && text.contains("应用里改过的批注"), "{text}");
    assert!(
        text.contains("<<<<<<< your version\n") && text.contains(">>>>>>> Zhaji's new export\n")
    );
}

/// A renamed article's file moves, with what the reader wrote in it; a file the reader renamed
/// keeps the reader's name.
#[test]
fn renamed_articles_move_their_file_and_the_readers_additions_go_with_it() {
    let (_d, mut lib, id, out) = setup();
    mark(&mut lib, id, "一个钱字");
    let old = PathBuf::from(&export(&mut lib, &out).files[0].path);
    std::fs::write(&old, read(&old) + "\n读者的补充。\n").unwrap();
    rename(&mut lib, id, "算力的账本");
    let report = export(&mut lib, &out);
    let new = out.join("算力的账本.md");
    assert_eq!(PathBuf::from(&report.files[0].path), new);
    assert!(!old.exists());
    let text = read(&new);
    assert!(text.contains("读者的补充。") && text.contains("# 算力的账本"), "{text}");

    // The reader renames the file: Zhaji keeps using that name.
    let theirs = out.join("我的文件名.md");
    std::fs::rename(&new, &theirs).unwrap();
    mark(&mut lib, id, "谷歌便提出");
    let report = export(&mut lib, &out);
    assert_eq!(PathBuf::from(&report.files[0].path), theirs);
    assert!(!new.exists());
    let text = read(&theirs);
    assert!(text.contains("读者的补充。") && text.contains("谷歌便提出"), "{text}");
}

/// A killed export's temporary files are removed by the next export; one young enough to
/// belong to an export running now is left.
#[test]
fn stale_temporary_files_are_removed() {
    let (_d, mut lib, _id, out) = setup();
    std::fs::create_dir_all(&out).unwrap();
    let stale = out.join(".zhaji-abc123.tmp");
    let young = out.join(".zhaji-def456.tmp");
    std::fs::write(&stale, "半截").unwrap();
    std::fs::write(&young, "正在写").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&stale).unwrap().set_modified(old).unwrap();
    let report = export(&mut lib, &out);
    assert_eq!(report.removed_temp_files, 1);
    assert!(!stale.exists());
    assert!(young.exists());
}

/// A copy of an exported file (same UUID) is the reader's: only the original is updated.
#[test]
fn a_copy_of_an_exported_file_is_the_readers() {
    let (_d, mut lib, id, out) = setup();
    mark(&mut lib, id, "一个钱字");
    let path = PathBuf::from(&export(&mut lib, &out).files[0].path);
    let copy = out.join("大模型的下半场 副本.md");
    std::fs::copy(&path, &copy).unwrap();
    let before = read(&copy);
    mark(&mut lib, id, "谷歌便提出");
    let report = export(&mut lib, &out);
    assert_eq!(PathBuf::from(&report.files[0].path), path);
    assert!(read(&path).contains("谷歌便提出"));
    assert_eq!(read(&copy), before);
}

/// The exported file names the article and each highlight by UUID, and those links resolve.
#[test]
fn exported_links_resolve_to_what_they_name() {
    let (_d, mut lib, id, out) = setup();
    let h = mark(&mut lib, id, "一个钱字");
    let report = export(&mut lib, &out);
    let text = read(&report.files[0].path);
    let article = lib.article(id).unwrap();
    let link = format!("zhaji://highlight/{}", h.uuid);
    assert!(text.contains(&link), "{text}");
    assert!(text.contains(&format!("zhaji_uuid: \"{}\"", article.summary.uuid)), "{text}");
    let target = lib.resolve_link(&link).unwrap();
    assert_eq!(target.article_id, id);
    assert_eq!(target.title, "大模型的下半场");
    assert_eq!(target.highlight_id, Some(h.id));
    assert_eq!(target.text.as_deref(), Some("一个钱字"));
    assert_eq!(target.passage.as_deref(), Some(ZH[0]));
    let whole = lib.resolve_link(&format!("zhaji://article/{}", article.summary.uuid)).unwrap();
    assert_eq!((whole.article_id, whole.highlight_id), (id, None));
    assert_eq!(
        lib.resolve_link("zhaji://highlight/00000000-0000-4000-8000-000000000000")
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        lib.resolve_link("https://example.com").unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
}

/// A reader's template, in Readwise's variable names, and a file-name template.
#[test]
fn a_readers_template_and_file_name_template() {
    let (_d, mut lib, id, out) = setup();
    let h = mark(&mut lib, id, "一个钱字");
    lib.set_highlight_note(h.id, "钱是核心").unwrap();
    lib.add_tag(ItemRef { kind: ItemKind::Highlight, id: h.id }, "观点 争议").unwrap();
    let template = "# {{ title }}\n{% for highlight in highlights %}\n- {{ highlight.text }}（{{ highlight.color_name }}，位置 {{ highlight.location }}）{% for t in highlight.tags %} #{{ t }}{% endfor %} [链接]({{ highlight.link }}) ^{{ highlight.block_id }}\n  - 批注：{{ highlight.note }}\n{% endfor %}\nzhaji_uuid: {{ uuid }}\n";
    let opts = ExportOptions {
        articles: vec![],
        template: Some(template.into()),
        filename_template: Some("读书笔记 - {{ title }}".into()),
        ..Default::default()
    };
    let report = lib.export_markdown(&out, &opts).unwrap();
    let path = PathBuf::from(&report.files[0].path);
    assert_eq!(path.file_name().unwrap(), "读书笔记 - 大模型的下半场.md");
    let uuid = lib.article(id).unwrap().summary.uuid;
    assert_eq!(
        read(&path),
        format!(
            "# 大模型的下半场\n- 一个钱字（key point，位置 {}） #观点_20_争议 [链接](zhaji://highlight/{}) ^zh-{}\n  - 批注：钱是核心\nzhaji_uuid: {uuid}\n",
            h.anchor.start, h.uuid, h.id
        )
    );
}

/// A template error names the template and the line, and nothing is written.
#[test]
fn template_errors_name_the_line() {
    let (_d, mut lib, id, out) = setup();
    mark(&mut lib, id, "一个钱字");
    let opts = ExportOptions {
        articles: vec![],
        template: Some(
            "# {{ title }}\n\n{% for h in highlights %}\n{{ h.text }\n{% endfor %}\n".into(),
        ),
        filename_template: None,
        ..Default::default()
    };
    let e = lib.export_markdown(&out, &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("export template, line 4"), "{e}");
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
    let opts = ExportOptions {
        articles: vec![],
        template: None,
        filename_template: Some("{{ title | nosuchfilter }}".into()),
        ..Default::default()
    };
    let e = lib.export_markdown(&out, &opts).unwrap_err();
    assert!(e.to_string().contains("file-name template, line 1"), "{e}");
}

/// `zhaji export --watch` exports at once, then again after the library changes elsewhere.
#[test]
fn export_watch_keeps_the_folder_up_to_date() {
    let (d, mut lib, id, out) = setup();
    mark(&mut lib, id, "一个钱字");
    drop(lib);
    let db = d.path().join("library.db");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zhaji"))
        .arg("--db")
        .arg(&db)
        .args(["export", "--watch", "--debounce", "100", "--out"])
        .arg(&out)
        .env_remove("ZHAJI_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let file = out.join("大模型的下半场.md");
    let wait_for = |what: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            if std::fs::read_to_string(&file).is_ok_and(|t| t.contains(what)) {
                return true;
            }
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    let first = wait_for("一个钱字");
    let mut lib = Library::open(&db).unwrap();
    mark(&mut lib, id, "谷歌便提出");
    let second = wait_for("谷歌便提出");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(first, "the first export never came");
    assert!(second, "the change was never exported");
}

/// `zhaji open LINK` prints what a link from an exported file points to.
#[test]
fn zhaji_open_prints_what_a_link_points_to() {
    let (d, mut lib, id, out) = setup();
    let h = mark(&mut lib, id, "一个钱字");
    lib.set_highlight_note(h.id, "钱是核心").unwrap();
    let report = export(&mut lib, &out);
    drop(lib);
    let text = read(&report.files[0].path);
    let start = text.find("zhaji://highlight/").unwrap();
    let link = &text[start..start + "zhaji://highlight/".len() + 36];
    let db = d.path().join("library.db");
    let printed = crate::cli::ok(&db, &["open", link]);
    assert!(printed.contains("大模型的下半场"), "{printed}");
    assert!(printed.contains(&format!("highlight {}", h.id)), "{printed}");
    assert!(printed.contains("text: 一个钱字"), "{printed}");
    assert!(printed.contains(&format!("passage: {}", ZH[0])), "{printed}");
    assert!(printed.contains("note: 钱是核心"), "{printed}");
    let json: serde_json::Value =
        serde_json::from_str(&crate::cli::ok(&db, &["--json", "open", link])).unwrap();
    assert_eq!(json["article_id"], id);
    assert_eq!(json["text"], "一个钱字");
    let shown: serde_json::Value =
        serde_json::from_str(&crate::cli::ok(&db, &["--json", "show", &id.to_string()])).unwrap();
    assert_eq!(shown["highlights"][0]["uuid"], h.uuid.as_str());
    let err =
        crate::cli::fails(&db, &["open", "zhaji://highlight/00000000-0000-4000-8000-000000000000"]);
    assert!(err.contains("nothing in this library"), "{err}");
}

/// A kept folder waits for the library to move and then to stay still: a burst of edits makes
/// one export, and nothing is due while nothing changes.
#[test]
fn a_kept_folder_is_exported_once_after_a_burst_of_changes() {
    use std::time::{Duration, Instant};
    let quiet = Duration::from_millis(500);
    let t0 = Instant::now();
    let at = |ms: u64| t0 + Duration::from_millis(ms);
    let mut d = Debounce::new(7, quiet);
    assert!(!d.due(7, at(0)));
    assert!(!d.due(7, at(5_000)), "nothing changed");
    assert!(!d.due(8, at(5_100)), "changed: wait for quiet");
    assert!(!d.due(9, at(5_400)), "changed again: the wait starts over");
    assert!(!d.due(9, at(5_800)));
    assert!(d.due(9, at(5_900)), "quiet for 500 ms");
    assert!(!d.due(9, at(9_000)), "due once per change");
    assert!(!d.due(10, at(9_100)));
    assert!(d.due(10, at(9_600)));
}

/// The kept folder is a setting of the library: it survives reopening, a missing folder or a
/// bad template is refused before anything is kept, and it can be cleared.
#[test]
fn the_kept_folder_is_kept_in_the_library() {
    let (dir, mut lib, _, out) = setup();
    let kept = KeptFolder {
        dir: out.display().to_string(),
        options: ExportOptions { lang: export::ExportLang::Zh, ..Default::default() },
    };
    assert_eq!(lib.kept_folder().unwrap(), None);
    let err = lib.set_kept_folder(Some(&kept)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    std::fs::create_dir_all(&out).unwrap();
    let bad = KeptFolder {
        options: ExportOptions { template: Some("{{ title }\n".into()), ..Default::default() },
        ..kept.clone()
    };
    assert!(lib.set_kept_folder(Some(&bad)).is_err());
    assert_eq!(lib.kept_folder().unwrap(), None);
    lib.set_kept_folder(Some(&kept)).unwrap();
    drop(lib);
    let mut lib = Library::open(&dir.path().join("library.db")).unwrap();
    assert_eq!(lib.kept_folder().unwrap(), Some(kept));
    lib.set_kept_folder(None).unwrap();
    assert_eq!(lib.kept_folder().unwrap(), None);
}

/// What the status line shows after an export into a kept folder: files written and the files
/// with conflicts, or why it failed.
#[test]
fn a_kept_folders_status_lists_conflicts_and_errors() {
    let (_dir, mut lib, id, out) = setup();
    let h = mark(&mut lib, id, "归根结底");
    let first = export(&mut lib, &out);
    let ok = KeptFolderStatus::new("v", &Ok(first.clone()));
    assert_eq!((ok.written, ok.conflicts.len(), ok.error), (1, 0, None));
    // The reader and the app change the same note line: a conflict, listed.
    let path = &first.files[0].path;
    lib.set_highlight_note(h.id, "应用里的批注").unwrap();
    export(&mut lib, &out);
    let text = read(path).replace("应用里的批注", "读者改的批注");
    std::fs::write(path, text).unwrap();
    lib.set_highlight_note(h.id, "应用里又改了").unwrap();
    let report = lib.export_markdown(&out, &ExportOptions::default());
    let s = KeptFolderStatus::new("v", &report);
    assert_eq!(s.conflicts, vec![path.to_string()], "{s:?}");
    let bad = ExportOptions { template: Some("{% if %}".into()), ..Default::default() };
    let s = KeptFolderStatus::new("v", &lib.export_markdown(&out, &bad));
    assert!(s.error.is_some_and(|e| e.contains("line")), "template errors name the line");
}

/// The preview of a template is the file an export would write, and writes nothing; an error
/// in the template names its line.
#[test]
fn a_template_preview_renders_one_article_and_names_the_line_of_an_error() {
    let (_dir, mut lib, id, out) = setup();
    mark(&mut lib, id, "归根结底");
    let opts = ExportOptions {
        template: Some(
            "# {{ title }}\n{% for h in highlights %}- {{ h.text }}\n{% endfor %}".into(),
        ),
        ..Default::default()
    };
    let p = lib.preview_export(id, &opts).unwrap();
    assert_eq!(p.file_name, "大模型的下半场.md");
    assert_eq!(p.text, "# 大模型的下半场\n- 归根结底\n");
    assert!(!out.exists(), "a preview writes nothing");
    let bad = ExportOptions {
        template: Some("# {{ title }}\n\n{% for h in highlights %}\n- {{ h.text }\n".into()),
        ..Default::default()
    };
    let err = lib.preview_export(id, &bad).unwrap_err();
    assert!(err.message().contains("line 4"), "{err}");
}

/// How often `needle` occurs in `text`.
fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

/// A library that joins the sync folder `folder` as `name`.
fn device(dir: &Path, name: &str, folder: &Path) -> Library {
    let mut lib = Library::open(&dir.join(format!("{name}.db"))).unwrap();
    lib.sync_init(folder, name, None).unwrap();
    lib
}

fn sync_both(a: &mut Library, b: &mut Library) {
    for _ in 0..2 {
        a.sync().unwrap();
        b.sync().unwrap();
    }
}

/// Two devices whose libraries sync export, in turn, into one vault folder that the reader
/// syncs too. Each device's rendering differs from the other's (rowids), and neither has the
/// other's merge base: each takes the other's files for Zhaji's (replaced when unedited, merged
/// over the base the folder keeps when the reader wrote in them), and no line of the reader's
/// is lost or doubled.
#[test]
fn two_devices_exporting_into_one_synced_vault_take_each_others_files_for_zhajis() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sync");
    let (mut a, mut b) = (device(dir.path(), "a", &folder), device(dir.path(), "b", &folder));
    // B's rowids differ from A's: an article of its own comes first.
    b.import_document(doc("另一篇", &["与此无关的一段。"]), None).unwrap();
    let on_a = a.import_document(doc("大模型的下半场", &ZH), None).unwrap().article.id;
    let en = ["Power is the price of a model.", "Chips are the other half of it."];
    let en_a = a.import_document(doc("The second half", &en), None).unwrap().article.id;
    mark(&mut a, on_a, "一个钱字");
    mark(&mut a, en_a, "price of a model");
    sync_both(&mut a, &mut b);
    let out = dir.path().join("vault");

    let first = export(&mut a, &out);
    assert_eq!(first.files.len(), 2);
    let zh_path = PathBuf::from(&first.files.iter().find(|f| f.article_id == on_a).unwrap().path);
    let en_path = PathBuf::from(&first.files.iter().find(|f| f.article_id == en_a).unwrap().path);
    let from_a = read(&zh_path);
    // B replaces A's files with its own rendering: unedited, they are Zhaji's.
    let second = export(&mut b, &out);
    assert_eq!(second.files.len(), 2, "{second:?}");
    assert!(second.files.iter().all(|f| f.status == ExportStatus::Updated), "{second:?}");
    let from_b = read(&zh_path);
    assert_ne!(from_a, from_b, "the two renderings differ (rowids)");
    assert!(zhaji::export::stamp::is_unedited(&from_b), "{from_b}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2 + 1, "two notes and .zhaji");

    // The reader writes in both files; each device then brings something new.
    let zh_words = "\n## 我的想法\n\n钱之外，电费才是关键。\n";
    let en_words = "\n## My thoughts\n\nThe price follows the power bill.\n";
    std::fs::write(&zh_path, read(&zh_path) + zh_words).unwrap();
    std::fs::write(&en_path, read(&en_path) + en_words).unwrap();
    mark(&mut a, on_a, "谷歌便提出");
    sync_both(&mut a, &mut b);
    let en_b = b.articles(&ListOptions::default()).unwrap();
    let en_b = en_b.iter().find(|s| s.meta.title == "The second half").unwrap().id;
    mark(&mut b, en_b, "the other half");
    sync_both(&mut a, &mut b);
    for name in ["a", "b", "a again"] {
        let lib = if name == "b" { &mut b } else { &mut a };
        let report = export(lib, &out);
        assert!(report.conflicts.is_empty(), "{name}: {report:?}");
        let (zh, en) = (read(&zh_path), read(&en_path));
        for (text, words, quotes) in [
            (&zh, zh_words, ["一个钱字", "谷歌便提出"]),
            (&en, en_words, ["price of a model", "the other half"]),
        ] {
            assert_eq!(count(text, words), 1, "{name}: the reader's words once:\n{text}");
            for q in quotes {
                assert_eq!(count(text, q), 1, "{name}: {q} once:\n{text}");
            }
            assert_eq!(count(text, "zhaji_id:"), 1, "{name}: one front matter:\n{text}");
            assert_eq!(count(text, "zhaji_hash:"), 1, "{name}:\n{text}");
            assert!(!text.contains("<<<<<<<"), "{name}:\n{text}");
        }
    }
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2 + 1, "no second file for either");
}

/// A library restored from a backup exports into the folder its later self kept: what that
/// later self wrote (a note made after the backup) is recognised as Zhaji's, not as the reader's,
/// and goes; what the reader wrote stays.
#[test]
fn a_restored_library_takes_what_its_later_self_exported_for_zhajis() {
    let (d, mut lib, id, out) = setup();
    let en = ["Power is the price of a model.", "Chips are the other half of it."];
    let en_id = lib.import_document(doc("The second half", &en), None).unwrap().article.id;
    let h = mark(&mut lib, id, "一个钱字");
    let h_en = mark(&mut lib, en_id, "price of a model");
    let first = export(&mut lib, &out);
    let path_of = |r: &ExportReport, id: Id| {
        PathBuf::from(&r.files.iter().find(|f| f.article_id == id).unwrap().path)
    };
    let (zh_path, en_path) = (path_of(&first, id), path_of(&first, en_id));
    let before = read(&zh_path);
    let backup = d.path().join("backup.db");
    lib.backup(Some(&backup)).unwrap();
    lib.set_highlight_note(h.id, "备份之后写的批注").unwrap();
    lib.set_highlight_note(h_en.id, "written after the backup").unwrap();
    export(&mut lib, &out);
    // The reader writes in the English file, then the backup is restored.
    let mine = "\n## Mine\n\nKept whatever happens.\n";
    std::fs::write(&en_path, read(&en_path) + mine).unwrap();
    lib.restore_backup(&backup).unwrap();
    let report = export(&mut lib, &out);
    assert!(report.conflicts.is_empty(), "{report:?}");
    assert_eq!(read(&zh_path), before, "the later note was Zhaji's: it goes");
    let en_text = read(&en_path);
    assert_eq!(count(&en_text, mine), 1, "{en_text}");
    assert!(!en_text.contains("written after the backup"), "{en_text}");
    assert!(en_text.contains("price of a model"), "{en_text}");
}

/// A file whose stamp names a base that neither this library nor the folder has (the folder's
/// `.zhaji` was removed, then an older backup restored) is still merged, keeping every line of
/// the reader's.
#[test]
fn an_edited_file_whose_base_is_lost_keeps_the_readers_lines() {
    let (d, mut lib, id, out) = setup();
    let h = mark(&mut lib, id, "一个钱字");
    let path = PathBuf::from(&export(&mut lib, &out).files[0].path);
    let backup = d.path().join("backup.db");
    lib.backup(Some(&backup)).unwrap();
    lib.set_highlight_note(h.id, "备份之后写的批注").unwrap();
    export(&mut lib, &out);
    std::fs::write(&path, read(&path) + "\n我自己写的一段。\n").unwrap();
    std::fs::remove_dir_all(out.join(".zhaji")).unwrap();
    lib.restore_backup(&backup).unwrap();
    mark(&mut lib, id, "谷歌便提出");
    let report = export(&mut lib, &out);
    assert!(report.files[0].written, "{report:?}");
    let text = read(&path);
    assert_eq!(count(&text, "我自己写的一段。"), 1, "{text}");
    assert!(text.contains("谷歌便提出") && text.contains("一个钱字"), "{text}");
}

/// The same article imported on two devices is one article once they sync, known by two UUIDs;
/// each device's export finds the file the other wrote under the other UUID.
#[test]
fn an_article_known_by_two_uuids_keeps_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("sync");
    let (mut a, mut b) = (device(dir.path(), "a", &folder), device(dir.path(), "b", &folder));
    let on_a = a.import_document(doc("大模型的下半场", &ZH), None).unwrap().article.id;
    let on_b = b.import_document(doc("大模型的下半场", &ZH), None).unwrap().article.id;
    mark(&mut a, on_a, "一个钱字");
    mark(&mut b, on_b, "谷歌便提出");
    sync_both(&mut a, &mut b);
    let out = dir.path().join("vault");
    let mut uuids = Vec::new();
    for (lib, first) in [(&mut a, true), (&mut b, false)] {
        let report = export(lib, &out);
        assert_eq!(report.files.len(), 1, "{report:?}");
        assert_eq!(report.files[0].status == ExportStatus::Created, first, "{report:?}");
        uuids.push(report.files[0].article_uuid.clone());
    }
    assert_ne!(uuids[0], uuids[1], "each device knows the article by its own UUID");
    let notes: Vec<_> =
        std::fs::read_dir(&out).unwrap().flatten().filter(|e| e.path().is_file()).collect();
    assert_eq!(notes.len(), 1);
    let text = read(notes[0].path());
    assert!(text.contains("一个钱字") && text.contains("谷歌便提出"), "{text}");
}

/// A template's `passage`: the passage each highlight lies in, the same in an export of the
/// library as of one article, for Chinese and English text.
#[test]
fn a_template_shows_the_passage_of_each_highlight() {
    let (_d, mut lib, id, out) = setup();
    let en = ["Power is the price of a model.", "Chips are the other half of it."];
    let en_id = lib.import_document(doc("The second half", &en), None).unwrap().article.id;
    mark(&mut lib, id, "一个钱字");
    mark(&mut lib, en_id, "the other half");
    let template =
        "{{ front_matter }}{% for h in highlights %}\n{{ h.text }} ⟨{{ h.passage }}⟩\n{% endfor %}";
    let opts = ExportOptions { template: Some(template.into()), ..Default::default() };
    let report = lib.export_markdown(&out, &opts).unwrap();
    let one = ExportOptions { articles: vec![id, en_id], ..opts.clone() };
    let alone = out.with_file_name("alone");
    lib.export_markdown(&alone, &one).unwrap();
    let expected =
        [(id, format!("一个钱字 ⟨{}⟩", ZH[0])), (en_id, format!("the other half ⟨{}⟩", en[1]))];
    for (article, line) in expected {
        let f = report.files.iter().find(|f| f.article_id == article).unwrap();
        let text = read(&f.path);
        assert!(text.contains(&line), "{text}");
        assert_eq!(count(&text, "⟨"), 1, "{text}");
        let name = Path::new(&f.path).file_name().unwrap();
        assert_eq!(read(alone.join(name)), text);
        let preview = lib.preview_export(article, &opts).unwrap();
        assert!(preview.text.contains(&line), "{}", preview.text);
    }
}

/// A template's `claims`: each claim the article's highlights bear on, with its evidence and
/// the role of each piece, in the export's language; and each highlight's own `claims`.
#[test]
fn a_template_lists_the_claims_and_their_evidence() {
    use zhaji::debate::types::EvidenceRole;
    let (_d, mut lib, id, out) = setup();
    let money = mark(&mut lib, id, "一个钱字");
    let power = mark(&mut lib, id, "数据中心的电力成本");
    let claim = lib.create_claim("算力的瓶颈是电").unwrap();
    let other = lib.create_claim("Models get cheaper").unwrap();
    lib.link_evidence(claim.id, power.id, EvidenceRole::Supports, None).unwrap();
    lib.link_evidence(claim.id, money.id, EvidenceRole::Opposes, None).unwrap();
    lib.link_evidence(other.id, money.id, EvidenceRole::Context, None).unwrap();
    let template = "{{ front_matter }}{% for c in claims %}\n## {{ c.text_md }}\n{% for e in c.evidence %}- {{ e.role_name }}: {{ e.text }} (^{{ e.block_id }})\n{% endfor %}{% endfor %}{% for h in highlights %}\n{{ h.text }}: {% for c in h.claims %}{{ c.role }} {{ c.text }}; {% endfor %}\n{% endfor %}";
    let opts = ExportOptions {
        template: Some(template.into()),
        lang: export::ExportLang::Zh,
        ..Default::default()
    };
    let report = lib.export_markdown(&out, &opts).unwrap();
    let text = read(&report.files[0].path);
    let expected = format!(
        "---\n## Models get cheaper\n- 背景: 一个钱字 (^zh-{m})\n## 算力的瓶颈是电\n- 反对: 一个钱字 (^zh-{m})\n- 支持: 数据中心的电力成本 (^zh-{p})\n一个钱字: opposes 算力的瓶颈是电; context Models get cheaper; 数据中心的电力成本: supports 算力的瓶颈是电; ",
        m = money.id,
        p = power.id
    );
    assert!(text.ends_with(&expected), "{text}");
}

/// A copy the reader made of an exported file is the reader's, also for a library that did not
/// write the original (it has no base for it): the file with the article's name is the article's.
#[test]
fn a_copy_is_the_readers_for_a_library_that_did_not_write_the_original() {
    let (d, mut lib, id, out) = setup();
    mark(&mut lib, id, "一个钱字");
    let copy = d.path().join("copy.db");
    lib.backup(Some(&copy)).unwrap();
    let path = PathBuf::from(&export(&mut lib, &out).files[0].path);
    let mine = out.join("0 我的副本.md");
    std::fs::copy(&path, &mine).unwrap();
    let before = read(&mine);
    // The same library before it exported: it knows no file of this folder.
    let mut other = Library::open(&copy).unwrap();
    mark(&mut other, id, "谷歌便提出");
    let report = export(&mut other, &out);
    assert_eq!(report.files[0].path, path.display().to_string(), "{report:?}");
    assert!(read(&path).contains("谷歌便提出"));
    assert_eq!(read(&mine), before, "the copy is untouched");
}
