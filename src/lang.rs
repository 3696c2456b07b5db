//! The 24 official EU languages, their per-language data, and language
//! identification from function words.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Expands to an array of `(Language, &'static str)`: the file
/// `data/<dir>/<code>.toml` of every language, embedded in the binary.
macro_rules! per_language {
    ($dir:literal) => {
        [
            (
                crate::Language::Bulgarian,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/bg.toml")),
            ),
            (
                crate::Language::Czech,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/cs.toml")),
            ),
            (
                crate::Language::Danish,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/da.toml")),
            ),
            (
                crate::Language::German,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/de.toml")),
            ),
            (
                crate::Language::Greek,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/el.toml")),
            ),
            (
                crate::Language::English,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/en.toml")),
            ),
            (
                crate::Language::Spanish,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/es.toml")),
            ),
            (
                crate::Language::Estonian,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/et.toml")),
            ),
            (
                crate::Language::Finnish,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/fi.toml")),
            ),
            (
                crate::Language::French,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/fr.toml")),
            ),
            (
                crate::Language::Irish,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/ga.toml")),
            ),
            (
                crate::Language::Croatian,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/hr.toml")),
            ),
            (
                crate::Language::Hungarian,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/hu.toml")),
            ),
            (
                crate::Language::Italian,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/it.toml")),
            ),
            (
                crate::Language::Lithuanian,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/lt.toml")),
            ),
            (
                crate::Language::Latvian,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/lv.toml")),
            ),
            (
                crate::Language::Maltese,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/mt.toml")),
            ),
            (
                crate::Language::Dutch,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/nl.toml")),
            ),
            (
                crate::Language::Polish,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/pl.toml")),
            ),
            (
                crate::Language::Portuguese,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/pt.toml")),
            ),
            (
                crate::Language::Romanian,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/ro.toml")),
            ),
            (
                crate::Language::Slovak,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/sk.toml")),
            ),
            (
                crate::Language::Slovenian,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/sl.toml")),
            ),
            (
                crate::Language::Swedish,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $dir, "/sv.toml")),
            ),
        ]
    };
}
pub(crate) use per_language;

/// Parses every language's embedded TOML file of one kind into `T`, once.
///
/// Returns a table indexed by [`Language::index`]. A file that does not parse
/// is a bug in the crate's data, caught by the `data` test; at run time it
/// falls back to `T::default()` so that extraction never panics.
pub(crate) fn parse_all<T: for<'de> Deserialize<'de> + Default>(
    dir: &str,
    files: [(Language, &'static str); 24],
) -> Vec<T> {
    files.iter().map(|(lang, src)| parse_one(dir, *lang, src).unwrap_or_default()).collect()
}

/// Parses one embedded data file, naming it and the line in the error.
pub(crate) fn parse_one<T: for<'de> Deserialize<'de>>(
    dir: &str,
    lang: Language,
    src: &str,
) -> Result<T, Error> {
    toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| src[..s.start.min(src.len())].matches('\n').count() + 1);
        Error::data(format!("data/{dir}/{}.toml", lang.code()), line, e.message().to_string())
    })
}

macro_rules! languages {
    ($( $variant:ident = $code:literal, $name:literal; )*) => {
        /// One of the 24 official languages of the European Union.
        ///
        /// Parse one from its ISO 639-1 code with [`Language::from_iso_code`] or
        /// [`str::parse`]; it serialises as that code (`"nl"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Language {
            $( #[doc = $name] $variant, )*
        }

        impl Language {
            /// All 24 languages, in order of their ISO 639-1 codes.
            pub const ALL: [Language; 24] = [ $( Language::$variant, )* ];

            /// The lowercase ISO 639-1 code, such as `"nl"`.
            pub fn code(self) -> &'static str {
                match self { $( Language::$variant => $code, )* }
            }

            /// The English name, such as `"Dutch"`.
            pub fn name(self) -> &'static str {
                match self { $( Language::$variant => $name, )* }
            }

            /// The language for an ISO 639-1 code (case-insensitive, surrounding
            /// white space ignored), or `None` for any other string.
            pub fn from_iso_code(code: &str) -> Option<Language> {
                let code = code.trim();
                $( if code.eq_ignore_ascii_case($code) { return Some(Language::$variant); } )*
                None
            }
        }
    };
}

languages! {
    Bulgarian = "bg", "Bulgarian";
    Czech = "cs", "Czech";
    Danish = "da", "Danish";
    German = "de", "German";
    Greek = "el", "Greek";
    English = "en", "English";
    Spanish = "es", "Spanish";
    Estonian = "et", "Estonian";
    Finnish = "fi", "Finnish";
    French = "fr", "French";
    Irish = "ga", "Irish";
    Croatian = "hr", "Croatian";
    Hungarian = "hu", "Hungarian";
    Italian = "it", "Italian";
    Lithuanian = "lt", "Lithuanian";
    Latvian = "lv", "Latvian";
    Maltese = "mt", "Maltese";
    Dutch = "nl", "Dutch";
    Polish = "pl", "Polish";
    Portuguese = "pt", "Portuguese";
    Romanian = "ro", "Romanian";
    Slovak = "sk", "Slovak";
    Slovenian = "sl", "Slovenian";
    Swedish = "sv", "Swedish";
}

impl Language {
    /// The position of this language in [`Language::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = Error;
    fn from_str(s: &str) -> Result<Language, Error> {
        Language::from_iso_code(s).ok_or_else(|| Error::UnknownLanguage(s.to_string()))
    }
}

impl Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Language, D::Error> {
        let s = String::deserialize(d)?;
        Language::from_iso_code(&s).ok_or_else(|| serde::de::Error::custom(Error::UnknownLanguage(s)))
    }
}

/// The contents of `data/lang/<code>.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LangData {
    #[allow(dead_code)]
    pub name: String,
    pub script: String,
    pub stopwords: Vec<String>,
    #[serde(default)]
    pub letters: String,
    #[serde(default)]
    pub abbreviations: Vec<String>,
}

pub(crate) static LANG_DATA: LazyLock<Vec<LangData>> =
    LazyLock::new(|| parse_all("lang", per_language!("lang")));

/// The segmentation and identification data of one language.
pub(crate) fn data(lang: Language) -> &'static LangData {
    &LANG_DATA[lang.index()]
}

/// A fast, fixed hasher for short strings (the Fx hash of rustc): the
/// function-word table is looked up once per word of every document, and
/// SipHash was a fifth of identification time. No untrusted keys are
/// inserted, so hash flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxHashMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Function-word index: lowercase word → the languages whose list has it;
/// characteristic letters → languages, with each letter's score share.
struct Detector {
    words: FxHashMap<String, u32>,
    /// One bit per [`shape`] of the function words: a word whose shape
    /// has no bit is not looked up (most words of running text).
    shapes: Box<[u64; SHAPE_WORDS]>,
    /// Longest function word, in chars: longer words are not looked up.
    max_word_chars: usize,
    /// Letters below [`SMALL`], by code: the languages they characterise
    /// (0 for none).
    small_letters: Box<[u32]>,
    /// Other letters, sorted by char.
    letters: Vec<(char, u32, f64)>,
    /// Whether any ASCII letter is characteristic (none is in the data today).
    ascii_scored: bool,
    /// The function words of one to eight ASCII bytes, packed into numbers.
    short_words: PackedWords,
}

/// Up to eight bytes with no zero byte as one number (little-endian, zero
/// bytes after the word); `None` for other lengths.
#[inline]
fn pack(w: &[u8]) -> Option<u64> {
    if w.is_empty() || w.len() > 8 || w.contains(&0) {
        return None;
    }
    let mut a = [0u8; 8];
    a[..w.len()].copy_from_slice(w);
    Some(u64::from_le_bytes(a))
}

/// A set of packed words (see [`pack`]) with a value each: open addressing,
/// linear probing, at most half full. A word costs a multiply and a probe or
/// two, where a string map hashes, probes and compares bytes.
struct PackedWords {
    keys: Box<[u64]>,
    values: Box<[u32]>,
    shift: u32,
}

impl PackedWords {
    fn new(entries: impl Iterator<Item = (u64, u32)>) -> PackedWords {
        let entries: Vec<(u64, u32)> = entries.collect();
        let bits = (entries.len() * 2).max(2).next_power_of_two().trailing_zeros();
        let mut t = PackedWords {
            keys: vec![0; 1 << bits].into_boxed_slice(),
            values: vec![0; 1 << bits].into_boxed_slice(),
            shift: 64 - bits,
        };
        for (key, value) in entries {
            let mut i = t.slot(key);
            while t.keys[i] != 0 {
                i = (i + 1) & (t.keys.len() - 1);
            }
            t.keys[i] = key;
            t.values[i] = value;
        }
        t
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The value of packed word `key` (never 0), if it is in the set.
    #[inline]
    fn get(&self, key: u64) -> Option<u32> {
        let mut i = self.slot(key);
        loop {
            match self.keys[i] {
                0 => return None,
                k if k == key => return Some(self.values[i]),
                _ => i = (i + 1) & (self.keys.len() - 1),
            }
        }
    }
}

static DETECTOR: LazyLock<Detector> = LazyLock::new(|| {
    let mut words: FxHashMap<String, u32> = FxHashMap::default();
    let mut letters: HashMap<char, u32> = HashMap::new();
    for lang in Language::ALL {
        let d = data(lang);
        for w in &d.stopwords {
            *words.entry(w.to_lowercase()).or_default() |= 1 << lang.index();
        }
        for c in d.letters.chars().flat_map(char::to_lowercase) {
            *letters.entry(c).or_default() |= 1 << lang.index();
        }
    }
    let max_word_chars = words.keys().map(|w| w.chars().count()).max().unwrap_or(0);
    let mut shapes = Box::new([0u64; SHAPE_WORDS]);
    for w in words.keys() {
        let s = shape(w.as_bytes());
        shapes[s / 64] |= 1 << (s % 64);
    }
    let mut small_letters = vec![0u32; SMALL as usize].into_boxed_slice();
    let mut other: Vec<(char, u32, f64)> = Vec::new();
    for (&c, &mask) in &letters {
        if (c as u32) < SMALL {
            small_letters[c as usize] = mask;
        } else {
            other.push((c, mask, letter_share(mask)));
        }
    }
    other.sort_unstable_by_key(|&(c, _, _)| c);
    let ascii_scored = small_letters[..128].iter().any(|&m| m != 0);
    let short_words =
        PackedWords::new(words.iter().filter_map(|(w, &mask)| Some((pack(w.as_bytes())?, mask))));
    Detector { words, short_words, shapes, max_word_chars, small_letters, letters: other, ascii_scored }
});

/// Adds the score of a function word of the languages in `mask`, if any, and
/// says whether there was one.
fn score_function_word(mask: Option<u32>, score: &mut [f64; 24]) -> bool {
    match mask {
        Some(mask) => {
            add(score, mask, 1.0 / mask.count_ones() as f64);
            true
        }
        None => false,
    }
}

/// The score a characteristic letter gives each of the languages in `mask`.
#[inline]
fn letter_share(mask: u32) -> f64 {
    0.5 / mask.count_ones() as f64
}

/// Bits in [`Detector::shapes`].
const SHAPE_BITS: usize = 1 << 16;
const SHAPE_WORDS: usize = SHAPE_BITS / 64;

/// A word's shape: its first two bytes, last byte and length, mixed into
/// one of [`SHAPE_BITS`] values. Equal words have equal shapes.
#[inline]
fn shape(w: &[u8]) -> usize {
    let at = |i: usize| w.get(i).copied().unwrap_or(0);
    shape_of(at(0), at(1), at(w.len().wrapping_sub(1)), w.len())
}

/// [`shape`] from a word's first, second and last byte (0 where there is
/// none) and its length.
#[inline]
fn shape_of(first: u8, second: u8, last: u8, len: usize) -> usize {
    let x = u32::from(first) | u32::from(second) << 8 | u32::from(last) << 16 | (len as u32) << 24;
    (x.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl Detector {
    /// The languages whose function word the word just read is: from its
    /// lowercase form `lower` of `chars` chars when it holds a char beyond
    /// ASCII (`slow`), else from its bytes in the text, `ascii`.
    #[inline]
    fn word(&self, slow: bool, lower: &str, chars: usize, ascii: &[u8]) -> Option<u32> {
        if slow {
            self.function_word(lower, chars)
        } else {
            self.ascii_function_word(ascii)
        }
    }

    /// The languages whose function word the all-ASCII word `w` is (in any
    /// case), once apostrophes at either end are trimmed: [`Self::function_word`]
    /// without a lowercase copy for the words the shape filter rules out.
    fn ascii_function_word(&self, mut w: &[u8]) -> Option<u32> {
        if w.first() == Some(&b'\'') || w.last() == Some(&b'\'') {
            let start = w.iter().position(|&b| b != b'\'')?;
            let end = w.iter().rposition(|&b| b != b'\'')? + 1;
            w = &w[start..end];
        }
        if w.len() > self.max_word_chars {
            return None;
        }
        if w.len() <= 8 {
            // Packed and lowercased at once: the bytes are letters and
            // apostrophes (which have the 0x20 bit already), so setting that
            // bit in every byte does it.
            let key = w.iter().rev().fold(0u64, |k, &b| k << 8 | u64::from(b | 0x20));
            return self.short_words.get(key);
        }
        let low = |i: usize| w.get(i).map_or(0, u8::to_ascii_lowercase);
        let s = shape_of(low(0), low(1), low(w.len() - 1), w.len());
        if self.shapes[s / 64] & (1 << (s % 64)) == 0 {
            return None;
        }
        let mut buf = [0u8; 64];
        let lower = match buf.get_mut(..w.len()) {
            Some(b) => {
                b.copy_from_slice(w);
                b.make_ascii_lowercase();
                std::str::from_utf8(b).ok()?
            }
            None => return self.words.get(&String::from_utf8_lossy(w).to_ascii_lowercase()).copied(),
        };
        self.words.get(lower).copied()
    }

    /// The languages whose function word `lower` is (a lowercased word of
    /// `chars` chars), once apostrophes at either end are trimmed.
    fn function_word(&self, lower: &str, chars: usize) -> Option<u32> {
        let b = lower.as_bytes();
        // Apostrophes: `'` or `’` (which ends in 0x99 and starts with 0xE2).
        let word = if matches!(b.first(), Some(b'\'' | 0xE2)) || matches!(b.last(), Some(b'\'' | 0x99)) {
            lower.trim_matches(|c| c == '\'' || c == '’')
        } else {
            lower
        };
        let s = shape(word.as_bytes());
        if self.shapes[s / 64] & (1 << (s % 64)) == 0 {
            return None;
        }
        // Trimmed chars are apostrophes, one char each in either case.
        let chars = if word.len() == lower.len() {
            chars
        } else {
            chars - (lower.chars().count() - word.chars().count())
        };
        // Lowercasing never shortens a word in chars: longer words cannot match.
        if word.is_empty() || chars > self.max_word_chars {
            return None;
        }
        self.words.get(word).copied()
    }

    /// The languages and score share of a lowercase letter, if characteristic.
    #[inline]
    fn letter(&self, c: char) -> Option<(u32, f64)> {
        if let Some(&mask) = self.small_letters.get(c as usize) {
            (mask != 0).then(|| (mask, letter_share(mask)))
        } else {
            self.letters
                .binary_search_by_key(&c, |&(l, _, _)| l)
                .ok()
                .map(|i| (self.letters[i].1, self.letters[i].2))
        }
    }
}

/// How much text language identification looks at: the first 8 KiB is
/// plenty for article-length text and keeps long documents cheap.
const DETECT_WINDOW: usize = 8 * 1024;

/// Chars below this have their class and lowercase form in [`SMALL_CHARS`]:
/// ASCII, Latin-1, Latin Extended-A/B, IPA, Greek and Cyrillic, which is
/// nearly every letter of EU-language text.
const SMALL: u32 = 0x530;

/// For each char below [`SMALL`]: whether it is alphabetic, and its
/// lowercase form when that is a single char (`'\0'` otherwise).
static SMALL_CHARS: LazyLock<Vec<(bool, char)>> = LazyLock::new(|| {
    (0..SMALL)
        .map(|u| {
            let c = char::from_u32(u).unwrap_or('\0');
            let mut low = c.to_lowercase();
            let single = match (low.next(), low.next()) {
                (Some(l), None) => l,
                _ => '\0',
            };
            (c.is_alphabetic(), single)
        })
        .collect()
});

/// The lowercase form of `c` when it is below [`SMALL`] and a single char:
/// lowercasing without the general Unicode tables.
#[inline]
pub(crate) fn small_lowercase(c: char) -> Option<char> {
    SMALL_CHARS.get(c as usize).map(|&(_, l)| l).filter(|&l| l != '\0')
}

/// Word characters for identification: letters and apostrophes.
#[inline]
fn is_word_char(small: &[(bool, char)], c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '\''
    } else if let Some(&(alpha, _)) = small.get(c as usize) {
        alpha
    } else {
        c == '’' || c.is_alphabetic()
    }
}

/// Identifies the language of `text` from its function words, its script and
/// its characteristic letters. Returns `None` when the evidence is too thin
/// (fewer than three function words, or no clear winner).
pub(crate) fn detect(text: &str) -> Option<Language> {
    let mut end = text.len().min(DETECT_WINDOW);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    let det = &*DETECTOR;
    let mut score = [0f64; 24];
    let (mut greek, mut cyrillic, mut latin) = (0usize, 0usize, 0usize);
    let mut hits = 0usize;
    let small: &[(bool, char)] = &SMALL_CHARS;
    // The current word: where it starts, its length in chars, and, once it
    // holds a char beyond ASCII (`slow`), its lowercase form. Words are runs
    // of word chars; their letters count as they are read, and the word is
    // looked up at the first char after it. An all-ASCII word is looked up
    // from the text itself.
    let mut lower = String::new();
    let mut slow = false;
    let mut word_start = 0usize;
    let mut chars = 0usize;
    // Texts stop early once the evidence is overwhelming: checked every
    // 128 bytes from the first 256 on, at the start of a word. (The check
    // itself asks for 200 letters, so it cannot stop before that.)
    let mut checkpoint = EARLY_STOP_FROM;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let len = if b < 0x80 {
            if b.is_ascii_alphabetic() || b == b'\'' {
                if chars == 0 {
                    word_start = i;
                }
                // The whole run of ASCII letters and apostrophes.
                let run = i;
                loop {
                    let e = crate::segment::skip_ascii_letters(bytes, i);
                    latin += e - i;
                    i = e;
                    if bytes.get(i) != Some(&b'\'') {
                        break;
                    }
                    i += 1;
                }
                if slow {
                    lower.extend(bytes[run..i].iter().map(|&b| char::from(b.to_ascii_lowercase())));
                }
                if det.ascii_scored {
                    for &b in &bytes[run..i] {
                        let mask = det.small_letters[usize::from(b.to_ascii_lowercase())];
                        if mask != 0 {
                            add(&mut score, mask, letter_share(mask));
                        }
                    }
                }
                chars += i - run;
                continue;
            }
            1
        } else {
            let c = crate::segment::char_at(text, i).unwrap_or(' ');
            if is_word_char(small, c) {
                if chars == 0 {
                    word_start = i;
                }
                if !slow {
                    // The word so far is ASCII: its lowercase form starts it.
                    slow = true;
                    lower.clear();
                    lower.extend(text[word_start..i].chars().map(|c| c.to_ascii_lowercase()));
                }
                match c {
                    'α'..='ω' | 'Α'..='Ω' | '\u{0386}'..='\u{03CE}' => greek += 1,
                    '\u{0400}'..='\u{04FF}' => cyrillic += 1,
                    _ => {}
                }
                let lc = match small.get(c as usize) {
                    Some(&(_, l)) if l != '\0' => {
                        lower.push(l);
                        l
                    }
                    _ => {
                        let mut low = c.to_lowercase();
                        let first = low.next().unwrap_or(c);
                        lower.push(first);
                        lower.extend(low);
                        first
                    }
                };
                if let Some((mask, share)) = det.letter(lc) {
                    add(&mut score, mask, share);
                }
                chars += 1;
                i += c.len_utf8();
                continue;
            }
            c.len_utf8()
        };
        // A separator: the word before it ends, the next starts after it.
        if chars > 0 {
            hits += usize::from(score_function_word(
                det.word(slow, &lower, chars, &bytes[word_start..i]),
                &mut score,
            ));
            lower.clear();
            slow = false;
            chars = 0;
        }
        i += len;
        if i >= checkpoint {
            checkpoint = i + EARLY_STOP_EVERY;
            if clear_winner(&score, hits, greek, cyrillic, latin) {
                break;
            }
        }
    }
    if chars > 0 {
        hits +=
            usize::from(score_function_word(det.word(slow, &lower, chars, &bytes[word_start..]), &mut score));
    }
    let script_total = greek + cyrillic + latin;
    if script_total == 0 {
        return None;
    }
    if greek * 2 > script_total {
        return Some(Language::Greek);
    }
    if cyrillic * 2 > script_total {
        return Some(Language::Bulgarian);
    }
    if hits < 3 {
        return None;
    }
    let (best, top, second) = leaders(&score);
    if top < 2.0 || top < second * 1.1 {
        return None;
    }
    best
}

/// Where [`detect`] first asks whether it has seen enough.
const EARLY_STOP_FROM: usize = 256;
/// How often [`detect`] asks again.
const EARLY_STOP_EVERY: usize = 128;

/// True when the text read so far leaves no doubt: one script with at
/// least 200 letters and over 90% of them, and for Latin script at least
/// 15 function words with the leading language scoring over twice the
/// next.
fn clear_winner(score: &[f64; 24], hits: usize, greek: usize, cyrillic: usize, latin: usize) -> bool {
    let total = greek + cyrillic + latin;
    if total < 200 {
        return false;
    }
    if (greek * 10 > total * 9) || (cyrillic * 10 > total * 9) {
        return true;
    }
    if latin * 10 <= total * 9 || hits < 15 {
        return false;
    }
    let (_, top, second) = leaders(score);
    top >= 2.0 && top > second * 2.0
}

/// The Latin-script language with the highest score, that score and the
/// second highest.
fn leaders(score: &[f64; 24]) -> (Option<Language>, f64, f64) {
    let mut best = None;
    let (mut top, mut second) = (0.0f64, 0.0f64);
    for lang in Language::ALL {
        if data(lang).script != "Latn" {
            continue;
        }
        let s = score[lang.index()];
        if s > top {
            second = top;
            top = s;
            best = Some(lang);
        } else if s > second {
            second = s;
        }
    }
    (best, top, second)
}

#[inline]
fn add(score: &mut [f64; 24], mask: u32, amount: f64) {
    let mut m = mask;
    while m != 0 {
        let i = m.trailing_zeros() as usize;
        score[i] += amount;
        m &= m - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Language::ALL {
            assert_eq!(Language::from_iso_code(lang.code()), Some(lang));
            assert_eq!(lang.code().parse::<Language>().unwrap(), lang);
            assert_eq!(Language::ALL[lang.index()], lang);
        }
        assert_eq!(Language::from_iso_code(" NL "), Some(Language::Dutch));
        assert!("xx".parse::<Language>().is_err());
        assert!(Language::from_iso_code("").is_none());
    }

    #[test]
    fn every_lang_file_parses() {
        for (lang, src) in per_language!("lang") {
            let d: LangData = parse_one("lang", lang, src).unwrap_or_else(|e| panic!("{e}"));
            assert!(d.stopwords.len() >= 50, "{lang}: too few stopwords");
            assert!(["Latn", "Grek", "Cyrl"].contains(&d.script.as_str()), "{lang}: bad script");
        }
    }

    #[test]
    fn every_function_word_passes_the_shape_filter() {
        let det = &*DETECTOR;
        for (w, &mask) in &det.words {
            if w.starts_with(['\'', '’']) || w.ends_with(['\'', '’']) {
                continue;
            }
            assert_eq!(det.function_word(w, w.chars().count()), Some(mask), "{w:?}");
            let quoted = format!("’{w}'");
            assert_eq!(det.function_word(&quoted, w.chars().count() + 2), Some(mask), "{quoted:?}");
        }
        let set = det.shapes.iter().map(|b| b.count_ones()).sum::<u32>() as usize;
        assert!(set * 5 < SHAPE_BITS, "shape filter too full: {set} bits");
    }

    #[test]
    fn ascii_words_are_looked_up_as_lowercase_copies_are() {
        let det = &*DETECTOR;
        let mut words: Vec<String> = det.words.keys().filter(|w| w.is_ascii()).cloned().collect();
        assert!(words.len() > 100);
        words.extend(
            [
                "",
                "'",
                "''",
                "x",
                "Xy",
                "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
            ]
            .map(String::from),
        );
        for w in words {
            for form in
                [w.clone(), w.to_ascii_uppercase(), format!("'{w}'"), format!("''{}", w.to_ascii_uppercase())]
            {
                let lower = form.to_ascii_lowercase();
                assert_eq!(
                    det.ascii_function_word(form.as_bytes()),
                    det.function_word(&lower, lower.chars().count()),
                    "{form:?}"
                );
            }
        }
    }

    #[test]
    fn detects_simple_sentences() {
        assert_eq!(
            detect("De Europese Commissie wil met de lidstaten een fonds oprichten voor de bedrijven die in het land werken."),
            Some(Language::Dutch)
        );
        assert_eq!(
            detect("Die Kommission will mit den Mitgliedstaaten einen Fonds gründen, der für die Unternehmen im Land da ist."),
            Some(Language::German)
        );
        assert_eq!(detect("Η Ευρωπαϊκή Επιτροπή ανακοίνωσε νέο ταμείο."), Some(Language::Greek));
        assert_eq!(detect("12345 !!!"), None);
        assert_eq!(detect(""), None);
    }
}
