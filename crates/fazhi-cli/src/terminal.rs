//! Text for the terminal. A workspace's files and the command line are untrusted: a value
//! with ESC or OSC sequences would recolour or clear the screen, set the window's title or
//! worse, a CR or LF would forge lines. Every text output of fazhi goes through here: [`out!`]
//! and [`print`] for stdout (the lines of a listing stay lines), [`err!`] for the one-line
//! messages on stderr. Values that go inside a line (table cells, a note) are [`escape`]d
//! whole, line ends included, where the line is built. JSON output needs none of this (JSON
//! escapes control characters itself), nor does a file written to stdout on request (an ICS
//! calendar, a report).

use std::borrow::Cow;
use std::fmt::Write;

/// At most this many characters of a quoted value are shown in a message; the rest is cut
/// and "…" added.
pub const MAX_VALUE: usize = 200;

/// At most this many characters of a message are shown.
pub const MAX_MESSAGE: usize = 2000;

/// Prints a line on stdout, as `println!` does, through [`print`].
macro_rules! out {
    () => {
        $crate::terminal::print("\n")
    };
    ($($arg:tt)*) => {
        $crate::terminal::print(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// Prints a message on stderr, as `eprintln!` does, through [`message`].
macro_rules! err {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::terminal::message(&format!($($arg)*)))
    };
}

/// Whether `c` is shown escaped: a control character (C0, DEL, C1) or one of the
/// bidirectional-text controls, which reorder what a terminal shows of the line.
fn is_escaped(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character shown as Rust writes it in a string: `\n`, `\r`,
/// `\t`, `\u{1b}`. For a value inside a line: a cell, a note, a name.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_but(text, None)
}

/// `text` as [`escape`] shows it, but line feeds kept: for text made of lines.
pub fn escape_keeping_lines(text: &str) -> Cow<'_, str> {
    escape_but(text, Some('\n'))
}

fn escape_but(text: &str, kept: Option<char>) -> Cow<'_, str> {
    if !text.chars().any(|c| is_escaped(c) && Some(c) != kept) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            _ if Some(c) == kept || !is_escaped(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

/// A one-line message for stderr: every control character escaped (line ends too, so that a
/// value cannot forge a line), each quoted part ("…" or '…', as messages quote values and
/// the options to give) longer than [`MAX_VALUE`] characters cut to that many and "…", and the
/// whole cut to [`MAX_MESSAGE`] characters.
pub fn message(text: &str) -> String {
    let text = escape(text);
    let mut out = String::with_capacity(text.len().min(4 * MAX_MESSAGE));
    let mut rest = text.as_ref();
    while let Some(open) = rest.find(['"', '\'']) {
        let quote = if rest.as_bytes()[open] == b'"' { '"' } else { '\'' };
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let Some(close) = rest.find(quote) else { break };
        out.push_str(&cut(&rest[..close], MAX_VALUE));
        out.push(quote);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    cut(&out, MAX_MESSAGE).into_owned()
}

/// `text` cut to `max` characters, with "…" added if anything was cut.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// Prints `text` on stdout with every control character escaped but line feeds.
pub fn print(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    // A closed pipe ends the process by SIGPIPE (see main); should the signal be blocked, the
    // write fails instead and the process ends as if by it, quietly (128 + SIGPIPE). Other
    // errors panic, as print! does.
    if let Err(err) = stdout.write_all(escape_keeping_lines(text).as_bytes()) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        panic!("failed printing to stdout: {err}");
    }
}

#[cfg(test)]
mod tests {
    use super::{cut, escape, escape_keeping_lines, message};

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(escape("RX9\u{1b}]0;x\u{7}"), "RX9\\u{1b}]0;x\\u{7}");
        assert_eq!(escape("a\r\nb\tc\u{7f}\u{85}\u{202e}"), "a\\r\\nb\\tc\\u{7f}\\u{85}\\u{202e}");
        assert_eq!(escape("受理日期 ok"), "受理日期 ok");
        assert_eq!(escape_keeping_lines("a\nb\u{1b}\r\n"), "a\nb\\u{1b}\\r\n");
    }

    #[test]
    fn messages_cut_long_quoted_values_and_stay_one_line() {
        let long = "长".repeat(250);
        let shown = message(&format!("unknown header \"{long}\" for x\nforged"));
        assert_eq!(shown, format!("unknown header \"{}…\" for x\\nforged", "长".repeat(200)));
        assert_eq!(message("an \"unclosed quote"), "an \"unclosed quote");
        let hint = message(&format!("use --map '{long}=-' to ignore it"));
        assert_eq!(hint, format!("use --map '{}…' to ignore it", "长".repeat(200)));
        assert_eq!(message(&"x".repeat(5000)).chars().count(), 2001);
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcd", 3), "abc…");
    }
}
