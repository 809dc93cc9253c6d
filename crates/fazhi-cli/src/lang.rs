//! The language of what `fazhi` prints: Chinese by default, English with `--lang en`, with
//! `FAZHI_LANG=en` or with an English locale (`LC_ALL`, `LC_MESSAGES`, `LANG` such as
//! `en_US.UTF-8`). The project's own tests ask for English with `FAZHI_LANG=en`.

use std::ffi::OsString;

/// A language the CLI speaks: `zh` (中文, the default) or `en` (English). (The variants have no
/// doc comments: clap would show them as a long list in every `--help`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    #[allow(missing_docs)]
    Zh,
    #[allow(missing_docs)]
    En,
}

impl Lang {
    /// The language asked for: `--lang X` (or `--lang=X`) among `args`, else `FAZHI_LANG`, else
    /// the locale; Chinese unless one of them says English. Read before the arguments are parsed,
    /// so that `--help` itself is in that language.
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

    /// Makes `self` the language of this process, the libraries' messages included (it is
    /// kept by [`fazhi_core::Lang`], whose [`fazhi_core::tr!`] every crate's messages use).
    pub fn set(self) {
        match self {
            Lang::Zh => fazhi_core::Lang::Zh.set(),
            Lang::En => fazhi_core::Lang::En.set(),
        }
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
        assert_eq!(Lang::detect(&args(&["fazhi", "--lang", "en", "tasks"])), Lang::En);
        assert_eq!(Lang::detect(&args(&["fazhi", "tasks", "--lang=en"])), Lang::En);
        assert_eq!(Lang::detect(&args(&["fazhi", "--lang", "zh"])), Lang::Zh);
        assert_eq!(Lang::detect(&args(&["fazhi", "--lang=zh"])), Lang::Zh);
    }
}
