//! Chinese ordinals for headings: 一、二、… , （一）（二）… and 1. 2. …

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// `n` (1–99) in Chinese numerals: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 21 → 二十一.
pub(crate) fn chinese(n: usize) -> String {
    match n {
        0..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => format!("{}十{}", DIGITS[n / 10], if n.is_multiple_of(10) { "" } else { DIGITS[n % 10] }),
        _ => n.to_string(),
    }
}

/// The heading of the `n`th section of `level` (GB/T 9704 7.3.3): "一、title", "（一）title",
/// "1.title".
pub(crate) fn heading(level: u8, n: usize, title: &str) -> String {
    match level {
        1 => format!("{}、{title}", chinese(n)),
        2 => format!("（{}）{title}", chinese(n)),
        _ => format!("{n}.{title}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numerals() {
        let got: Vec<String> = [1, 3, 10, 11, 19, 20, 21, 99].iter().map(|n| super::chinese(*n)).collect();
        assert_eq!(got, ["一", "三", "十", "十一", "十九", "二十", "二十一", "九十九"]);
        assert_eq!(super::heading(1, 3, "防范风险"), "三、防范风险");
        assert_eq!(super::heading(2, 2, "压紧责任落实。"), "（二）压紧责任落实。");
        assert_eq!(super::heading(3, 12, "严格持证上岗。"), "12.严格持证上岗。");
    }
}
