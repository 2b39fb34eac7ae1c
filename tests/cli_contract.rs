//! The command line's contract, run as a process: a failure is one line on stderr and a
//! non-zero exit; `--json` is one JSON document; free text may start with `-`; `--db` never
//! makes a library by mistake; typed values are checked; only regular files are imported.

use crate::cli::{ok, zhaji};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs a failing command; returns its stderr after checking it is exactly one line starting
/// with `zhaji: ` and that the exit status is `code`.
fn one_line_failure(db: &Path, args: &[&str], code: i32) -> String {
    let out = zhaji(db, args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "zhaji {args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "zhaji {args:?} printed more than one line: {stderr}");
    assert!(stderr.starts_with("zhaji: ") && stderr.ends_with('\n'), "{stderr}");
    stderr
}

/// A library with one Chinese article of three passages (id 1).
fn library_with_article(dir: &Path) -> PathBuf {
    let db = dir.join("lib.db");
    let f = dir.join("文章.md");
    std::fs::write(&f, "# 大模型\n\n第一段：算力。\n\n第二段：数据。\n").unwrap();
    ok(&db, &["import", f.to_str().unwrap()]);
    db
}

fn stdout_json(out: &str) -> serde_json::Value {
    // `from_str` refuses trailing data: the whole of stdout is exactly one JSON document.
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not one JSON document ({e}): {out}"))
}

#[test]
fn usage_errors_are_one_line_with_a_hint_at_the_commands_help() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let e = one_line_failure(&db, &["import", "--foo", "a.txt"], 2);
    assert_eq!(e, "zhaji: unknown flag --foo (see zhaji import --help)\n");
    let e = one_line_failure(&db, &["show", "1", "--jsn"], 2);
    assert!(e.contains("unknown flag --jsn; did you mean --json?"), "{e}");
    let e = one_line_failure(&db, &["imprt", "a.txt"], 2);
    assert!(e.contains("unknown command imprt") && e.contains("(see zhaji --help)"), "{e}");
    let e = one_line_failure(&db, &["note", "article"], 2);
    assert!(e.contains("missing") && e.ends_with("(see zhaji note article --help)\n"), "{e}");
    let e = one_line_failure(&db, &["highlight", "1", "--quote", "算力", "--start", "1"], 2);
    assert!(e.contains("(see zhaji highlight --help)"), "{e}");
    let e = one_line_failure(&db, &["show", "第一"], 2);
    assert!(e.contains("invalid value '第一'"), "{e}");
    let e = one_line_failure(&db, &[], 2);
    assert!(e.contains("a command is missing"), "{e}");
    // Nothing was made by a command line that did not parse.
    assert!(!db.exists());
    // Help is not a failure.
    let out = zhaji(&db, &["import", "--help"]);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Usage"));
}

/// Each document that fails is one line naming it; the rest are imported; no summary line.
#[test]
fn a_failed_import_is_one_line_per_document_and_nothing_more() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let good = dir.path().join("好文章.md");
    std::fs::write(&good, "# 算力\n\n钱是一切。\n").unwrap();
    let bin = dir.path().join("二进制.bin");
    std::fs::write(&bin, [0u8, 1, 2, 3, 0, 0, 255, 254, 0]).unwrap();
    let missing = dir.path().join("不存在.txt");
    let out = zhaji(
        &db,
        &["import", bin.to_str().unwrap(), good.to_str().unwrap(), missing.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with("zhaji: ") && lines[0].contains("二进制.bin"), "{stderr}");
    assert!(lines[1].starts_with("zhaji: ") && lines[1].contains("不存在.txt"), "{stderr}");
    assert!(!stderr.contains("could not be imported"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("算力") && stdout.contains("imported"), "{stdout}");
}

/// A message that quotes a long stretch of a document (here a book whose package path is 2 KB
/// of text with line breaks) is cut and escaped to one short line.
#[test]
fn a_long_message_is_one_short_escaped_line() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.db");
    let book = dir.path().join("书.epub");
    let long_name = "大模型的算力\n".repeat(300);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&book).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/epub+zip").unwrap();
    zip.start_file("META-INF/container.xml", stored).unwrap();
    let container = format!(
        "<?xml version=\"1.0\"?><container version=\"1.0\" \
         xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>\
         <rootfile full-path=\"{long_name}.opf\" media-type=\"application/oebps-package+xml\"/>\
         </rootfiles></container>"
    );
    zip.write_all(container.as_bytes()).unwrap();
    zip.finish().unwrap();

    let e = one_line_failure(&db, &["import", book.to_str().unwrap()], 1);
    assert!(e.contains("书.epub"), "{e}");
    assert!(e.chars().count() < 400, "{} characters: {e}", e.chars().count());
    assert!(e.contains("more characters)"), "{e}");

    // A long path with a line break in it, named directly, likewise.
    let weird = format!("/no/such/{}", "算力\n".repeat(400));
    let e = one_line_failure(&db, &["import", &weird], 1);
    assert!(e.contains("算力\\n") && e.chars().count() < 400, "{e}");
}

#[test]
fn free_text_may_start_with_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let db = library_with_article(dir.path());
    ok(&db, &["note", "article", "1", "- 第一点"]);
    ok(&db, &["note", "passage", "1", "2", "-- 页边批注"]);
    ok(&db, &["edit", "1", "--title", "- 破折号开头", "--author", "-佚名"]);
    let h =
        stdout_json(&ok(&db, &["highlight", "1", "--quote", "算力", "--note", "-钱字", "--json"]));
    assert_eq!(h["note"]["body"], "-钱字");
    ok(&db, &["claim", "create", "- 大模型是唯一的正确道路吗"]);
    let a = stdout_json(&ok(&db, &["show", "1", "--json"]));
    assert_eq!(a["summary"]["meta"]["title"], "- 破折号开头");
    assert_eq!(a["summary"]["meta"]["author"], "-佚名");
    let show = ok(&db, &["show", "1"]);
    assert!(show.contains("- 第一点") && show.contains("-- 页边批注"), "{show}");
    let claims = ok(&db, &["claim", "list"]);
    assert!(claims.contains("- 大模型是唯一的正确道路吗"), "{claims}");
    // A query may begin with an exclusion.
    ok(&db, &["search", "-GPT 算力"]);
}

#[test]
fn a_library_is_made_only_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    // A folder that does not exist: refused, and nothing made.
    let typo = dir.path().join("没有这个文件夹").join("lib.db");
    let e = one_line_failure(&typo, &["articles"], 1);
    assert!(e.contains("没有这个文件夹") && e.contains("--create"), "{e}");
    assert!(!typo.parent().unwrap().exists());
    ok(&typo, &["articles", "--create"]);
    assert!(typo.is_file());

    // An empty file is not taken for a library, and stays empty.
    let empty = dir.path().join("空.db");
    std::fs::write(&empty, b"").unwrap();
    let e = one_line_failure(&empty, &["articles"], 1);
    assert!(e.contains("empty file") && e.contains("--create"), "{e}");
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    ok(&empty, &["--create", "articles"]);
    assert!(std::fs::metadata(&empty).unwrap().len() > 0);

    // The same rule for $ZHAJI_DB.
    let out = Command::new(env!("CARGO_BIN_EXE_zhaji"))
        .arg("articles")
        .env("ZHAJI_DB", dir.path().join("无").join("lib.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);

    // The default library in the data folder is still made on first use, folders and all.
    let data = dir.path().join("data");
    let out = Command::new(env!("CARGO_BIN_EXE_zhaji"))
        .arg("articles")
        .env_remove("ZHAJI_DB")
        .env("XDG_DATA_HOME", &data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(data.join("zhaji").join("library.db").is_file());
}

#[test]
fn typed_values_are_checked_before_they_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = library_with_article(dir.path());
    for (args, says) in [
        (&["edit", "1", "--published", "not a date"][..], "not a date"),
        (&["edit", "1", "--published", "2023-02-30"], "not a date"),
        (&["edit", "1", "--published", "二〇二三年"], "not a date"),
        (&["edit", "1", "--url", "javascript:alert(1)"], "http"),
        (&["edit", "1", "--url", "https://"], "http"),
        (&["edit", "1", "--url", "https://example.com/a b"], "spaces"),
        (&["edit", "1", "--title", "两\n行"], "one line"),
        (&["edit", "1", "--author", "作者\u{1b}[31m"], "control characters"),
        (&["tag", "article", "1", "话题\u{1b}]0;title\u{7}"], "control characters"),
        (&["highlight", "1", "--quote", "算力", "--tag", "a\tb"], "control characters"),
        (&["rename-tag", "x", "新\n名"], "control characters"),
    ] {
        let e = one_line_failure(&db, args, 1);
        assert!(e.contains(says), "{args:?}: {e}");
        assert!(!e.contains('\u{1b}'), "{args:?}: the escape reached the terminal: {e}");
    }
    let a = stdout_json(&ok(&db, &["show", "1", "--json"]));
    assert_eq!(a["summary"]["meta"]["published"], serde_json::Value::Null);
    assert_eq!(a["summary"]["meta"]["title"], "大模型");
    assert_eq!(a["highlights"].as_array().unwrap().len(), 0);

    ok(&db, &["edit", "1", "--published", "2024-02-29", "--url", "HTTPS://example.com/文章"]);
    ok(&db, &["edit", "1", "--title", "大模型 · 算力", "--author", "吴坤谚"]);
    ok(&db, &["tag", "article", "1", "topic/算力"]);
    let a = stdout_json(&ok(&db, &["show", "1", "--json"]));
    assert_eq!(a["summary"]["meta"]["published"], "2024-02-29");
    assert_eq!(a["summary"]["meta"]["title"], "大模型 · 算力");
    // An empty value still clears a field.
    ok(&db, &["edit", "1", "--published", ""]);
    let a = stdout_json(&ok(&db, &["show", "1", "--json"]));
    assert_eq!(a["summary"]["meta"]["published"], serde_json::Value::Null);
}

/// A tag stored with a control character (by an older version, or another program) is printed
/// escaped: it cannot drive the terminal.
#[test]
fn tags_print_control_characters_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let db = library_with_article(dir.path());
    {
        let mut lib = zhaji::Library::open(&db).unwrap();
        let item = zhaji::ItemRef { kind: zhaji::ItemKind::Article, id: 1 };
        lib.add_tag(item, "红\u{1b}[31m色").unwrap();
    }
    let out = ok(&db, &["tags"]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("红\\u{1b}[31m色"), "{out}");
    let show = ok(&db, &["show", "1"]);
    assert!(!show.contains('\u{1b}'), "{show:?}");
}

#[test]
fn a_search_limit_beyond_the_maximum_is_an_error_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = library_with_article(dir.path());
    let e = one_line_failure(&db, &["search", "算力", "--limit", "100000"], 1);
    assert!(e.contains("200") && e.contains("100000"), "{e}");
    let e = one_line_failure(&db, &["search", "算力", "--limit", "0"], 1);
    assert!(e.contains("200"), "{e}");
    let r = stdout_json(&ok(&db, &["search", "算力", "--limit", "200", "--json"]));
    assert!(!r["groups"].as_array().unwrap().is_empty(), "{r}");
}

/// Makes a named pipe at `path` with the system's `mkfifo`.
fn mkfifo(path: &Path) {
    let st = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(st.success());
}

/// Runs zhaji, failing the test if it has not ended within `secs` seconds (a command that
/// waits on a pipe never would).
fn zhaji_within(db: &Path, args: &[&str], secs: u64) -> Output {
    let (tx, rx) = std::sync::mpsc::channel();
    let (db, args): (PathBuf, Vec<String>) =
        (db.to_owned(), args.iter().map(|a| a.to_string()).collect());
    std::thread::spawn(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let _ = tx.send(zhaji(&db, &args));
    });
    rx.recv_timeout(std::time::Duration::from_secs(secs))
        .unwrap_or_else(|_| panic!("zhaji did not return within {secs} s"))
}

#[test]
fn a_named_pipe_named_directly_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = library_with_article(dir.path());
    let fifo = dir.path().join("管道.txt");
    mkfifo(&fifo);
    let good = dir.path().join("好.txt");
    std::fs::write(&good, "算力\n\n第二行").unwrap();
    let out = zhaji_within(&db, &["import", fifo.to_str().unwrap(), good.to_str().unwrap()], 30);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("管道.txt") && stderr.contains("named pipe"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported"));
    // Nor as the new version of an article.
    let out = zhaji_within(&db, &["update", "1", fifo.to_str().unwrap()], 30);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

/// A folder of Chinese articles with a subfolder, a link to a file inside, a link to a file and
/// one to a folder outside, a named pipe and a broken link.
fn awkward_folder(root: &Path) -> (PathBuf, PathBuf) {
    let dir = root.join("文章夹");
    std::fs::create_dir_all(dir.join("子目录")).unwrap();
    std::fs::write(dir.join("甲.md"), "# 甲\n\n芯片的价格。\n").unwrap();
    std::fs::write(dir.join("子目录").join("乙.txt"), "乙\n\n数据中心的电费。").unwrap();
    let outside = root.join("外面");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("秘密.txt"), "外面的秘密\n\n不该被导入。").unwrap();
    std::os::unix::fs::symlink(outside.join("秘密.txt"), dir.join("链接到外面.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("外面的文件夹")).unwrap();
    std::os::unix::fs::symlink(dir.join("甲.md"), dir.join("里面的链接.md")).unwrap();
    std::os::unix::fs::symlink(root.join("不存在.md"), dir.join("断开的链接.md")).unwrap();
    mkfifo(&dir.join("管道.md"));
    (dir, outside)
}

/// `import --json` prints one array, one object per document, folders expanded: imported ones
/// with today's fields, skipped ones and failed ones with their path and why.
#[test]
fn import_json_is_one_array_with_every_document_of_files_and_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("lib.db");
    let (dir, _) = awkward_folder(tmp.path());
    let loose = tmp.path().join("单篇.md");
    std::fs::write(&loose, "# 单篇\n\n算力与模型。\n").unwrap();
    let out = zhaji_within(
        &db,
        &["import", loose.to_str().unwrap(), dir.to_str().unwrap(), "--json"],
        60,
    );
    assert_eq!(out.status.code(), Some(1), "the broken link fails");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("断开的链接.md"), "{stderr}");
    let v = stdout_json(&String::from_utf8(out.stdout).unwrap());
    let docs = v.as_array().unwrap();
    let by_name = |name: &str| {
        docs.iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("no {name} in {v}"))
    };
    assert_eq!(by_name("单篇.md")["status"]["type"], "imported");
    assert_eq!(by_name("单篇.md")["article"]["meta"]["title"], "单篇");
    assert_eq!(by_name("甲.md")["status"]["type"], "imported");
    assert_eq!(by_name("乙.txt")["article"]["meta"]["title"], "乙");
    assert_eq!(by_name("里面的链接.md")["status"]["type"], "already_present");
    assert!(by_name("链接到外面.txt")["skipped"].as_str().unwrap().contains("outside"), "{v}");
    assert!(by_name("外面的文件夹")["skipped"].as_str().unwrap().contains("outside"), "{v}");
    assert!(by_name("管道.md")["skipped"].as_str().unwrap().contains("named pipe"), "{v}");
    assert!(by_name("断开的链接.md")["error"].is_string(), "{v}");
    assert_eq!(docs.len(), 8, "{v}");
    // Nothing from outside the folder became an article.
    let list = ok(&db, &["articles"]);
    assert!(!list.contains("外面的秘密"), "{list}");
    assert_eq!(list.lines().count(), 3, "{list}");
}

/// In text, a folder gives its summary line and what it skipped; each failure is one line on
/// stderr.
#[test]
fn a_folder_import_reports_what_it_skipped_and_could_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("lib.db");
    let (dir, _) = awkward_folder(tmp.path());
    // A subfolder without permission (root reads it anyway, so only as another user).
    let locked = dir.join("锁住的");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("丙.md"), "# 丙\n\n锁住的文章。\n").unwrap();
    let as_root = unsafe { libc::geteuid() } == 0;
    if !as_root {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let out = zhaji_within(&db, &["import", dir.to_str().unwrap()], 60);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("skipped") && stdout.contains("链接到外面.txt"), "{stdout}");
    assert!(stdout.contains("外面的文件夹") && stdout.contains("管道.md"), "{stdout}");
    assert!(stdout.contains(" 3 skipped"), "{stdout}");
    assert!(stderr.contains("断开的链接.md"), "{stderr}");
    if as_root {
        assert!(stdout.contains(" 1 failed"), "{stdout}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(stdout.contains(" 2 failed"), "{stdout}");
        assert!(stderr.contains("锁住的") && stderr.contains("permission denied"), "{stderr}");
        assert_eq!(stderr.lines().count(), 2, "{stderr}");
    }

    // The library's own folder report (the app's) lists them too.
    let mut lib = zhaji::Library::open_in_memory().unwrap();
    let r = lib.import_folder(&dir, &mut |_| true).unwrap();
    let skipped: Vec<&str> = r.skipped.iter().map(|f| f.reason.as_str()).collect();
    assert!(
        r.skipped.iter().any(|f| f.path.contains("链接到外面.txt") && f.reason.contains("outside")),
        "{skipped:?}"
    );
    let reasons: Vec<&str> = r.failed.iter().map(|f| f.reason.as_str()).collect();
    assert!(reasons.iter().any(|r| r.contains("断开的链接.md")), "{reasons:?}");
    assert!(!r.failed.iter().any(|f| f.path.ends_with("甲.md")), "{reasons:?}");
    // Each file the walk found has its own result.
    assert!(r.documents.iter().any(|d| d.path.ends_with("甲.md") && d.outcome.is_some()));
}

/// Every `zhaji …` line of the README's code blocks runs, in order, against a scratch library
/// with the files it names, and exits 0.
#[test]
fn every_command_line_example_in_the_readme_runs() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let examples = readme_commands(&readme);
    assert!(examples.len() >= 14, "{examples:#?}");
    assert!(examples.iter().any(|c| c.contains("claim link")), "{examples:#?}");

    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let bin = home.join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_zhaji"), bin.join("zhaji")).unwrap();
    let article = "# 大模型的钱\n\n百度和阿里巴巴都在训练大模型。\n\n\
                   算力、场景、文本的堆砌归根结底是一个钱字。\n\n\
                   OpenAI 的 GPT-4 据说花了 1 亿美元。\n";
    std::fs::write(home.join("article.txt"), article).unwrap();
    std::fs::write(home.join("notes.md"), "# 读书笔记\n\n数据中心的电费越来越贵。\n").unwrap();
    std::fs::write(
        home.join("My Clippings.txt"),
        "\u{feff}大模型的钱 (佚名)\r\n- 您在位置 #3-4的标注 | 添加于 2023年4月11日星期二 上午10:30:00\r\n\r\n\
         百度和阿里巴巴都在加紧训练大模型。\r\n==========\r\n\
         别的书 (佚名)\r\n- Your Highlight on Location 9-9 | Added on Tuesday, April 11, 2023 10:30:00 AM\r\n\r\n\
         一个钱字\r\n==========\r\n",
    )
    .unwrap();
    let v2 = article.replace("都在训练", "都在加紧训练");
    std::fs::write(home.join("article-v2.txt"), v2).unwrap();
    let downloads = home.join("Downloads").join("articles");
    std::fs::create_dir_all(&downloads).unwrap();
    std::fs::write(
        downloads.join("page.html"),
        "<html><head><title>芯片</title></head><body><article><h1>芯片</h1>\
         <p>英伟达的芯片供不应求，价格一路上涨。</p></article></body></html>",
    )
    .unwrap();
    std::fs::write(downloads.join("短文.md"), "# 短文\n\n模型越来越大。\n").unwrap();

    // The web of the examples: one page, reached through a proxy that sends every connection
    // to a local server (whatever host it names), so that nothing leaves the machine.
    let web = crate::serve::Server::start(vec![(
        "/p/42",
        crate::serve::Reply::html(
            "<html><head><title>算力的账本</title></head><body><article><h1>算力的账本</h1>\
             <p>大模型的训练需要大量算力，而算力的尽头是电力。</p></article></body></html>",
        ),
    )]);
    let proxy = crate::serve::Proxy::to(web.addr());

    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    for line in &examples {
        let out = Command::new("sh")
            .arg("-c")
            .arg(line)
            .current_dir(home)
            .env("HOME", home)
            .env("PATH", &path)
            .env("ZHAJI_DB", home.join("library.db"))
            .env("HTTP_PROXY", proxy.url())
            .env_remove("http_proxy")
            .env_remove("HTTPS_PROXY")
            .env_remove("https_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README example failed: {line}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(home.join("brief.md").is_file());
    assert_eq!(proxy.tunnels(), vec!["news.example.cn:80".to_owned()]);
    assert!(home.join("Vault").join("Zhaji").is_dir());
    assert_eq!(std::fs::read_dir(home.join("annotations")).unwrap().count(), 1);
}

/// The lines of the README's fenced code blocks that run `zhaji`, continuation lines joined.
fn readme_commands(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut pending = String::new();
    for line in readme.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            continue;
        }
        if !pending.is_empty() {
            pending.push(' ');
            pending.push_str(line.trim());
        } else if line.trim_start().starts_with("zhaji ") {
            pending = line.trim().to_owned();
        } else {
            continue;
        }
        if pending.ends_with('\\') {
            pending.pop();
        } else {
            out.push(std::mem::take(&mut pending));
        }
    }
    out
}

/// `--json` is accepted by every command, and each prints exactly one JSON document.
#[test]
fn every_command_prints_one_json_document_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = library_with_article(dir.path());
    let f = dir.path().join("新版.md");
    std::fs::write(&f, "# 大模型\n\n第一段：算力。\n\n第二段：更多的数据。\n").unwrap();
    let out = dir.path().join("导出");
    let brief = dir.path().join("简报.md");
    let (f, out, brief) = (f.to_str().unwrap(), out.to_str().unwrap(), brief.to_str().unwrap());
    let commands: &[&[&str]] = &[
        &["update", "1", f],
        &["articles"],
        &["show", "1"],
        &["edit", "1", "--title", "大模型与算力"],
        &["highlight", "1", "--quote", "算力"],
        &["recolor", "1", "blue"],
        &["tag", "highlight", "1", "topic/算力"],
        &["untag", "highlight", "1", "topic/算力"],
        &["tag", "article", "1", "阅读"],
        &["tags"],
        &["rename-tag", "阅读", "已读"],
        &["note", "article", "1", "整篇的批注"],
        &["note", "highlight", "1", "高亮的批注"],
        &["note", "passage", "1", "2", "页边批注"],
        &["note", "edit", "1", "改过的批注"],
        &["note", "article", "1", ""],
        &["delete", "highlight", "1"],
        &["trash"],
        &["restore", "highlight", "1"],
        &["orphans"],
        &["color-label", "blue", "论点"],
        &["color-label", "blue"],
        &["color-label"],
        &["export", "--out", out],
        &["search", "算力"],
        &["reindex"],
        &["claim", "create", "算力决定一切"],
        &["claim", "link", "1", "1", "--role", "against"],
        &["claim", "show", "1"],
        &["claim", "list"],
        &["claim", "rename", "1", "算力几乎决定一切"],
        &["brief", "--claim", "1"],
        &["brief", "--claim", "1", "--out", brief],
        &["claim", "unlink", "1", "1"],
        &["claim", "delete", "1"],
        &["claim", "restore", "1"],
        &["suggest", "--text", "百度的文心一言"],
        &["who", "1"],
        &["taxonomy", "list", "--kind", "model"],
        &["taxonomy", "add", "model", "--zh", "测试模型", "--en", "TestModel"],
        &["empty-trash", "--yes"],
    ];
    for args in commands {
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let printed = ok(&db, &with_json);
        stdout_json(&printed);
    }
    let tags = stdout_json(&ok(&db, &["tags", "--json"]));
    assert!(tags.to_string().contains("已读"), "{tags}");
    let note = stdout_json(&ok(&db, &["note", "article", "1", "", "--json"]));
    assert!(note.is_null(), "{note}");
}
