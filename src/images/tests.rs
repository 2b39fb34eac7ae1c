use super::check::tests::png;
use super::*;

fn img(position: usize, src: &str) -> ImageRef {
    ImageRef { position, src: src.into(), alt: "算力曲线".into(), ..ImageRef::default() }
}

#[test]
fn data_uris_are_decoded() {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(png(20, 10));
    assert_eq!(decode_data_uri(&format!("data:image/png;base64,{b64}")).unwrap(), png(20, 10));
    let svg = "data:image/svg+xml;utf8,%3Csvg%20width='4'%20height='4'%3E%3C/svg%3E";
    assert_eq!(decode_data_uri(svg).unwrap(), b"<svg width='4' height='4'></svg>");
    let out = collect(vec![img(0, &format!("data:image/png;base64,{b64}"))], &Sources::default());
    assert_eq!(out[0].src, "data:image/png");
    assert_eq!(out[0].outcome.as_ref().unwrap().width, 20);
}

#[test]
fn files_beside_the_page_are_read_and_nothing_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    let files = dir.path().join("文章_files");
    std::fs::create_dir(&files).unwrap();
    std::fs::write(files.join("图 1.png"), png(300, 200)).unwrap();
    std::fs::write(dir.path().join("secret.png"), png(300, 200)).unwrap();
    let sources = Sources { dir: Some(&files.join("..")), ..Sources::default() };
    let sources = Sources { dir: Some(dir.path()), ..sources };
    let out = collect(
        vec![
            img(0, "./%E6%96%87%E7%AB%A0_files/%E5%9B%BE%201.png"),
            img(1, "文章_files/missing.png"),
            img(2, "文章_files/../../etc/passwd"),
            img(3, "/etc/passwd"),
        ],
        &sources,
    );
    assert_eq!(out[0].outcome.as_ref().unwrap().height, 200);
    assert_eq!(out[0].alt, "算力曲线");
    assert!(out[1].outcome.as_ref().unwrap_err().contains("not found"));
    assert!(out[2].outcome.as_ref().unwrap_err().contains("leads out of the document's folder"));
    assert!(out[3].outcome.as_ref().is_err());
}

#[test]
fn remote_images_come_through_the_fetcher_and_failures_are_kept_with_a_reason() {
    let fetcher = |url: &str, page: Option<&str>| -> Result<Vec<u8>, String> {
        assert_eq!(page, Some("https://news.example/2026/article.html"));
        match url {
            "https://mmbiz.example/a.png" => Ok(png(1080, 720)),
            "https://news.example/img/b.png" => Ok(png(64, 64)),
            "https://track.example/p.gif" => Ok(png(1, 1)),
            _ => Err("HTTP 404".into()),
        }
    };
    let sources = Sources {
        page_url: Some("https://news.example/2026/article.html"),
        fetcher: Some(&fetcher),
        ..Sources::default()
    };
    let out = collect(
        vec![
            img(0, "https://mmbiz.example/a.png"),
            img(1, "/img/b.png"),
            img(2, "https://track.example/p.gif"),
            img(3, "https://gone.example/x.png"),
        ],
        &sources,
    );
    // The tracking pixel is dropped, the failure stays in its place.
    assert_eq!(out.len(), 3);
    assert_eq!(out[1].outcome.as_ref().unwrap().width, 64);
    assert_eq!(out[2].position, 3);
    assert_eq!(out[2].outcome.as_ref().unwrap_err(), "HTTP 404");
    // Without a fetcher nothing is fetched.
    let out = collect(vec![img(0, "https://mmbiz.example/a.png")], &Sources::default());
    assert_eq!(out[0].outcome.as_ref().unwrap_err(), NOT_FETCHED);
}

#[test]
fn article_images_are_placed_by_passage_and_stored_once() {
    let a = Collected {
        position: 2,
        src: "a".into(),
        alt: String::new(),
        caption: "图1：训练成本".into(),
        outcome: match check::check(png(50, 50)).unwrap() {
            Checked::Keep(i) => Ok(i),
            Checked::Spacer => unreachable!(),
        },
    };
    let b = Collected { position: 9, src: "b".into(), ..a.clone() };
    let c = Collected { outcome: Err("HTTP 403".into()), src: "c".into(), ..a.clone() };
    let (rows, kept) = article_images(vec![a, b, c], &[0, 1, 1, 2]);
    assert_eq!(rows.iter().map(|r| r.position).collect::<Vec<_>>(), [1, 2, 1]);
    assert_eq!(rows.iter().map(|r| r.ordinal).collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(kept.len(), 1);
    assert_eq!(rows[0].format.as_deref(), Some("png"));
    assert_eq!(rows[2].hash, None);
    assert_eq!(rows[2].error.as_deref(), Some("HTTP 403"));
}
