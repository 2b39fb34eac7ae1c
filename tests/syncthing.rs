//! Two libraries kept in step by a real Syncthing pair: two instances of Debian's `syncthing` on
//! this machine, each with its own home, folder and ports, introduced to each other by device id
//! over 127.0.0.1. Discovery (global and local), relays, NAT traversal, usage and crash reporting
//! and upgrades are all off: nothing leaves the loopback interface. Syncthing carries the files as
//! it would between two computers (its watcher sees a new file, the other side pulls it); the
//! libraries must converge exactly as through the test carrier of `sync.rs`.
//!
//! Without the `syncthing` binary the test says it was skipped, and fails under `CI=true`.

use crate::library::doc;
use crate::sync::{first_difference, view};
use crate::sync_clocks::spec;
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use zhaji::*;

/// The `syncthing` binary on `PATH`. When it is missing: under `CI=true` the test fails; elsewhere
/// it says it was skipped and gives `None`.
fn syncthing_binary() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|p| p.join("syncthing")).find(|p| p.is_file())
    });
    if found.is_some() {
        return found;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("syncthing is not installed (CI=true requires it: apt-get install syncthing)");
    }
    eprintln!(
        "SKIPPED: syncthing is not installed (apt-get install syncthing); this test did not run"
    );
    None
}

/// A port on 127.0.0.1 that nothing listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One Syncthing instance; killed when dropped.
struct Syncthing {
    child: Option<Child>,
    home: PathBuf,
    id: String,
    gui: u16,
    listen: u16,
    key: String,
}

impl Drop for Syncthing {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Syncthing {
    /// A new home with its own key and certificate; not started.
    fn generate(bin: &Path, home: &Path, key: &str) -> Syncthing {
        let out = Command::new(bin)
            .args(["generate", "--no-default-folder", "--home"])
            .arg(home)
            .env("STNOUPGRADE", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "syncthing generate: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out =
            Command::new(bin).args(["serve", "--device-id", "--home"]).arg(home).output().unwrap();
        let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
        assert_eq!(id.len(), 63, "a device id, not {id:?}");
        Syncthing {
            child: None,
            home: home.to_path_buf(),
            id,
            gui: free_port(),
            listen: free_port(),
            key: key.into(),
        }
    }

    /// Writes the whole configuration: only `peer` as a device, at its loopback address, and the
    /// one folder at `folder` shared with it; everything that could reach the internet off.
    fn configure(&self, name: &str, peer: &Syncthing, folder: &Path) {
        let device = |s: &Syncthing, name: &str| {
            format!(
                r#"<device id="{}" name="{name}" compression="metadata" introducer="false">
        <address>tcp://127.0.0.1:{}</address>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>"#,
                s.id, s.listen
            )
        };
        let config = format!(
            r#"<configuration version="36">
    <folder id="zhaji" label="zhaji" path="{folder}" type="sendreceive" rescanIntervalS="60" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <device id="{me}"></device>
        <device id="{them}"></device>
    </folder>
    {me_device}
    {peer_device}
    <gui enabled="true" tls="false">
        <address>127.0.0.1:{gui}</address>
        <apikey>{key}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{listen}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <announceLANAddresses>false</announceLANAddresses>
        <urAccepted>-1</urAccepted>
        <crashReportingEnabled>false</crashReportingEnabled>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <startBrowser>false</startBrowser>
        <reconnectionIntervalS>1</reconnectionIntervalS>
    </options>
</configuration>
"#,
            folder = folder.display(),
            me = self.id,
            them = peer.id,
            me_device = device(self, name),
            peer_device = device(peer, "peer"),
            gui = self.gui,
            key = self.key,
            listen = self.listen,
        );
        fs::write(self.home.join("config.xml"), config).unwrap();
        // The marker Syncthing looks for before it trusts a folder's contents.
        fs::create_dir_all(folder.join(".stfolder")).unwrap();
    }

    fn start(&mut self, bin: &Path) {
        let log = fs::File::create(self.home.join("log.txt")).unwrap();
        let child = Command::new(bin)
            .args(["serve", "--no-browser", "--no-restart", "--no-upgrade", "--home"])
            .arg(&self.home)
            .env("STNOUPGRADE", "1")
            .env("STNODEFAULTFOLDER", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
    }

    /// The body of a GET on the REST API, if it answered 200.
    fn get(&self, path: &str) -> Option<String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.gui)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        let request = format!(
            "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\nX-API-Key: {}\r\n\r\n",
            self.gui, self.key
        );
        s.write_all(request.as_bytes()).ok()?;
        let mut answer = String::new();
        s.read_to_string(&mut answer).ok()?;
        let (head, body) = answer.split_once("\r\n\r\n")?;
        head.starts_with("HTTP/1.0 200")
            .then(|| body.to_string())
            .or_else(|| head.starts_with("HTTP/1.1 200").then(|| body.to_string()))
    }

    /// Whether this instance has a live connection to `peer`.
    fn connected_to(&self, peer: &Syncthing) -> bool {
        self.get("/rest/system/connections")
            .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
            .is_some_and(|v| v["connections"][&peer.id]["connected"] == true)
    }

    fn log_tail(&self) -> String {
        let log = fs::read_to_string(self.home.join("log.txt")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }
}

/// Polls `done` until it holds; past `limit`, fails saying what was awaited and what the two
/// instances logged last.
fn until(
    what: &str,
    limit: Duration,
    pair: &[&Syncthing],
    mut done: impl FnMut() -> bool,
) -> Duration {
    let start = Instant::now();
    while !done() {
        if start.elapsed() > limit {
            let logs: Vec<String> = pair.iter().map(|s| s.log_tail()).collect();
            panic!("waited {limit:?} for {what}; Syncthing's logs end:\n{}", logs.join("\n---\n"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    start.elapsed()
}

/// The Zhaji files of a synced folder (Syncthing's and the writers' temporary files left out).
fn zhaji_files(folder: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let root = folder.join("zhaji-sync");
    let mut out = BTreeMap::new();
    let mut todo = vec![root.clone()];
    while let Some(dir) = todo.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                todo.push(path);
            } else if let Ok(bytes) = fs::read(&path) {
                out.insert(path.strip_prefix(&root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

fn in_step(a: &Path, b: &Path) -> bool {
    zhaji_files(a) == zhaji_files(b)
}

fn highlight(lib: &mut Library, article: Id, quote: &str, tags: &[&str]) -> Highlight {
    lib.create_highlight(&spec(article, quote, tags)).unwrap()
}

/// The highlight with UUID `uuid` in `lib`, live or in the trash (`None` if it is not there).
fn find(lib: &Library, uuid: &str) -> Option<Highlight> {
    let target = lib.resolve_link(&format!("zhaji://highlight/{uuid}")).ok()?;
    lib.article(target.article_id).ok()?.highlights.into_iter().find(|h| h.uuid == uuid)
}

fn titled(lib: &Library, title: &str) -> Id {
    let list = lib.articles(&ListOptions::default()).unwrap();
    list.iter().find(|a| a.meta.title == title).unwrap_or_else(|| panic!("no {title}")).id
}

const LEDGER: [&str; 3] = [
    "算力、场景、文本的堆砌归根结底是一个钱字。",
    "早在2018年，谷歌便提出超大规模预训练语言模型BERT。",
    "芯片与数据中心的电费决定了推理的成本。",
];
const ENGLISH: [&str; 2] = [
    "Inference costs fall every year, yet total spending on compute keeps rising.",
    "Data centres now compete with cities for electricity.",
];

/// How long Syncthing may take to connect, or to carry a round's files.
const PATIENCE: Duration = Duration::from_secs(60);

#[test]
fn two_libraries_converge_through_a_real_syncthing_pair() {
    let Some(bin) = syncthing_binary() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (a_folder, b_folder) = (dir.path().join("甲 folder"), dir.path().join("乙 folder"));
    for p in [&a_folder, &b_folder, &dir.path().join("st-a"), &dir.path().join("st-b")] {
        fs::create_dir_all(p).unwrap();
    }
    let mut st_a = Syncthing::generate(&bin, &dir.path().join("st-a"), "zhaji-test-key-a");
    let mut st_b = Syncthing::generate(&bin, &dir.path().join("st-b"), "zhaji-test-key-b");
    st_a.configure("a", &st_b, &a_folder);
    st_b.configure("b", &st_a, &b_folder);
    st_a.start(&bin);
    st_b.start(&bin);
    let took =
        until("the two instances to connect over 127.0.0.1", PATIENCE, &[&st_a, &st_b], || {
            st_a.connected_to(&st_b) && st_b.connected_to(&st_a)
        });
    eprintln!("syncthing: connected after {took:?}");
    let pair = [&st_a, &st_b];

    // A joins its folder and works: Chinese and English highlights, a note, a tag, a trash.
    let mut a = Library::open(&dir.path().join("a.db")).unwrap();
    let ledger = a.import_document(doc("算力的账本", &LEDGER), None).unwrap().article.id;
    let english = a.import_document(doc("The cost of compute", &ENGLISH), None).unwrap().article.id;
    a.sync_init(&a_folder, "甲", None).unwrap();
    let money = highlight(&mut a, ledger, "钱字", &["经济/成本"]);
    a.set_highlight_note(money.id, "一切都是钱。").unwrap();
    let rising = highlight(&mut a, english, "total spending on compute keeps rising", &["trend"]);
    a.add_tag(ItemRef { kind: ItemKind::Article, id: english }, "必读").unwrap();
    let dropped = highlight(&mut a, ledger, "谷歌", &[]);
    a.delete(ItemRef { kind: ItemKind::Highlight, id: dropped.id }).unwrap();
    a.sync().unwrap();

    // Syncthing carries the files; B joins its copy.
    until("A's files in B's folder", PATIENCE, &pair, || in_step(&a_folder, &b_folder));
    let mut b = Library::open(&dir.path().join("b.db")).unwrap();
    b.sync_init(&b_folder, "乙", None).unwrap();
    assert_eq!(b.articles(&ListOptions::default()).unwrap().len(), 2);
    assert_eq!(find(&b, &money.uuid).unwrap().note.unwrap().body, "一切都是钱。");

    // Both work apart (neither sees the other's new work until the next rounds).
    let cities = highlight(&mut a, english, "compete with cities", &["energy"]);
    a.set_highlight_note(rising.id, "Spending rises: note written on A.").unwrap();
    let b_ledger = titled(&b, "算力的账本");
    let chips = highlight(&mut b, b_ledger, "数据中心的电费", &["能源"]);
    b.set_highlight_note(chips.id, "乙写的批注").unwrap();
    let b_money = find(&b, &money.uuid).unwrap();
    b.set_highlight_color(b_money.id, Color::Blue).unwrap();
    let b_rising = find(&b, &rising.uuid).unwrap();
    b.delete(ItemRef { kind: ItemKind::Highlight, id: b_rising.id }).unwrap();

    // Rounds, with Syncthing carrying between them, until the libraries are equal.
    let start = Instant::now();
    let mut rounds = 0;
    loop {
        a.sync().unwrap();
        b.sync().unwrap();
        until("the two folders in step", PATIENCE, &pair, || in_step(&a_folder, &b_folder));
        rounds += 1;
        let (va, vb) = (view(&a), view(&b));
        if first_difference("", &va, &vb).is_none() {
            // Equal views may still hide a file not yet taken in: one more round writes nothing.
            let (ra, rb) = (a.sync().unwrap(), b.sync().unwrap());
            if ra.changes_written == 0 && rb.changes_written == 0 {
                break;
            }
        }
        assert!(
            start.elapsed() < PATIENCE,
            "not equal after {rounds} rounds: {}",
            first_difference("", &va, &vb).unwrap_or_default()
        );
    }
    eprintln!("syncthing: converged after {rounds} rounds, {:?}", start.elapsed());

    // Nothing lost: every highlight either side made is on both, with its edits.
    for lib in [&a, &b] {
        let m = find(lib, &money.uuid).unwrap();
        assert_eq!((m.color, m.tags.clone()), (Color::Blue, vec!["经济/成本".to_string()]));
        assert_eq!(m.note.unwrap().body, "一切都是钱。");
        assert_eq!(find(lib, &chips.uuid).unwrap().note.unwrap().body, "乙写的批注");
        assert_eq!(find(lib, &cities.uuid).unwrap().tags, vec!["energy".to_string()]);
        let mut trash: Vec<String> = lib.trash().unwrap().into_iter().map(|t| t.label).collect();
        trash.sort();
        assert_eq!(trash, ["total spending on compute keeps rising", "谷歌"], "each side's trash");
        let article = lib.article(titled(lib, "The cost of compute")).unwrap();
        assert_eq!(article.summary.tags, vec!["必读".to_string()]);
    }

    // Trashed on B while A wrote its note: in the trash with the note, which a restore shows.
    let in_trash = a.trash().unwrap().into_iter().find(|t| t.label.starts_with("total")).unwrap();
    a.restore(in_trash.item).unwrap();
    let r = find(&a, &rising.uuid).unwrap();
    assert_eq!(r.note.unwrap().body, "Spending rises: note written on A.");

    // How long one highlight takes A → Syncthing → B: A's round, Syncthing noticing and carrying
    // the file, B's round.
    let mut times = Vec::new();
    for quote in ["归根结底", "Data centres", "预训练语言模型"] {
        let article = if quote.is_ascii() { english } else { ledger };
        let t = Instant::now();
        let h = highlight(&mut a, article, quote, &[]);
        a.sync().unwrap();
        let carried = until("the new highlight's file in B's folder", PATIENCE, &pair, || {
            in_step(&a_folder, &b_folder)
        });
        b.sync().unwrap();
        assert!(find(&b, &h.uuid).is_some(), "{quote} reached B");
        times.push((t.elapsed(), carried));
    }
    until("the folders in step after the last round", PATIENCE, &pair, || {
        in_step(&a_folder, &b_folder)
    });
    a.sync().unwrap();
    if let Some(diff) = first_difference("", &view(&a), &view(&b)) {
        panic!("the restore and the timed highlights left the libraries apart at {diff}");
    }
    for (total, carried) in &times {
        eprintln!("syncthing: one highlight A → B in {total:?} (of which Syncthing {carried:?})");
    }
}
