//! Spelled numbers and scale words: "tweehonderd", "zweihundertfünfzig",
//! "deux cents", "anderhalf", "dreieinhalb", "half a billion", "twee komma
//! vijf miljard", "trois milliards et demi", and digits followed by scale
//! words ("200 miljard", "1,5 mld.", "200bn").

use super::decimal::Dec;
use std::cell::RefCell;

use super::tables::{fold_into, Morph, Tables};
use crate::segment::is_letter;

/// A number read from words (and possibly leading digits).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Phrase {
    pub value: Dec,
    /// Byte offset just past the last word of the number.
    pub end: usize,
    /// True when a scale word (thousand or more) was read.
    pub scaled: bool,
    /// True when a number word (not only digits and scales) was read.
    pub words: bool,
    /// True when the last scale was an abbreviation that needs a currency ("m", "k").
    pub money_only: bool,
    /// The power of ten of the last scale ("mil millones" = 9).
    pub scale: Option<i32>,
}

/// Splits a lowercase word into number morphemes ("vijfenveertig" → vijf, en, veertig).
pub(crate) fn segment(word: &str, t: &Tables) -> Option<Vec<Morph>> {
    let mut out = Vec::new();
    if split(word, t, &mut out, 0) {
        Some(out)
    } else {
        None
    }
}

fn split(rest: &str, t: &Tables, out: &mut Vec<Morph>, depth: usize) -> bool {
    if rest.is_empty() {
        return !out.is_empty();
    }
    if depth > 12 || !t.morph_filter.may_start(rest.as_bytes()) {
        return false;
    }
    let mut n = rest.len().min(t.max_morph);
    while n > 0 {
        if rest.is_char_boundary(n) {
            if let Some(m) = t.morphs.get(&rest[..n]) {
                // Articles and short abbreviations ("a", "m", "bn") are whole words only:
                // "Am" is not "a million", "ab" not "a billion".
                let whole = depth == 0 && n == rest.len();
                let short_scale = matches!(m, Morph::Scale(_)) && n <= 3;
                if !whole && (matches!(m, Morph::Article) || short_scale) {
                    n -= 1;
                    continue;
                }
                out.push(m.clone());
                if split(&rest[n..], t, out, depth + 1) {
                    return true;
                }
                out.pop();
            }
        }
        n -= 1;
    }
    false
}

/// The running value of a spelled number.
#[derive(Debug, Clone, Default)]
struct Eval {
    total: Dec,
    current: Dec,
    /// What the last scale added to `total`.
    group: Dec,
    last_num: Option<u64>,
    last_scale: Option<i32>,
    last_was_hundred: bool,
    last_was_fraction: bool,
    has_number: bool,
    from_digits: bool,
    words: bool,
    connector: bool,
    article: bool,
    decimal_digits: Option<i32>,
}

impl Eval {
    /// True when the state is complete (no dangling connector, article or "komma").
    fn settled(&self) -> bool {
        !self.connector && !self.article && self.decimal_digits != Some(0)
    }

    fn feed(&mut self, m: &Morph) -> bool {
        let ok = self.feed_inner(m);
        if ok && !matches!(m, Morph::Connector | Morph::Article | Morph::DecimalWord) {
            self.connector = false;
            self.article = false;
        }
        ok
    }

    fn feed_inner(&mut self, m: &Morph) -> bool {
        match m {
            Morph::Connector => {
                if !self.has_number || self.connector || self.decimal_digits.is_some() {
                    return false;
                }
                self.connector = true;
                true
            }
            Morph::Article => {
                if self.article || (self.has_number && !self.connector && !self.last_was_fraction) {
                    return false;
                }
                self.article = true;
                true
            }
            Morph::DecimalWord => {
                if !self.has_number
                    || self.current.is_zero()
                    || self.decimal_digits.is_some()
                    || self.connector
                {
                    return false;
                }
                self.decimal_digits = Some(0);
                true
            }
            Morph::Num(v) => {
                let Some(n) = v.to_u64() else {
                    // "anderhalf", "anderthalb": a whole number with a fraction, alone.
                    if self.has_number || self.decimal_digits.is_some() || self.article {
                        return false;
                    }
                    self.current = v.clone();
                    self.has_number = true;
                    self.words = true;
                    self.last_was_fraction = true;
                    return true;
                };
                if let Some(k) = self.decimal_digits {
                    if n > 9 || self.connector {
                        return false;
                    }
                    self.current = self.current.add(&Dec::from_u64(n).shift(-(k + 1)));
                    self.decimal_digits = Some(k + 1);
                    return true;
                }
                if self.article || (self.from_digits && !self.connector) || self.last_was_fraction {
                    return false;
                }
                if let Some(last) = self.last_num {
                    let tens = |x: u64| x % 10 == 0 && (10..100).contains(&x);
                    let joined = if self.connector {
                        (last < 10 && tens(n) && n >= 20) || (tens(last) && last >= 20 && n < 10)
                    } else {
                        tens(last) && n < 10
                    };
                    if !joined {
                        return false;
                    }
                } else if self.connector && self.last_scale.is_none() && !self.last_was_hundred {
                    return false;
                }
                self.current = self.current.add(v);
                self.last_num = Some(n);
                self.last_was_hundred = false;
                self.has_number = true;
                self.words = true;
                true
            }
            Morph::Hundred => {
                if self.decimal_digits.is_some() || self.last_was_hundred || self.last_was_fraction {
                    return false;
                }
                if self.current.is_zero() {
                    if self.has_number && self.last_scale.is_none() {
                        return false;
                    }
                    self.current = Dec::from_u64(1);
                } else if self.current.cmp(&Dec::from_u64(100)).is_ge() {
                    return false;
                }
                self.current = self.current.clone().shift(2);
                self.last_num = None;
                self.last_was_hundred = true;
                self.has_number = true;
                self.words = true;
                true
            }
            Morph::Thousand if self.current.is_zero() && !self.has_number && !self.article => {
                self.current = Dec::from_u64(1);
                self.words = true;
                self.feed_inner(&Morph::Scale(3))
            }
            Morph::Thousand => {
                self.words = true;
                self.feed_inner(&Morph::Scale(3))
            }
            Morph::Scale(e) => {
                let e = *e;
                self.decimal_digits = None;
                if self.current.is_zero() {
                    if self.article {
                        self.current = Dec::from_u64(1);
                    } else if let Some(prev) = self.last_scale {
                        // "mil millones", "thousand million": the last group is scaled again.
                        if prev >= e || self.group.is_zero() {
                            return false;
                        }
                        let scaled = self.group.clone().shift(e);
                        self.total = self.total.add(&self.group.clone().neg()).add(&scaled);
                        self.group = scaled;
                        self.last_scale = Some(e + prev);
                        return true;
                    } else {
                        return false;
                    }
                } else if let Some(prev) = self.last_scale {
                    if e >= prev {
                        return false;
                    }
                }
                self.group = self.current.clone().shift(e);
                self.total = self.total.add(&self.group);
                self.current = Dec::zero();
                self.last_num = None;
                self.last_scale = Some(e);
                self.last_was_hundred = false;
                self.last_was_fraction = false;
                self.has_number = true;
                true
            }
            Morph::Fraction(f) => {
                if self.decimal_digits.is_some() || self.last_was_fraction {
                    return false;
                }
                if self.connector {
                    if !self.current.is_zero() {
                        self.current = self.current.add(f);
                    } else if let Some(e) = self.last_scale {
                        self.total = self.total.add(&f.clone().shift(e));
                    } else {
                        return false;
                    }
                } else if self.article && !self.has_number {
                    self.current = f.clone();
                } else if !self.current.is_zero() && self.last_num.is_some() && !self.from_digits {
                    self.current = self.current.mul(f);
                } else if !self.has_number {
                    self.current = f.clone();
                } else {
                    return false;
                }
                self.last_num = None;
                self.last_was_fraction = true;
                self.has_number = true;
                self.words = true;
                true
            }
            Morph::AddFraction(f) => {
                if self.current.is_zero()
                    || self.connector
                    || self.decimal_digits.is_some()
                    || self.from_digits
                {
                    return false;
                }
                self.current = self.current.add(f);
                self.last_num = None;
                self.last_was_fraction = true;
                true
            }
        }
    }
}

fn is_gap(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\t')
}

/// Reads a number from `pos`: spelled words, or — when `digits` is given —
/// the scale words after a number that ends at `pos`.
pub(crate) fn read(text: &str, pos: usize, digits: Option<Dec>, t: &Tables) -> Option<Phrase> {
    thread_local! {
        /// The lowercase form of the word being read, reused across calls.
        static LOWER: RefCell<String> = const { RefCell::new(String::new()) };
    }
    LOWER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut lower) => read_with(text, pos, digits, t, &mut lower),
        Err(_) => read_with(text, pos, digits, t, &mut String::new()),
    })
}

fn read_with(text: &str, pos: usize, digits: Option<Dec>, t: &Tables, lower: &mut String) -> Option<Phrase> {
    let mut ev = Eval::default();
    let mut first = digits.is_none();
    if let Some(d) = digits {
        ev.current = d;
        ev.has_number = true;
        ev.from_digits = true;
    }
    let mut end = pos;
    let mut scaled = false;
    let mut money_only = false;
    let mut p = pos;
    lower.clear();
    loop {
        // The gap before the next word: nothing (glued, first word), white space, or a hyphen between words.
        let mut q = p;
        if !first {
            let gap: usize = text[q..].chars().take_while(|&c| is_gap(c)).map(char::len_utf8).sum();
            if gap > 0 {
                q += gap;
            } else if text[q..].starts_with('-') && !ev.from_digits {
                q += 1;
            } else if !(ev.from_digits && q == pos) {
                break;
            }
        }
        // A word: letters, with inner hyphens ("quatre-vingt-dix", "twenty-five").
        let mut wlen = 0;
        let mut hyphen_at = None;
        for (i, c) in text[q..].char_indices() {
            if is_letter(c) {
                wlen = i + c.len_utf8();
            } else if c == '-' && wlen == i && wlen > 0 && text[q + i + 1..].starts_with(is_letter) {
                hyphen_at.get_or_insert(i);
            } else {
                break;
            }
        }
        if wlen == 0 {
            break;
        }
        let mut word = &text[q..q + wlen];
        // Most words start no number: their first two bytes say so without folding.
        let maybe = word.as_bytes().get(1) == Some(&b'-') || t.morph_filter.may_start(word.as_bytes());
        lower.clear();
        // Otherwise only a link word may follow ("30 de miliarde").
        let link = ev.has_number && ev.last_scale.is_none() && t.link_filter.may_start(word.as_bytes());
        if maybe || link {
            word.split('-').for_each(|part| fold_into(part, lower));
        }
        // After digits only whole scale words follow ("200 miljard", "1,5 mld."):
        // one lookup, no splitting of compounds.
        let mut morphs = if !maybe {
            None
        } else if ev.from_digits {
            t.morphs.get(lower.as_str()).map(|m| vec![m.clone()])
        } else {
            segment(lower, t)
        };
        let mut last_word = false;
        if morphs.is_none() && maybe {
            // "one-yen", "vier-jarige": the part before the hyphen, and no further.
            if let Some(h) = hyphen_at {
                wlen = h;
                word = &text[q..q + wlen];
                lower.clear();
                fold_into(word, lower);
                morphs = segment(lower, t);
                last_word = true;
            }
        }
        let (morphs, wlen) = match morphs {
            Some(m) => (m, wlen),
            None => {
                // "30 de miliarde": a link word, then a scale word.
                if !ev.has_number || ev.last_scale.is_some() || !t.scale_links.contains(lower.as_str()) {
                    break;
                }
                let r = q + wlen;
                let g: usize = text[r..].chars().take_while(|&c| is_gap(c)).map(char::len_utf8).sum();
                let n: usize = text[r + g..].chars().take_while(|&c| is_letter(c)).map(char::len_utf8).sum();
                if g == 0 || n == 0 {
                    break;
                }
                let next: String = text[r + g..r + g + n].chars().flat_map(char::to_lowercase).collect();
                match segment(&next, t) {
                    Some(m) if m.len() == 1 && matches!(m[0], Morph::Scale(_)) => {
                        *lower = next;
                        (m, wlen + g + n)
                    }
                    _ => break,
                }
            }
        };
        let saved = ev.clone();
        let mut ok = true;
        let mut token_scaled = false;
        for m in &morphs {
            if !ev.feed(m) {
                ok = false;
                break;
            }
            if matches!(m, Morph::Scale(_) | Morph::Thousand) {
                token_scaled = true;
            }
        }
        if !ok {
            ev = saved;
            break;
        }
        first = false;
        p = q + wlen;
        if ev.settled() {
            end = p;
            if token_scaled {
                scaled = true;
                money_only = morphs.len() == 1 && t.money_only_scales.contains(lower.as_str());
                if t.dotted_scales.contains(lower.as_str()) && text[p..].starts_with('.') {
                    end = p + 1;
                    p = end;
                }
            } else if ev.words {
                money_only = false;
            }
        }
        if last_word {
            break;
        }
    }
    if !ev.has_number || (end == pos && digits_none(&ev)) {
        return None;
    }
    let value = ev.total.add(&ev.current);
    let scale = if scaled { ev.last_scale } else { None };
    Some(Phrase { value, end, scaled, words: ev.words, money_only, scale })
}

fn digits_none(ev: &Eval) -> bool {
    !ev.from_digits
}

#[cfg(test)]
mod tests {
    use super::super::tables::tables;
    use super::*;
    use crate::Language;

    fn val(text: &str, lang: Language) -> Option<(String, String)> {
        read(text, 0, None, tables(lang)).map(|p| (p.value.to_string(), text[..p.end].to_string()))
    }

    fn v(text: &str, lang: Language) -> String {
        val(text, lang).map(|x| x.0).unwrap_or_default()
    }

    #[test]
    fn dutch() {
        use Language::Dutch as NL;
        assert_eq!(v("tweehonderd", NL), "200");
        assert_eq!(v("vijfenveertig", NL), "45");
        assert_eq!(v("tweeënhalf miljard", NL), "2500000000");
        assert_eq!(v("anderhalf miljoen", NL), "1500000");
        assert_eq!(v("twee komma vijf miljard", NL), "2500000000");
        assert_eq!(v("een biljoen", NL), "1000000000000");
        assert_eq!(v("vier gigafabrieken", NL), "4");
        assert_eq!(val("vier en", NL).unwrap().1, "vier");
        assert_eq!(v("drieduizend vijfhonderd", NL), "3500");
        assert!(val("geen", NL).is_none());
    }

    #[test]
    fn other_languages() {
        assert_eq!(v("zweihundert", Language::German), "200");
        assert_eq!(v("dreieinhalb Milliarden", Language::German), "3500000000");
        assert_eq!(v("deux cents", Language::French), "200");
        assert_eq!(v("trois milliards et demi", Language::French), "3500000000");
        assert_eq!(v("quatre-vingt-dix", Language::French), "90");
        assert_eq!(v("half a billion", Language::English), "500000000");
        assert_eq!(v("two and a half billion", Language::English), "2500000000");
        assert_eq!(v("three quarters billion", Language::English), "750000000");
        assert_eq!(v("twenty-five", Language::English), "25");
        assert_eq!(v("a million", Language::English), "1000000");
        assert_eq!(v("mil millones", Language::Spanish), "1000000000");
        assert_eq!(v("dos mil millones", Language::Spanish), "2000000000");
    }

    #[test]
    fn after_digits() {
        let t = tables(Language::Dutch);
        let p = read(" miljard euro", 0, Some(Dec::from_u64(200)), t).unwrap();
        assert_eq!((p.value.to_string(), p.end, p.scaled), ("200000000000".to_string(), 8, true));
        let p = read(" mld. euro", 0, Some(Dec::parse("1.5").unwrap()), t).unwrap();
        assert_eq!((p.value.to_string(), p.end), ("1500000000".to_string(), 5));
        let p = read(" twintig", 0, Some(Dec::from_u64(5)), t).unwrap();
        assert_eq!((p.value.to_string(), p.end), ("5".to_string(), 0));
        let t = tables(Language::English);
        let p = read("bn", 0, Some(Dec::from_u64(200)), t).unwrap();
        assert_eq!(p.value.to_string(), "200000000000");
    }
}
