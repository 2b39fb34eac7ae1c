//! Import speed: milliseconds per page over the 28 Readability pages and over the 微信公众号
//! capture pages (wall clock and CPU time of the importing thread), MB/s on a ~5 MB page made
//! by repeating real article content, and a folder of 1,000 web pages (files per second, peak
//! memory from `/proc/self/status` VmHWM), and hostile files against their size (nested and
//! unclosed tags at depths 5k…100k, two million tiny paragraphs, a book of 200 large chapters):
//! each line should grow in proportion to the depth. Run with `cargo bench --bench import`
//! (`cargo bench --bench import -- hostile` for the hostile files only, `-- capture` for the
//! capture pages only), and a page with 30 images, half in its `_files` folder and half remote
//! through a fetcher that answers from memory (`-- images` for that alone), links captured from
//! a local server (`-- link`), and a page with 30 images captured from a local server through
//! real sockets, page and images (`-- link-images`: median and 95th percentile of 21 captures).

#[path = "../tests/serve.rs"]
#[allow(dead_code)]
mod serve;

/// The benchmarks allocate as the command line does (mimalloc: see ARCHITECTURE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;
use std::time::Instant;
use zhaji::import::parse_document;

fn corpus() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/readability");
    p.exists().then_some(p)
}

/// CPU time the calling thread has used, in seconds (`/proc/thread-self/schedstat`).
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

/// The 公众号 pages as served (`../shared/corpus/capture/*/page.html`): import time per page.
fn capture_pages() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/capture");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED: the capture corpus is missing");
        return;
    };
    let mut pages: Vec<(String, Vec<u8>)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("page.html"))
        .filter(|p| p.exists())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    pages.sort();
    let rounds = 5;
    for (name, bytes) in &pages {
        let cpu = thread_cpu_secs().unwrap_or(0.0);
        let t = Instant::now();
        let mut chars = 0;
        for _ in 0..rounds {
            chars =
                std::hint::black_box(parse_document(name, bytes).unwrap()).text().chars().count();
        }
        let wall = t.elapsed().as_secs_f64() / rounds as f64;
        let cpu = (thread_cpu_secs().unwrap_or(0.0) - cpu) / rounds as f64;
        let short = name.rsplit('/').nth(1).unwrap_or(name);
        println!(
            "capture page {short}: {:.1} ms per page ({:.1} ms CPU; {:.0} KB, {chars} characters of text)",
            wall * 1000.0,
            cpu * 1000.0,
            bytes.len() as f64 / 1e3
        );
    }
}

fn vm_hwm_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Milliseconds to import `bytes` as `name` (best of three), and the document's warning count.
fn time_import(name: &str, bytes: &[u8]) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut warnings = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let r = parse_document(name, bytes);
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        warnings = r.map(|d| d.warnings.len()).unwrap_or(0);
    }
    (best, warnings)
}

fn hostile() {
    type Make = fn(usize) -> String;
    let shapes: [(&str, Make); 3] = [
        ("nested <div>", |n| {
            format!("<html><body>{}深{}</body></html>", "<div>".repeat(n), "</div>".repeat(n))
        }),
        ("unclosed <div><span><b>", |n| {
            format!("<html><body>{}</body></html>", "<div><span><b>字".repeat(n))
        }),
        ("unclosed <table><tr><td>", |n| {
            format!("<html><body>{}</body></html>", "<table><tr><td>格".repeat(n))
        }),
    ];
    for (what, make) in shapes {
        let mut line = format!("{what}:");
        for depth in [5_000, 10_000, 20_000, 40_000, 100_000] {
            let page = make(depth);
            let (ms, _) = time_import("hostile.html", page.as_bytes());
            line.push_str(&format!(
                " {}k {:.0} ms ({:.2} µs/level);",
                depth / 1000,
                ms,
                ms * 1000.0 / depth as f64
            ));
        }
        println!("{line}");
    }
    let text = "字\n".repeat(2_000_000);
    let (ms, _) = time_import("many.txt", text.as_bytes());
    println!("2 million one-character paragraphs ({:.1} MB): {ms:.0} ms", text.len() as f64 / 1e6);
    // A book of 200 chapters of 900 KiB (stored, not deflated: the archive's own cost is not
    // what is measured); the default limit keeps the first 64 MiB.
    let para = "<p>长段落的文字，一句又一句。</p>\n";
    let chapter = format!("<html><body>{}</body></html>", para.repeat(900 * 1024 / para.len()));
    let book = epub(&vec![chapter; 200]);
    let t = Instant::now();
    let r = parse_document("book.epub", &book);
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    match r {
        Ok(d) => println!(
            "book of 200 chapters of 900 KiB ({:.0} MB): {ms:.0} ms, {} blocks, warnings: {:?}",
            book.len() as f64 / 1e6,
            d.blocks.len(),
            d.warnings
        ),
        Err(e) => println!("book of 200 chapters of 900 KiB: {ms:.0} ms, refused: {}", e.message()),
    }
}

/// An EPUB (stored) whose chapters are the given XHTML texts.
fn epub(chapters: &[String]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    let mut items = String::new();
    let mut spine = String::new();
    for i in 0..chapters.len() {
        items.push_str(&format!(
            r#"<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>"#
        ));
        spine.push_str(&format!(r#"<itemref idref="c{i}"/>"#));
    }
    let files: Vec<(String, Vec<u8>)> = [
        ("META-INF/container.xml".to_owned(), br#"<container><rootfiles><rootfile full-path="OEBPS/content.opf"/></rootfiles></container>"#.to_vec()),
        ("OEBPS/content.opf".to_owned(), format!(r#"<package><metadata><dc:title>书</dc:title></metadata><manifest>{items}</manifest><spine>{spine}</spine></package>"#).into_bytes()),
    ]
    .into_iter()
    .chain(chapters.iter().enumerate().map(|(i, c)| (format!("OEBPS/c{i}.xhtml"), c.clone().into_bytes())))
    .collect();
    for (name, data) in &files {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A saved page with 30 images of ~150 KB each (15 beside it, 15 remote), imported into a library
/// on disk: the time from the file to the committed article with its images stored.
fn images() {
    let fixtures =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/saved-page/算力之争_files");
    let photo = std::fs::read(fixtures.join("photo.jpg")).unwrap();
    let chart = std::fs::read(fixtures.join("chart.png")).unwrap();
    // Distinct bytes per image (a trailer after the image's end), so each is stored.
    let image = |i: usize| -> Vec<u8> {
        let mut b = if i.is_multiple_of(2) { photo.clone() } else { chart.clone() };
        b.extend((0..150_000).map(|k| ((k * 31 + i * 7) % 251) as u8));
        b
    };
    let tmp = tempfile::tempdir().unwrap();
    let files = tmp.path().join("page_files");
    std::fs::create_dir(&files).unwrap();
    let mut remote = std::collections::HashMap::new();
    let mut body = String::new();
    for i in 0..30 {
        body.push_str(&format!("<p>第{i}段：算力、芯片与电力共同决定了训练成本，这一段文字足够长，以便被当作正文保留下来。</p>"));
        if i % 2 == 0 {
            std::fs::write(files.join(format!("{i}.jpg")), image(i)).unwrap();
            body.push_str(&format!("<figure><img src=\"page_files/{i}.jpg\" alt=\"图{i}\"><figcaption>图{i}：示意</figcaption></figure>"));
        } else {
            let url = format!("https://mmbiz.example/{i}/640?wx_fmt=png");
            body.push_str(&format!("<p><img data-src=\"{url}\" alt=\"远程图{i}\"></p>"));
            remote.insert(url, image(i));
        }
    }
    let page = tmp.path().join("page.html");
    std::fs::write(&page, format!("<!DOCTYPE html><html><head><meta charset=utf-8><title>三十张图</title></head><body><article>{body}</article></body></html>")).unwrap();
    let mut lib = zhaji::Library::open(&tmp.path().join("lib.zhaji")).unwrap();
    lib.set_image_fetcher(std::sync::Arc::new(move |url: &str, _page: Option<&str>| {
        remote.get(url).cloned().ok_or_else(|| "HTTP 404".to_owned())
    }));
    let t = Instant::now();
    let out = lib.import_file(&page).unwrap();
    let secs = t.elapsed().as_secs_f64();
    let a = lib.article(out.article.id).unwrap();
    let kept = a.images.iter().filter(|i| i.hash.is_some()).count();
    let mb = a.images.iter().map(|i| i.bytes as f64).sum::<f64>() / 1e6;
    println!("page with 30 images: {:.0} ms ({kept} kept, {mb:.1} MB)", secs * 1000.0);
    assert_eq!(kept, 30);
}

/// The capture of a page with 30 images (~150 KB each, JPEG and PNG alternately) from a local
/// HTTP server (`tests/serve.rs`: a thread and a connection per request, as servers without
/// keep-alive answer): the page fetched, its 30 images fetched six at a time over real sockets,
/// checked and committed with the article, each time into a new library on disk.
fn link_images() {
    let fixtures =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/saved-page/算力之争_files");
    let photo = std::fs::read(fixtures.join("photo.jpg")).unwrap();
    let chart = std::fs::read(fixtures.join("chart.png")).unwrap();
    let mut routes: Vec<(String, serve::Reply)> = Vec::new();
    let mut body = String::new();
    for i in 0..30 {
        // Distinct bytes per image (a trailer after the image's end), so each is stored.
        let (mut bytes, ext, kind) = if i % 2 == 0 {
            (photo.clone(), "jpg", "image/jpeg")
        } else {
            (chart.clone(), "png", "image/png")
        };
        bytes.extend((0..150_000).map(|k| ((k * 31 + i * 7) % 251) as u8));
        body.push_str(&format!(
            "<p>第{i}段：算力、芯片与电力共同决定了训练成本，这一段文字足够长，以便被当作正文保留下来。</p>\
             <figure><img data-src=\"/img/{i}.{ext}\" alt=\"图{i}\"><figcaption>图{i}：示意</figcaption></figure>"
        ));
        routes.push((format!("/img/{i}.{ext}"), serve::Reply::ok(kind, bytes)));
    }
    let page = format!("<!DOCTYPE html><html><head><meta charset=utf-8><title>三十张图</title></head><body><article>{body}</article></body></html>");
    routes.push(("/p".to_owned(), serve::Reply::html(&page)));
    let server =
        serve::Server::start(routes.iter().map(|(p, r)| (p.as_str(), r.clone())).collect());
    let opts = zhaji::fetch::FetchOptions::default();
    let runs = 21;
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let tmp = tempfile::tempdir().unwrap();
            let mut lib = zhaji::Library::open(&tmp.path().join("lib.zhaji")).unwrap();
            let link = zhaji::ImportSource::Url(server.url("/p"));
            let t = Instant::now();
            let r = lib.import_inputs(&[link], &opts, &mut |_| true);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            let id = r[0].outcome.as_ref().unwrap_or_else(|| panic!("{r:?}")).article.id;
            let kept = lib.article(id).unwrap().images.iter().filter(|i| i.hash.is_some()).count();
            assert_eq!(kept, 30);
            ms
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let mb = routes.iter().map(|(_, r)| match r {
        serve::Reply::Body { body, .. } => body.lock().unwrap().len(),
        _ => 0,
    });
    println!(
        "capture of a page with 30 images from a local server ({:.1} MB): median {:.0} ms, p95 {:.0} ms (min {:.0}, max {:.0}; {runs} captures)",
        mb.sum::<usize>() as f64 / 1e6,
        times[runs / 2],
        times[(runs * 95).div_ceil(100) - 1],
        times[0],
        times[runs - 1]
    );
}

/// Captures 21 different pages (~60 KB of Chinese article each) from a local server into a
/// library, one link at a time as a reader pastes them: the median is the line.
fn capture_links() {
    let paragraph = "<p>大模型的训练需要大量算力，而算力的尽头是电力。一家数据中心一年的电费，\
                     可以抵得上一座小城市；英伟达的芯片供不应求，价格一路上涨。</p>";
    let routes: Vec<(String, serve::Reply)> = (0..21)
        .map(|k| {
            let page = format!(
                "<!DOCTYPE html><html><head><meta charset=utf-8><title>算力的账本（{k}）</title>\
                 </head><body><nav>首页 科技</nav><article><h1>算力的账本（{k}）</h1>{}<p>第{k}篇。</p>\
                 </article><footer>版权所有</footer></body></html>",
                paragraph.repeat(300)
            );
            (format!("/p/{k}"), serve::Reply::html(&page))
        })
        .collect();
    let server =
        serve::Server::start(routes.iter().map(|(p, r)| (p.as_str(), r.clone())).collect());
    let tmp = tempfile::tempdir().unwrap();
    let mut lib = zhaji::Library::open(&tmp.path().join("lib.sqlite")).unwrap();
    let opts = zhaji::fetch::FetchOptions::default();
    let mut times: Vec<f64> = (0..21)
        .map(|k| {
            let link = zhaji::ImportSource::Url(server.url(&format!("/p/{k}")));
            let t = Instant::now();
            let r = lib.import_inputs(&[link], &opts, &mut |_| true);
            assert!(r[0].outcome.is_some(), "{r:?}");
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "capture of a link from a local server (~{} KB page): median {:.1} ms (min {:.1}, max {:.1}; 21 pages)",
        paragraph.len() * 300 / 1000,
        times[10],
        times[0],
        times[20]
    );
}

fn main() {
    if std::env::args().any(|a| a == "capture") {
        capture_pages();
        return;
    }
    if std::env::args().any(|a| a == "images") {
        images();
        return;
    }
    if std::env::args().any(|a| a == "link") {
        return capture_links();
    }
    if std::env::args().any(|a| a == "link-images") {
        return link_images();
    }
    hostile();
    if std::env::args().any(|a| a == "hostile") {
        return;
    }
    capture_pages();
    images();
    capture_links();
    link_images();
    let Some(dir) = corpus() else {
        eprintln!("SKIPPED: the corpus is missing");
        return;
    };
    let mut pages: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("source.html").exists())
        .map(|p| {
            (
                format!("{}.html", p.file_name().unwrap().to_string_lossy()),
                std::fs::read(p.join("source.html")).unwrap(),
            )
        })
        .collect();
    pages.sort();
    // 1. Per page.
    let rounds = 5;
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    let t = Instant::now();
    for _ in 0..rounds {
        for (name, b) in &pages {
            std::hint::black_box(parse_document(name, b).unwrap());
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let n = (rounds * pages.len()) as f64;
    println!(
        "readability pages: {:.2} ms per page ({} pages × {rounds}, {:.1} MB/s, {:.0} KB average)",
        secs * 1000.0 / n,
        pages.len(),
        (bytes * rounds) as f64 / secs / 1e6,
        bytes as f64 / pages.len() as f64 / 1e3
    );
    // 2. A ~5 MB page: the article body of real pages repeated.
    let mut body = String::new();
    let mut i = 0;
    while body.len() < 5_000_000 {
        let p = dir.join(pages[i % pages.len()].0.trim_end_matches(".html")).join("expected.html");
        body.push_str(&std::fs::read_to_string(p).unwrap());
        i += 1;
    }
    let big = format!("<!DOCTYPE html><html><head><meta charset=utf-8><title>Big</title></head><body><article>{body}</article></body></html>");
    let t = Instant::now();
    let d = parse_document("big.html", big.as_bytes()).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "5 MB page: {:.2} MB in {:.0} ms = {:.1} MB/s ({} blocks)",
        big.len() as f64 / 1e6,
        secs * 1000.0,
        big.len() as f64 / secs / 1e6,
        d.blocks.len()
    );
    // 3. A folder of 1,000 pages, each made unique so that each is a new article.
    let tmp = tempfile::tempdir().unwrap();
    for k in 0..1000 {
        let (name, b) = &pages[k % pages.len()];
        let s = String::from_utf8_lossy(b).replacen("<p>", &format!("<p>Copy {k}. "), 1);
        std::fs::write(tmp.path().join(format!("{k:04}-{name}")), s).unwrap();
    }
    let db = tmp.path().join("lib.sqlite");
    let mut lib = zhaji::Library::open(&db).unwrap();
    let before = vm_hwm_kib().unwrap_or(0);
    let t = Instant::now();
    let r = lib.import_folder(tmp.path(), &mut |_| true).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "folder of {} files: {:.1} s, {:.0} files/s; imported {}, already present {}, failed {}; peak memory (VmHWM) {:.0} MiB (before the folder: {:.0} MiB)",
        r.found,
        secs,
        r.found as f64 / secs,
        r.imported,
        r.already_present,
        r.failed.len(),
        vm_hwm_kib().unwrap_or(0) as f64 / 1024.0,
        before as f64 / 1024.0
    );
}
