//! Site passes: 微信公众号 pages as served (the shared capture corpus) and our own fixtures in
//! the structures such pages have, and the metadata of Chinese news sites.

use zhaji::import::{parse_document, Document};

fn read(path: &std::path::Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    parse_document(&path.display().to_string(), &bytes).unwrap()
}

fn fixture(name: &str) -> Document {
    read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites").join(name))
}

/// Each capture page yields every sentence it must, none of the chrome it must not, and its
/// title, 公众号 name, author, date and link (see capture/README.md).
#[test]
fn wechat_capture_pages() {
    let dir = crate::corpus_or_skip!("capture");
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("page.html").exists())
        .collect();
    pages.sort();
    assert!(pages.len() >= 2, "the capture corpus should hold at least two pages");
    for p in &pages {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let doc = read(&p.join("page.html"));
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p.join("expected.json")).unwrap())
                .unwrap();
        let text = doc.text();
        println!("{name}: {} characters in {} blocks", text.chars().count(), doc.blocks.len());
        if std::env::var("ZHAJI_DEBUG").is_ok_and(|v| v == name) {
            std::fs::write("/tmp/got.txt", &text).unwrap();
        }
        assert_eq!(doc.meta.title, want["title"].as_str().unwrap(), "{name}: title");
        assert_eq!(doc.meta.site.as_deref(), want["site"].as_str(), "{name}: site");
        assert_eq!(doc.meta.author.as_deref(), want["author"].as_str(), "{name}: author");
        assert_eq!(doc.meta.published.as_deref(), want["published"].as_str(), "{name}: date");
        assert_eq!(doc.meta.url.as_deref(), want["url"].as_str(), "{name}: url");
        for s in want["must_contain"].as_array().unwrap() {
            let s = s.as_str().unwrap();
            assert!(text.contains(s), "{name}: missing {s:?}");
        }
        for s in want["must_not_contain"].as_array().unwrap() {
            let s = s.as_str().unwrap();
            assert!(!text.contains(s), "{name}: chrome kept: {s:?}");
        }
        // Lazy images are never replaced by a placeholder alt text.
        assert!(!doc.blocks.iter().any(|b| b.text == "图片"), "{name}: alt text kept as text");
    }
}

/// The blocks of a document as (kind, text), for assertions on structure.
fn kinds(doc: &Document) -> Vec<(&'static str, &str)> {
    doc.blocks.iter().map(|b| (b.kind.as_str(), b.text.as_str())).collect()
}

fn assert_text(name: &str, doc: &Document, must: &[&str], must_not: &[&str]) {
    let text = doc.text();
    for s in must {
        assert!(text.contains(s), "{name}: missing {s:?} in\n{text}");
    }
    for s in must_not {
        assert!(!text.contains(s), "{name}: kept {s:?} in\n{text}");
    }
}

/// Chrome every 公众号 page carries around its body; none of it is article text.
const WECHAT_CHROME: &[&str] = &[
    "微信扫一扫",
    "关注该公众号",
    "继续滑动看下一个",
    "喜欢此内容的人还喜欢",
    "阅读原文",
    "预览时标签不可点",
    "赞赏",
    "长按二维码",
];

#[test]
fn wechat_article_with_cards() {
    let doc = fixture("wechat-cards.html");
    assert_eq!(doc.meta.title, "推理成本一年降了九成，算力账该怎么算");
    assert_eq!(doc.meta.site.as_deref(), Some("算力观察&笔记"));
    assert_eq!(doc.meta.author.as_deref(), Some("林间"));
    // 18:30 UTC on 1 March is 2 March in China.
    assert_eq!(doc.meta.published.as_deref(), Some("2024-03-02"));
    assert_eq!(doc.meta.url.as_deref(), Some("https://example.org/reports/inference-cost-2024"));
    let k = kinds(&doc);
    for want in [
        ("paragraph", "去年此时，调用一次大模型回答一个长问题要花掉几毛钱；今年同样的问题，价格只剩零头。成本下降的速度，比大多数从业者预想的快得多。"),
        ("heading", "一、价格从哪里降下来"),
        ("list_item", "调度：把零散请求拼成大批次，显卡不再空转。"),
        ("paragraph", "图：主流接口每百万词元价格走势"),
        ("paragraph", "[视频] 一分钟看懂推理集群"),
        ("quote", "成本 = 显卡小时单价 × 时长 ÷ 这段时间里处理的词元数。"),
        ("code", "def cost_per_token(hourly, hours, tokens):\n    return hourly * hours / tokens"),
        ("paragraph", "[小程序] 算力成本计算器"),
        ("paragraph", "[音频] 作者语音版"),
        ("paragraph", "价格战不会一直打下去，但在接下来的一年里，谁能把利用率做上去，谁就握住了定价权。"),
    ] {
        assert!(k.contains(&want), "missing {want:?} in {k:#?}");
    }
    // The last paragraph of the article is the last block: the calls and the list of other
    // articles after it are gone.
    assert_eq!(
        k.last().map(|b| b.1),
        Some("价格战不会一直打下去，但在接下来的一年里，谁能把利用率做上去，谁就握住了定价权。")
    );
    let mut not = WECHAT_CHROME.to_vec();
    not.extend([
        "点击上方蓝字",
        "点个在看",
        "在看 · 点赞",
        "往期推荐",
        "一张表看清",
        "每周一篇",
        "图片",
    ]);
    assert_text("wechat-cards", &doc, &[], &not);
    assert_eq!(doc.blocks.first().map(|b| b.text.as_str()), Some(k[0].1));
    assert!(k[0].1.starts_with("去年此时"), "the calls above the article are gone: {k:#?}");
}

#[test]
fn wechat_reprint_keeps_the_article_not_the_source_card() {
    let doc = fixture("wechat-reprint.html");
    assert_eq!(doc.meta.title, "开源模型追上来之后，闭源厂商还剩什么");
    assert_eq!(doc.meta.site.as_deref(), Some("模型周刊"));
    assert_eq!(doc.meta.author.as_deref(), Some("周野"));
    assert_eq!(doc.meta.published.as_deref(), Some("2023-06-20"));
    assert_eq!(doc.meta.url.as_deref(), Some("https://mp.weixin.qq.com/s/Rp7kFixtureReprint2"));
    let mut not = WECHAT_CHROME.to_vec();
    not.extend(["以下文章来源于", "只写开源模型的动向", "扫码关注", "二维码"]);
    assert_text(
        "wechat-reprint",
        &doc,
        &[
            "半年前，开源模型和最好的闭源模型之间还隔着一整代",
            "迭代节奏",
            "所以真正的竞争，正在从模型本身转向模型之外。",
        ],
        &not,
    );
}

#[test]
fn wechat_2018_template_keeps_every_news_item() {
    let doc = fixture("wechat-2018-digest.html");
    assert_eq!(doc.meta.title, "5月12日周六【科技早餐】");
    assert_eq!(doc.meta.site.as_deref(), Some("城市科技报"));
    assert_eq!(doc.meta.author.as_deref(), Some("早餐君"));
    assert_eq!(doc.meta.published.as_deref(), Some("2018-05-12"));
    let items = doc.blocks.iter().filter(|b| b.text.starts_with('●')).count();
    assert_eq!(items, 8, "{:#?}", kinds(&doc));
    let mut not = WECHAT_CHROME.to_vec();
    not.extend(["欢迎分享到朋友圈", "每天早上一份科技新闻", "功能介绍"]);
    assert_text("wechat-2018", &doc, &["本地要闻", "国际视野", "在轨筛选云层遮挡的照片"], &not);
}

#[test]
fn wechat_page_saved_after_script_ran() {
    let doc = fixture("wechat-saved.html");
    assert_eq!(doc.meta.title, "把大模型装进手机：端侧推理的三道坎");
    assert_eq!(doc.meta.site.as_deref(), Some("端侧智能"));
    assert_eq!(doc.meta.author.as_deref(), Some("何川"));
    assert_eq!(doc.meta.published.as_deref(), Some("2024-07-16"));
    assert_eq!(doc.meta.url.as_deref(), Some("https://example.org/bench/phones"));
    let k = kinds(&doc);
    assert!(k.contains(&("paragraph", "[视频]")), "{k:#?}");
    assert!(k.contains(&("paragraph", "[小程序] 哪些手机能跑端侧大模型")), "{k:#?}");
    let mut not = WECHAT_CHROME.to_vec();
    not.extend([
        "时长",
        "01:05",
        "切换到横屏",
        "重播",
        "已关注",
        "观看更多",
        "倍速",
        "超清",
        "不支持 video",
        "机型对照",
        "35篇原创",
        "关心芯片与终端",
        "图片",
        "浙江",
    ]);
    assert_text(
        "wechat-saved",
        &doc,
        &[
            "手机上跑一个七十亿参数的模型",
            "第二道坎：发热",
            "厂商的对策是大小模型配合：简单请求在本地完成，复杂请求再交给云端。",
        ],
        &not,
    );
    assert_eq!(k.last().map(|b| b.1), Some("[小程序] 哪些手机能跑端侧大模型"));
}

/// News sites: the title without the site's suffix, the site's name, author and date, and the
/// article's text.
#[test]
fn chinese_news_sites() {
    let cases: &[(&str, &str, &str, Option<&str>, &str)] = &[
        ("news-36kr.html", "大模型落地，客户先问的是价格", "36氪", Some("沈远"), "2023-08-14"),
        ("news-huxiu.html", "模型公司的第二场仗", "虎嗅", Some("韩青"), "2023-09-02"),
        ("news-zhihu.html", "为什么企业不再只看评测分数", "知乎专栏", Some("许蓝"), "2023-10-05"),
        ("news-thepaper.html", "算力租赁生意变天", "澎湃新闻", Some("丁宁"), "2023-11-20"),
        (
            "news-jiqizhixin.html",
            "从评测到交付：大模型竞争的下半场",
            "机器之心",
            Some("机器之心编辑部"),
            "2023-12-01",
        ),
        ("news-qbitai.html", "客户不看参数看价格", "量子位", Some("梦溪"), "2024-01-09"),
        ("news-sina.html", "大模型价格战打到企业市场", "新浪科技", Some("王川"), "2024-02-20"),
    ];
    for &(file, title, site, author, date) in cases {
        let doc = fixture(file);
        assert_eq!(doc.meta.title, title, "{file}: title");
        assert_eq!(doc.meta.site.as_deref(), Some(site), "{file}: site");
        assert_eq!(doc.meta.author.as_deref(), author, "{file}: author");
        assert_eq!(doc.meta.published.as_deref(), Some(date), "{file}: date");
        assert_text(
            file,
            &doc,
            &[
                "今年上半年，国内至少有十几家公司发布了自己的大模型",
                "销售和交付团队的重要性并不亚于研究团队。",
            ],
            &[],
        );
    }
}
