//! Numbers written in digits, in every European convention:
//! `1.234.567,89`, `1,234,567.89`, `1 234 567,89` (with U+0020, U+00A0,
//! U+202F or U+2009), `1'000`, and the single-separator cases `1.5`, `1,5`,
//! `1.500` read by the language and the digits' shape.

use super::decimal::Dec;

/// A number read from digits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Digits {
    pub value: Dec,
    /// Byte offset just past the number (and a trailing ",-" price mark).
    pub end: usize,
}

/// Separators that only ever group thousands.
fn is_space_group(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

/// Reads the number whose first digit is at `pos`.
///
/// `decimal_comma` is the language's convention (`None` when unknown: a
/// single separator followed by exactly three digits then groups thousands).
/// Returns `None` when the digits are not a plain number: a version or date
/// such as `1.2.3` or `11.02.2025`.
pub(crate) fn parse_digits(text: &str, pos: usize, decimal_comma: Option<bool>) -> Option<Digits> {
    let bytes = text.as_bytes();
    let run = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let first = run(pos);
    if first == 0 {
        return None;
    }
    // (separator, digits) pairs after the first group.
    let mut groups: Vec<(char, &str)> = Vec::new();
    let mut i = pos + first;
    while let Some(c) = text[i..].chars().next() {
        if !(c == '.' || c == ',' || is_space_group(c)) {
            break;
        }
        let j = i + c.len_utf8();
        let n = if j < bytes.len() { run(j) } else { 0 };
        if n == 0 {
            break;
        }
        if is_space_group(c) {
            // Only a clean group of three after a first group of at most three.
            let after = bytes.get(j + n).copied();
            let clean_first = groups.is_empty() && first <= 3 || groups.iter().all(|g| g.1.len() == 3);
            let prev_dot = groups.iter().any(|g| g.0 == '.' || g.0 == ',');
            if n != 3 || !clean_first || prev_dot || after.is_some_and(|b| b.is_ascii_digit()) {
                break;
            }
        }
        groups.push((c, &text[j..j + n]));
        i = j + n;
    }
    let int_first = &text[pos..pos + first];
    let mut end = i;
    // "24,-" and "24,–": a whole price.
    for mark in [",-", ",–", ".-", ".–"] {
        if text[end..].starts_with(mark)
            && !text[end + mark.len()..].starts_with(|c: char| c.is_ascii_digit())
        {
            end += mark.len();
            break;
        }
    }
    let value = interpret(int_first, &groups, decimal_comma)?;
    Some(Digits { value, end })
}

/// Decides which separator is the decimal one and builds the value.
fn interpret(first: &str, groups: &[(char, &str)], decimal_comma: Option<bool>) -> Option<Dec> {
    if groups.is_empty() {
        return Dec::from_parts(first, "");
    }
    let marks: Vec<char> = groups.iter().map(|g| g.0).filter(|&c| c == '.' || c == ',').collect();
    let mut decimal_at: Option<usize> = None; // index into groups
    if let Some(&last_mark) = marks.last() {
        let count_last = marks.iter().filter(|&&c| c == last_mark).count();
        let other = marks.iter().any(|&c| c != last_mark);
        let last_idx = groups.iter().rposition(|g| g.0 == last_mark).unwrap_or(0);
        if other {
            // Both marks: the last one, used once, is the decimal separator.
            if count_last != 1 || last_idx != groups.len() - 1 {
                return None;
            }
            decimal_at = Some(last_idx);
        } else if count_last == 1 {
            let g = groups[last_idx].1;
            let lang_decimal = match decimal_comma {
                Some(true) => Some(','),
                Some(false) => Some('.'),
                None => None,
            };
            let grouping_shape =
                g.len() == 3 && first.len() <= 3 && first != "0" && last_idx == groups.len() - 1;
            let spaced = groups.len() > 1; // "1 234.5": spaces group, the mark is decimal
            if last_idx != groups.len() - 1 {
                return None;
            }
            decimal_at = if spaced || lang_decimal == Some(last_mark) {
                Some(last_idx)
            } else if grouping_shape {
                None
            } else {
                Some(last_idx)
            };
        } else if last_idx != groups.len() - 1 {
            return None;
        }
    }
    // Every grouping group has three digits (the Indian 12,34,567 shape is
    // accepted too: two-digit groups before a final group of three).
    let int_groups: Vec<&str> =
        groups.iter().enumerate().filter(|(i, _)| Some(*i) != decimal_at).map(|(_, g)| g.1).collect();
    if let Some((last, rest)) = int_groups.split_last() {
        let indian = rest.iter().all(|g| g.len() == 2) && !rest.is_empty() && first.len() <= 2;
        if last.len() != 3 || !(rest.iter().all(|g| g.len() == 3) || indian) {
            return None;
        }
        if first.len() > 3 {
            return None;
        }
    }
    let mut int = String::from(first);
    for g in &int_groups {
        int.push_str(g);
    }
    let frac = decimal_at.map_or("", |i| groups[i].1);
    Dec::from_parts(&int, frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str, comma: Option<bool>) -> Option<String> {
        parse_digits(text, 0, comma).map(|d| d.value.to_string())
    }

    #[test]
    fn conventions() {
        let nl = Some(true);
        let en = Some(false);
        assert_eq!(v("1.234.567,89", nl).as_deref(), Some("1234567.89"));
        assert_eq!(v("1,234,567.89", en).as_deref(), Some("1234567.89"));
        assert_eq!(v("1 234 567,89", nl).as_deref(), Some("1234567.89"));
        assert_eq!(v("1\u{a0}234\u{a0}567,89", nl).as_deref(), Some("1234567.89"));
        assert_eq!(v("1\u{202f}234,5", nl).as_deref(), Some("1234.5"));
        assert_eq!(v("1'000'000", nl).as_deref(), Some("1000000"));
        assert_eq!(v("1.5", nl).as_deref(), Some("1.5"));
        assert_eq!(v("1,5", nl).as_deref(), Some("1.5"));
        assert_eq!(v("1.500", nl).as_deref(), Some("1500"));
        assert_eq!(v("1.500", en).as_deref(), Some("1.5"));
        assert_eq!(v("1,500", en).as_deref(), Some("1500"));
        assert_eq!(v("1,500", None).as_deref(), Some("1500"));
        assert_eq!(v("1,5", en).as_deref(), Some("1.5"));
        assert_eq!(v("12,34,567.89", en).as_deref(), Some("1234567.89"));
        assert_eq!(v("0,666", nl).as_deref(), Some("0.666"));
        assert_eq!(v("0.666", nl).as_deref(), Some("0.666"));
        assert_eq!(v("2025", nl).as_deref(), Some("2025"));
    }

    #[test]
    fn not_numbers() {
        assert_eq!(v("1.2.3", Some(false)), None);
        assert_eq!(v("11.02.2025", Some(true)), None);
        assert_eq!(v("1.234,5,6", Some(true)), None);
    }

    #[test]
    fn ends() {
        let d = parse_digits("24,- schuldig", 0, Some(true)).unwrap();
        assert_eq!((d.value.to_string(), d.end), ("24".to_string(), 4));
        let d = parse_digits("5 123 mensen", 0, Some(true)).unwrap();
        assert_eq!(d.value.to_string(), "5123");
        let d = parse_digits("2025 12 mensen", 0, Some(true)).unwrap();
        assert_eq!(d.end, 4);
        let d = parse_digits("500 USD,100 keer", 0, Some(false)).unwrap();
        assert_eq!(d.end, 3);
        let d = parse_digits("3, 4", 0, Some(false)).unwrap();
        assert_eq!(d.end, 1);
    }
}
