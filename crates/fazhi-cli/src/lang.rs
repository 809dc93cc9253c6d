//! The language of what `fazhi` prints: Chinese by default, English with `--lang en`, with
//! `FAZHI_LANG=en` or with an English locale (`LC_ALL`, `LC_MESSAGES`, `LANG` such as
//! `en_US.UTF-8`). The project's own tests ask for English with `FAZHI_LANG=en`.

use std::ffi::OsString;

use fazhi_core::Lang;

/// The language asked for: `--lang X` (or `--lang=X`) among `args`, else `FAZHI_LANG`, else the
/// locale; Chinese unless one of them says English. Read before the arguments are parsed, so
/// that `--help` itself is in that language; [`Lang::set`] then makes it the process's.
pub fn detect(args: &[OsString]) -> Lang {
    let given = args.iter().zip(args.iter().skip(1).map(Some).chain([None])).find_map(|(arg, next)| {
        let arg = arg.to_str()?;
        match arg.strip_prefix("--lang") {
            Some("") => next.and_then(|value| value.to_str()).map(str::to_string),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        }
    });
    let from_env = || {
        ["FAZHI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
    };
    match given.or_else(from_env) {
        Some(value) if value.to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Whether this process prints English.
pub fn english() -> bool {
    fazhi_core::Lang::is_english()
}

/// The word before a warning: `warning: ` or `警告：`.
pub fn warning() -> &'static str {
    if english() {
        "warning: "
    } else {
        "警告："
    }
}

/// The word before an error: `error: ` or `错误：`.
pub fn error() -> &'static str {
    if english() {
        "error: "
    } else {
        "错误："
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_flag_wins_in_either_spelling() {
        assert_eq!(detect(&args(&["fazhi", "--lang", "en", "tasks"])), Lang::En);
        assert_eq!(detect(&args(&["fazhi", "tasks", "--lang=en"])), Lang::En);
        assert_eq!(detect(&args(&["fazhi", "--lang", "zh"])), Lang::Zh);
        assert_eq!(detect(&args(&["fazhi", "--lang=zh"])), Lang::Zh);
    }
}
