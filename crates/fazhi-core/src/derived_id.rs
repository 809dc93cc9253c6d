use pinyin::ToPinyin;

/// What an id is derived for, which decides its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdStyle {
    /// A person: surname and given name, `马军` → `ma_jun`, `欧阳晓东` → `ouyang_xiaodong`.
    Person,
    /// A unit: its name run together, `党政办` → `dangzhengban`; a long name by its initials,
    /// `法治政府建设工作领导小组办公室` → `fzzfjsgzldxzbgs`.
    Unit,
    /// A duty or an event: the first four characters of its title in two words,
    /// `党委会议会前学法` → `dangwei-huiyi`.
    Title,
}

/// Surnames of two characters, read as one word.
const COMPOUND_SURNAMES: [&str; 12] =
    ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "夏侯"];

/// A unit name run together longer than this is written by its initials.
const LONG_UNIT: usize = 24;

/// An identifier for `name` (letters, digits, `_`, `-`: what workspace files accept), derived
/// from its pinyin so that nobody types it, and made unique by a number when `taken` says the
/// plain one is: `ma_jun`, `ma_jun2`, … for a person, `dangwei-huiyi-2` for a title. A name
/// without a Chinese character or an ASCII letter or digit gives `fallback` and a number.
pub fn derive_id(name: &str, style: IdStyle, fallback: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let syllables = syllables(name);
    let base = match style {
        IdStyle::Person => {
            let surname = COMPOUND_SURNAMES.iter().find(|surname| name.trim().starts_with(*surname));
            let split = surname.map_or(1, |surname| surname.chars().count()).min(syllables.len());
            let (family, given) = syllables.split_at(split);
            match (family.concat(), given.concat()) {
                (family, given) if given.is_empty() => family,
                (family, given) => format!("{family}_{given}"),
            }
        }
        IdStyle::Unit => {
            let whole = syllables.concat();
            if whole.len() > LONG_UNIT {
                syllables.iter().filter_map(|syllable| syllable.chars().next()).collect()
            } else {
                whole
            }
        }
        IdStyle::Title => {
            let words: Vec<String> = syllables.chunks(2).take(2).map(<[String]>::concat).collect();
            words.join("-")
        }
    };
    let separator = if style == IdStyle::Title { "-" } else { "" };
    let (base, mut n) = if base.is_empty() { (fallback.to_string(), 0) } else { (base, 0) };
    loop {
        let candidate = if n == 0 { base.clone() } else { format!("{base}{separator}{}", n.max(2)) };
        if !taken(&candidate) {
            return candidate;
        }
        n = n.max(1) + 1;
    }
}

/// The pinyin of each Chinese character of `name` (without tones), and each run of ASCII
/// letters and digits as it is (in lower case); anything else is passed over.
fn syllables(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut ascii = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            ascii.push(c.to_ascii_lowercase());
            continue;
        }
        if !ascii.is_empty() {
            out.push(std::mem::take(&mut ascii));
        }
        if let Some(pinyin) = c.to_pinyin() {
            // ü is written v, as pinyin keyboards do: 律 → lv.
            out.push(pinyin.plain().replace('ü', "v").chars().filter(char::is_ascii_alphanumeric).collect());
        }
    }
    if !ascii.is_empty() {
        out.push(ascii);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{derive_id, IdStyle};

    #[test]
    fn ids_are_derived_from_the_pinyin_and_made_unique() {
        let none = |_: &str| false;
        assert_eq!(derive_id("马军", IdStyle::Person, "person", &none), "ma_jun");
        assert_eq!(derive_id("欧阳晓东", IdStyle::Person, "person", &none), "ouyang_xiaodong");
        assert_eq!(derive_id("党政办", IdStyle::Unit, "unit", &none), "dangzhengban");
        assert_eq!(derive_id("法治政府建设工作领导小组办公室", IdStyle::Unit, "unit", &none), "fzzfjsgzldxzbgs");
        assert_eq!(derive_id("党委会议会前学法", IdStyle::Title, "duty", &none), "dangwei-huiyi");
        assert_eq!(derive_id("梳理2025年任务清单", IdStyle::Title, "duty", &none), "shuli-2025nian");
        assert_eq!(derive_id("法律顾问", IdStyle::Title, "duty", &none), "falv-guwen");
        assert_eq!(derive_id("——", IdStyle::Title, "duty", &none), "duty");
        let taken = |id: &str| ["ma_jun", "ma_jun2", "dangwei-huiyi"].contains(&id);
        assert_eq!(derive_id("马军", IdStyle::Person, "person", &taken), "ma_jun3");
        assert_eq!(derive_id("党委会议会前学法", IdStyle::Title, "duty", &taken), "dangwei-huiyi-2");
    }
}
