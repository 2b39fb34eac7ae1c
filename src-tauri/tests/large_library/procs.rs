//! What the app's processes cost, read from /proc: the process tree, its memory (PSS) and CPU
//! time, when it started, and the machine's load.

use std::path::Path;

/// The app (the process running `binary`) and every process it started (WebKit's web and
/// network processes), by pid, read from /proc.
fn tree_of(binary: &Path) -> Option<Vec<u32>> {
    let procs: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // The parent pid is the second field after the parenthesised command name.
            let ppid = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let root = procs.iter().map(|p| p.0).find(|pid| {
        std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary)
    })?;
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(procs.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    Some(tree)
}

/// The proportional set size (kB) of the app and every process it started, and how many
/// processes that is.
pub fn pss_of_tree(binary: &Path) -> Option<(u64, usize)> {
    let tree = tree_of(binary)?;
    let pss = tree
        .iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok())
        .filter_map(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))?
                .split_whitespace()
                .nth(1)?
                .parse::<u64>()
                .ok()
        })
        .sum();
    Some((pss, tree.len()))
}

/// The CPU time (ms, user and system) the app and every process it started have used so far.
/// A figure that, unlike the wall-clock ones, hardly moves with the load of a shared machine
/// (what the other processes take is not counted; their effect on caches is).
pub fn cpu_of_tree(binary: &Path) -> Option<f64> {
    Some(cpu_by_process(binary)?.iter().map(|p| p.1).sum())
}

/// The CPU time (ms) each of the app's processes has used so far, by the process's name.
pub fn cpu_by_process(binary: &Path) -> Option<Vec<(String, f64)>> {
    let procs = tree_of(binary)?
        .iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/stat")).ok())
        .filter_map(|stat| {
            let (name, rest) = stat.split_once(" (")?.1.rsplit_once(')')?;
            // utime and stime are the 14th and 15th fields, the 12th and 13th after the
            // parenthesised command name.
            let mut f = rest.split_whitespace().skip(11);
            let ticks = f.next()?.parse::<u64>().ok()? + f.next()?.parse::<u64>().ok()?;
            // Linux counts USER_HZ = 100 ticks a second.
            Some((name.to_owned(), ticks as f64 * 10.0))
        })
        .collect();
    Some(procs)
}

/// The machine's load average over the last minute, printed beside each figure: on a shared
/// machine the wall-clock figures grow with it.
pub fn load() -> String {
    let avg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!("load {}", avg.split_whitespace().next().unwrap_or("?"))
}

/// When the app's process started, in milliseconds since the Unix epoch (from /proc: its start in
/// clock ticks after boot, and the boot time), to time its launch without the WebDriver's own.
pub fn process_start_ms(binary: &Path) -> Option<f64> {
    let pid = std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .find(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary)
        })?;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The start time is the 22nd field, the 20th after the parenthesised command name.
    let ticks: f64 = stat.rsplit_once(')')?.1.split_whitespace().nth(19)?.parse().ok()?;
    let boot: f64 = std::fs::read_to_string("/proc/stat")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    // Linux counts USER_HZ = 100 ticks a second.
    Some((boot + ticks / 100.0) * 1000.0)
}
