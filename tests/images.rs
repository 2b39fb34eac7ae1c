//! Images kept in the library: a saved page's `_files`, remote images through a fetcher,
//! `data:` URIs, EPUB images; their places among the passages, the trash, backups and export.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use zhaji::{ErrorKind, ExportOptions, ItemKind, ItemRef, Library};

/// The saved page of the fixtures, copied into `dir` (the page and its `_files` folder).
pub(crate) fn saved_page(dir: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/saved-page");
    let files = dir.join("算力之争_files");
    std::fs::create_dir_all(&files).unwrap();
    for e in std::fs::read_dir(from.join("算力之争_files")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), files.join(e.file_name())).unwrap();
    }
    let page = dir.join("算力之争.html");
    std::fs::copy(from.join("算力之争.html"), &page).unwrap();
    page
}

/// A PNG's signature and header: enough for its format and size to be read.
pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
    b.extend_from_slice(b"IHDR");
    b.extend_from_slice(&width.to_be_bytes());
    b.extend_from_slice(&height.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b
}

#[test]
fn a_saved_page_keeps_its_images_in_place_with_chinese_alt_and_captions() {
    let dir = tempfile::tempdir().unwrap();
    let page = saved_page(dir.path());
    let mut lib = Library::open(&dir.path().join("lib.zhaji")).unwrap();
    let out = lib.import_file(&page).unwrap();
    let a = lib.article(out.article.id).unwrap();
    let imgs = &a.images;
    // The 1×1 pixel is dropped; the missing file stays as a placeholder.
    assert_eq!(imgs.len(), 5, "{imgs:#?}");
    let chart = &imgs[0];
    assert_eq!(chart.format.as_deref(), Some("png"));
    assert_eq!((chart.width, chart.height), (480, 270));
    assert_eq!(chart.alt, "训练算力逐年上升的柱状图");
    assert_eq!(chart.caption, "图1：2021—2025年前沿模型训练算力（示意）");
    assert_eq!(chart.hash.as_ref().unwrap().len(), 64);
    assert_eq!(imgs[1].format.as_deref(), Some("jpeg"));
    assert_eq!(imgs[1].caption, "图2：某地新建的智算中心机房");
    assert_eq!(imgs[2].format.as_deref(), Some("svg"));
    assert_eq!((imgs[2].width, imgs[2].height), (360, 120));
    // The same bytes twice: one stored image.
    assert_eq!(imgs[3].hash, chart.hash);
    assert_eq!(imgs[4].hash, None);
    assert!(imgs[4].error.as_deref().unwrap().contains("not found"));
    assert!(out.warnings.iter().any(|w| w.contains("missing.png")), "{:?}", out.warnings);

    // Each image stands before the passage that follows it in the page.
    let before = |i: usize| &a.passages[imgs[i].position as usize].text;
    // A figure with a caption shows the caption once, not its alt text as well.
    assert_eq!(before(0), "图1：2021—2025年前沿模型训练算力（示意）");
    assert!(a.passages[imgs[0].position as usize - 1].text.starts_with("过去五年"));
    assert_eq!(before(1), "图2：某地新建的智算中心机房");
    assert!(!a.text.contains("训练算力逐年上升的柱状图"));
    assert_eq!(before(2), "推理流程示意图");

    // The text is what it was before images were kept: alt texts and captions as passages.
    assert!(a.text.contains("图1：2021—2025年前沿模型训练算力（示意）"));
    for p in &a.passages {
        assert!(!p.text.is_empty());
    }
    let (format, bytes) = lib.image(chart.hash.as_ref().unwrap()).unwrap();
    assert_eq!(format, "png");
    assert_eq!(bytes.len() as u32, chart.bytes);
    assert!(bytes.starts_with(b"\x89PNG"));
}

#[test]
fn remote_images_come_through_the_fetcher_and_a_failure_never_fails_the_import() {
    let html = r#"<html><head><title>公众号文章</title></head><body><div id="js_content">
        <p>第一段：关于芯片出口的讨论已经持续了很久，各方观点分歧明显，本文整理了其中的主要论点。</p>
        <p><img data-src="https://mmbiz.qpic.cn/a/640?wx_fmt=png" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="出口数据"></p>
        <p>第二段：从供应链的角度看，替代方案正在出现，但成熟度和良率仍有差距，需要时间验证。</p>
        <p><img srcset="https://img.example/s.png 480w, https://img.example/l.png 1080w" src="https://img.example/s.png"></p>
        <p><img src="https://track.example/p.gif"></p>
        <p><img src="https://img.example/gone.png" alt="已删除"></p>
        <p>第三段：结论是短期内格局难以改变，长期则取决于研发投入与人才储备。</p>
        </div></body></html>"#;
    let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = asked.clone();
    let fetcher = move |url: &str, _page: Option<&str>| -> Result<Vec<u8>, String> {
        log.lock().unwrap().push(url.to_owned());
        match url {
            "https://mmbiz.qpic.cn/a/640?wx_fmt=png" => Ok(png(640, 360)),
            "https://img.example/l.png" => Ok(png(1080, 600)),
            "https://track.example/p.gif" => Ok(png(1, 1)),
            _ => Err("HTTP 404".into()),
        }
    };
    let mut lib = Library::open_in_memory().unwrap();
    lib.set_image_fetcher(Arc::new(fetcher));
    let out = lib.import_pasted_html(html).unwrap();
    let a = lib.article(out.article.id).unwrap();
    let got: Vec<(Option<u32>, &str)> =
        a.images.iter().map(|i| (i.hash.as_ref().map(|_| i.width), i.alt.as_str())).collect();
    assert_eq!(got, [(Some(640), "出口数据"), (Some(1080), ""), (None, "已删除")]);
    assert_eq!(a.images[2].error.as_deref(), Some("HTTP 404"));
    assert!(out.warnings.iter().any(|w| w.contains("gone.png") && w.contains("HTTP 404")));
    // data-src won over the placeholder in src; srcset's largest candidate was fetched.
    let asked = asked.lock().unwrap();
    assert!(!asked.iter().any(|u| u.contains("s.png")), "{asked:?}");
}

#[test]
fn without_a_fetcher_remote_images_are_placeholders_and_nothing_is_reported() {
    let html = r#"<html><body><article><p>一段足够长的正文，讲述模型评测的方法与局限，以及为什么榜单分数不能说明一切。</p>
        <img src="https://img.example/a.png" alt="评测榜单"></article></body></html>"#;
    let mut lib = Library::open_in_memory().unwrap();
    let out = lib.import_pasted_html(html).unwrap();
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let a = lib.article(out.article.id).unwrap();
    assert_eq!(a.images.len(), 1);
    assert_eq!(a.images[0].src, "https://img.example/a.png");
    assert_eq!(a.images[0].hash, None);
}

#[test]
fn trash_restore_and_purge_keep_or_remove_images() {
    let dir = tempfile::tempdir().unwrap();
    let page = saved_page(dir.path());
    let mut lib = Library::open(&dir.path().join("lib.zhaji")).unwrap();
    let id = lib.import_file(&page).unwrap().article.id;
    let a = lib.article(id).unwrap();
    let hashes: Vec<String> = a.images.iter().filter_map(|i| i.hash.clone()).collect();
    // A second article showing the chart only.
    let other = format!(
        "<html><body><article><p>另一篇文章也用了同一张图，作为对照，讨论训练成本的另一种估算方法。</p><img src=\"data:image/png;base64,{}\"></article></body></html>",
        base64_of(&std::fs::read(dir.path().join("算力之争_files/chart.png")).unwrap())
    );
    let other_id = lib.import_pasted_html(&other).unwrap().article.id;
    assert_eq!(lib.article(other_id).unwrap().images[0].hash.as_ref(), Some(&hashes[0]));

    let item = ItemRef { kind: ItemKind::Article, id };
    lib.delete(item).unwrap();
    for h in &hashes {
        assert!(lib.image(h).is_ok(), "an article in the trash keeps its images");
    }
    lib.restore(item).unwrap();
    assert_eq!(lib.article(id).unwrap().images, a.images);

    lib.delete(item).unwrap();
    lib.empty_trash().unwrap();
    assert!(lib.image(&hashes[0]).is_ok(), "still shown by the other article");
    for h in hashes.iter().filter(|h| **h != hashes[0]) {
        assert_eq!(lib.image(h).map(|_| ()).unwrap_err().kind(), ErrorKind::NotFound);
    }
}

#[test]
fn a_backup_holds_the_images() {
    let dir = tempfile::tempdir().unwrap();
    let page = saved_page(dir.path());
    let mut lib = Library::open(&dir.path().join("lib.zhaji")).unwrap();
    let id = lib.import_file(&page).unwrap().article.id;
    let hash = lib.article(id).unwrap().images[1].hash.clone().unwrap();
    let copy = dir.path().join("copy.zhaji");
    lib.backup(Some(&copy)).unwrap();
    drop(lib);
    let restored = Library::open(&copy).unwrap();
    let (format, bytes) = restored.image(&hash).unwrap();
    assert_eq!((format.as_str(), bytes.len()), ("jpeg", 8228));
}

#[test]
fn export_writes_the_attachments_and_links_them() {
    let dir = tempfile::tempdir().unwrap();
    let page = saved_page(dir.path());
    let mut lib = Library::open(&dir.path().join("lib.zhaji")).unwrap();
    let id = lib.import_file(&page).unwrap().article.id;
    let a = lib.article(id).unwrap();
    let vault = dir.path().join("vault");
    // Every article, also one without highlights (the default exports only annotated ones).
    let all = ExportOptions { all: true, ..Default::default() };
    let report = lib.export_markdown(&vault, &all).unwrap();
    let md = std::fs::read_to_string(&report.files[0].path).unwrap();
    let chart = a.images[0].hash.clone().unwrap();
    let link = format!("![训练算力逐年上升的柱状图](attachments/{chart}.png)");
    assert!(md.contains(&link), "{md}");
    assert!(md.contains("*图1：2021—2025年前沿模型训练算力（示意）*"), "{md}");
    assert!(md.contains("Image not kept"), "{md}");
    let files: Vec<String> = std::fs::read_dir(vault.join("attachments"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 3, "one file per stored image: {files:?}");
    let written = std::fs::read(vault.join(format!("attachments/{chart}.png"))).unwrap();
    assert_eq!(written, std::fs::read(dir.path().join("算力之争_files/chart.png")).unwrap());
    // One article alone exports its images too.
    let one = dir.path().join("one");
    lib.export_markdown(&one, &ExportOptions { articles: vec![id], ..Default::default() }).unwrap();
    assert!(one.join(format!("attachments/{chart}.png")).is_file());
}

#[test]
fn an_epub_keeps_its_images() {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let files: [(&str, Vec<u8>); 5] = [
        ("mimetype", b"application/epub+zip".to_vec()),
        ("META-INF/container.xml", br#"<?xml version="1.0"?><container><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#.to_vec()),
        ("OEBPS/content.opf", br#"<?xml version="1.0"?><package version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><metadata><dc:title>Book</dc:title></metadata><manifest><item id="c1" href="text/c1.xhtml" media-type="application/xhtml+xml"/><item id="i1" href="img/fig.png" media-type="image/png"/></manifest><spine><itemref idref="c1"/></spine></package>"#.to_vec()),
        ("OEBPS/text/c1.xhtml", "<html><body><h1>第一章</h1><p>正文第一段。</p><p><img src=\"../img/fig.png\" alt=\"插图一\"/></p><p>正文第二段。</p></body></html>".as_bytes().to_vec()),
        ("OEBPS/img/fig.png", png(200, 100)),
    ];
    for (name, data) in &files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("图书.epub");
    std::fs::write(&path, bytes).unwrap();
    let mut lib = Library::open_in_memory().unwrap();
    let id = lib.import_file(&path).unwrap().article.id;
    let a = lib.article(id).unwrap();
    assert_eq!(a.images.len(), 1);
    assert_eq!((a.images[0].width, a.images[0].alt.as_str()), (200, "插图一"));
    assert_eq!(a.images[0].src, "OEBPS/img/fig.png");
    assert_eq!(a.passages[a.images[0].position as usize].text, "插图一");
}

#[test]
fn show_json_lists_the_images() {
    let dir = tempfile::tempdir().unwrap();
    let page = saved_page(dir.path());
    let db = dir.path().join("lib.zhaji");
    crate::cli::ok(&db, &["import", page.to_str().unwrap()]);
    let out = crate::cli::ok(&db, &["show", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &v["images"][0];
    assert_eq!(first["type"], "png");
    assert_eq!(first["width"], 480);
    assert_eq!(first["height"], 270);
    assert_eq!(first["bytes"], 6141);
    assert_eq!(first["alt"], "训练算力逐年上升的柱状图");
    assert!(first["hash"].as_str().unwrap().len() == 64);
    assert!(first["position"].as_u64().unwrap() > 0);
    let text = crate::cli::ok(&db, &["show", "1"]);
    assert!(
        text.contains("▣ image 1 (png, 480×270, 6141 bytes): 训练算力逐年上升的柱状图 — 图1"),
        "{text}"
    );
}

pub(crate) fn base64_of(bytes: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A Markdown file's images: files beside it (Chinese names, percent-encoded or not, in a
/// subfolder), a remote one through the fetcher; never a file outside its folder, whether by
/// `../`, an absolute path or a link to another folder.
#[test]
fn a_markdown_file_keeps_the_images_beside_it_and_never_one_outside() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("笔记");
    std::fs::create_dir_all(notes.join("图片")).unwrap();
    std::fs::write(notes.join("图片/算力曲线.png"), png(640, 360)).unwrap();
    std::fs::write(notes.join("示意图.png"), png(320, 200)).unwrap();
    let outside = dir.path().join("外面.png");
    std::fs::write(&outside, png(100, 100)).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path(), notes.join("链接")).unwrap();
    let md = format!(
        "# 算力的账本\n\n训练算力每年翻几番，下面的图说明了这一点。\n\n\
         ![算力曲线](图片/算力曲线.png \"图1\")\n\n\
         如图![示意](./%E7%A4%BA%E6%84%8F%E5%9B%BE.png)所示，电力是约束。\n\n\
         ![远程图](https://mmbiz.qpic.cn/x/640?wx_fmt=png)\n\n\
         ![外面的图](../外面.png)\n\n![绝对路径](<{}>)\n\n![链接的图](链接/外面.png)\n\n\
         ![缺失的图](图片/不存在.png)\n\n结尾一段。\n",
        outside.display()
    );
    let file = notes.join("算力.md");
    std::fs::write(&file, md).unwrap();
    let asked = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = asked.clone();
    let mut lib = Library::open(&dir.path().join("lib.zhaji")).unwrap();
    lib.set_image_fetcher(Arc::new(move |url: &str, _page: Option<&str>| {
        log.lock().unwrap().push(url.to_owned());
        Ok(png(1080, 600))
    }));
    let out = lib.import_file(&file).unwrap();
    let a = lib.article(out.article.id).unwrap();
    let got: Vec<(&str, Option<u32>)> =
        a.images.iter().map(|i| (i.alt.as_str(), i.hash.as_ref().map(|_| i.width))).collect();
    assert_eq!(
        got,
        [
            ("算力曲线", Some(640)),
            ("示意", Some(320)),
            ("远程图", Some(1080)),
            ("外面的图", None),
            ("绝对路径", None),
            ("链接的图", None),
            ("缺失的图", None)
        ]
    );
    for refused in &a.images[3..6] {
        let why = refused.error.as_deref().unwrap();
        assert!(why.contains("leads out of the document's folder"), "{}: {why}", refused.alt);
    }
    assert!(a.images[6].error.as_deref().unwrap().contains("not found"));
    assert_eq!(*asked.lock().unwrap(), ["https://mmbiz.qpic.cn/x/640?wx_fmt=png"]);
    // An image alone in its paragraph stands before its caption; one inside a sentence after it.
    let at = |i: usize| a.passages[a.images[i].position as usize].text.as_str();
    assert_eq!(at(0), "算力曲线");
    assert_eq!(at(1), "远程图");
    assert_eq!(a.passages[a.images[1].position as usize - 1].text, "如图示意所示，电力是约束。");
    assert!(out.warnings.iter().any(|w| w.contains("../外面.png")), "{:?}", out.warnings);
    // The text is the same as without images: captions and the alt inside the sentence.
    assert!(a.text.contains("算力曲线\n如图示意所示"), "{}", a.text);
    // Read again from its file, the article keeps its images.
    std::fs::write(notes.join("图片/算力曲线.png"), png(800, 450)).unwrap();
    lib.refresh_from_source(a.summary.id, &Default::default()).unwrap();
    let again = lib.article(a.summary.id).unwrap();
    assert_eq!(again.images[0].width, 800);
    assert_eq!(again.images[1].hash, a.images[1].hash);
}
