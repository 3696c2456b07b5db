//! The records that extraction returns, and their JSON form.
//!
//! Offsets inside the crate are UTF-8 byte offsets into the input text;
//! [`Document`] also carries Unicode code-point offsets (`char_start`,
//! `char_end`), filled in once at the end of extraction.

use serde::{Deserialize, Serialize};

use crate::Language;

/// Everything extracted from one text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The caller's identifier for the text, if any.
    pub id: Option<String>,
    /// The language the text was read as: given by the caller or identified;
    /// `None` when it could not be determined.
    pub lang: Option<Language>,
    /// Named entities, one per real-world thing, in order of first mention.
    pub entities: Vec<Entity>,
    /// Money amounts, percentages and other numbers, in text order.
    pub amounts: Vec<Amount>,
    /// Quotes, in text order.
    pub quotes: Vec<Quote>,
}

/// A stretch of the input text.
///
/// `start`/`end` are UTF-8 byte offsets, `char_start`/`char_end` Unicode
/// code-point offsets; both end-exclusive, and `text` equals the input sliced
/// at either pair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The text of the span, exactly as in the input.
    pub text: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// Code-point offset of the first character.
    pub char_start: usize,
    /// Code-point offset just past the last character.
    pub char_end: usize,
}

impl Span {
    /// The span `text[start..end]` (byte offsets); char offsets are filled in later.
    pub(crate) fn new(text: &str, start: usize, end: usize) -> Span {
        Span { text: text[start..end].to_string(), start, end, char_start: 0, char_end: 0 }
    }
}

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A person.
    Person,
    /// A company, institution, party, team or other organisation.
    Organization,
    /// A country, region, city or other place.
    Location,
    /// A summit, election, tournament or other event.
    Event,
    /// Programmes, initiatives, products, laws and other names.
    Misc,
}

impl EntityType {
    /// The name used in JSON: `"person"`, `"organization"`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Location => "location",
            EntityType::Event => "event",
            EntityType::Misc => "misc",
        }
    }
}

/// One real-world thing named in the text, with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Identifier inside this document: `"e0"`, `"e1"`, ...
    pub id: String,
    /// Canonical name (the knowledge base's English name, or the fullest form in the text).
    pub name: String,
    /// The entity's type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Wikidata ID such as `"Q60772"`, where known.
    pub wikidata: Option<String>,
    /// Roles and titles the text gives the entity ("Commissievoorzitter", "CEO").
    pub roles: Vec<String>,
    /// Every mention, in text order.
    pub mentions: Vec<Span>,
}

/// What an [`Amount`] measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmountKind {
    /// A sum of money; `currency` says which.
    Money,
    /// A percentage (or percentage points); `value` is the number before the sign.
    Percent,
    /// Any other number worth reporting (counts written in words, scaled numbers).
    Number,
}

impl AmountKind {
    /// The name used in JSON records: `"money"`, `"percent"` or `"number"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AmountKind::Money => "money",
            AmountKind::Percent => "percent",
            AmountKind::Number => "number",
        }
    }
}

/// How an amount is hedged in the text ("ruim", "about", "bis zu").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "about", "ongeveer", "rund", "environ", "zo'n", "circa".
    Approximately,
    /// "more than", "ruim", "über", "plus de".
    MoreThan,
    /// "less than", "bijna", "knapp", "près de", "nearly".
    LessThan,
    /// "at least", "minstens", "mindestens".
    AtLeast,
    /// "at most", "hoogstens", "höchstens".
    AtMost,
    /// "up to", "tot", "bis zu", "jusqu'à".
    UpTo,
}

impl Qualifier {
    /// The name used in JSON records, such as `"more_than"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Approximately => "approximately",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::UpTo => "up_to",
        }
    }
}

/// A money amount, percentage or number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// What the amount measures.
    pub kind: AmountKind,
    /// The amount as written (number, scale word and currency; qualifiers stay outside).
    pub text: String,
    /// Exact value as a decimal string with `.` and no exponent ("200000000000", "1.5");
    /// `None` for a range.
    pub value: Option<String>,
    /// Lower bound of a range.
    pub min: Option<String>,
    /// Upper bound of a range.
    pub max: Option<String>,
    /// ISO 4217 currency code, for money.
    pub currency: Option<String>,
    /// True when the currency is not written at the amount but taken from context.
    pub currency_inferred: bool,
    /// How the amount is hedged, if it is.
    pub qualifier: Option<Qualifier>,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// Code-point offset of the first character.
    pub char_start: usize,
    /// Code-point offset just past the last character.
    pub char_end: usize,
}

/// What kind of quote a [`Quote`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Someone's words in quotation marks.
    Direct,
    /// A short quoted phrase inside the writer's own sentence.
    Partial,
    /// Reported speech without quotation marks ("she said that ...").
    Indirect,
}

impl QuoteKind {
    /// The name used in JSON records: `"direct"`, `"partial"` or `"indirect"`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// A quote and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// The speaker's canonical name, when known.
    pub speaker: Option<String>,
    /// The speaker's [`Entity::id`] in this document, when it is one.
    pub speaker_entity: Option<String>,
    /// The local mention of the speaker (a name, surname, role or pronoun).
    pub speaker_mention: Option<Span>,
    /// The reporting word ("zegt", "sagte", "aldus", "according to").
    pub cue: Option<Span>,
    /// Byte offset of the first byte of the words.
    pub start: usize,
    /// Byte offset just past the last byte of the words.
    pub end: usize,
    /// Code-point offset of the first character of the words.
    pub char_start: usize,
    /// Code-point offset just past the last character of the words.
    pub char_end: usize,
}

impl Document {
    /// Fills every `char_start`/`char_end` from the byte offsets.
    pub(crate) fn fill_char_offsets(&mut self, text: &str) {
        if self.entities.is_empty() && self.amounts.is_empty() && self.quotes.is_empty() {
            return;
        }
        let chars = CharIndex::new(text);
        self.visit_offsets(|start, end, cs, ce| {
            *cs = chars.at(*start);
            *ce = chars.at(*end);
        });
    }

    /// Calls `f` with the byte and char offsets of every span in the document.
    pub(crate) fn visit_offsets(
        &mut self,
        mut f: impl FnMut(&mut usize, &mut usize, &mut usize, &mut usize),
    ) {
        for e in &mut self.entities {
            for m in &mut e.mentions {
                f(&mut m.start, &mut m.end, &mut m.char_start, &mut m.char_end);
            }
        }
        for a in &mut self.amounts {
            f(&mut a.start, &mut a.end, &mut a.char_start, &mut a.char_end);
        }
        for q in &mut self.quotes {
            f(&mut q.start, &mut q.end, &mut q.char_start, &mut q.char_end);
            for s in [&mut q.speaker_mention, &mut q.cue].into_iter().flatten() {
                f(&mut s.start, &mut s.end, &mut s.char_start, &mut s.char_end);
            }
        }
    }
}

/// Appends the decimal digits of `n`, as `n.to_string()` spells them,
/// without the formatting machinery: JSON offsets and entity ids.
pub(crate) fn push_decimal(out: &mut Vec<u8>, mut n: usize) {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let pair = |k: usize| -> [u8; 2] { [PAIRS[2 * k], PAIRS[2 * k + 1]] };
    // Offsets in articles are mostly below 10,000: fixed-size writes.
    match n {
        0..=9 => out.push(b'0' + n as u8),
        10..=99 => out.extend_from_slice(&pair(n)),
        100..=999 => {
            out.push(b'0' + (n / 100) as u8);
            out.extend_from_slice(&pair(n % 100));
        }
        1000..=9999 => {
            let [a, b] = pair(n / 100);
            let [c, d] = pair(n % 100);
            out.extend_from_slice(&[a, b, c, d]);
        }
        _ => {
            let mut buf = [0u8; 20];
            let mut i = buf.len();
            while n >= 100 {
                i -= 2;
                buf[i..i + 2].copy_from_slice(&pair(n % 100));
                n /= 100;
            }
            if n >= 10 {
                i -= 2;
                buf[i..i + 2].copy_from_slice(&pair(n));
            } else {
                i -= 1;
                buf[i] = b'0' + n as u8;
            }
            out.extend_from_slice(&buf[i..]);
        }
    }
}

/// Code-point offsets of byte offsets: the number of chars before every
/// 64-byte block, and a count inside the block for the rest.
struct CharIndex<'a> {
    bytes: &'a [u8],
    before_block: Vec<usize>,
}

const BLOCK: usize = 64;

/// Whether `b` starts a char (is not a UTF-8 continuation byte).
#[inline]
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

const LO: u64 = 0x0101_0101_0101_0101;

/// The low bit of every byte of a word that starts a char: bit 7 clear or
/// bit 6 set.
#[inline]
fn start_bits(w: &[u8; 8]) -> u64 {
    let w = u64::from_le_bytes(*w);
    ((!w >> 7) | (w >> 6)) & LO
}

/// How many bytes of `bits` (a [`start_bits`] value) are 1: their sum, in
/// the top byte of the product (a multiply, where `count_ones` without the
/// POPCNT instruction is a dozen).
#[inline]
fn ones(bits: u64) -> usize {
    (bits.wrapping_mul(LO) >> 56) as usize
}

/// The number of chars that start in `bytes` (at most a [`BLOCK`]), eight
/// bytes at a time: the words' [`start_bits`] are added first (no byte of
/// the sum exceeds 8, nor their total 64) and counted with one multiply.
fn count_starts(bytes: &[u8]) -> usize {
    debug_assert!(bytes.len() <= BLOCK);
    let words = bytes.chunks_exact(8);
    let tail = words.remainder().iter().filter(|&&b| starts_char(b)).count();
    tail + ones(words.fold(0, |bits, w| bits + w.first_chunk().map_or(0, start_bits)))
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> CharIndex<'a> {
        let bytes = text.as_bytes();
        let mut before_block = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut chars = 0;
        // The chars of a last, partial block are counted by `at` alone.
        for block in bytes.chunks_exact(BLOCK) {
            before_block.push(chars);
            chars += count_starts(block);
        }
        before_block.push(chars);
        CharIndex { bytes, before_block }
    }

    /// The code-point offset of byte offset `b` (clamped to the text).
    fn at(&self, b: usize) -> usize {
        let b = b.min(self.bytes.len());
        let k = b / BLOCK;
        let i = b & !7;
        let mut n = self.before_block[k] + count_starts(&self.bytes[k * BLOCK..i]);
        // The last few bytes: one word read past `b` and masked, where the
        // text goes on that far.
        let rest = b - i;
        if rest > 0 {
            n += match self.bytes[i..].first_chunk() {
                Some(w) => ones(start_bits(w) & ((1u64 << (8 * rest)) - 1)),
                None => count_starts(&self.bytes[i..b]),
            };
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_follow_bytes() {
        let text = "‘Wij’ zegt €5 😀 ok";
        let mut doc = Document::default();
        let s = text.find('€').unwrap();
        doc.amounts.push(Amount {
            kind: AmountKind::Money,
            text: "€5".into(),
            value: Some("5".into()),
            min: None,
            max: None,
            currency: Some("EUR".into()),
            currency_inferred: false,
            qualifier: None,
            start: s,
            end: s + "€5".len(),
            char_start: 0,
            char_end: 0,
        });
        doc.fill_char_offsets(text);
        let a = &doc.amounts[0];
        let sliced: String = text.chars().skip(a.char_start).take(a.char_end - a.char_start).collect();
        assert_eq!(sliced, "€5");
        assert_eq!((a.char_start, a.char_end), (11, 13));
    }

    #[test]
    fn char_index_counts_code_points_at_every_boundary() {
        let text = "Zürich € 5 — ‘Wij’ 😀 ".repeat(9) + "Αθήνα";
        let index = CharIndex::new(&text);
        for (chars, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(index.at(b), chars, "byte {b}");
        }
        assert_eq!(index.at(text.len()), text.chars().count());
        assert_eq!(index.at(text.len() + 10), text.chars().count());
        assert_eq!(CharIndex::new("").at(0), 0);
        // Whole blocks only, and a last block of one byte.
        for text in ["é".repeat(64), "é".repeat(64) + "a"] {
            let index = CharIndex::new(&text);
            assert_eq!(index.at(text.len()), text.chars().count());
            assert_eq!(index.at(64), 32);
        }
        for s in ["", "a", "é", "abcdefgh", "abcdéfghijklmn😀", "€€€€€€€€€€"] {
            assert_eq!(count_starts(s.as_bytes()), s.chars().count(), "{s}");
        }
    }
}
