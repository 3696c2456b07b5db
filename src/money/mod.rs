//! Money amounts, percentages and numbers.
//!
//! # What is reported
//! - **money** (`kind: "money"`): a number with a currency written next to it
//!   ("200 miljard euro", "€200bn", "USD34.6 million", "5 mld EUR", "vijf
//!   euro", "50 cent"), or a scaled number whose currency is clear from the
//!   same or the previous sentence ("bovenop de 150 miljard die …",
//!   `currency_inferred: true`). A scaled number followed by a content word
//!   is a count, not money ("450 miljoen inwoners").
//! - **percent** (`kind: "percent"`): "12%", "12 procent", "12 Prozent",
//!   "12 pour cent"; `value` is the number before the sign.
//! - **number** (`kind: "number"`): numbers a reader would want as data:
//!   digits with a scale word ("450 miljoen", "10 duizend") and spelled-out
//!   numbers of two or more ("vier gigafabrieken", "zweihundert").
//!
//! Bare digits ("in 2025", "10.000 deelnemers", "artikel 5", "3-1", "GPT-4",
//! "Llama 3.1", "11 februari", "10:30", phone numbers) are **not** reported:
//! without a currency, percent sign or scale word they are years, counts,
//! dates, scores, versions or references, and a user mining amounts does not
//! want them. "een"/"one" alone (an article as often as a number) is not
//! reported either.
//!
//! Ranges ("tussen 100 en 200 miljoen euro", "100-200 Mio. €", "$1bn–$2bn")
//! come back as one amount with `value: None` and `min`/`max`; hedges
//! ("ruim", "bis zu", "about") set `qualifier` and stay outside the span.
//! Values are exact decimal strings computed without floats.

mod currency;
mod decimal;
mod number;
mod tables;
mod words;

use crate::extract::Context;
use crate::record::{Amount, AmountKind, Qualifier};
use crate::segment::{char_at, is_alnum, is_letter};
use currency::{After, Before};
use decimal::Dec;
use tables::{fold, fold_small, tables, Common, Tables, COMMON};

/// Finds money amounts, percentages and numbers.
#[derive(Debug, Default)]
pub(crate) struct MoneyExtractor {}

/// A number found in the text, before ranges, qualifiers and kinds are settled.
#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    value: Dec,
    currency: Option<String>,
    percent: bool,
    scaled: bool,
    /// The power of ten of the scale word, for ranges ("100-200 Mio." → 10^6).
    scale: Option<i32>,
    words: bool,
    /// Where the number itself starts (after a currency written before it).
    num_start: usize,
}

impl MoneyExtractor {
    pub fn new() -> MoneyExtractor {
        // Build the shared tables now rather than on the first text.
        let _ = &*COMMON;
        MoneyExtractor {}
    }

    /// The amounts in `ctx.text`, in text order, with byte offsets.
    pub fn extract(&self, ctx: &Context<'_>) -> Vec<Amount> {
        let t = match ctx.lang {
            Some(l) => tables(l),
            None => tables::neutral(),
        };
        let cands = find(ctx.text, t, &COMMON, ctx.lang.is_some());
        if cands.is_empty() {
            return Vec::new();
        }
        settle(ctx.text, t, cands)
    }
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

/// End of the run of digits and number punctuation starting at `pos`.
fn skip_numeric(text: &str, pos: usize) -> usize {
    let mut end = pos;
    for (i, c) in text[pos..].char_indices() {
        if is_alnum(c) || matches!(c, '.' | ',' | ':' | '/' | '\'') {
            end = pos + i + c.len_utf8();
        } else {
            break;
        }
    }
    end.max(pos + 1)
}

/// The next anchor at or after `from`: a digit (anywhere, "USD34"), or a
/// word that starts with a number word ("zweihundert", "twenty-five"),
/// as its start and the end of the digit or the matched number word.
/// Words are only tried at their start, and only when their first two
/// bytes may begin a number word, so ordinary text costs a table look-up
/// per byte.
fn next_anchor(text: &str, t: &Tables, from: usize) -> Option<(usize, usize, bool)> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut prev_alnum = prev_char(text, from).is_some_and(is_alnum);
    let try_word = |i: usize| {
        let input = aho_corasick::Input::new(text).range(i..).anchored(aho_corasick::Anchored::Yes);
        t.anchors.find(input).map(|m| (i, m.end(), t.lone_anchors.get(m.pattern().as_usize()) == Some(&true)))
    };
    let n = bytes.len();
    while i < n {
        let b = bytes[i];
        match BYTE_CLASS[b as usize] {
            DIGIT => return Some((i, i + 1, false)),
            LETTER => {
                if !prev_alnum && t.anchor_filter.may_start(&bytes[i..]) {
                    if let Some(m) = try_word(i) {
                        return Some(m);
                    }
                }
                // The rest of an ASCII word starts nothing; only digits stop it.
                i = crate::segment::skip_ascii_letters(bytes, i + 1);
                prev_alnum = true;
            }
            OTHER => {
                prev_alnum = false;
                i += 1;
            }
            _ => {
                let c = char_at(text, i)?;
                let (alnum, len) = (is_alnum(c), c.len_utf8());
                if alnum && !prev_alnum && t.anchor_filter.may_start(&bytes[i..]) {
                    if let Some(m) = try_word(i) {
                        return Some(m);
                    }
                }
                prev_alnum = alnum;
                i += len;
            }
        }
    }
    None
}

const OTHER: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const NON_ASCII: u8 = 3;

/// The scanner's class of each byte: ASCII letter, digit, other ASCII, or
/// the lead byte of a longer character (text is valid UTF-8, so the scanner
/// never lands on a continuation byte).
static BYTE_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = if (b as u8).is_ascii_digit() {
            DIGIT
        } else if (b as u8).is_ascii_alphabetic() {
            LETTER
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

/// Scans the text for numbers and the units around them.
fn find(text: &str, t: &Tables, c: &Common, has_lang: bool) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::new();
    let mut pos = 0;
    let decimal_comma = has_lang.then_some(t.decimal_comma);
    // Anchors inside text already read are skipped.
    while let Some((s, anchor_end, lone)) = next_anchor(text, t, pos) {
        pos = anchor_end;
        // "een", "one", "un" as a whole word with nothing after it that could
        // make it an amount: an article, as the full reading below would find.
        if lone
            && !text[anchor_end..].starts_with(|ch: char| is_alnum(ch) || ch == '-')
            && !may_follow(text, anchor_end, t, c)
        {
            continue;
        }
        // Nothing before the end of the previous amount belongs to this one.
        let floor = out.last().map_or(0, |c| c.end);
        let is_digit = text.as_bytes()[s].is_ascii_digit();
        let prev = prev_char(text, s);
        let (phrase, glued_prefix) = if is_digit {
            let mut glued_prefix = None;
            match prev {
                Some(p) if is_alnum(p) => {
                    // "USD34.6" is money; "GPT4", "A4", "H2O" are not numbers.
                    match currency::before(text, s, c) {
                        Some(b) if b.start < s => glued_prefix = Some(b),
                        _ => {
                            pos = skip_numeric(text, s);
                            continue;
                        }
                    }
                }
                Some(p @ ('-' | ':' | '/' | '.' | ',')) => {
                    let before = prev_char(text, s - p.len_utf8());
                    let glued_to_word = before.is_some_and(is_letter);
                    let glued_to_digit = before.is_some_and(|b| b.is_ascii_digit());
                    if (p == '-' && glued_to_word) || (p != '-' && glued_to_digit) {
                        pos = skip_numeric(text, s);
                        continue;
                    }
                }
                _ => {}
            }
            let Some(d) = number::parse_digits(text, s, decimal_comma) else {
                pos = skip_numeric(text, s);
                continue;
            };
            // A bare number ("in 2025.", "10.000,"): nothing around it can make it an
            // amount or the end of a range, so skip the rest of the work.
            if glued_prefix.is_none() && is_bare(text, s, d.end, t, c) {
                pos = d.end;
                continue;
            }
            // Times, dates and fractions: "10:30", "11/02", "1/4".
            if text[d.end..].starts_with([':', '/'])
                && text[d.end + 1..].starts_with(|ch: char| ch.is_ascii_digit())
            {
                pos = skip_numeric(text, d.end);
                continue;
            }
            let Some(ph) = words::read(text, d.end, Some(d.value.clone()), t) else {
                pos = d.end;
                continue;
            };
            (ph, glued_prefix)
        } else {
            if prev.is_some_and(is_alnum) {
                continue;
            }
            let Some(ph) = words::read(text, s, None, t) else { continue };
            if ph.end <= s {
                continue;
            }
            (ph, None)
        };
        let num_end = phrase.end;
        pos = pos.max(num_end);
        let lone_word = !is_digit && !phrase.scaled && phrase.value.cmp(&Dec::from_u64(2)).is_lt();
        // Letters glued to digits must be a scale, currency or percent ("200bn", "115USD").
        let glued_letters = is_digit && char_at(text, num_end).is_some_and(is_letter);
        let mut value = phrase.value.clone();
        let mut scaled = phrase.scaled;
        let mut scale = phrase.scale;
        let mut end = num_end;
        let mut currency: Option<String> = None;
        let mut percent = false;
        // The currency or unit after the number.
        let after = currency::after(text, num_end, t, c, scaled);
        let mut explicit_after = false;
        let mut combinable = false;
        match &after {
            Some(After::Percent { end: e }) => {
                percent = true;
                end = *e;
            }
            Some(After::Currency { word: false, end: ce, scale: 0, .. })
                if !glued_letters
                    && (currency::before(text, s, c).is_some_and(|b| b.start >= floor)
                        || char_at(text, *ce).is_some_and(|ch| ch.is_ascii_digit())) =>
            {
                // "$ 20 $ 30": a symbol glued to the next number, or after a number
                // that already has one before it, belongs to the next number.
            }
            Some(After::Currency { code, scale: e, end: ce, word }) => {
                currency = Some(code.clone());
                end = *ce;
                explicit_after = true;
                combinable = *word || !glued_letters;
                if *e > 0 {
                    value = value.shift(*e);
                    scaled = true;
                    scale = Some(*e);
                } else if !scaled && !word {
                    // "75 USD million"
                    if let Some(ph2) = words::read(text, end, Some(value.clone()), t) {
                        if ph2.scaled && ph2.end > end {
                            value = ph2.value;
                            scaled = true;
                            scale = ph2.scale;
                            end = ph2.end;
                        }
                    }
                }
            }
            Some(After::Subunit { code, value: unit, end: ce }) => {
                currency = Some(code.clone());
                value = value.mul(unit);
                end = *ce;
                explicit_after = true;
            }
            Some(After::Month) | None => {}
        }
        if lone_word && after.is_none() {
            // "een", "one", "a": an article as often as a number.
            continue;
        }
        if glued_letters && !explicit_after && !percent && (!scaled || num_end <= s) {
            pos = skip_numeric(text, s);
            continue;
        }
        // The currency before the number, and a minus sign between them ("€ -12").
        let mut start = s;
        let mut negative = false;
        let before = glued_prefix.or_else(|| {
            if !is_digit {
                return None;
            }
            let b = currency::before(text, s, c);
            if b.is_some() {
                return b;
            }
            match prev {
                Some('-' | '−') => {
                    let q = s - prev.map_or(1, char::len_utf8);
                    let b = currency::before(text, q, c);
                    negative = b.is_some();
                    b
                }
                _ => None,
            }
        });
        let before = before.filter(|b| b.start >= floor);
        if let Some(Before { code, start: bs, scale: e }) = before {
            if currency.is_none() || !explicit_after || matches!(after, Some(After::Currency { .. })) {
                if !explicit_after || currency.as_deref() == Some(code.as_str()) || after_is_name(&after) {
                    currency = Some(code);
                }
                start = bs;
                if e > 0 && !scaled {
                    value = value.shift(e);
                    scaled = true;
                    scale = Some(e);
                }
            }
        }
        if negative {
            value = value.neg();
        }
        if matches!(after, Some(After::Month)) && currency.is_none() {
            continue;
        }
        if phrase.money_only && currency.is_none() {
            continue;
        }
        if currency.is_none() && !percent {
            if let Some(w) = next_word(text, end) {
                if t.not_amount_after.contains(&w) {
                    continue;
                }
            }
        }
        // "5 euro 50", "3 dollars and 50 cents", "one dollar and one".
        if currency.is_some() && (combinable || before_is_set(start, s)) && !scaled && value.is_integer() {
            if let Some((cents, cend)) = cents_after(text, end, t, c) {
                value = value.add(&cents);
                end = cend;
            }
        }
        out.push(Cand {
            start,
            end,
            value,
            currency,
            percent,
            scaled,
            scale,
            words: phrase.words,
            num_start: s,
        });
        pos = pos.max(end);
    }
    out
}

/// True when neither side of the number `s..e` has anything that could make
/// it an amount: no symbol, percent sign, dash or word that may be a scale,
/// unit, code or range word after it, and no symbol, dash, glued letter or
/// capital (a code: "EUR 20") before it.
fn is_bare(text: &str, s: usize, e: usize, t: &Tables, c: &Common) -> bool {
    let head = text[..s].trim_end_matches(currency::is_gap);
    let glued = head.len() == s;
    let before = head.chars().next_back();
    let may_precede = before.is_some_and(|ch| {
        (is_letter(ch) && (glued || ch.is_uppercase())) || is_dash(ch) || c.symbol_last_chars.contains(&ch)
    });
    !may_precede && !may_follow(text, e, t, c)
}

/// True when what follows `e` may make the number before it an amount or
/// join it to another: a word that may be a number word, scale, unit, code
/// or range word ("200 miljard", "5 EUR", "100 tot 200"), which its first
/// two bytes tell, a percent sign, a dash or a currency symbol.
fn may_follow(text: &str, e: usize, t: &Tables, c: &Common) -> bool {
    let rest = text[e..].trim_start_matches(currency::is_gap);
    rest.chars().next().is_some_and(|ch| {
        (is_letter(ch)
            && (t.follow_filter.may_start(rest.as_bytes()) || c.follow_filter.may_start(rest.as_bytes())))
            || ch == '%'
            || ch == '％'
            || is_dash(ch)
            || c.symbol_first_chars.contains(&ch)
    })
}

fn is_dash(ch: char) -> bool {
    matches!(ch, '-' | '–' | '—' | '−' | '‐')
}

fn before_is_set(start: usize, s: usize) -> bool {
    start < s
}

fn after_is_name(after: &Option<After>) -> bool {
    matches!(after, Some(After::Currency { word: true, .. }))
}

/// The lowercase word after `pos` (skipping white space), if any.
fn next_word(text: &str, pos: usize) -> Option<String> {
    let q =
        pos + text[pos..].chars().take_while(|&ch| currency::is_gap(ch)).map(char::len_utf8).sum::<usize>();
    let e = currency::word_end(text, q);
    (e > q).then(|| fold(&text[q..e]))
}

/// The cents after a currency: "[en] 50 [cent]", "and forty-five cents",
/// "vijftig". Only below 100, and only when nothing else follows that would
/// make the number an amount of its own.
fn cents_after(text: &str, pos: usize, t: &Tables, c: &Common) -> Option<(Dec, usize)> {
    let gap = |p: usize| {
        p + text[p..].chars().take_while(|&ch| currency::is_gap(ch)).map(char::len_utf8).sum::<usize>()
    };
    let mut q = gap(pos);
    if q == pos {
        return None;
    }
    let e = currency::word_end(text, q);
    if e > q && t.range_and.contains(&*fold_small(&text[q..e])) {
        q = gap(e);
        if q == e {
            return None;
        }
    }
    let first = char_at(text, q)?;
    let ph = if first.is_ascii_digit() {
        let d = number::parse_digits(text, q, Some(t.decimal_comma))?;
        if d.end - q > 2 || char_at(text, d.end).is_some_and(is_alnum) {
            return None;
        }
        words::Phrase {
            value: d.value,
            end: d.end,
            scaled: false,
            scale: None,
            words: false,
            money_only: false,
        }
    } else {
        let ph = words::read(text, q, None, t)?;
        if ph.scaled {
            return None;
        }
        ph
    };
    let n = ph.value.to_u64()?;
    if n >= 100 || !ph.value.is_integer() {
        return None;
    }
    match currency::after(text, ph.end, t, c, false) {
        Some(After::Subunit { end, .. }) => return Some((ph.value.shift(-2), end)),
        Some(_) => return None,
        None => {}
    }
    // Nothing may follow but punctuation, the end or a function word.
    let rest = gap(ph.end);
    match char_at(text, rest) {
        None => {}
        Some('.' | ',') if rest == ph.end && char_at(text, rest + 1).is_some_and(|d| d.is_ascii_digit()) => {
            return None;
        }
        Some(ch) if !is_alnum(ch) => {}
        Some(_) => {
            let w = next_word(text, ph.end)?;
            if !t.stopwords.contains(&w) && !t.range_and.contains(&w) {
                return None;
            }
        }
    }
    if first.is_ascii_digit() || ph.words {
        Some((ph.value.shift(-2), ph.end))
    } else {
        None
    }
}

/// The qualifier written right before `start`, if any.
fn qualifier_before(text: &str, start: usize, t: &Tables, prev_end: Option<usize>) -> Option<Qualifier> {
    let q = start
        - text[..start]
            .chars()
            .rev()
            .take_while(|&ch| currency::is_gap(ch))
            .map(char::len_utf8)
            .sum::<usize>();
    if q == start {
        return None;
    }
    let mut from = q.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    // A qualifier ends where the text does: its last run of letters and
    // digits is the text's, which rules most words out in one look-up.
    let run = text[from..q]
        .rfind(|ch: char| !is_alnum(ch))
        .map_or(from, |i| from + i + text[from + i..].chars().next().map_or(1, char::len_utf8));
    if !t.qualifier_tails.contains(&*fold_small(&text[run..q])) {
        return None;
    }
    let mut tail = fold(&text[from..q]);
    // No-break spaces read as spaces. Only a tail with their last bytes
    // (0xA0, 0xAF; others share them) can hold one: most are copied no more.
    if tail.bytes().any(|b| matches!(b, 0xA0 | 0xAF)) {
        tail = tail.replace(['\u{a0}', '\u{202f}'], " ");
    }
    let mut best: Option<(usize, Qualifier)> = None;
    for (k, &v) in &t.qualifiers {
        if tail.ends_with(k.as_str()) {
            let before = tail[..tail.len() - k.len()].chars().next_back();
            if !before.is_some_and(is_alnum) && best.map_or(true, |(l, _)| k.len() > l) {
                best = Some((k.len(), v));
            }
        }
    }
    let (len, q_kind) = best?;
    if q_kind == Qualifier::UpTo {
        // "steeg met 12 procent tot €1,1 miljard", "spadła do 4,9 proc.": "to", not "up to".
        let at = q - len_in_text(&text[from..q], len);
        if word_before(text, at).is_some_and(|w| t.change_words.contains(&w))
            || amount_ends_before(text, at, prev_end)
        {
            return None;
        }
    }
    Some(q_kind)
}

/// The byte length in `tail` of its last `folded_len` folded bytes (folding
/// can change lengths, so count characters from the end).
fn len_in_text(tail: &str, folded_len: usize) -> usize {
    let mut folded = 0;
    let mut bytes = 0;
    for c in tail.chars().rev() {
        if folded >= folded_len {
            break;
        }
        folded += fold(c.encode_utf8(&mut [0; 4])).len();
        bytes += c.len_utf8();
    }
    bytes
}

/// True when the previous amount ends just before `at` (only white space or
/// one short word between).
fn amount_ends_before(text: &str, at: usize, prev_end: Option<usize>) -> bool {
    prev_end.is_some_and(|e| e <= at && text[e..at].split_whitespace().count() <= 1 && at - e <= 16)
}

/// The lowercase word right before `pos` (skipping white space).
fn word_before(text: &str, pos: usize) -> Option<String> {
    let q = pos
        - text[..pos].chars().rev().take_while(|&ch| currency::is_gap(ch)).map(char::len_utf8).sum::<usize>();
    let s = currency::word_start(text, q);
    let w = fold(&text[s..q]);
    // "d'entre": the word after the elided article.
    let w = match w.rfind('\'') {
        Some(i) => w[i + 1..].to_string(),
        None => w,
    };
    (s < q).then_some(w)
}

/// Joins ranges, sets qualifiers, infers currencies and decides the kinds.
fn settle(text: &str, t: &Tables, cands: Vec<Cand>) -> Vec<Amount> {
    // Ranges.
    struct Item {
        c: Cand,
        min: Option<Dec>,
        max: Option<Dec>,
    }
    let mut items: Vec<Item> = Vec::with_capacity(cands.len());
    let mut i = 0;
    while i < cands.len() {
        let a = &cands[i];
        if let Some(b) = cands.get(i + 1) {
            if let Some(item) = range(text, t, a, b) {
                items.push(item);
                i += 2;
                continue;
            }
        }
        items.push(Item { c: a.clone(), min: None, max: None });
        i += 1;
    }

    fn range(text: &str, t: &Tables, a: &Cand, b: &Cand) -> Option<Item> {
        if b.start < a.end {
            return None;
        }
        let gap = text[a.end..b.start].trim_matches(|ch: char| currency::is_gap(ch));
        if gap.len() > 24 {
            return None;
        }
        let dash = matches!(gap, "-" | "–" | "—" | "−" | "‐");
        let gap_word = fold_small(gap);
        let to = dash || t.range_to.contains(&*gap_word);
        let between = t.range_and.contains(&*gap_word)
            && word_before(text, a.start).is_some_and(|w| t.range_between.contains(&w));
        if !(to || between) {
            return None;
        }
        let a_bare = a.currency.is_none() && !a.percent;
        // "fell 34 cents to $12.40", "rose 12% to 3.4bn": a word such as "to"
        // joins a range only when the first number has no unit of its own.
        if !dash && !between && !a_bare {
            return None;
        }
        if a.words && !a.scaled && a.value.cmp(&Dec::from_u64(1)).is_lt() {
            return None;
        }
        if !(b.currency.is_some() || b.percent || b.scaled || a.currency.is_some() || a.percent) {
            return None;
        }
        if a.percent != b.percent && (!a_bare || a.scaled) {
            return None;
        }
        if let (Some(x), Some(y)) = (&a.currency, &b.currency) {
            if x != y {
                return None;
            }
        }
        let mut lo = a.value.clone();
        if !a.scaled && b.scaled && !a.words {
            if let Some(e) = b.scale {
                let shifted = lo.clone().shift(e);
                if shifted.cmp(&b.value).is_le() {
                    lo = shifted;
                }
            }
        }
        let hi = b.value.clone();
        if lo.cmp(&hi).is_gt() {
            return None;
        }
        let c = Cand {
            start: a.start,
            end: b.end,
            value: Dec::zero(),
            currency: a.currency.clone().or_else(|| b.currency.clone()),
            percent: a.percent || b.percent,
            scaled: a.scaled || b.scaled,
            scale: b.scale,
            words: a.words && b.words,
            num_start: a.num_start,
        };
        Some(Item { c, min: Some(lo), max: Some(hi) })
    }

    // Kinds, and currencies taken from context.
    let mut out = Vec::with_capacity(items.len());
    let explicit: Vec<(usize, usize, String)> = items
        .iter()
        .filter_map(|it| {
            it.c.currency.as_ref().filter(|_| !it.c.percent).map(|cur| (it.c.start, it.c.end, cur.clone()))
        })
        .collect();
    let mut prev_end = None;
    for it in items {
        let c = it.c;
        let last_end = prev_end.replace(c.end);
        let mut kind = if c.percent {
            AmountKind::Percent
        } else if c.currency.is_some() {
            AmountKind::Money
        } else if c.scaled || (c.words && (c.value.cmp(&Dec::from_u64(2)).is_ge() || it.min.is_some())) {
            AmountKind::Number
        } else {
            continue;
        };
        let mut currency = if kind == AmountKind::Money { c.currency.clone() } else { None };
        let mut inferred = false;
        if kind == AmountKind::Number && c.scaled && !explicit.is_empty() && not_a_count(text, c.end, t) {
            if let Some(cur) = context_currency(text, c.start, c.end, &explicit) {
                kind = AmountKind::Money;
                currency = Some(cur);
                inferred = true;
            }
        }
        let qualifier = qualifier_before(text, c.start, t, last_end);
        let (value, min, max) = match (it.min, it.max) {
            (Some(lo), Some(hi)) => (None, Some(lo.to_string()), Some(hi.to_string())),
            _ => (Some(c.value.to_string()), None, None),
        };
        out.push(Amount {
            kind,
            text: text[c.start..c.end].to_string(),
            value,
            min,
            max,
            currency,
            currency_inferred: inferred,
            qualifier,
            start: c.start,
            end: c.end,
            char_start: 0,
            char_end: 0,
        });
    }
    out
}

/// True when what follows a scaled number does not make it a count: the end,
/// punctuation, or a function word ("20 miljard voor …", "150 miljard die …").
fn not_a_count(text: &str, end: usize, t: &Tables) -> bool {
    let q =
        end + text[end..].chars().take_while(|&ch| currency::is_gap(ch)).map(char::len_utf8).sum::<usize>();
    match char_at(text, q) {
        None => true,
        Some(ch) if !is_alnum(ch) => true,
        // A content word: a count when it is a listed count noun or a
        // capitalised noun ("450 miljoen inwoners", "3 Milliarden Menschen");
        // otherwise a verb or the like ("3 miliardy půjdou na výzkum").
        Some(ch) => match next_word(text, end) {
            Some(w) => !t.count_words.contains(&w) && (!ch.is_uppercase() || t.stopwords.contains(&w)),
            None => true,
        },
    }
}

/// The currency of the money amounts written in the same sentence as `pos`,
/// or else in the sentence before.
///
/// Sentence ends are found locally (a cheap scan of the text between the two
/// amounts) rather than by segmenting the whole text, which would cost more
/// than the rest of the stage.
fn context_currency(
    text: &str,
    start: usize,
    end: usize,
    explicit: &[(usize, usize, String)],
) -> Option<String> {
    // `explicit` is in text order, and the count of sentence ends to an
    // amount only grows with its distance: the nearest amount on either side
    // is the only one that can qualify.
    let before = explicit.iter().rev().find(|e| e.1 <= start).map(|e| (e, boundaries(text, e.1, start)));
    if let Some((e, 0)) = before {
        return Some(e.2.clone());
    }
    if let Some(e) = explicit.iter().find(|e| e.0 >= end) {
        if boundaries(text, end, e.0) == 0 {
            return Some(e.2.clone());
        }
    }
    before.filter(|&(_, gap)| gap == 1).map(|(e, _)| e.2.clone())
}

/// How many sentence ends lie between `a` and `b` (0, 1, or 2 for "more"): a
/// line break, or '.', '!', '?' followed by white space and a capital letter,
/// a digit or an opening quote.
fn boundaries(text: &str, a: usize, b: usize) -> usize {
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut i = a;
    while i < b {
        let c = bytes[i];
        if c == b'\n' {
            n += 1;
        } else if matches!(c, b'.' | b'!' | b'?') {
            let rest = &text[i + 1..];
            let trimmed = rest.trim_start_matches([' ', '\u{a0}', '\t', '"', '\'', '’', '”', '»', ')']);
            let starts_sentence = trimmed
                .chars()
                .next()
                .map_or(true, |ch| ch.is_uppercase() || ch.is_ascii_digit() || "‘“«\"'„".contains(ch));
            if (trimmed.len() < rest.len() || rest.is_empty()) && starts_sentence {
                n += 1;
            }
        }
        if n >= 2 {
            return 2;
        }
        i += 1;
    }
    n
}

#[cfg(test)]
mod tests;
