//! Currencies and other units next to a number: symbols before or after
//! ("€200", "200 €", "US$ 5", "c $ 16.4"), ISO codes spaced or glued
//! ("EUR 20", "USD34.6", "115USD", "120 MEUR"), names with their
//! inflections ("euro's", "d'euros", "złotych"), coins, percent words and
//! month names.

use super::decimal::Dec;
use super::tables::{fold, fold_small, Common, Tables, Unit};
use crate::segment::{is_alnum, is_letter};

/// What follows a number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum After {
    /// A currency; `scale` is a glued scale prefix ("MEUR" = 6), else 0.
    Currency { code: String, scale: i32, end: usize, word: bool },
    /// A coin: currency and the value of one coin.
    Subunit { code: String, value: Dec, end: usize },
    /// A percent sign or word.
    Percent { end: usize },
    /// A month name: the number is a date.
    Month,
}

/// A currency written before a number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Before {
    pub code: String,
    pub start: usize,
    pub scale: i32,
}

pub(crate) fn is_gap(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\t')
}

/// Skips at most two gap characters after `pos`.
fn skip_gap(text: &str, pos: usize) -> usize {
    let mut q = pos;
    for c in text[pos..].chars().take(2) {
        if is_gap(c) {
            q += c.len_utf8();
        } else {
            break;
        }
    }
    q
}

/// Skips at most two gap characters before `pos`.
fn skip_gap_back(text: &str, pos: usize) -> usize {
    let mut q = pos;
    for c in text[..pos].chars().rev().take(2) {
        if is_gap(c) {
            q -= c.len_utf8();
        } else {
            break;
        }
    }
    q
}

#[inline]
fn word_char(c: char) -> bool {
    is_alnum(c)
}

/// The end of the word starting at `q`: letters and digits, with inner
/// apostrophes ("euro's", "d'euros", "jusqu'à") and inner periods ("u.s").
pub(crate) fn word_end(text: &str, q: usize) -> usize {
    let mut end = q;
    let mut chars = text[q..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if word_char(c) {
            end = q + i + c.len_utf8();
        } else if matches!(c, '\'' | '’' | '.' | '-') && end == q + i {
            match chars.peek() {
                Some(&(_, n)) if word_char(n) && end > q => continue,
                _ => break,
            }
        } else {
            break;
        }
    }
    end
}

/// The start of the word ending at `q` (same word rules as [`word_end`]).
pub(crate) fn word_start(text: &str, q: usize) -> usize {
    let mut start = q;
    let mut chars = text[..q].char_indices().rev().peekable();
    while let Some((i, c)) = chars.next() {
        if word_char(c) {
            start = i;
        } else if matches!(c, '\'' | '’' | '.') && start == i + c.len_utf8() && start < q {
            match chars.peek() {
                Some(&(_, n)) if word_char(n) => continue,
                _ => break,
            }
        } else {
            break;
        }
    }
    start
}

fn is_code(word: &str, c: &Common, lowercase_ok: bool) -> Option<String> {
    if word.len() < 3 || word.len() > 4 {
        return None;
    }
    if let Some(code) = c.codes.get(word) {
        return Some(code.clone());
    }
    if lowercase_ok && c.lowercase_codes.contains(word) {
        return c.codes.get(&word.to_ascii_uppercase()).cloned();
    }
    None
}

/// A symbol at `q`; symbols that end in a letter ("zł") need a word boundary.
fn symbol_at(text: &str, q: usize, c: &Common) -> Option<(String, usize)> {
    let rest = &text[q..];
    if !rest.chars().next().is_some_and(|ch| c.symbol_first_chars.contains(&ch)) {
        return None;
    }
    for (sym, code) in &c.symbols {
        if rest.starts_with(sym.as_str()) {
            let end = q + sym.len();
            let last_alpha = sym.chars().last().is_some_and(is_letter);
            if last_alpha && text[end..].chars().next().is_some_and(word_char) {
                continue;
            }
            return Some((code.clone(), end));
        }
    }
    None
}

/// A scale prefix glued to a code or symbol ("MEUR", "k€", "Md€") at `q`.
fn scaled_code_at(text: &str, q: usize, c: &Common) -> Option<(String, i32, usize)> {
    let bytes = text.as_bytes();
    let lim = bytes.len().min(q + 1 + c.max_scale_prefix);
    if !bytes.get(q + 1..lim).is_some_and(|b| b.iter().any(|&x| c.code_first_bytes[x as usize])) {
        return None;
    }
    for (prefix, e) in &c.scale_prefixes {
        if let Some(rest) = text[q..].strip_prefix(prefix.as_str()) {
            let r = q + prefix.len();
            if let Some((code, end)) = symbol_at(text, r, c) {
                if !code.is_empty() && !text[end..].chars().next().is_some_and(word_char) {
                    return Some((code, *e, end));
                }
            }
            let wend = word_end(text, r);
            if wend > r && rest.len() >= wend - r {
                if let Some(code) = is_code(&text[r..wend], c, false) {
                    return Some((code, *e, wend));
                }
            }
        }
    }
    None
}

/// What is written right after a number that ends at `pos`.
pub(crate) fn after(text: &str, pos: usize, t: &Tables, c: &Common, scaled: bool) -> Option<After> {
    let mut q = skip_gap(text, pos);
    let glued = q == pos;
    let rest = &text[q..];
    if rest.starts_with('%') || rest.starts_with('％') {
        return Some(After::Percent { end: q + rest.chars().next().map_or(1, char::len_utf8) });
    }
    if let Some((code, end)) = symbol_at(text, q, c) {
        return Some(After::Currency { code, scale: 0, end, word: false });
    }
    if glued && rest.starts_with('-') {
        // "12-cent", "one-yen": only a currency or coin name may follow.
        q += 1;
        let end = q + text[q..].chars().take_while(|&ch| is_letter(ch)).map(char::len_utf8).sum::<usize>();
        if end > q {
            return match t.units.get(&*fold_small(&text[q..end])) {
                Some(Unit::Currency(code)) => {
                    Some(After::Currency { code: code.clone(), scale: 0, end, word: true })
                }
                Some(Unit::Subunit(code, value)) => {
                    Some(After::Subunit { code: code.clone(), value: value.clone(), end })
                }
                _ => None,
            };
        }
        return None;
    }
    if !scaled {
        if let Some((code, scale, end)) = scaled_code_at(text, q, c) {
            return Some(After::Currency { code, scale, end, word: false });
        }
    }
    // Up to three words: the longest phrase in the table wins. Most numbers
    // are followed by some other word: one lookup rules that out.
    let first_end = word_end(text, q);
    if first_end == q {
        return None;
    }
    let most = match t.unit_filter.may_start(&text.as_bytes()[q..first_end]) {
        true => t.unit_first_words.get(&*fold_small(&text[q..first_end])).copied(),
        false => None,
    };
    let Some(most) = most else {
        return is_code(&text[q..first_end], c, true).map(|code| After::Currency {
            code,
            scale: 0,
            end: first_end,
            word: false,
        });
    };
    // No longer phrase than the longest unit that starts with this word.
    let mut ends = [0usize; 3];
    let mut n = 0;
    let mut p = q;
    while n < most.min(3) {
        let e = word_end(text, p);
        if e == p {
            break;
        }
        ends[n] = e;
        n += 1;
        let next = skip_gap(text, e);
        if next == e || next - e > 1 {
            break;
        }
        p = next;
    }
    for k in (0..n).rev() {
        let phrase = &text[q..ends[k]];
        let key = fold(phrase);
        let key = if k > 0 { key.split_whitespace().collect::<Vec<_>>().join(" ") } else { key };
        let mut end = ends[k];
        let dotted = text[end..].starts_with('.').then(|| format!("{key}."));
        let found = match dotted.as_ref().and_then(|d| t.units.get(d)) {
            // An abbreviation's period belongs to it ("kr.", "proc.").
            Some(u) => {
                end += 1;
                Some(u)
            }
            None => t.units.get(&key),
        };
        if let Some(u) = found {
            // An abbreviation's period belongs to it ("kr.", "Ft.").
            return Some(match u {
                Unit::Currency(code) => After::Currency { code: code.clone(), scale: 0, end, word: true },
                Unit::Subunit(code, value) => {
                    After::Subunit { code: code.clone(), value: value.clone(), end }
                }
                Unit::Percent => After::Percent { end },
                Unit::Month => After::Month,
            });
        }
    }
    if n > 0 {
        let word = &text[q..ends[0]];
        if let Some(code) = is_code(word, c, true) {
            return Some(After::Currency { code, scale: 0, end: ends[0], word: false });
        }
    }
    None
}

/// A currency written before a number that starts at `pos`.
pub(crate) fn before(text: &str, pos: usize, c: &Common) -> Option<Before> {
    let q = skip_gap_back(text, pos);
    let spaced = q < pos;
    let head = &text[..q];
    let symbols: &[(String, String)] =
        if head.chars().next_back().is_some_and(|ch| c.symbol_last_chars.contains(&ch)) {
            &c.symbols
        } else {
            &[]
        };
    for (sym, code) in symbols {
        if !head.ends_with(sym.as_str()) {
            continue;
        }
        let start = q - sym.len();
        let first_alpha = sym.chars().next().is_some_and(is_letter);
        if first_alpha && text[..start].chars().next_back().is_some_and(word_char) {
            continue;
        }
        let mut found = Before { code: code.clone(), start, scale: 0 };
        if sym == "$" {
            // "US$", "usd$", "c $", "hk $", "u.s $": the prefix names the dollar.
            let g = start;
            let wstart = word_start(text, g);
            let spaced_prefix = {
                let g2 = skip_gap_back(text, g);
                if g2 < g && g - g2 == 1 {
                    let ws = word_start(text, g2);
                    (ws < g2).then(|| (ws, fold(&text[ws..g2])))
                } else {
                    None
                }
            };
            if wstart < g {
                let w = fold(&text[wstart..g]);
                if let Some(code) =
                    c.dollar_prefixes.get(&w).cloned().or_else(|| is_code(&text[wstart..g], c, true))
                {
                    found = Before { code, start: wstart, scale: 0 };
                }
            } else if let Some((ws, w)) = spaced_prefix {
                if let Some(code) = c.dollar_prefixes.get(&w) {
                    // One space: only "c $" and prefixes of two letters or more ("us $", "hk $").
                    if w == "c" || w.chars().count() >= 2 {
                        found = Before { code: code.clone(), start: ws, scale: 0 };
                    }
                }
            }
        }
        return Some(found);
    }
    // An ISO code, possibly with a glued scale prefix ("EUR 20", "USD34.6", "MAUD 60").
    let ws = word_start(text, q);
    if ws < q {
        let word = &text[ws..q];
        if !spaced && word.chars().last().is_some_and(|ch| ch.is_ascii_digit()) {
            return None;
        }
        if let Some(code) = is_code(word, c, false) {
            return Some(Before { code, start: ws, scale: 0 });
        }
        if let Some((code, scale, end)) = scaled_code_at(text, ws, c) {
            if end == q {
                return Some(Before { code, start: ws, scale });
            }
        }
    }
    None
}
