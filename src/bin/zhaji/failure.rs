//! How a failure reaches the user: exactly one line on stderr and a non-zero exit, for a usage
//! error as for a failed command. A message is printed with its control characters escaped and
//! cut to a short length, so that a document's text quoted in an error (a long name inside an
//! EPUB, say) can never flood the terminal or break the line.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::CommandFactory;

/// The exit status of a usage error (as most command-line tools use).
pub const USAGE_EXIT: u8 = 2;

/// The longest message printed whole, in characters; longer ones are cut with a note of how much.
const MAX_MESSAGE_CHARS: usize = 300;

/// An error whose lines have already been printed (each failed document of an import): `main`
/// exits non-zero without another line.
#[derive(Debug)]
pub struct AlreadyReported;

impl std::fmt::Display for AlreadyReported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the failures were reported above")
    }
}

impl std::error::Error for AlreadyReported {}

/// Prints one failure line: `zhaji: ` and the message, made safe for one line.
pub fn print(message: &str) {
    eprintln!("zhaji: {}", one_line(message));
}

/// `message` on one line: control characters (newlines, terminal escapes) escaped, and cut to
/// about [`MAX_MESSAGE_CHARS`] characters as printed, saying how many were left out.
pub fn one_line(message: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    let mut chars = message.chars();
    for c in chars.by_ref() {
        if c.is_control() {
            let e: String = c.escape_default().collect();
            width += e.chars().count();
            out.push_str(&e);
        } else {
            width += 1;
            out.push(c);
        }
        if width >= MAX_MESSAGE_CHARS {
            break;
        }
    }
    let left = chars.count();
    if left > 0 {
        out.push_str(&format!("… ({left} more characters)"));
    }
    out
}

/// The one line for a usage error clap found, with a hint at the help of the command it was
/// in, e.g. `unknown flag --foo (see zhaji import --help)`.
pub fn usage_line(err: &clap::Error, args: &[String]) -> String {
    let arg = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(s)) => Some(s.join(" ")),
        _ => None,
    };
    let what = match (err.kind(), arg(ContextKind::InvalidArg)) {
        (ErrorKind::UnknownArgument, Some(a)) if a.starts_with('-') => format!("unknown flag {a}"),
        (ErrorKind::MissingRequiredArgument, Some(a)) => format!("missing {a}"),
        (ErrorKind::InvalidSubcommand, _) => {
            format!("unknown command {}", arg(ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        (ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand, _) => {
            "a command is missing".to_owned()
        }
        _ => {
            // Clap's message is its first paragraph (a list may follow a colon); usage and tips
            // come after a blank line.
            let rendered = err.render().to_string();
            let lines = rendered.lines().skip_while(|l| l.trim().is_empty());
            let first: Vec<&str> =
                lines.take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
            first.join(" ").trim_start_matches("error:").trim().to_owned()
        }
    };
    let suggestion = match err
        .get(ContextKind::SuggestedArg)
        .or_else(|| err.get(ContextKind::SuggestedSubcommand))
    {
        Some(ContextValue::String(s)) => format!("; did you mean {s}?"),
        Some(ContextValue::Strings(s)) if !s.is_empty() => {
            format!("; did you mean {}?", s.join(" or "))
        }
        _ => String::new(),
    };
    format!("{}{suggestion} (see {} --help)", one_line(&what), command_path(args))
}

/// `zhaji` and the subcommands named in `args` (`zhaji note article`), for a help hint.
fn command_path(args: &[String]) -> String {
    let mut cmd = crate::Cli::command();
    let mut path = vec!["zhaji".to_owned()];
    for a in args.iter().skip(1) {
        let Some(sub) = cmd.find_subcommand(a).cloned() else { continue };
        path.push(sub.get_name().to_owned());
        if !sub.has_subcommands() {
            break;
        }
        cmd = sub;
    }
    path.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_escapes_and_cuts_by_printed_width() {
        assert_eq!(one_line("算力\n数据\u{1b}[0m"), "算力\\n数据\\u{1b}[0m");
        let long = "钱".repeat(1000);
        let cut = one_line(&long);
        assert!(cut.starts_with(&"钱".repeat(MAX_MESSAGE_CHARS)));
        assert!(cut.ends_with("… (700 more characters)"), "{cut}");
        let lines = "行\n".repeat(1000);
        let cut = one_line(&lines);
        assert!(!cut.contains('\n') && cut.chars().count() < MAX_MESSAGE_CHARS + 40, "{cut}");
    }
}
