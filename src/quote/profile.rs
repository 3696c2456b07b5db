//! The per-language quotation data of `data/quote/<code>.toml`, parsed once.

use std::collections::HashMap as StdHashMap;
use std::collections::HashSet as StdHashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use super::attribution::lower_into;
use crate::entity::tokens::lowercase_is_itself;
use crate::lang::{self, parse_all, per_language, Language};
use crate::segment::is_alnum;

/// A fast hash for short words (the multiply-rotate hash of rustc's FxHasher);
/// the word sets are built from the crate's own data, so hash flooding is no concern.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.0 =
                (self.0.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of words hashed with [`WordHasher`].
pub(crate) type HashSet<T> = StdHashSet<T, BuildHasherDefault<WordHasher>>;

/// A map keyed by words, hashed with [`WordHasher`].
pub(crate) type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<WordHasher>>;

/// The contents of `data/quote/<code>.toml` (format documented in the files).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuoteData {
    /// Quotation-mark pairs, opening mark then closing mark, commonest first.
    pub pairs: Vec<[String; 2]>,
    /// Words that follow an apostrophe written at the start of a word
    /// ("’s avonds", "’t"): such an apostrophe is not an opening mark.
    #[serde(default)]
    pub elisions: Vec<String>,
    /// Verbs of saying, in the inflected forms news uses (lowercase).
    pub verbs: Vec<String>,
    /// Cues written before the source without a verb: "volgens", "laut", "according to".
    #[serde(default)]
    pub before: Vec<String>,
    /// Cues written after the source: "zufolge", "mukaan", "sõnul".
    #[serde(default)]
    pub after: Vec<String>,
    /// Conjunctions that open a reported clause after a verb of saying ("dat", "that").
    #[serde(default)]
    pub that: Vec<String>,
    /// Pronouns that can be speakers, by kind.
    #[serde(default)]
    pub pronouns: Pronouns,
    /// Role nouns that can be speakers (lowercase; also matched as the end of a compound).
    #[serde(default)]
    pub roles: Vec<String>,
    /// Head nouns of organisations ("commissie", "regierung", "ministry").
    #[serde(default)]
    pub orgs: Vec<String>,
    /// Articles and determiners that may stand before a role ("de", "der", "the").
    #[serde(default)]
    pub articles: Vec<String>,
    /// Words that may stand between a cue and its speaker ("ook", "nog", "also").
    #[serde(default)]
    pub skip: Vec<String>,
    /// Lowercase particles inside personal names ("van", "von", "de").
    #[serde(default)]
    pub particles: Vec<String>,
    /// Nouns that announce a title or name in quotation marks ("film", "initiatief").
    #[serde(default)]
    pub title_words: Vec<String>,
    /// Verb forms that mark a sentence as reported speech (the German
    /// Konjunktiv: "sei", "habe"): a quoted phrase in such a sentence carries
    /// the words of the speaker reported just before.
    #[serde(default)]
    pub reported: Vec<String>,
}

/// Speaker pronouns of one language.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Pronouns {
    /// Masculine singular.
    #[serde(default)]
    pub he: Vec<String>,
    /// Feminine singular.
    #[serde(default)]
    pub she: Vec<String>,
    /// Plural (people or organisations).
    #[serde(default)]
    pub they: Vec<String>,
    /// Singular forms that refer to an organisation or to anyone ("it", "die").
    #[serde(default)]
    pub it: Vec<String>,
}

/// What a pronoun may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PronounKind {
    /// A man.
    He,
    /// A woman.
    She,
    /// People or an organisation.
    They,
    /// An organisation, or anyone (demonstratives).
    It,
}

/// A language's quotation data, ready for matching.
#[derive(Debug, Default)]
pub(crate) struct Profile {
    /// Opening and closing mark of each pair.
    pub pairs: Vec<(char, char)>,
    pub elisions: HashSet<String>,
    pub verbs: HashSet<String>,
    /// Multi-word cues before the source, as lowercase word sequences.
    pub before: Vec<Vec<String>>,
    pub after: Vec<Vec<String>>,
    pub that: HashSet<String>,
    pub roles: HashSet<String>,
    pub orgs: HashSet<String>,
    pub articles: HashSet<String>,
    pub skip: HashSet<String>,
    pub particles: HashSet<String>,
    pub title_words: HashSet<String>,
    pub reported: HashSet<String>,
    /// The language's stopwords (from `data/lang`), lowercase.
    pub stopwords: HashSet<String>,
    /// True for languages that capitalise every noun (German, Luxembourgish).
    pub capital_nouns: bool,
    /// Finds the verbs of saying in running text, for the cheap test for
    /// reported speech that runs before any segmentation.
    pub verb_finder: Option<AhoCorasick>,
    /// The greatest byte length of a word whose lowercase may be one of
    /// [`Profile::that`]: four times the longest in characters.
    that_max: usize,
    /// Bit `b` set when a mark's UTF-8 encoding starts with byte `b`.
    mark_lead: [u64; 4],
    /// The marks' first bytes, each repeated over a 64-bit word, for
    /// [`Profile::skip_to_mark`].
    mark_bytes: Vec<u64>,
    /// The same, padded to four by repeating the first, when there are one to four.
    mark4: Option<[u64; 4]>,
    /// The pronouns of every kind, for one lookup per word.
    pronouns: HashMap<String, PronounKind>,
    /// The [`class`] bits of every word of the lists above.
    word_bits: HashMap<Box<[u8]>, u16>,
    /// A filter over the keys of `word_bits`: most words are no listed word,
    /// and the filter says so without hashing them.
    listed: Listed,
    /// The same filter over the verbs of saying alone.
    verb_filter: Listed,
    /// The same filter over the conjunctions of reported speech ([`Profile::that`]).
    that_filter: Listed,
    /// Suffix filters of `roles` and `orgs` (see [`Suffixes`]).
    role_sfx: Suffixes,
    org_sfx: Suffixes,
}

/// What a word is to the quote stage, as bits of [`Profile::classify`].
pub(crate) mod class {
    pub const VERB: u16 = 1;
    pub const ROLE: u16 = 1 << 1;
    pub const ORG: u16 = 1 << 2;
    pub const ARTICLE: u16 = 1 << 3;
    pub const STOP: u16 = 1 << 4;
    pub const SKIP: u16 = 1 << 5;
    pub const PARTICLE: u16 = 1 << 6;
    pub const THAT: u16 = 1 << 7;
    pub const REPORTED: u16 = 1 << 8;
    /// The last word of a multi-word cue before the source ("von" of "nach Angaben von").
    pub const BEFORE_LAST: u16 = 1 << 9;
    /// The first word of a multi-word cue before or after the source.
    pub const CUE_FIRST: u16 = 1 << 13;
    /// Pronoun kind: 0 none, 1 he, 2 she, 3 they, 4 it (three bits).
    pub const PRON_SHIFT: u16 = 10;
    pub const PRON_MASK: u16 = 7 << PRON_SHIFT;
    /// Set once the word has been classified.
    pub const DONE: u16 = 1 << 15;
}

/// The words of a list as bytes, for "ends in one of them", with a quick
/// filter: a hashed bit map of the last four bytes of the words of at least
/// four characters (the only ones an ending is matched against), so that
/// most words are rejected without hashing a single suffix.
#[derive(Debug, Default)]
struct Suffixes {
    /// Bit `n` set when a word of `n` bytes (n < 64) is in the list; bit 63 for longer words.
    lens: u64,
    /// Bit `h` set when a word of the list ends in four bytes that hash to `h`.
    tails: Vec<u64>,
    /// The words of the list.
    set: HashSet<Box<[u8]>>,
}

/// The number of bits of [`Suffixes::tails`], as a power of two.
const TAIL_BITS: u32 = 15;

impl Suffixes {
    fn new(list: &HashSet<String>) -> Suffixes {
        let mut s = Suffixes { lens: 0, tails: vec![0; 1 << (TAIL_BITS - 6)], set: HashSet::default() };
        for w in list {
            s.lens |= 1 << w.len().min(63);
            s.set.insert(w.as_bytes().into());
            if w.chars().nth(3).is_some() {
                let t = Suffixes::tail(w.as_bytes());
                s.tails[t >> 6] |= 1 << (t & 63);
            }
        }
        s
    }

    /// The bit of the last four bytes of `word` (at least four).
    #[inline]
    fn tail(word: &[u8]) -> usize {
        let last = word.last_chunk::<4>().copied().unwrap_or_default();
        let h = u64::from(u32::from_le_bytes(last)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> (64 - TAIL_BITS)) as usize
    }

    /// False when no word of the list of four characters or more can be an
    /// ending of `word` (of at least four bytes).
    #[inline]
    fn may_end(&self, word: &[u8]) -> bool {
        let t = Suffixes::tail(word);
        word.len() >= 4 && self.tails[t >> 6] & (1 << (t & 63)) != 0
    }
}

/// A quick filter for "is one of the words of a list": a bit map of the
/// first two bytes of the list's words, and one of their first two bytes
/// together with their byte length.
#[derive(Debug, Default)]
pub(crate) struct Listed {
    /// Bit `b` set when a word of the list starts with the two bytes `b`
    /// (big-endian; a one-byte word as its byte and 0).
    heads: Vec<u64>,
    /// Bit [`Listed::pair`] set for the first two bytes and the length of each word of the list.
    pairs: Vec<u64>,
}

/// The number of bits of [`Listed::pairs`], as a power of two.
const PAIR_BITS: u32 = 15;

impl Listed {
    fn new<'a>(list: impl Iterator<Item = &'a String>) -> Listed {
        let mut s = Listed { heads: vec![0; 1 << 10], pairs: vec![0; 1 << (PAIR_BITS - 6)] };
        for w in list {
            let t = Listed::head(w.as_bytes());
            s.heads[t >> 6] |= 1 << (t & 63);
            let p = Listed::pair(t, w.len());
            s.pairs[p >> 6] |= 1 << (p & 63);
        }
        s
    }

    #[inline]
    fn head(b: &[u8]) -> usize {
        usize::from(u16::from_be_bytes([b.first().copied().unwrap_or(0), b.get(1).copied().unwrap_or(0)]))
    }

    /// The bit of a word starting with the two bytes `head` (as [`Listed::head`]) of `len` bytes.
    #[inline]
    fn pair(head: usize, len: usize) -> usize {
        let key = ((head as u64) << 6) | len.min(63) as u64;
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PAIR_BITS)) as usize
    }

    /// False when no word of the list starts with the two bytes `head` (0
    /// for a one-byte word's second).
    #[inline]
    pub(crate) fn may_start(&self, head: [u8; 2]) -> bool {
        let t = usize::from(u16::from_be_bytes(head));
        !self.heads.is_empty() && self.heads[t >> 6] & (1 << (t & 63)) != 0
    }

    /// False when no word of the list of `len` bytes starts with the two
    /// bytes `head` (0 for a one-byte word's second).
    #[inline]
    pub(crate) fn may_hold_head(&self, head: [u8; 2], len: usize) -> bool {
        let p = Listed::pair(usize::from(u16::from_be_bytes(head)), len);
        !self.pairs.is_empty() && self.pairs[p >> 6] & (1 << (p & 63)) != 0
    }

    /// False when `word` is certainly not in the list.
    #[inline]
    pub(crate) fn may_hold(&self, word: &[u8]) -> bool {
        let p = Listed::pair(Listed::head(word), word.len());
        !self.pairs.is_empty() && self.pairs[p >> 6] & (1 << (p & 63)) != 0
    }
}

fn set(words: &[String]) -> HashSet<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

fn seqs(words: &[String]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = words
        .iter()
        .map(|w| w.to_lowercase().split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|v| !v.is_empty())
        .collect();
    // Longest first, so that "nach Angaben von" wins over "nach".
    out.sort_by_key(|v| std::cmp::Reverse(v.len()));
    out
}

impl Profile {
    fn build(lang: Option<Language>, d: &QuoteData) -> Profile {
        let pairs: Vec<(char, char)> = d
            .pairs
            .iter()
            .filter_map(|[o, c]| {
                let mut oc = o.chars();
                let mut cc = c.chars();
                match (oc.next(), oc.next(), cc.next(), cc.next()) {
                    (Some(o), None, Some(c), None) => Some((o, c)),
                    _ => None,
                }
            })
            .collect();
        let roles = set(&d.roles);
        let orgs = set(&d.orgs);
        let (he, she, they, it) =
            (set(&d.pronouns.he), set(&d.pronouns.she), set(&d.pronouns.they), set(&d.pronouns.it));
        let mut pronouns = HashMap::default();
        // The first kind listed wins, as in the order he, she, they, it.
        for (words, kind) in [
            (&it, PronounKind::It),
            (&they, PronounKind::They),
            (&she, PronounKind::She),
            (&he, PronounKind::He),
        ] {
            for w in words.iter() {
                pronouns.insert(w.clone(), kind);
            }
        }
        let mut mark_lead = [0u64; 4];
        for &(o, c) in &pairs {
            for m in [o, c] {
                let mut buf = [0u8; 4];
                let b = m.encode_utf8(&mut buf).as_bytes()[0];
                mark_lead[usize::from(b >> 6)] |= 1 << (b & 63);
            }
        }
        let mut p = Profile {
            mark_lead,
            mark_bytes: (0u8..=0xFF)
                .filter(|&b| mark_lead[usize::from(b >> 6)] & (1 << (b & 63)) != 0)
                .map(|b| u64::from(b) * 0x0101_0101_0101_0101)
                .collect(),
            mark4: None,
            word_bits: HashMap::default(),
            listed: Listed::default(),
            verb_filter: Listed::default(),
            that_filter: Listed::default(),
            role_sfx: Suffixes::new(&roles),
            org_sfx: Suffixes::new(&orgs),
            pronouns,
            that_max: d.that.iter().map(|t| t.to_lowercase().chars().count() * 4).max().unwrap_or(0),
            pairs,
            elisions: set(&d.elisions),
            verbs: set(&d.verbs),
            before: seqs(&d.before),
            after: seqs(&d.after),
            that: set(&d.that),
            roles,
            orgs,
            articles: set(&d.articles),
            skip: set(&d.skip),
            particles: set(&d.particles),
            title_words: set(&d.title_words),
            reported: set(&d.reported),
            stopwords: lang.map(|l| set(&lang::data(l).stopwords)).unwrap_or_default(),
            capital_nouns: lang == Some(Language::German),
            verb_finder: AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(d.verbs.iter().map(|v| v.to_lowercase()))
                .ok(),
        };
        let listed: Vec<String> = [
            &p.verbs,
            &p.articles,
            &p.stopwords,
            &p.skip,
            &p.particles,
            &p.that,
            &p.reported,
            &p.roles,
            &p.orgs,
        ]
        .into_iter()
        .flatten()
        .chain(p.pronouns.keys())
        .chain(p.before.iter().chain(&p.after).flatten())
        .cloned()
        .collect();
        p.word_bits = listed.iter().map(|w| (w.as_bytes().into(), p.classify_listed(w))).collect();
        p.listed = Listed::new(listed.iter());
        p.verb_filter = Listed::new(p.verbs.iter());
        p.that_filter = Listed::new(p.that.iter());
        if let Some(&first) = p.mark_bytes.first().filter(|_| p.mark_bytes.len() <= 4) {
            let mut m = [first; 4];
            m[..p.mark_bytes.len()].copy_from_slice(&p.mark_bytes);
            p.mark4 = Some(m);
        }
        p
    }

    /// The marks used when the language is unknown: pairs that mean the same
    /// in every language that uses them, and no cues.
    fn generic() -> Profile {
        let d = QuoteData {
            pairs: [["“", "”"], ["„", "“"], ["„", "”"], ["«", "»"], ["\"", "\""]]
                .iter()
                .map(|[a, b]| [a.to_string(), b.to_string()])
                .collect(),
            ..QuoteData::default()
        };
        Profile::build(None, &d)
    }

    /// False when no mark of this profile starts with the byte `b`.
    #[inline]
    pub fn may_start_mark(&self, b: u8) -> bool {
        self.mark_lead[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    /// The first position at or after `i` and before `end` (a char
    /// boundary) holding a byte that [`may_start_mark`](Profile::may_start_mark), or `end`:
    /// eight bytes at a time. The bytes looked for are ASCII or lead bytes
    /// of UTF-8 sequences, never continuation bytes, so that Greek or
    /// Cyrillic text skips as fast as ASCII.
    pub fn skip_to_mark(&self, bytes: &[u8], mut i: usize, end: usize) -> usize {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let end = end.min(bytes.len());
        // A zero byte of `w ^ a` is a byte equal to `a`; the test flags false
        // bytes only above a true one, so the lowest flagged byte is a match.
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
        if let Some([a, b, c, d]) = self.mark4 {
            // Up to four bytes (every language's marks), unrolled; a
            // repeated byte flags nothing more.
            while i + 8 <= end {
                let Some(chunk) = bytes.get(i..i + 8).and_then(|c| c.first_chunk::<8>()) else { break };
                let w = u64::from_le_bytes(*chunk);
                let hit = zero(w ^ a) | zero(w ^ b) | zero(w ^ c) | zero(w ^ d);
                if hit != 0 {
                    return i + (hit.trailing_zeros() / 8) as usize;
                }
                i += 8;
            }
        }
        while let Some(chunk) = bytes.get(i..(i + 8).min(end)).and_then(|c| c.first_chunk::<8>()) {
            let w = u64::from_le_bytes(*chunk);
            let mut hit = 0;
            for &a in &self.mark_bytes {
                hit |= zero(w ^ a);
            }
            if hit != 0 {
                return i + (hit.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        while i < end {
            if self.may_start_mark(bytes[i]) {
                return i;
            }
            i += 1;
        }
        end
    }

    /// True when `c` is one of this profile's marks.
    pub fn is_mark(&self, c: char) -> bool {
        self.pairs.iter().any(|&(o, cl)| o == c || cl == c)
    }

    /// True when `text` may hold reported speech: a verb of saying followed,
    /// within a few words of the same sentence, by a conjunction such as "that".
    pub fn may_report(&self, text: &str) -> bool {
        let Some(ac) = &self.verb_finder else { return false };
        if self.that.is_empty() {
            return false;
        }
        self.report_by_automaton(ac, text)
    }

    /// [`may_report`](Profile::may_report) with the automaton of the verbs.
    fn report_by_automaton(&self, ac: &AhoCorasick, text: &str) -> bool {
        for m in ac.find_iter(text) {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
                continue;
            }
            if self.that_follows(text, m.end()) {
                return true;
            }
        }
        false
    }

    /// True when one of the eight words after byte `at` (within 80 bytes and
    /// the same sentence) is a conjunction such as "that". Words are what
    /// lies between characters other than letters, digits and apostrophes
    /// (empty ones between two such characters count among the eight).
    fn that_follows(&self, text: &str, at: usize) -> bool {
        let mut end = (at + 80).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let window = &text[at..end];
        // The sentence marks are ASCII: a byte search finds them.
        let cut = window.bytes().position(|b| matches!(b, b'.' | b'!' | b'?' | b';' | b':' | b'\n'));
        let window = &window[..cut.unwrap_or(window.len())];
        let bytes = window.as_bytes();
        let (mut start, mut i, mut words) = (0, 0, 0);
        while words < 8 {
            // The end of the word from `start`: the next separator, or the window's end.
            let (sep_len, at_end) = loop {
                let Some(&b) = bytes.get(i) else { break (0, true) };
                if b.is_ascii() {
                    if b.is_ascii_alphanumeric() || b == b'\'' {
                        i += 1;
                        continue;
                    }
                    break (1, false);
                }
                let c = window[i..].chars().next().unwrap_or(' ');
                if is_alnum(c) || c == '’' {
                    i += c.len_utf8();
                    continue;
                }
                break (c.len_utf8(), false);
            };
            let w = &window[start..i];
            if !w.is_empty() && w.len() <= self.that_max && self.is_that(w) {
                return true;
            }
            words += 1;
            if at_end {
                return false;
            }
            i += sep_len;
            start = i;
        }
        false
    }

    /// True when the word `w` is a conjunction of [`Profile::that`] in some case.
    fn is_that(&self, w: &str) -> bool {
        // Most words are lowercase already: look them up as they are.
        if !w.contains('’') && w.chars().all(lowercase_is_itself) {
            return self.that.contains(w);
        }
        // Others lowercase on the stack: char by char is what `to_lowercase`
        // does but for a final capital sigma, which takes the long way.
        let mut buf = [0u8; 64];
        if !w.contains('Σ') {
            if let Some(low) = lower_into(w, &mut buf).and_then(|n| std::str::from_utf8(&buf[..n]).ok()) {
                return self.that.contains(low);
            }
        }
        self.that.contains(&w.to_lowercase().replace('’', "'"))
    }

    /// The kind of pronoun `lower` is, if it is one.
    pub fn pronoun(&self, lower: &str) -> Option<PronounKind> {
        self.pronouns.get(lower).copied()
    }

    /// True when `lower` is a role noun or a compound ending in one
    /// ("commissievoorzitter" ends in "voorzitter").
    pub fn is_role(&self, lower: &str) -> bool {
        ends_with_any(&self.roles, &self.role_sfx, lower)
    }

    /// True when `lower` is an organisation head noun or a compound ending in one.
    pub fn is_org(&self, lower: &str) -> bool {
        ends_with_any(&self.orgs, &self.org_sfx, lower)
    }

    /// True when `text` holds one of this profile's quotation marks.
    pub fn has_marks(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut i = 0;
        // The bytes that may start a mark are ASCII or lead bytes: each hit
        // is a char boundary.
        loop {
            i = self.skip_to_mark(bytes, i, bytes.len());
            match text.get(i..).and_then(|r| r.chars().next()) {
                Some(c) if self.is_mark(c) => return true,
                Some(c) => i += c.len_utf8(),
                None => return false,
            }
        }
    }

    /// The [`class`] bits of a lowercase word.
    pub fn classify(&self, lower: &str) -> u16 {
        self.classify_bytes(lower.as_bytes())
    }

    /// [`classify`](Profile::classify) of a lowercase word's UTF-8 bytes.
    pub fn classify_bytes(&self, lower: &[u8]) -> u16 {
        let listed = if self.listed.may_hold(lower) { self.word_bits.get(lower) } else { None };
        match listed {
            Some(&f) => f,
            None => {
                // Not a listed word: a compound ending in a role or organisation word?
                let mut f = class::DONE;
                if ends_in(&self.role_sfx, lower) {
                    f |= class::ROLE;
                }
                if ends_in(&self.org_sfx, lower) {
                    f |= class::ORG;
                }
                f
            }
        }
    }

    /// False when [`classify`](Profile::classify) of the lowercase word
    /// `lower` (its UTF-8 bytes) certainly finds nothing but [`class::DONE`]:
    /// no listed word and no compound ending in a role or organisation word.
    #[inline]
    pub fn may_classify(&self, lower: &[u8]) -> bool {
        self.listed.may_hold(lower)
            || (lower.len() >= 7 && (self.role_sfx.may_end(lower) || self.org_sfx.may_end(lower)))
    }

    /// The filter of the verbs of saying ([`class::VERB`]), on lowercase bytes.
    pub fn verb_filter(&self) -> &Listed {
        &self.verb_filter
    }

    /// The filter of the conjunctions of reported speech ([`class::THAT`]), on lowercase bytes.
    pub fn that_filter(&self) -> &Listed {
        &self.that_filter
    }

    /// [`classify`](Profile::classify) without the table of listed words.
    fn classify_listed(&self, lower: &str) -> u16 {
        use class::*;
        let mut f = DONE;
        for (set, bit) in [
            (&self.verbs, VERB),
            (&self.articles, ARTICLE),
            (&self.stopwords, STOP),
            (&self.skip, SKIP),
            (&self.particles, PARTICLE),
            (&self.that, THAT),
            (&self.reported, REPORTED),
        ] {
            if set.contains(lower) {
                f |= bit;
            }
        }
        if self.is_role(lower) {
            f |= ROLE;
        }
        if self.is_org(lower) {
            f |= ORG;
        }
        if self.before.iter().any(|s| s.last().map(String::as_str) == Some(lower)) {
            f |= BEFORE_LAST;
        }
        if self.before.iter().chain(&self.after).any(|s| s.first().map(String::as_str) == Some(lower)) {
            f |= CUE_FIRST;
        }
        let kind = match self.pronoun(lower) {
            None => 0,
            Some(PronounKind::He) => 1,
            Some(PronounKind::She) => 2,
            Some(PronounKind::They) => 3,
            Some(PronounKind::It) => 4,
        };
        f | (kind << PRON_SHIFT)
    }
}

/// The pronoun kind stored in [`class`] bits.
pub(crate) fn pronoun_of(flags: u16) -> Option<PronounKind> {
    match (flags & class::PRON_MASK) >> class::PRON_SHIFT {
        1 => Some(PronounKind::He),
        2 => Some(PronounKind::She),
        3 => Some(PronounKind::They),
        4 => Some(PronounKind::It),
        _ => None,
    }
}

/// True when `word` is one of `list` or ends in one of them (of at least four
/// letters) after at least three more bytes: a compound.
fn ends_with_any(list: &HashSet<String>, sfx: &Suffixes, word: &str) -> bool {
    list.contains(word) || ends_in(sfx, word.as_bytes())
}

/// True when `word` (UTF-8) ends in one of the words of `sfx` (of at least
/// four letters) after at least three more bytes.
fn ends_in(sfx: &Suffixes, word: &[u8]) -> bool {
    // Every ending ends in the word's last four bytes.
    if word.len() < 7 || !sfx.may_end(word) {
        return false;
    }
    // The endings from the longest, at character boundaries, while they
    // have four characters or more.
    let mut chars = word.iter().filter(|&&b| b & 0xC0 != 0x80).count();
    for i in 1..word.len() {
        if word[i] & 0xC0 == 0x80 {
            continue;
        }
        chars -= 1;
        if chars < 4 {
            return false;
        }
        if i >= 3 && sfx.lens & (1 << (word.len() - i).min(63)) != 0 && sfx.set.contains(&word[i..]) {
            return true;
        }
    }
    false
}

/// `data/quote/<code>.toml` of every language, embedded in the binary.
const FILES: [(Language, &str); 24] = per_language!("quote");

static DATA: LazyLock<Vec<Profile>> = LazyLock::new(|| {
    let raw: Vec<QuoteData> = parse_all("quote", FILES);
    Language::ALL.iter().zip(&raw).map(|(&l, d)| Profile::build(Some(l), d)).collect()
});

static GENERIC: LazyLock<Profile> = LazyLock::new(Profile::generic);

/// The profile of `lang`, or the generic one.
pub(crate) fn profile(lang: Option<Language>) -> &'static Profile {
    match lang {
        Some(l) => &DATA[l.index()],
        None => &GENERIC,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::parse_one;

    #[test]
    fn every_quote_file_parses_and_is_complete() {
        for (lang, src) in FILES {
            let d: QuoteData = parse_one("quote", lang, src).unwrap_or_else(|e| panic!("{e}"));
            let p = Profile::build(Some(lang), &d);
            assert_eq!(p.pairs.len(), d.pairs.len(), "{lang}: a mark is not one character");
            assert!(!p.pairs.is_empty(), "{lang}: no quotation marks");
            assert!(d.verbs.len() + d.before.len() + d.after.len() >= 12, "{lang}: fewer than 12 cues");
            assert!(d.verbs.len() >= 12, "{lang}: fewer than 12 cue verbs");
            assert!(!d.before.is_empty() || !d.after.is_empty(), "{lang}: no prepositional cue");
            assert!(!d.pronouns.he.is_empty() && !d.pronouns.she.is_empty(), "{lang}: pronouns");
            assert!(d.roles.len() >= 10, "{lang}: too few roles");
            assert!(d.orgs.len() >= 5, "{lang}: too few organisation nouns");
            for w in d.verbs.iter().chain(&d.roles).chain(&d.orgs) {
                assert!(!w.trim().is_empty() && !w.contains(' '), "{lang}: bad word {w:?}");
            }
        }
    }

    /// The conjunction test after a verb agrees with lowercasing every word
    /// with `to_lowercase`: capitals, apostrophes, a final sigma, other scripts.
    #[test]
    fn conjunction_test_agrees_with_plain_lowercase() {
        let plain = |p: &Profile, text: &str, at: usize| {
            let window = &text[at..];
            let window = &window[..window.find(['.', '!', '?', ';', ':', '\n']).unwrap_or(window.len())];
            window
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
                .take(8)
                .any(|w| p.that.contains(&w.to_lowercase().replace('’', "'")))
        };
        for lang in Language::ALL {
            let p = profile(Some(lang));
            let mut found = 0;
            for t in &p.that {
                let upper = t.to_uppercase();
                let title: String =
                    t.chars().take(1).flat_map(char::to_uppercase).chain(t.chars().skip(1)).collect();
                let curly = t.replace('\'', "’");
                for w in [t.clone(), upper, title, curly, format!("x{t}"), "ΠΩΣ".into(), "Ὀδυσσεύς".into()]
                {
                    for text in [
                        format!("sagte, {w} es gut sei"),
                        format!("sagte a b c d e f {w}"),
                        format!("sagte a b c d e f g {w}"),
                        format!("sagte –  ({w})"),
                        format!("sagte; {w}"),
                        format!("sagte {w}"),
                    ] {
                        let got = p.that_follows(&text, 5);
                        assert_eq!(got, plain(p, &text, 5), "{lang}: {text:?}");
                        found += usize::from(got);
                    }
                }
            }
            assert!(p.that.is_empty() || found > 0, "{lang}: no positive case");
        }
    }

    /// The compound test agrees with trying every ending of four characters or more.
    #[test]
    fn compound_test_agrees_with_every_ending() {
        let plain = |list: &HashSet<String>, w: &str| {
            w.char_indices()
                .skip(1)
                .any(|(i, _)| i >= 3 && w[i..].chars().count() >= 4 && list.contains(&w[i..]))
        };
        for lang in Language::ALL {
            let p = profile(Some(lang));
            let mut hits = 0;
            for (list, sfx) in [(&p.roles, &p.role_sfx), (&p.orgs, &p.org_sfx)] {
                for word in list {
                    let cut: String = word.chars().skip(1).collect();
                    for w in [
                        format!("ab{word}"),
                        format!("xyzw{word}"),
                        format!("ü{word}"),
                        format!("παρα{word}"),
                        format!("{word}s"),
                        format!("abc{cut}"),
                        word.clone(),
                    ] {
                        assert_eq!(ends_in(sfx, w.as_bytes()), plain(list, &w), "{lang}: {w}");
                        hits += usize::from(plain(list, &w));
                    }
                }
            }
            assert!(hits > 0, "{lang}");
        }
    }

    /// The filters of listed words and of verbs let every word of their list
    /// through, and keep out most other words.
    #[test]
    fn word_filters_pass_every_listed_word() {
        for p in Language::ALL.iter().map(|&l| profile(Some(l))).chain([profile(None)]) {
            for w in p.word_bits.keys() {
                assert!(p.listed.may_hold(w), "{:?}", String::from_utf8_lossy(w));
            }
            for (list, f) in [(&p.verbs, p.verb_filter()), (&p.that, p.that_filter())] {
                for w in list {
                    let b = w.as_bytes();
                    let head = [b[0], b.get(1).copied().unwrap_or(0)];
                    assert!(f.may_hold(b) && f.may_start(head) && f.may_hold_head(head, b.len()), "{w}");
                }
            }
        }
        let p = profile(Some(Language::English));
        let others = ["house", "green", "quickly", "parliament", "yesterday", "table", "river", "window"];
        assert!(others.iter().filter(|w| p.verb_filter().may_hold(w.as_bytes())).count() <= 2);
    }

    #[test]
    fn mark_skip_agrees_with_a_byte_loop() {
        let text =
            "Er sagte: „Wir kommen.“ «Oui», dit-il, \"yes\" and ‘no’ – it’s `x` ´y´ Ελλάδα ‹a› 「b」 end.";
        let bytes = text.as_bytes();
        for p in Language::ALL.iter().map(|&l| profile(Some(l))).chain([profile(None)]) {
            for i in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for end in [text.len(), (i + 13).min(text.len())] {
                    let want = (i..end).find(|&j| p.may_start_mark(bytes[j])).unwrap_or(end);
                    assert_eq!(p.skip_to_mark(bytes, i, end), want, "{i}..{end}");
                }
                let rest = &text[i..];
                assert_eq!(p.has_marks(rest), rest.chars().any(|c| p.is_mark(c)), "{rest:?}");
            }
        }
    }

    #[test]
    fn compounds_end_in_roles() {
        let p = profile(Some(Language::Dutch));
        assert!(p.is_role("commissievoorzitter"));
        assert!(p.is_role("woordvoerder"));
        assert!(!p.is_role("voorzitterschap"));
        assert!(p.is_org("commissie"));
    }
}
