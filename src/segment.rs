//! Paragraphs, sentences and words, as byte ranges into the original text.
//!
//! Sentences come from Unicode sentence boundaries (UAX #29), joined again
//! where a boundary follows an initial ("J.D. Vance", "J. D. Vance"), a
//! listed abbreviation ("dr.", "Mrd.", "mld.") or, in languages that write
//! ordinals with a period, a day number ("am 11. Februar").

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

use crate::lang::{self, Language};

/// A sentence: its byte range and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    /// Byte offset of the first non-space character.
    pub start: usize,
    /// Byte offset just past the last non-space character.
    pub end: usize,
    /// Index into [`Segmented::paragraphs`].
    pub paragraph: usize,
    /// The sentence's words: a range of indices into [`Segmented::words`].
    pub words: Range<usize>,
}

/// A text cut into paragraphs, sentences and words.
#[derive(Debug, Clone, Default)]
pub(crate) struct Segmented {
    /// Non-blank lines, trimmed of surrounding white space.
    pub paragraphs: Vec<Range<usize>>,
    /// Sentences in text order; none crosses a paragraph boundary.
    pub sentences: Vec<Sentence>,
    /// Words (UAX #29 word segments that hold a letter or digit), in text order.
    pub words: Vec<Range<usize>>,
}

impl Segmented {
    /// The index of the sentence that contains byte `pos`, if any.
    #[allow(dead_code)]
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }
}

/// Languages that write ordinal numbers with a period ("11. Februar").
const ORDINAL_PERIOD: [Language; 12] = [
    Language::German,
    Language::Danish,
    Language::Czech,
    Language::Slovak,
    Language::Slovenian,
    Language::Croatian,
    Language::Hungarian,
    Language::Finnish,
    Language::Estonian,
    Language::Latvian,
    Language::Polish,
    Language::Lithuanian,
];

/// Abbreviations, lowercase, each with whether it is title-like (listed with
/// a capital, such as "Dr" or "Mrd"): a title never ends a sentence, while a
/// lowercase abbreviation ("proc.", "usw.", "kr.") ends one when the next word
/// starts with a capital (except in German, which capitalises nouns).
type Abbreviations = HashMap<String, bool>;

fn abbreviations_of(langs: &[Language]) -> Abbreviations {
    let mut map = Abbreviations::new();
    for &l in langs {
        for a in &lang::data(l).abbreviations {
            let title = a.chars().next().is_some_and(char::is_uppercase);
            *map.entry(a.to_lowercase()).or_default() |= title;
        }
    }
    map
}

/// Abbreviations of every language, for text whose language is unknown.
static ALL_ABBREVIATIONS: LazyLock<Abbreviations> = LazyLock::new(|| abbreviations_of(&Language::ALL));

static ABBREVIATIONS: LazyLock<Vec<Abbreviations>> =
    LazyLock::new(|| Language::ALL.iter().map(|&l| abbreviations_of(&[l])).collect());

/// Cuts `text` into paragraphs, sentences and words.
pub(crate) fn segment(text: &str, lang: Option<Language>) -> Segmented {
    let paragraphs = paragraphs(text);
    let scanned = scan(text);
    let sentences = sentences_scanned(text, lang, &paragraphs, &scanned, |_| true);
    Segmented { paragraphs, sentences, words: scanned.words }
}

/// The words of a text (as [`words`] gives them) with what the sentence
/// scanner needs of the characters the word scanner stepped over, so that
/// [`sentences_scanned`] need not read the text again.
#[derive(Debug, Default)]
pub(crate) struct Scanned {
    /// The words, as [`words`] gives them.
    pub words: Vec<Range<usize>>,
    /// The sentence terminators and the characters the sentence scanner
    /// does not handle, when the fast word scanner read the text.
    stops: Option<Stops>,
}

/// Where the characters that matter to the sentence scanner stand.
#[derive(Debug, Default)]
struct Stops {
    /// Terminators (classes ATerm and STerm): position, length and class.
    terms: Vec<(usize, usize, Sb)>,
    /// Characters of class [`Sb::Slow`] other than line feeds.
    slow: Vec<usize>,
}

impl Stops {
    /// Notes the character at `i` of `len` bytes and sentence-break class `class`.
    #[inline(always)]
    fn note(&mut self, i: usize, len: usize, class: Sb) {
        match class {
            Sb::ATerm | Sb::STerm => self.terms.push((i, len, class)),
            Sb::Slow => self.slow.push(i),
            _ => {}
        }
    }
}

/// The words of `text` with the sentence terminators (see [`Scanned`]).
pub(crate) fn scan(text: &str) -> Scanned {
    let mut stops = Stops::default();
    match fast_words(text, &mut stops) {
        Some(words) => Scanned { words, stops: Some(stops) },
        None => Scanned { words: slow_words(text), stops: None },
    }
}

/// The paragraphs of `text`: its non-blank lines, trimmed of white space.
pub(crate) fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let range = trim_range(text, line_start, line_start + line.len());
        line_start += line.len();
        if !range.is_empty() {
            out.push(range);
        }
    }
    out
}

/// The sentences of the paragraphs `paragraphs` of `text` (as [`paragraphs`]
/// gives them) for which `keep` holds, given their index, with their words
/// among `words` (as [`words`] gives them). The sentences of one paragraph
/// do not depend on any other, so those of the kept paragraphs are exactly
/// the ones [`segment`] finds there.
#[cfg(test)]
pub(crate) fn sentences(
    text: &str,
    lang: Option<Language>,
    paragraphs: &[Range<usize>],
    words: &[Range<usize>],
    keep: impl Fn(usize) -> bool,
) -> Vec<Sentence> {
    sentences_with(text, lang, paragraphs, words, None, keep)
}

/// [`sentences`] with the words of [`scan`], whose notes of terminators
/// spare reading the paragraphs again for them.
pub(crate) fn sentences_scanned(
    text: &str,
    lang: Option<Language>,
    paragraphs: &[Range<usize>],
    scanned: &Scanned,
    keep: impl Fn(usize) -> bool,
) -> Vec<Sentence> {
    sentences_with(text, lang, paragraphs, &scanned.words, scanned.stops.as_ref(), keep)
}

fn sentences_with(
    text: &str,
    lang: Option<Language>,
    paragraphs: &[Range<usize>],
    words: &[Range<usize>],
    stops: Option<&Stops>,
    keep: impl Fn(usize) -> bool,
) -> Vec<Sentence> {
    let abbreviations = match lang {
        Some(l) => &ABBREVIATIONS[l.index()],
        None => &*ALL_ABBREVIATIONS,
    };
    let rules = Rules {
        abbreviations,
        ordinal_period: lang.is_some_and(|l| ORDINAL_PERIOD.contains(&l)),
        capital_nouns: lang == Some(Language::German),
    };
    let mut out: Vec<Sentence> = Vec::new();
    let mut scratch = Scratch::default();
    for (paragraph, range) in paragraphs.iter().enumerate() {
        if !keep(paragraph) {
            continue;
        }
        let first = out.len();
        let para = &text[range.clone()];
        match stops {
            Some(stops) => noted_bounds_into(para, range.start, stops, &mut scratch),
            None => sentence_bounds_into(para, &mut scratch),
        }
        let mut pending: Option<Range<usize>> = None;
        for &(a, b) in &scratch.bounds {
            let r = trim_range(text, range.start + a, range.start + b);
            if r.is_empty() {
                continue;
            }
            pending = match pending {
                Some(p) if rules.continues(&text[p.clone()], &text[r.clone()]) => Some(p.start..r.end),
                Some(p) => {
                    out.push(Sentence { start: p.start, end: p.end, paragraph, words: 0..0 });
                    Some(r)
                }
                None => Some(r),
            };
        }
        if let Some(p) = pending {
            out.push(Sentence { start: p.start, end: p.end, paragraph, words: 0..0 });
        }
        let mut wi = words.partition_point(|w| w.start < range.start);
        for s in &mut out[first..] {
            while wi < words.len() && words[wi].start < s.start {
                wi += 1;
            }
            let first = wi;
            while wi < words.len() && words[wi].end <= s.end {
                wi += 1;
            }
            s.words = first..wi;
        }
    }
    out
}

/// Words: the UAX #29 word segments of `text` that start with a letter or
/// digit. A fast scanner handles the characters of EU-language text (Latin,
/// Greek, Cyrillic, common punctuation and spaces) with the same rules and
/// property values as `unicode-segmentation`; text with any other character
/// (combining marks, format characters, other scripts) goes to
/// `unicode-segmentation` itself. A test checks that both agree.
#[cfg(test)]
pub(crate) fn words(text: &str) -> Vec<Range<usize>> {
    scan(text).words
}

/// [`words`] by `unicode-segmentation`.
fn slow_words(text: &str) -> Vec<Range<usize>> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().next().is_some_and(char::is_alphanumeric))
        .map(|(off, w)| off..off + w.len())
        .collect()
}

/// Buffers the sentence scanner reuses from paragraph to paragraph.
#[derive(Default)]
struct Scratch {
    /// Terminators: position, length, class, and where the character before starts.
    terms: Vec<(usize, usize, Sb, Option<usize>)>,
    breaks: Vec<usize>,
    /// The sentence segments found, as byte ranges into the paragraph.
    bounds: Vec<(usize, usize)>,
}

/// The UAX #29 sentence segments of a paragraph, as byte ranges into it, in
/// `scratch.bounds`, as `unicode-segmentation`'s `split_sentence_bound_indices`
/// gives them; a fast scanner handles paragraphs of Latin, Greek and Cyrillic
/// text and common punctuation, any other paragraph goes to the crate itself.
fn sentence_bounds_into(para: &str, scratch: &mut Scratch) {
    let fast = fast_sentence_breaks_into(para, &mut scratch.terms, &mut scratch.breaks);
    bounds_from_breaks(para, fast, scratch);
}

/// [`sentence_bounds_into`] for the paragraph `para` that starts at byte
/// `at` of a text whose terminators [`scan`] noted in `stops`.
fn noted_bounds_into(para: &str, at: usize, stops: &Stops, scratch: &mut Scratch) {
    let end = at + para.len();
    let s = stops.slow.partition_point(|&p| p < at);
    let fast = stops.slow.get(s).map_or(true, |&p| p >= end);
    if fast {
        let first = stops.terms.partition_point(|t| t.0 < at);
        let bytes = para.as_bytes();
        scratch.terms.clear();
        for &(pos, len, class) in stops.terms[first..].iter().take_while(|t| t.0 < end) {
            let i = pos - at;
            // Where the character before starts: back over continuation bytes.
            let prev = (i > 0).then(|| (0..i).rev().find(|&k| bytes[k] & 0xC0 != 0x80).unwrap_or(0));
            scratch.terms.push((i, len, class, prev));
        }
        breaks_from_terms(para, &scratch.terms, &mut scratch.breaks);
    }
    bounds_from_breaks(para, fast, scratch);
}

/// The segments of `para` in `scratch.bounds`: between the breaks of
/// `scratch.breaks` when `fast`, else by `unicode-segmentation`.
fn bounds_from_breaks(para: &str, fast: bool, scratch: &mut Scratch) {
    scratch.bounds.clear();
    if fast {
        let mut start = 0;
        for &b in scratch.breaks.iter().chain([&para.len()]) {
            if b > start {
                scratch.bounds.push((start, b));
                start = b;
            }
        }
    } else {
        scratch.bounds.extend(para.split_sentence_bound_indices().map(|(off, s)| (off, off + s.len())));
    }
}

/// [`sentence_bounds_into`] as a list of segments with their offsets.
#[cfg(test)]
fn sentence_bounds(para: &str) -> Vec<(usize, &str)> {
    let mut scratch = Scratch::default();
    sentence_bounds_into(para, &mut scratch);
    scratch.bounds.iter().map(|&(a, b)| (a, &para[a..b])).collect()
}

/// Sentence-break classes the fast scanner knows (UAX #29, Table 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sb {
    Sp,
    Lower,
    Upper,
    OLetter,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
    /// Sep, CR, LF, Format, Extend and characters outside the scanner's ranges.
    Slow,
}

/// The sentence-break class of `c`, from the Unicode 16 SentenceBreakProperty
/// table as `unicode-segmentation` has it, for ASCII, Latin-1, Latin
/// Extended-A/B, basic Greek and Cyrillic, and U+2000–U+20CF.
#[inline]
fn sb(c: char) -> Sb {
    let u = c as u32;
    match u {
        0x61..=0x7A => Sb::Lower,
        0x41..=0x5A => Sb::Upper,
        0x20 | 0x09 | 0x0B | 0x0C | 0xA0 => Sb::Sp,
        0x30..=0x39 => Sb::Numeric,
        0x2E | 0x2024 => Sb::ATerm,
        0x21 | 0x3F | 0x203C | 0x203D | 0x2047..=0x2049 => Sb::STerm,
        0x22 | 0x27..=0x29 | 0x5B | 0x5D | 0x7B | 0x7D | 0xAB | 0xBB => Sb::Close,
        0x2018..=0x201F | 0x2039 | 0x203A | 0x2045 | 0x2046 | 0x207D | 0x207E | 0x208D | 0x208E => Sb::Close,
        0x2C | 0x2D | 0x3A | 0x3B | 0x37E | 0x2013 | 0x2014 => Sb::SContinue,
        0x0A | 0x0D | 0x85 | 0xAD => Sb::Slow,
        0xAA | 0xB5 | 0xBA | 0xDF..=0xF6 | 0xF8..=0xFF => Sb::Lower,
        0xC0..=0xD6 | 0xD8..=0xDE => Sb::Upper,
        0x00..=0xFF => Sb::Other,
        0x1C5 | 0x1C8 | 0x1CB | 0x1F2 => Sb::Upper,
        0x100..=0x24F | 0x386 | 0x388..=0x38A | 0x38C | 0x38E..=0x3A1 | 0x3A3..=0x3CE | 0x400..=0x45F => {
            if c.is_uppercase() {
                Sb::Upper
            } else if c.is_lowercase() {
                Sb::Lower
            } else if c.is_alphabetic() {
                Sb::OLetter
            } else {
                Sb::Slow
            }
        }
        0x387 => Sb::Other,
        0x2000..=0x200A | 0x202F | 0x205F => Sb::Sp,
        0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F => Sb::Slow,
        0x2071 | 0x207F | 0x2090..=0x209C => Sb::Lower,
        0x2000..=0x20CF => Sb::Other,
        _ => Sb::Slow,
    }
}

/// The sentence-break class of the character at byte `i` of `s` (a char
/// boundary) and the character's length; ASCII through a table.
#[inline(always)]
fn sb_at(s: &str, i: usize) -> (Sb, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        (SB_ASCII[b as usize], 1)
    } else {
        let c = s[i..].chars().next().unwrap_or(' ');
        (sb(c), c.len_utf8())
    }
}

/// [`sb`] of every ASCII character.
static SB_ASCII: [Sb; 128] = {
    let mut t = [Sb::Other; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = match i as u8 {
            b'a'..=b'z' => Sb::Lower,
            b'A'..=b'Z' => Sb::Upper,
            0x20 | 0x09 | 0x0B | 0x0C => Sb::Sp,
            b'0'..=b'9' => Sb::Numeric,
            b'.' => Sb::ATerm,
            b'!' | b'?' => Sb::STerm,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Sb::Close,
            b',' | b'-' | b':' | b';' => Sb::SContinue,
            0x0A | 0x0D => Sb::Slow,
            _ => Sb::Other,
        };
        i += 1;
    }
    t
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `i`, if there are eight.
#[inline(always)]
fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    bytes.get(i..i + 8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
}

/// The char that starts at byte `i` of `text` (`None` past the end or off a
/// char boundary). ASCII and two-byte sequences (Latin-1 to Cyrillic) are
/// decoded here, the rest by the standard library: the scanners that step
/// through text byte by byte call this for every byte beyond ASCII.
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    let bytes = text.as_bytes();
    match (bytes.get(i), bytes.get(i + 1)) {
        (Some(&b), _) if b < 0x80 => Some(char::from(b)),
        (Some(&b), Some(&b1)) if (0xC0..0xE0).contains(&b) => {
            char::from_u32((u32::from(b & 0x1F) << 6) | u32::from(b1 & 0x3F))
        }
        _ => text.get(i..)?.chars().next(),
    }
}

/// The first position at or after `i` that is not an ASCII letter, eight
/// bytes at a time.
#[inline]
pub(crate) fn skip_ascii_letters(bytes: &[u8], i: usize) -> usize {
    skip_ascii_az::<true>(bytes, i)
}

/// The first position at or after `i` that is not an ASCII lowercase
/// letter, eight bytes at a time.
#[inline]
pub(crate) fn skip_ascii_lowercase(bytes: &[u8], i: usize) -> usize {
    skip_ascii_az::<false>(bytes, i)
}

/// The first position at or after `i` whose byte is not in `a..=z` (nor in
/// `A..=Z` with `ANY_CASE`), eight bytes at a time.
#[inline(always)]
fn skip_ascii_az<const ANY_CASE: bool>(bytes: &[u8], mut i: usize) -> usize {
    while let Some(w) = word_at(bytes, i) {
        // Per byte, without carries between bytes (every byte is below 0x80
        // after the mask): lowercase, then "at least 'a'" and "past 'z'".
        let y = if ANY_CASE { (w | (0x20 * ONES)) & !HIGH } else { w & !HIGH };
        let at_least_a = y + (0x80 - b'a' as u64) * ONES;
        let past_z = y + (0x80 - b'z' as u64 - 1) * ONES;
        let outside = (!(at_least_a & !past_z) | w) & HIGH;
        if outside != 0 {
            return i + (outside.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let inside = if ANY_CASE { u8::is_ascii_alphabetic } else { u8::is_ascii_lowercase };
    while i < bytes.len() && inside(&bytes[i]) {
        i += 1;
    }
    i
}

/// The first position at or after `i` holding a byte the sentence scanner
/// must look at: a non-ASCII byte, a terminator (`.`, `!`, `?`) or a line
/// break; eight bytes at a time.
#[inline]
fn skip_plain_ascii(bytes: &[u8], mut i: usize) -> usize {
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while let Some(w) = word_at(bytes, i) {
        // The lowest flagged byte is a true match: a zero test can only
        // flag false bytes above a true zero.
        let hit = (w & HIGH)
            | zero(w ^ (b'.' as u64 * ONES))
            | zero(w ^ (b'!' as u64 * ONES))
            | zero(w ^ (b'?' as u64 * ONES))
            | zero(w ^ (b'\n' as u64 * ONES))
            | zero(w ^ (b'\r' as u64 * ONES));
        if hit != 0 {
            return i + (hit.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !matches!(bytes[i], 0x80..|b'.'| b'!' | b'?' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Byte offsets of the sentence breaks inside `para` (UAX #29 rules SB6 to
/// SB11; a paragraph holds no separators), or `None` when it has a
/// character the scanner does not handle.
#[cfg(test)]
fn fast_sentence_breaks(para: &str) -> Option<Vec<usize>> {
    let mut breaks = Vec::new();
    fast_sentence_breaks_into(para, &mut Vec::new(), &mut breaks).then_some(breaks)
}

/// [`fast_sentence_breaks`] into `breaks`, with `terms` as a buffer: false
/// when the paragraph has a character the scanner does not handle.
fn fast_sentence_breaks_into(
    para: &str,
    terms: &mut Vec<(usize, usize, Sb, Option<usize>)>,
    breaks: &mut Vec<usize>,
) -> bool {
    // One pass: refuse unknown characters and note the terminators with
    // where the character before each starts. Letters of the Latin, Greek
    // and Cyrillic blocks are never terminators nor unknown, so they skip
    // the class look-up.
    let bytes = para.as_bytes();
    terms.clear();
    breaks.clear();
    let mut prev = None;
    let mut i = 0;
    let n = para.len();
    while i < n {
        // Plain ASCII (letters, digits, spaces, other punctuation) is
        // neither a terminator nor unknown.
        let j = skip_plain_ascii(bytes, i);
        if j > i {
            prev = Some(j - 1);
            i = j;
            if i == n {
                break;
            }
        }
        if common_letter2(bytes, i) {
            // A run of common letters (Greek, Cyrillic, accented Latin).
            let mut k = i;
            while common_letter2(bytes, k + 2) {
                k += 2;
            }
            prev = Some(k);
            i = k + 2;
            continue;
        }
        let b = bytes[i];
        let (class, len) = if b < 0x80 {
            (SB_ASCII[b as usize], 1)
        } else {
            let c = para[i..].chars().next().unwrap_or(' ');
            let class = if is_common_letter(c) { Sb::OLetter } else { sb(c) };
            (class, c.len_utf8())
        };
        match class {
            Sb::Slow => return false,
            Sb::ATerm | Sb::STerm => terms.push((i, len, class, prev)),
            _ => {}
        }
        prev = Some(i);
        i += len;
    }
    breaks_from_terms(para, terms, breaks);
    true
}

/// The sentence breaks of `para` (UAX #29 rules SB6 to SB11) in `breaks`,
/// from its terminators `terms` (position, length, class, and where the
/// character before starts), for a paragraph without a character of class
/// [`Sb::Slow`].
fn breaks_from_terms(para: &str, terms: &[(usize, usize, Sb, Option<usize>)], breaks: &mut Vec<usize>) {
    breaks.clear();
    let n = para.len();
    for &(i, len, term, before) in terms {
        let before = before.map(|p| sb_at(para, p).0);
        let mut j = i + len;
        let mut class = None;
        while j < n {
            let (c, l) = sb_at(para, j);
            if c != Sb::Close {
                class = Some(c);
                break;
            }
            j += l;
        }
        while let Some(Sb::Sp) = class {
            j += sb_at(para, j).1;
            class = (j < n).then(|| sb_at(para, j).0);
        }
        let Some(next) = class else {
            break;
        };
        let adjacent = j == i + len;
        let sb8 = || {
            let mut k = j;
            while k < n {
                let (c, l) = sb_at(para, k);
                if matches!(c, Sb::OLetter | Sb::Upper | Sb::Lower | Sb::ATerm | Sb::STerm) {
                    return c == Sb::Lower;
                }
                k += l;
            }
            false
        };
        let no_break = (term == Sb::ATerm && adjacent && next == Sb::Numeric) // SB6
            || (term == Sb::ATerm && adjacent && matches!(before, Some(Sb::Upper | Sb::Lower)) && next == Sb::Upper) // SB7
            || (term == Sb::ATerm && sb8()) // SB8
            || matches!(next, Sb::SContinue | Sb::ATerm | Sb::STerm); // SB8a
        if !no_break {
            breaks.push(j); // SB11
        }
    }
}

/// Word-break classes the fast scanner knows (UAX #29, Table 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wb {
    /// ALetter.
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNum,
    MidNumLet,
    SingleQuote,
    /// Any class that never joins a word: spaces, newlines, other punctuation.
    Other,
    /// A class the scanner does not handle (Extend, Format, ZWJ, Hebrew,
    /// Katakana, Regional_Indicator, ...) or a character outside its ranges.
    Slow,
}

/// The word-break class of `c`, from the Unicode 16 WordBreakProperty table
/// as `unicode-segmentation` has it, for U+0000–U+052F and U+2000–U+20CF.
#[inline]
fn wb(c: char) -> Wb {
    let u = c as u32;
    match u {
        0x30..=0x39 => Wb::Numeric,
        0x41..=0x5A | 0x61..=0x7A => Wb::Letter,
        0x5F => Wb::ExtendNumLet,
        0x2E => Wb::MidNumLet,
        0x27 => Wb::SingleQuote,
        0x3A => Wb::MidLetter,
        0x2C | 0x3B => Wb::MidNum,
        0x00..=0x7F => Wb::Other,
        0xAD => Wb::Slow,
        0xB7 | 0x387 => Wb::MidLetter,
        0x37E => Wb::MidNum,
        0xAA | 0xB5 | 0xB8 | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2D7 | 0x2DE..=0x2FF => Wb::Letter,
        0x370..=0x374 | 0x376..=0x377 | 0x37A..=0x37D | 0x37F | 0x386 | 0x388..=0x38A | 0x38C => Wb::Letter,
        0x38E..=0x3A1 | 0x3A3..=0x3F5 | 0x3F7..=0x481 | 0x48A..=0x52F => Wb::Letter,
        0x300..=0x36F | 0x483..=0x489 => Wb::Slow,
        0x80..=0x52F => Wb::Other,
        0x200C..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F => Wb::Slow,
        0x2018 | 0x2019 | 0x2024 => Wb::MidNumLet,
        0x2027 => Wb::MidLetter,
        0x2044 => Wb::MidNum,
        0x202F | 0x203F | 0x2040 | 0x2054 => Wb::ExtendNumLet,
        0x2071 | 0x207F | 0x2090..=0x209C => Wb::Letter,
        0x2000..=0x20CF => Wb::Other,
        _ => Wb::Slow,
    }
}

/// [`wb`] of every ASCII character.
static WB_ASCII: [Wb; 128] = {
    let mut t = [Wb::Other; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = match i as u8 {
            b'0'..=b'9' => Wb::Numeric,
            b'A'..=b'Z' | b'a'..=b'z' => Wb::Letter,
            b'_' => Wb::ExtendNumLet,
            b'.' => Wb::MidNumLet,
            b'\'' => Wb::SingleQuote,
            b':' => Wb::MidLetter,
            b',' | b';' => Wb::MidNum,
            _ => Wb::Other,
        };
        i += 1;
    }
    t
};

/// True for the letters of Latin-1, Latin Extended-A and -B, Greek and
/// Cyrillic that EU languages write: each is alphabetic, ALetter for word
/// breaks and a letter class (never a terminator) for sentence breaks.
#[inline]
pub(crate) fn is_common_letter(c: char) -> bool {
    let u = c as usize;
    u < COMMON_LETTER_END && (COMMON_LETTERS[u >> 6] >> (u & 63)) & 1 == 1
}

/// The code points of [`is_common_letter`], all below this.
const COMMON_LETTER_END: usize = 0x460;

/// [`is_common_letter`] as a bit set, one bit per code point.
static COMMON_LETTERS: [u64; COMMON_LETTER_END / 64 + 1] = {
    const RANGES: [(usize, usize); 8] = [
        (0xC0, 0xD6),
        (0xD8, 0xF6),
        (0xF8, 0x24F),
        (0x388, 0x38A),
        (0x38C, 0x38C),
        (0x38E, 0x3A1),
        (0x3A3, 0x3CE),
        (0x400, 0x45F),
    ];
    let mut bits = [0u64; COMMON_LETTER_END / 64 + 1];
    let mut r = 0;
    while r < RANGES.len() {
        let mut u = RANGES[r].0;
        while u <= RANGES[r].1 {
            bits[u >> 6] |= 1 << (u & 63);
            u += 1;
        }
        r += 1;
    }
    bits
};

/// `c.is_alphabetic()`, with table-free answers for ASCII, the common
/// letters of EU-language text and the rest of the Latin-1 Supplement.
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if is_common_letter(c) {
        true
    } else if is_latin1(c) {
        matches!(c, 'ª' | 'µ' | 'º')
    } else {
        !is_common_punctuation(c) && c.is_alphabetic()
    }
}

/// `c.is_alphanumeric()`, with table-free answers for ASCII, the common
/// letters of EU-language text and the rest of the Latin-1 Supplement.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if is_common_letter(c) {
        true
    } else if is_latin1(c) {
        matches!(c, 'ª' | 'µ' | 'º' | '²' | '³' | '¹' | '¼'..='¾')
    } else {
        !is_common_punctuation(c) && c.is_alphanumeric()
    }
}

/// Whether `c` is in the Latin-1 Supplement (U+0080–U+00FF). News text has
/// its no-break spaces and guillemets between the letters, and the standard
/// library answers for them only after a search of its tables (some 300
/// instructions a character); the few letters and digits among them that
/// are not common letters are listed.
#[inline]
fn is_latin1(c: char) -> bool {
    (c as u32) < 0x100
}

/// General punctuation (dashes, quotation marks, spaces: U+2000–U+206F) and
/// currency signs (U+20A0–U+20CF), which are neither letters nor digits.
#[inline]
fn is_common_punctuation(c: char) -> bool {
    matches!(c as u32, 0x2000..=0x206F | 0x20A0..=0x20CF)
}

/// The word-break class and the sentence-break class of the character at
/// byte `i` of `s` (a char boundary), and its length (for a common letter,
/// [`Sb::OLetter`] in place of its letter class).
#[inline(always)]
fn wsb_at(s: &str, i: usize) -> (Wb, Sb, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        (WB_ASCII[usize::from(b)], SB_ASCII[usize::from(b)], 1)
    } else {
        let c = s[i..].chars().next().unwrap_or(' ');
        let (w, sb) = if is_common_letter(c) { (Wb::Letter, Sb::OLetter) } else { (wb(c), sb(c)) };
        (w, sb, c.len_utf8())
    }
}

/// Whether the character at byte `i` of `s` is alphanumeric.
#[inline(always)]
fn alnum_at(s: &str, i: usize) -> bool {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        b.is_ascii_alphanumeric()
    } else {
        s[i..].chars().next().is_some_and(is_alnum)
    }
}

/// The common letter (see [`is_common_letter`]) encoded in the two bytes at
/// `i`, if they hold one: a decode without the general UTF-8 path, for the
/// letters of Latin-1, Latin Extended, Greek and Cyrillic text.
#[inline(always)]
fn common_letter2(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i..i + 2) {
        Some(&[b0 @ 0xC3..=0xD1, b1]) => {
            let u = (usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F);
            b1 & 0xC0 == 0x80 && (COMMON_LETTERS[u >> 6] >> (u & 63)) & 1 == 1
        }
        _ => false,
    }
}

/// What a byte tells the word scanner at once, as bits of [`BYTE_FLAGS`]:
/// the scanner tests one bit at a time (`if`, not `match`), so that no jump
/// table on text bytes costs an indirect-branch mispredict per word.
mod byte {
    /// ASCII whose word-break class is Other: it never starts, joins or
    /// sits inside a word.
    pub const OTHER: u8 = 1;
    /// An ASCII letter.
    pub const LETTER: u8 = 2;
    /// An ASCII digit.
    pub const DIGIT: u8 = 4;
    /// ASCII that never starts a word: class Other and the middle characters.
    pub const NO_START: u8 = 8;
    /// ASCII that the sentence scanner must know of: the terminators and the
    /// carriage return (line feeds end paragraphs, which the sentence scanner
    /// never crosses).
    pub const STOP: u8 = 16;
}

/// The [`byte`] bits of every byte; non-ASCII bytes have none.
static BYTE_FLAGS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = match WB_ASCII[i] {
            Wb::Other => byte::OTHER | byte::NO_START,
            Wb::Letter => byte::LETTER,
            Wb::Numeric => byte::DIGIT,
            Wb::ExtendNumLet => 0,
            _ => byte::NO_START,
        };
        if matches!(i as u8, b'.' | b'!' | b'?' | b'\r') {
            t[i] |= byte::STOP;
        }
        i += 1;
    }
    t
};

/// Words by the fast scanner, or `None` when the text has a character it
/// does not handle.
fn fast_words(text: &str, stops: &mut Stops) -> Option<Vec<Range<usize>>> {
    let joins = |a: Wb| matches!(a, Wb::Letter | Wb::Numeric | Wb::ExtendNumLet);
    let bytes = text.as_bytes();
    let n = text.len();
    let mut words = Vec::with_capacity(n / 6);
    let mut i = 0;
    while i < n {
        // ASCII of class Other, and the middle characters, never start a word.
        let f = BYTE_FLAGS[usize::from(bytes[i])];
        if f & byte::NO_START != 0 {
            if f & byte::STOP != 0 {
                stops.note(i, 1, SB_ASCII[usize::from(bytes[i])]);
            }
            i += 1;
            continue;
        }
        let start = i;
        // A common letter or an ASCII letter or digit is alphanumeric.
        let (class, sure) = if f & byte::LETTER != 0 {
            i = skip_ascii_letters(bytes, i + 1);
            (Wb::Letter, true)
        } else if f & byte::DIGIT != 0 {
            i += 1;
            (Wb::Numeric, true)
        } else if common_letter2(bytes, i) {
            i += 2;
            (Wb::Letter, true)
        } else {
            let (class, sb, len) = wsb_at(text, i);
            stops.note(i, len, sb);
            i += len;
            (class, false)
        };
        if class == Wb::Slow {
            return None;
        }
        if !joins(class) {
            if alnum_at(text, start) {
                words.push(start..i);
            }
            continue;
        }
        let mut prev = class;
        while i < n {
            // ASCII letters and digits always join a word (WB5, WB8–WB10),
            // and so do the common letters; ASCII of class Other ends it.
            let f = BYTE_FLAGS[usize::from(bytes[i])];
            if f & byte::OTHER != 0 {
                break;
            }
            if f & byte::LETTER != 0 {
                prev = Wb::Letter;
                i = skip_ascii_letters(bytes, i + 1);
                continue;
            }
            if f & byte::DIGIT != 0 {
                prev = Wb::Numeric;
                i += 1;
                continue;
            }
            if common_letter2(bytes, i) {
                prev = Wb::Letter;
                i += 2;
                continue;
            }
            let (next, next_sb, len2) = wsb_at(text, i);
            if joins(next) {
                // WB5, WB8–WB10, WB13a, WB13b.
                stops.note(i, len2, next_sb);
                prev = next;
                i += len2;
                continue;
            }
            let mid_letter = matches!(next, Wb::MidLetter | Wb::MidNumLet | Wb::SingleQuote);
            let mid_num = matches!(next, Wb::MidNum | Wb::MidNumLet | Wb::SingleQuote);
            if (prev == Wb::Letter && mid_letter) || (prev == Wb::Numeric && mid_num) {
                // WB6/WB7 and WB11/WB12: the middle character joins only
                // when the same class follows it.
                let after = i + len2;
                let (after_class, after_sb, len3) =
                    if after < n { wsb_at(text, after) } else { (Wb::Other, Sb::Other, 0) };
                if after_class == Wb::Slow {
                    return None;
                }
                if after_class == prev {
                    stops.note(i, len2, next_sb);
                    stops.note(after, len3, after_sb);
                    i = after + len3;
                    continue;
                }
            }
            if next == Wb::Slow {
                return None;
            }
            break;
        }
        if sure || alnum_at(text, start) {
            words.push(start..i);
        }
    }
    Some(words)
}

/// Paragraph, sentence and word counts of `text`: segmentation as the
/// pipeline runs it, for benchmarks and diagnostics.
#[doc(hidden)]
pub fn segment_counts(text: &str, lang: Option<Language>) -> (usize, usize, usize) {
    let seg = segment(text, lang);
    (seg.paragraphs.len(), seg.sentences.len(), seg.words.len())
}

/// `start..end` without white space at either end.
fn trim_range(text: &str, start: usize, end: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    // ASCII ends byte by byte; a non-ASCII end through `str::trim`.
    let (mut a, mut b) = (start, end);
    while a < b && matches!(bytes[a], b' ' | b'\t'..=b'\r') {
        a += 1;
    }
    while b > a && matches!(bytes[b - 1], b' ' | b'\t'..=b'\r') {
        b -= 1;
    }
    if a < b && (bytes[a] >= 0x80 || bytes[b - 1] >= 0x80) {
        let s = &text[a..b];
        let lead = s.len() - s.trim_start().len();
        return a + lead..a + lead + s.trim().len();
    }
    a..b
}

/// What decides whether a sentence boundary is real.
struct Rules<'a> {
    abbreviations: &'a Abbreviations,
    ordinal_period: bool,
    capital_nouns: bool,
}

impl Rules<'_> {
    /// True when a sentence boundary between `sentence` and `next` is false:
    /// `sentence` ends with an initial, an abbreviation or an ordinal number.
    fn continues(&self, sentence: &str, next: &str) -> bool {
        let Some(body) = sentence.strip_suffix('.') else {
            return false;
        };
        let word_start = body
            .char_indices()
            .rev()
            .find(|&(_, c)| !(is_alnum(c) || c == '.'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &body[word_start..];
        let Some(first) = word.chars().next() else {
            return false;
        };
        // A single capital letter, or a run of initials such as "J.D" or "U.S".
        if first.is_uppercase() && word.split('.').all(|p| p.chars().count() == 1) {
            return true;
        }
        if self.ordinal_period && word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
        // ASCII words (most) lowercase on the stack.
        let mut buf = [0u8; 32];
        let ascii_low = buf.get_mut(..word.len()).filter(|_| word.is_ascii()).and_then(|b| {
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).ok()
        });
        let found = match ascii_low {
            Some(low) => self.abbreviations.get(low),
            None => self.abbreviations.get(&word.to_lowercase()),
        };
        match found {
            None => false,
            Some(true) => true,
            Some(false) => {
                let next_word: &str = next.split(|c: char| !is_alnum(c)).next().unwrap_or("");
                let starts_lower = !next_word.chars().next().is_some_and(char::is_uppercase);
                let code = next_word.len() <= 3 && next_word.chars().all(|c| c.is_ascii_uppercase());
                starts_lower || code || self.capital_nouns
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_at_decodes_every_boundary_and_nothing_else() {
        let text = "a é ж € 😀 Ω\u{7f}\u{80}z";
        for i in 0..=text.len() + 1 {
            let want = text.get(i..).and_then(|r| r.chars().next());
            assert_eq!(char_at(text, i), want, "byte {i}");
        }
    }

    fn sentences(text: &str, lang: Option<Language>) -> Vec<&str> {
        segment(text, lang).sentences.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn fast_letter_tests_agree_with_the_standard_library() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            let listed = matches!(c as u32, 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x388..=0x38A | 0x38C | 0x38E..=0x3A1 | 0x3A3..=0x3CE | 0x400..=0x45F);
            assert_eq!(is_common_letter(c), listed, "{c:?}");
            if listed {
                assert!(
                    c.is_alphabetic()
                        && wb(c) == Wb::Letter
                        && !matches!(sb(c), Sb::ATerm | Sb::STerm | Sb::Slow),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn plain_ascii_skip_agrees_with_a_byte_loop() {
        let text = "Hello, world 12 (x) - done. Why? Yes! Zürich\r\nok \u{2019}s and a long tail of words"
            .as_bytes();
        for i in 0..=text.len() {
            let mut j = i;
            while j < text.len() && !matches!(text[j], 0x80..|b'.'| b'!' | b'?' | b'\n' | b'\r') {
                j += 1;
            }
            assert_eq!(skip_plain_ascii(text, i), j, "from {i}");
        }
    }

    #[test]
    fn letter_skips_agree_with_a_byte_loop() {
        let text =
            "abcdefghijKLMNopqrstuvwxyz`{@[ Zürich AbcDefGhiJklMnoPqr zzzzzzzzzzzzzzzzz\u{e9}e a".as_bytes();
        for i in 0..=text.len() {
            let end = |keep: fn(&u8) -> bool| i + text[i..].iter().take_while(|b| keep(b)).count();
            assert_eq!(skip_ascii_letters(text, i), end(u8::is_ascii_alphabetic), "letters from {i}");
            assert_eq!(skip_ascii_lowercase(text, i), end(u8::is_ascii_lowercase), "lowercase from {i}");
        }
    }

    #[test]
    fn initials_do_not_end_sentences() {
        let text = "Vicepresident J.D. Vance sprak. Daarna sprak J. D. Vance opnieuw.";
        assert_eq!(
            sentences(text, Some(Language::Dutch)),
            ["Vicepresident J.D. Vance sprak.", "Daarna sprak J. D. Vance opnieuw."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "Het kost 5 mld. EUR volgens de raming. Dr. Jansen zei het.";
        let s = sentences(text, Some(Language::Dutch));
        assert_eq!(s, ["Het kost 5 mld. EUR volgens de raming.", "Dr. Jansen zei het."]);
    }

    #[test]
    fn lowercase_abbreviations_end_sentences_before_a_capital() {
        let text = "De inflatie was 5 proc. De lonen stegen. Het kost 3 mln. euro.";
        assert_eq!(
            sentences(text, Some(Language::Polish)),
            ["De inflatie was 5 proc.", "De lonen stegen.", "Het kost 3 mln. euro."]
        );
        let text = "Es kostet 5 Mrd. Euro. Dann ging sie.";
        assert_eq!(sentences(text, Some(Language::German)), ["Es kostet 5 Mrd. Euro.", "Dann ging sie."]);
    }

    #[test]
    fn german_ordinals() {
        let text = "Am 11. Februar sprach sie. Dann ging sie.";
        assert_eq!(sentences(text, Some(Language::German)), ["Am 11. Februar sprach sie.", "Dann ging sie."]);
    }

    /// `count` pseudo-random strings of 1 to `max_len` chars from `alphabet` (xorshift, fixed seed).
    fn random_strings(alphabet: &[char], count: usize, max_len: u64, seed: u64) -> Vec<String> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                let len = 1 + state % max_len;
                (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        alphabet[(state % alphabet.len() as u64) as usize]
                    })
                    .collect()
            })
            .collect()
    }

    fn reference_words(text: &str) -> Vec<Range<usize>> {
        text.split_word_bound_indices()
            .filter(|(_, w)| w.chars().next().is_some_and(char::is_alphanumeric))
            .map(|(off, w)| off..off + w.len())
            .collect()
    }

    /// The example articles of every language, as the project ships them.
    fn example_articles() -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/articles");
        Language::ALL
            .iter()
            .filter_map(|l| std::fs::read_to_string(format!("{dir}/{}.txt", l.code())).ok())
            .collect()
    }

    #[test]
    fn fast_words_agree_with_unicode_segmentation() {
        let mut texts = example_articles();
        texts.extend(
            [
                "J.D. Vance, U.S.-Präsident; 3.14 und 1,000.5 l'homme can't e-mail x² ½ a_b _x 1\u{202f}000 €5",
                "Fußball·Verein a:b 1:2 ‘quoted’ it’s 1’000 9.a a.9 a1.2 1.2.a a'.b -- ... «non» „ja“",
                "Ελλάδα· Ευρώ; Ζ.Δ. Πρωθυπουργός 2,5 δισ. Београд България’s",
                "tab\there\r\nnew\u{2028}line\u{2009}thin\u{a0}nbsp \u{2d8}x y\u{2d7}",
            ]
            .map(str::to_string),
        );
        // Pseudo-random strings over an alphabet of every class the scanner handles.
        let alphabet: Vec<char> = "aZé9ß_.',:;·‘’\u{2024}\u{2027}\u{2044}\u{202f}\u{203f} \n²ΩжЖ-\u{2010}\u{b8}\u{2d8}\u{37e}\u{387}\u{2071}€\u{ad}\u{301}"
            .chars()
            .collect();
        texts.extend(random_strings(&alphabet, 3000, 12, 0x2545_f491_4f6c_dd1d));
        assert!(texts.len() > 3000);
        let mut fast = 0;
        for t in &texts {
            assert_eq!(words(t), reference_words(t), "{t:?}");
            fast += usize::from(fast_words(t, &mut Stops::default()).is_some());
        }
        assert!(fast > 1000, "the fast scanner handles most texts");
    }

    #[test]
    fn fast_sentences_agree_with_unicode_segmentation() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/articles");
        let mut texts: Vec<String> = Language::ALL
            .iter()
            .filter_map(|l| std::fs::read_to_string(format!("{dir}/{}.txt", l.code())).ok())
            .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
            .collect();
        texts.extend(
            [
                "Dr. Smith kam. Er sprach! Wirklich? ja. 3.14 ist Pi. U.S. Army. e.g. this (yes.) No.\u{a0}Next",
                "«Non.» Il part… «Oui !» dit-il. „Ja.“ Sie ging. ‘Ok.’ — Then. A.B.C. d. E. x.)  ( y",
                "Ο Πρωθυπουργός είπε. Αύριο; Ναι. Он сказал. Да! ǅ. ǈx. ƻ. ĸ. 1.2. 3.a. Z.1",
                "Ends with a period.",
                "?!... ... .a .A ). ).a",
            ]
            .map(str::to_string),
        );
        // Every character of the scanner's ranges after each kind of terminator.
        let probes: Vec<char> =
            (0x20..0x250).chain(0x370..0x460).chain(0x2000..0x20D0).filter_map(char::from_u32).collect();
        for &c in &probes {
            for template in ["A. {}b", "a.{}", "x! {}y", "Q.{}", "z.) {}a", "word. {}"] {
                texts.push(template.replace("{}", &c.to_string()));
            }
        }
        let alphabet: Vec<char> =
            "aZé9.!?\"'(),;:- \u{a0}\u{2013}«»“”‘’\u{2024}ǅƻΩωЖж\u{37e}\u{387}\u{202f}\u{2049}\u{ad}\r"
                .chars()
                .collect();
        texts.extend(random_strings(&alphabet, 5000, 14, 0x9e37_79b9_7f4a_7c15));
        let mut fast = 0;
        for t in &texts {
            let reference: Vec<(usize, &str)> = t.split_sentence_bound_indices().collect();
            assert_eq!(sentence_bounds(t), reference, "{t:?}");
            fast += usize::from(fast_sentence_breaks(t).is_some());
        }
        assert!(fast > texts.len() / 2, "the fast scanner handles most texts");
    }

    /// The sentences from the terminators the word scanner notes are those
    /// of scanning each paragraph again, over texts of several lines.
    #[test]
    fn noted_terminators_give_the_same_sentences() {
        let mut texts = example_articles();
        let alphabet: Vec<char> =
            "aZé9.!?\"'(),;:- \n\r\u{a0}\u{2013}«»“”‘’\u{2024}\u{2049}ǅƻΩωЖж\u{37e}\u{387}\u{202f}\u{2028}\u{3d0}\u{250}\u{85}_"
                .chars()
                .collect();
        texts.extend(random_strings(&alphabet, 5000, 24, 0x51_7c_c1_b7_27_22_0a_95));
        let mut noted = 0;
        for t in &texts {
            for lang in [Some(Language::German), Some(Language::Polish), None] {
                let paras = paragraphs(t);
                let scanned = scan(t);
                let plain = super::sentences(t, lang, &paras, &scanned.words, |_| true);
                assert_eq!(sentences_scanned(t, lang, &paras, &scanned, |_| true), plain, "{t:?}");
                noted += usize::from(scanned.stops.is_some());
            }
        }
        assert!(noted > texts.len(), "the word scanner notes the terminators of most texts");
    }

    #[test]
    fn paragraphs_and_words() {
        let text = "Kop\n\nEerste zin. Tweede zin.\r\n  \nDerde.";
        let seg = segment(text, None);
        let paras: Vec<&str> = seg.paragraphs.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(paras, ["Kop", "Eerste zin. Tweede zin.", "Derde."]);
        assert_eq!(seg.sentences.len(), 4);
        assert_eq!(seg.sentences[2].paragraph, 1);
        let words: Vec<&str> = seg.sentences[1].words.clone().map(|i| &text[seg.words[i].clone()]).collect();
        assert_eq!(words, ["Eerste", "zin"]);
        assert_eq!(seg.sentence_at(text.find("Tweede").unwrap()), Some(2));
    }

    #[test]
    fn trim_range_agrees_with_str_trim() {
        let text = " \u{b}a b\u{a0}\t\u{2003}\r\n\u{c}\u{85}ü \u{1c}x\u{3000}\n \n";
        let cuts: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for &a in &cuts {
            for &b in cuts.iter().filter(|&&b| b >= a) {
                let r = trim_range(text, a, b);
                assert_eq!(&text[r.clone()], text[a..b].trim(), "{a}..{b}");
                if !r.is_empty() {
                    assert_eq!(r.start - a, text[a..b].len() - text[a..b].trim_start().len());
                }
            }
        }
    }

    #[test]
    fn sentences_of_some_paragraphs_are_those_of_all() {
        let text = "Kop zonder punt\n\nDr. Jansen kwam. Hij zei niets.\n  \nΟ κ. Παπαδόπουλος είπε. Ναι!\nLaatste regel. Echt.";
        let seg = segment(text, Some(Language::Dutch));
        for keep in [[true, false, true, false], [false, true, false, true], [false; 4]] {
            let some =
                super::sentences(text, Some(Language::Dutch), &seg.paragraphs, &seg.words, |p| keep[p]);
            let want: Vec<Sentence> = seg.sentences.iter().filter(|s| keep[s.paragraph]).cloned().collect();
            assert_eq!(some, want);
        }
        assert_eq!(seg.paragraphs.len(), 4);
        assert_eq!(seg.sentences.len(), 8);
    }

    #[test]
    fn empty_and_odd_text() {
        assert!(segment("", None).sentences.is_empty());
        assert!(segment("\n\n \u{a0}\n", None).paragraphs.is_empty());
        let _ = segment("...!?\u{0}\u{202f}€€", Some(Language::French));
    }
}
