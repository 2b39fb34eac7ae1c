//! Images between devices: an article's image list travels in its document, the bytes as files
//! of their own in each device's folder, arriving late, cut short, twice, false or sealed.

use super::*;
use crate::images::{base64_of, png, saved_page};

/// The files under `dir`, with their bytes.
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(p) = todo.pop() {
        if p.is_dir() {
            todo.extend(fs::read_dir(&p).unwrap().flatten().map(|e| e.path()));
        } else if p.exists() {
            out.push((p.clone(), fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

/// The image files device `lib` wrote in `folder`.
fn image_files(lib: &Library, folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let id = lib.sync_status().unwrap().device_id;
    files_under(&folder.join("zhaji-sync").join(id).join("images"))
}

/// Two devices, the first with the saved page of the fixtures (five images, three distinct
/// ones kept, one missing); gives the page's id on the first.
fn two_devices_and_a_page(dir: &Path) -> (Device, Device, Id) {
    let page = saved_page(dir);
    let mut a = device(dir, "甲");
    let b = device(dir, "乙");
    let id = a.lib.import_file(&page).unwrap().article.id;
    (a, b, id)
}

#[test]
fn images_arrive_late_cut_short_and_twice_and_the_placeholders_become_the_images() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, id) = two_devices_and_a_page(dir.path());
    highlight(&mut a, id, "成本曲线的斜率", &[]);
    a.lib.sync().unwrap();
    let shown = a.lib.article(id).unwrap().images;
    let kept: std::collections::BTreeSet<_> = shown.iter().filter_map(|i| i.hash.clone()).collect();
    assert_eq!(kept.len(), 3, "png, jpeg and svg, one of them twice: {shown:#?}");
    let written = image_files(&a.lib, &a.folder);
    assert_eq!(written.len(), 3, "each image written once");

    // The text first: the images stand as placeholders, with their place, alt text and caption.
    carry(&a.folder, &b.folder, How::ImagesLate);
    let report = b.lib.sync().unwrap();
    assert!(report.messages.is_empty(), "{:?}", report.messages);
    let on_b =
        b.lib.article(article_titled(&b, &a.lib.article(id).unwrap().summary.meta.title)).unwrap();
    assert_eq!(on_b.images.len(), shown.len());
    for (there, here) in on_b.images.iter().zip(&shown) {
        assert_eq!(
            (there.position, &there.alt, &there.caption),
            (here.position, &here.alt, &here.caption)
        );
        assert_eq!(there.hash, None, "no bytes yet");
        assert!(there.error.is_some());
    }
    // Cut short: still placeholders, quietly.
    carry(&a.folder, &b.folder, How::Partial);
    let report = b.lib.sync().unwrap();
    assert!(report.messages.is_empty(), "{:?}", report.messages);
    assert!(b.lib.article(on_b.summary.id).unwrap().images.iter().all(|i| i.hash.is_none()));
    // Whole, and twice: the images themselves, the same as on the first device.
    carry(&a.folder, &b.folder, How::Twice);
    carry(&a.folder, &b.folder, How::Twice);
    b.lib.sync().unwrap();
    let arrived = b.lib.article(on_b.summary.id).unwrap().images;
    assert_eq!(
        serde_json::to_value(&arrived).unwrap(),
        serde_json::to_value(&shown).unwrap(),
        "the same images, in the same places"
    );
    for hash in &kept {
        assert_eq!(b.lib.image(hash).unwrap(), a.lib.image(hash).unwrap());
    }
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    // Nothing is written twice: not by the device that wrote them, nor by the one that
    // received them.
    assert_eq!(image_files(&a.lib, &a.folder), written);
    assert!(image_files(&b.lib, &b.folder).is_empty());

    // An image added on the second device travels the other way.
    let html = format!(
        "<html><body><article><h1>芯片的电费</h1><p>数据中心的电费决定了推理的成本，这是一段足够长的正文。</p>\
         <figure><img src=\"data:image/png;base64,{}\" alt=\"电费曲线\"><figcaption>图：电费</figcaption></figure>\
         <p>第二段：芯片与电力。</p></article></body></html>",
        base64_of(&png(64, 32))
    );
    let other = b.lib.import_pasted_html(&html).unwrap().article.id;
    let mine = b.lib.article(other).unwrap().images;
    assert!(mine[0].hash.is_some(), "{mine:#?}");
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    assert_eq!(image_files(&b.lib, &b.folder).len(), 1);
}

#[test]
fn a_copy_of_an_image_that_is_not_that_image_is_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, id) = two_devices_and_a_page(dir.path());
    a.lib.sync().unwrap();
    carry(&a.folder, &b.folder, How::Whole);
    // Every copy in the second device's folder holds the bytes of another image.
    let mut copies = image_files(&a.lib, &b.folder);
    assert_eq!(copies.len(), 3);
    copies.rotate_left(1);
    let names: Vec<PathBuf> = image_files(&a.lib, &b.folder).into_iter().map(|(p, _)| p).collect();
    for (path, (_, bytes)) in names.iter().zip(&copies) {
        fs::write(path, bytes).unwrap();
    }
    let report = b.lib.sync().unwrap();
    assert_eq!(
        report.messages.iter().filter(|m| m.contains("is not that image")).count(),
        3,
        "{:?}",
        report.messages
    );
    assert_eq!(
        report.problems.iter().filter(|p| matches!(p, SyncProblem::ImageSkipped { .. })).count(),
        3,
        "{:?}",
        report.problems
    );
    let title = a.lib.article(id).unwrap().summary.meta.title;
    let on_b = article_titled(&b, &title);
    assert!(b.lib.article(on_b).unwrap().images.iter().all(|i| i.hash.is_none()));
    // The true copies arrive: taken in at the next round.
    carry(&a.folder, &b.folder, How::Twice);
    let report = b.lib.sync().unwrap();
    assert!(report.messages.is_empty(), "{:?}", report.messages);
    assert_eq!(
        serde_json::to_value(b.lib.article(on_b).unwrap().images).unwrap(),
        serde_json::to_value(a.lib.article(id).unwrap().images).unwrap()
    );
}

#[test]
fn an_encrypted_folder_carries_images_sealed_under_names_that_tell_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let page = saved_page(dir.path());
    let shared = dir.path().join("云盘");
    let mut a = Library::open(&dir.path().join("a.db")).unwrap();
    let id = a.import_file(&page).unwrap().article.id;
    a.sync_init(&shared, "甲", Some("芝麻开门")).unwrap();
    let shown = a.article(id).unwrap().images;
    let mut b = Library::open(&dir.path().join("b.db")).unwrap();
    b.sync_init(&shared, "乙", Some("芝麻开门")).unwrap();
    let b_dev = Device { lib: b, folder: shared.clone() };
    let on_b = article_titled(&b_dev, &a.article(id).unwrap().summary.meta.title);
    assert_eq!(
        serde_json::to_value(b_dev.lib.article(on_b).unwrap().images).unwrap(),
        serde_json::to_value(&shown).unwrap()
    );
    let files = image_files(&a, &shared);
    assert_eq!(files.len(), 3);
    let hashes: Vec<String> = shown.iter().filter_map(|i| i.hash.clone()).collect();
    for (path, bytes) in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!hashes.iter().any(|h| name.contains(h.as_str())), "{name} names its image");
        for clear in [&b"IHDR"[..], b"<svg", "推理流程".as_bytes()] {
            assert!(!bytes.windows(clear.len()).any(|w| w == clear), "{path:?} in the clear");
        }
    }
}

/// A page of two paragraphs around one PNG of `width` × 10, written to `dir/name`.
fn page_with_image(dir: &Path, name: &str, first: &str, width: u32) -> PathBuf {
    let html = format!(
        "<html><head><title>算力的账本</title></head><body><article><h1>算力的账本</h1>\
         <p>{first}</p><figure><img src=\"data:image/png;base64,{}\" alt=\"图\">\
         <figcaption>图：{width}</figcaption></figure>\
         <p>芯片与数据中心的电费决定了推理的成本，这是第二段正文。</p></article></body></html>",
        base64_of(&png(width, 10))
    );
    let path = dir.join(name);
    fs::write(&path, html).unwrap();
    path
}

#[test]
fn an_article_whose_text_two_devices_replaced_at_once_shows_the_images_of_the_text_shown() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = (device(dir.path(), "a"), device(dir.path(), "b"));
    let first =
        page_with_image(dir.path(), "0.html", "算力、场景、文本的堆砌归根结底是一个钱字。", 8);
    let id = a.lib.import_file(&first).unwrap().article.id;
    settle(&mut [&mut a, &mut b]);
    let on_b = article_titled(&b, "算力的账本");
    let to_a = page_with_image(dir.path(), "a.html", "甲改写了开头：谷歌提出了BERT。", 16);
    let to_b = page_with_image(dir.path(), "b.html", "乙改写了开头：电费决定成本。", 24);
    a.lib.update_article_from_file(id, &to_a).unwrap();
    b.lib.update_article_from_file(on_b, &to_b).unwrap();
    settle(&mut [&mut a, &mut b]);
    assert_same(&[&a, &b]);
    let shown = a.lib.article(id).unwrap();
    let width = if shown.text.contains("甲改写") { 16 } else { 24 };
    assert!(shown.text.contains(if width == 16 { "甲改写" } else { "乙改写" }));
    assert_eq!(shown.images.len(), 1);
    assert_eq!(
        (shown.images[0].width, shown.images[0].caption.as_str()),
        (width, &*format!("图：{width}"))
    );
}
