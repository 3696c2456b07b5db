//! The money data: `data/money/<code>.toml` for each language and
//! `data/money/common.toml` for symbols and ISO codes, parsed once and
//! compiled into lookup tables.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind, StartKind};
use serde::Deserialize;

use super::decimal::Dec;
#[cfg(test)]
use crate::lang::parse_one;
use crate::lang::{self, parse_all, Language};
use crate::record::Qualifier;
use crate::segment::is_alnum;

/// The contents of `data/money/<code>.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MoneyData {
    /// The decimal separator of the language in digits: `","` or `"."`.
    pub decimal: String,
    /// Power of ten of each scale word and abbreviation ("miljard" = 9).
    /// A form ending in '.' also matches without the period.
    #[serde(default)]
    pub scales: HashMap<String, i32>,
    /// Scale abbreviations that count only next to a currency ("$5m", not "5m").
    #[serde(default)]
    pub money_only_scales: Vec<String>,
    /// Words that may stand between a number and its scale word ("30 de miliarde").
    #[serde(default)]
    pub scale_links: Vec<String>,
    /// Number words and the parts compounds are made of → value. "100" is
    /// a hundred (multiplies what comes before), "1000" a thousand, values
    /// below 1 are fractions ("half"); a value starting with '+' is a
    /// fraction added to what comes before ("einhalb" = "+0.5").
    #[serde(default)]
    pub numbers: HashMap<String, String>,
    /// Words that join number parts ("vijfenveertig", "two and a half").
    #[serde(default)]
    pub connectors: Vec<String>,
    /// Words for the decimal point in spelled numbers ("twee komma vijf").
    #[serde(default)]
    pub decimal_words: Vec<String>,
    /// Articles that read as "one" before a scale word or fraction ("a million").
    #[serde(default)]
    pub articles: Vec<String>,
    /// Currency names, inflected forms and codes written as words → ISO 4217.
    #[serde(default)]
    pub currencies: HashMap<String, String>,
    /// Coins and cents: name → currency and the value of one coin.
    #[serde(default)]
    pub subunits: HashMap<String, Subunit>,
    /// Words and phrases that make a number a percentage ("procent", "per cent").
    #[serde(default)]
    pub percent: Vec<String>,
    /// Hedges written before an amount → qualifier ("ruim" = "more_than").
    #[serde(default)]
    pub qualifiers: HashMap<String, Qualifier>,
    /// Words before the first number of a range "between X and Y".
    #[serde(default)]
    pub range_between: Vec<String>,
    /// Words that join the two ends of a "between" range ("en", "and").
    #[serde(default)]
    pub range_and: Vec<String>,
    /// Words that join the two ends of a range ("tot", "to", "bis", "à").
    #[serde(default)]
    pub range_to: Vec<String>,
    /// Month names and abbreviations: a number next to one is a date.
    #[serde(default)]
    pub months: Vec<String>,
    /// Words after a scaled number that make it a count or measure even
    /// though they are function words ("jaar", "years").
    #[serde(default)]
    pub count_words: Vec<String>,
    /// Verbs of change after which an "up to" word means plain "to"
    /// ("steeg tot", "spadła do"): no qualifier then.
    #[serde(default)]
    pub change_words: Vec<String>,
    /// Words after a number that make it something other than an amount
    /// ("uur", "o'clock"): a time, a score, a rank.
    #[serde(default)]
    pub not_amount_after: Vec<String>,
}

/// A coin or cent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Subunit {
    /// ISO 4217 code of the currency.
    pub code: String,
    /// The value of one coin in that currency, as a decimal string ("0.01").
    pub value: String,
}

/// The contents of `data/money/common.toml`: language-independent data.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CommonData {
    /// Currency symbols, matched without word boundaries ("€", "US$", "zł").
    pub symbols: HashMap<String, String>,
    /// ISO 4217 codes recognised as currencies (and aliases such as "RMB").
    pub codes: HashMap<String, String>,
    /// Words written before "$" (glued or with one space) naming the dollar.
    pub dollar_prefixes: HashMap<String, String>,
    /// Scale prefixes glued to a code or symbol: "MEUR", "k€", "Md€".
    pub scale_prefixes: HashMap<String, i32>,
    /// Codes also recognised in small letters right after a number.
    pub lowercase_codes: Vec<String>,
}

pub(crate) const COMMON_SRC: &str = include_str!("../../data/money/common.toml");

/// A small, fast hash for the short keys of the compiled tables (FNV-1a).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<Fnv>>;

/// What a word after a number means.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Unit {
    /// A currency (ISO code).
    Currency(String),
    /// A coin: currency and the value of one coin.
    Subunit(String, Dec),
    /// A percentage word.
    Percent,
    /// A month name: the number is a date.
    Month,
}

/// A piece of a spelled number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Morph {
    /// A number word or part with its value.
    Num(Dec),
    /// A hundred ("honderd", "cent", "Hundert").
    Hundred,
    /// A fraction ("half", "quarter").
    Fraction(Dec),
    /// A fraction added to what comes before ("einhalb").
    AddFraction(Dec),
    /// A scale word with its power of ten.
    Scale(i32),
    /// A thousand ("duizend", "mille", "Tausend"): a scale of 3 that may stand alone.
    Thousand,
    /// A joining word ("en", "und", "and").
    Connector,
    /// "komma", "point".
    DecimalWord,
    /// "a", "an": one, before a scale or fraction.
    Article,
}

/// The first two bytes of a set of words, in both ASCII cases and with a
/// capitalised first letter, as a bit set: a word whose first two bytes
/// are not in it is not in the set, which one look-up tells without
/// folding the word.
pub(crate) struct PairFilter {
    pairs: Box<[u64; 1024]>,
    /// First bytes of one-byte words ("a"), which pass with any second byte.
    single: [bool; 256],
}

impl PairFilter {
    fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> PairFilter {
        let mut f = PairFilter { pairs: Box::new([0; 1024]), single: [false; 256] };
        let cases = |b: u8| [b.to_ascii_lowercase(), b.to_ascii_uppercase()];
        for w in words {
            let mut chars = w.chars();
            let capitalised: Option<String> =
                chars.next().filter(|c| !c.is_ascii()).map(|c| c.to_uppercase().chain(chars).collect());
            let curly = w.contains('\'').then(|| w.replace('\'', "’"));
            for form in std::iter::once(w).chain(capitalised.as_deref()).chain(curly.as_deref()) {
                match *form.as_bytes() {
                    [b0] => cases(b0).into_iter().for_each(|b| f.single[b as usize] = true),
                    [b0, b1, ..] => {
                        for x in cases(b0) {
                            for y in cases(b1) {
                                let k = (x as usize) << 8 | y as usize;
                                f.pairs[k >> 6] |= 1 << (k & 63);
                            }
                        }
                    }
                    [] => {}
                }
            }
        }
        f
    }

    /// Whether a word whose first bytes are `w[0]`, `w[1]` may be in the set
    /// (a word of one byte is checked with a second byte of 0).
    #[inline]
    pub fn may_start(&self, w: &[u8]) -> bool {
        let b0 = w.first().copied().unwrap_or(0);
        let k = (b0 as usize) << 8 | w.get(1).copied().unwrap_or(0) as usize;
        self.single[b0 as usize] || self.pairs[k >> 6] & (1 << (k & 63)) != 0
    }
}

/// The first three bytes of a set of words (ASCII case folded), hashed into
/// a bit set, with a [`PairFilter`] for the words shorter than that: a
/// position whose next bytes fail it starts none of the words. Sharper than
/// a [`PairFilter`], for the number words tried at every word start.
pub(crate) struct TripleFilter {
    bits: Box<[u64; 1024]>,
    short: PairFilter,
}

impl TripleFilter {
    fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> TripleFilter {
        let mut bits = Box::new([0u64; 1024]);
        let mut short = Vec::new();
        for w in words {
            match *w.as_bytes() {
                [a, b, c, ..] => {
                    let h = TripleFilter::hash(a, b, c);
                    bits[h >> 6] |= 1 << (h & 63);
                }
                _ => short.push(w),
            }
        }
        TripleFilter { bits, short: PairFilter::new(short) }
    }

    #[inline]
    fn hash(a: u8, b: u8, c: u8) -> usize {
        let k = u32::from(a.to_ascii_lowercase())
            | u32::from(b.to_ascii_lowercase()) << 8
            | u32::from(c.to_ascii_lowercase()) << 16;
        (k.wrapping_mul(0x9E37_79B1) >> 16) as usize
    }

    /// Whether one of the words may start at `w[0]`.
    #[inline]
    pub fn may_start(&self, w: &[u8]) -> bool {
        if let [a, b, c, ..] = *w {
            let h = TripleFilter::hash(a, b, c);
            if self.bits[h >> 6] & (1 << (h & 63)) != 0 {
                return true;
            }
        }
        self.short.may_start(w)
    }
}

impl std::fmt::Debug for TripleFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TripleFilter")
    }
}

impl std::fmt::Debug for PairFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PairFilter")
    }
}

/// The compiled tables of one language.
pub(crate) struct Tables {
    pub decimal_comma: bool,
    /// Morphemes of number words, scales, connectors, lowercase.
    pub morphs: FastMap<String, Morph>,
    /// Longest morpheme in bytes.
    pub max_morph: usize,
    /// Scale forms that need a currency next to them.
    pub money_only_scales: FastSet<String>,
    /// Words between a number and its scale word.
    pub scale_links: FastSet<String>,
    /// Scale forms that may be followed by a period ("mld.").
    pub dotted_scales: FastSet<String>,
    /// Words and phrases after a number, lowercase, single-spaced.
    pub units: FastMap<String, Unit>,
    /// The first word of every key of `units` (without a final period), and
    /// the most words a key that starts with it has.
    pub unit_first_words: FastMap<String, usize>,
    pub qualifiers: FastMap<String, Qualifier>,
    /// The last run of letters and digits of every qualifier ("dan" of
    /// "meer dan", "" of "ca."): the text before an amount must end in one.
    pub qualifier_tails: FastSet<String>,
    pub range_between: FastSet<String>,
    pub range_and: FastSet<String>,
    pub range_to: FastSet<String>,
    pub count_words: FastSet<String>,
    pub not_amount_after: FastSet<String>,
    pub change_words: FastSet<String>,
    pub stopwords: FastSet<String>,
    /// The words that may start a spelled number, matched anchored at a
    /// word start (ASCII case folded).
    pub anchors: AhoCorasick,
    /// The first bytes of those words.
    pub anchor_filter: TripleFilter,
    /// By anchor pattern: the word alone is worth less than two ("een",
    /// "one", "a"), which is no amount unless a unit or scale follows.
    pub lone_anchors: Vec<bool>,
    /// The first bytes of every morpheme (number words, scales, connectors).
    pub morph_filter: PairFilter,
    /// The first bytes of `scale_links`.
    pub link_filter: PairFilter,
    /// The first bytes of `unit_first_words`.
    pub unit_filter: PairFilter,
    /// The first bytes of every word that, written after a number, may make
    /// it an amount or join it to another: morphemes, unit names, range and
    /// scale link words (codes are in [`Common::follow_filter`]).
    pub follow_filter: PairFilter,
}

/// The compiled language-independent tables.
pub(crate) struct Common {
    /// Symbols, longest first.
    pub symbols: Vec<(String, String)>,
    pub codes: FastMap<String, String>,
    pub dollar_prefixes: FastMap<String, String>,
    pub scale_prefixes: Vec<(String, i32)>,
    pub lowercase_codes: FastSet<String>,
    /// The last and the first characters of the symbols: a quick test before the symbol loop.
    pub symbol_last_chars: FastSet<char>,
    pub symbol_first_chars: FastSet<char>,
    /// The first bytes of the codes, glued scale prefixes and what they
    /// prefix ("EUR", "eur", "MEUR", "k€"): with [`Tables::follow_filter`],
    /// whether a word after a number may make it an amount.
    pub follow_filter: PairFilter,
    /// First bytes of the codes and symbols, and the longest scale prefix:
    /// a glued scale prefix needs one of those bytes right after it.
    pub code_first_bytes: [bool; 256],
    pub max_scale_prefix: usize,
}

/// `data/money/<code>.toml` of every language, embedded.
const FILES: [(Language, &str); 24] = crate::lang::per_language!("money");

static DATA: LazyLock<Vec<MoneyData>> = LazyLock::new(|| parse_all("money", FILES));

pub(crate) static COMMON: LazyLock<Common> = LazyLock::new(|| {
    let data: CommonData = toml::from_str(COMMON_SRC).unwrap_or_default();
    let mut symbols: Vec<(String, String)> = data.symbols.into_iter().collect();
    symbols.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    let mut scale_prefixes: Vec<(String, i32)> = data.scale_prefixes.into_iter().collect();
    scale_prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    let dollar_prefixes = data.dollar_prefixes.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect();
    let lowercase_codes = data.lowercase_codes.iter().map(|c| c.to_ascii_lowercase()).collect();
    let symbol_last_chars = symbols.iter().filter_map(|(s, _)| s.chars().last()).collect();
    let symbol_first_chars = symbols.iter().filter_map(|(s, _)| s.chars().next()).collect();
    let mut follow: Vec<String> = data.codes.keys().cloned().collect();
    follow.extend(data.lowercase_codes.iter().cloned());
    for (p, _) in &scale_prefixes {
        follow.extend(data.codes.keys().chain(symbols.iter().map(|(s, _)| s)).map(|c| format!("{p}{c}")));
    }
    let follow_filter = PairFilter::new(follow.iter().map(String::as_str));
    let mut code_first_bytes = [false; 256];
    for w in data.codes.keys().chain(symbols.iter().map(|(s, _)| s)) {
        if let Some(&b) = w.as_bytes().first() {
            code_first_bytes[b as usize] = true;
        }
    }
    let max_scale_prefix = scale_prefixes.iter().map(|(p, _)| p.len()).max().unwrap_or(0);
    Common {
        code_first_bytes,
        max_scale_prefix,
        symbols,
        codes: data.codes.into_iter().collect(),
        dollar_prefixes,
        scale_prefixes,
        lowercase_codes,
        symbol_last_chars,
        symbol_first_chars,
        follow_filter,
    }
});

static TABLES: LazyLock<Vec<OnceLock<Tables>>> = LazyLock::new(|| (0..24).map(|_| OnceLock::new()).collect());

/// The compiled tables of `lang`, built on first use.
pub(crate) fn tables(lang: Language) -> &'static Tables {
    TABLES[lang.index()].get_or_init(|| compile(Some(lang), &DATA[lang.index()]))
}

static NEUTRAL: LazyLock<Tables> = LazyLock::new(|| compile(None, &MoneyData::default()));

/// Tables for text whose language is unknown: digits, symbols and codes only.
pub(crate) fn neutral() -> &'static Tables {
    &NEUTRAL
}

/// Lowercases and folds the typographic apostrophe to `'`.
pub(crate) fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::new();
    fold_into(s, &mut out);
    out
}

/// [`fold`] into `out` (appended).
pub(crate) fn fold_into(s: &str, out: &mut String) {
    out.reserve(s.len());
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in s.chars() {
        match lang::small_lowercase(c) {
            Some(l) => out.push(l),
            None if c == '’' => out.push('\''),
            None => out.extend(c.to_lowercase()),
        }
    }
}

/// [`fold`] without allocating for short ASCII words, for look-ups while
/// reading text.
pub(crate) fn fold_small(s: &str) -> Folded {
    if s.len() > 32 {
        return Folded::Heap(fold(s));
    }
    let mut buf = [0u8; 32];
    if s.is_ascii() {
        buf[..s.len()].copy_from_slice(s.as_bytes());
        buf[..s.len()].make_ascii_lowercase();
        return Folded::Inline(buf, s.len() as u8);
    }
    // As `fold_into`, char by char, while the folded form fits.
    let mut len = 0;
    for c in s.chars() {
        let l = match lang::small_lowercase(c) {
            Some(l) => l,
            None if c == '’' => '\'',
            None => return Folded::Heap(fold(s)),
        };
        if len + l.len_utf8() > buf.len() {
            return Folded::Heap(fold(s));
        }
        len += l.encode_utf8(&mut buf[len..]).len();
    }
    Folded::Inline(buf, len as u8)
}

/// A folded word from [`fold_small`]; derefs to `str`.
pub(crate) enum Folded {
    /// Up to 32 bytes of ASCII.
    Inline([u8; 32], u8),
    /// Anything else.
    Heap(String),
}

impl std::ops::Deref for Folded {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Folded::Inline(buf, len) => std::str::from_utf8(&buf[..*len as usize]).unwrap_or_default(),
            Folded::Heap(s) => s,
        }
    }
}

/// Parses a qualifier name as written in the data ("more_than").
fn lower_set(words: &[String]) -> FastSet<String> {
    words.iter().map(|w| fold(w)).collect()
}

/// The morpheme a number-table value stands for.
fn number_morph(value: &str) -> Option<Morph> {
    if let Some(rest) = value.strip_prefix('+') {
        return Dec::parse(rest).map(Morph::AddFraction);
    }
    let v = Dec::parse(value)?;
    if v == Dec::from_u64(100) {
        Some(Morph::Hundred)
    } else if v == Dec::from_u64(1000) {
        Some(Morph::Thousand)
    } else if v.cmp(&Dec::from_u64(1)).is_lt() && !v.is_zero() {
        Some(Morph::Fraction(v))
    } else {
        Some(Morph::Num(v))
    }
}

fn compile(lang: Option<Language>, d: &MoneyData) -> Tables {
    let mut morphs = FastMap::default();
    let mut dotted_scales = FastSet::default();
    for (w, &e) in &d.scales {
        let w = fold(w).replace('-', "");
        if let Some(bare) = w.strip_suffix('.') {
            dotted_scales.insert(bare.to_string());
            morphs.insert(bare.to_string(), Morph::Scale(e));
        } else {
            morphs.insert(w, Morph::Scale(e));
        }
    }
    let mut anchor_words: Vec<String> = Vec::new();
    for (w, v) in &d.numbers {
        if let Some(m) = number_morph(v) {
            let w = fold(w).replace('-', "");
            // "tys.", "tis.": an abbreviated thousand, with an optional period.
            let w = match w.strip_suffix('.') {
                Some(bare) => {
                    dotted_scales.insert(bare.to_string());
                    bare.to_string()
                }
                None => w,
            };
            anchor_words.push(w.clone());
            morphs.insert(w, m);
        }
    }
    for w in &d.connectors {
        morphs.entry(fold(w)).or_insert(Morph::Connector);
    }
    for w in &d.decimal_words {
        morphs.entry(fold(w)).or_insert(Morph::DecimalWord);
    }
    for w in &d.articles {
        let w = fold(w);
        anchor_words.push(w.clone());
        morphs.entry(w).or_insert(Morph::Article);
    }
    let max_morph = morphs.keys().map(String::len).max().unwrap_or(0);
    let mut units = FastMap::default();
    for m in &d.months {
        let m = fold(m);
        units.insert(m.trim_end_matches('.').to_string(), Unit::Month);
    }
    for p in &d.percent {
        units.insert(fold(p), Unit::Percent);
    }
    for (name, s) in &d.subunits {
        if let Some(v) = Dec::parse(&s.value) {
            units.insert(fold(name), Unit::Subunit(s.code.clone(), v));
        }
    }
    for (name, code) in &d.currencies {
        units.insert(fold(name), Unit::Currency(code.clone()));
    }
    let mut unit_first_words: FastMap<String, usize> = FastMap::default();
    for k in units.keys() {
        let first = k.split(' ').next().unwrap_or("").trim_end_matches('.');
        let most = unit_first_words.entry(first.to_string()).or_default();
        *most = (*most).max(k.split(' ').count());
    }
    // Anchors: every number word, in lowercase and with a capital first
    // letter (ASCII case is folded by the automaton). Digits are found by
    // the scanner itself.
    let mut patterns: Vec<String> = Vec::new();
    for w in anchor_words {
        let mut c = w.chars();
        if let Some(first) = c.next() {
            if !first.is_ascii() {
                let cap: String = first.to_uppercase().chain(c).collect();
                patterns.push(cap);
            }
        }
        patterns.push(w);
    }
    patterns.sort();
    patterns.dedup();
    let anchor_filter = TripleFilter::new(patterns.iter().map(String::as_str));
    let two = Dec::from_u64(2);
    let lone_anchors = patterns
        .iter()
        .map(|p| match morphs.get(fold(p).as_str()) {
            Some(Morph::Num(v)) => v.cmp(&two).is_lt(),
            Some(Morph::Article) => true,
            _ => false,
        })
        .collect();
    let morph_filter = PairFilter::new(morphs.keys().map(String::as_str));
    let link_filter = PairFilter::new(d.scale_links.iter().map(String::as_str));
    let unit_filter = PairFilter::new(unit_first_words.keys().map(String::as_str));
    let follow_filter = PairFilter::new(
        morphs
            .keys()
            .chain(unit_first_words.keys())
            .chain(&d.range_to)
            .chain(&d.range_and)
            .chain(&d.scale_links)
            .map(String::as_str),
    );
    let anchors = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .or_else(|_| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .build(["0"])
        })
        .expect("a one-pattern automaton always builds");
    Tables {
        decimal_comma: d.decimal.trim() == ",",
        morphs,
        max_morph,
        money_only_scales: lower_set(&d.money_only_scales),
        dotted_scales,
        unit_first_words,
        scale_links: lower_set(&d.scale_links),
        units,
        qualifier_tails: d
            .qualifiers
            .keys()
            .map(|k| {
                let k = fold(k).replace(['\u{a0}', '\u{202f}'], " ");
                k.rsplit(|ch: char| !is_alnum(ch)).next().unwrap_or("").to_string()
            })
            .collect(),
        qualifiers: d.qualifiers.iter().map(|(k, &v)| (fold(k), v)).collect(),
        range_between: lower_set(&d.range_between),
        range_and: lower_set(&d.range_and),
        range_to: lower_set(&d.range_to),
        count_words: lower_set(&d.count_words),
        not_amount_after: lower_set(&d.not_amount_after),
        change_words: lower_set(&d.change_words),
        stopwords: lang
            .map(|l| lang::data(l).stopwords.iter().map(|w| fold(w)).collect())
            .unwrap_or_default(),
        anchors,
        anchor_filter,
        lone_anchors,
        morph_filter,
        link_filter,
        unit_filter,
        follow_filter,
    }
}

/// Checks every language's money file and the common file (used by tests).
#[cfg(test)]
pub(crate) fn check_all() -> Vec<String> {
    let mut errors = Vec::new();
    if let Err(e) = toml::from_str::<CommonData>(COMMON_SRC) {
        errors.push(format!("data/money/common.toml: {e}"));
    }
    for (lang, src) in FILES {
        match parse_one::<MoneyData>("money", lang, src) {
            Err(e) => errors.push(e.to_string()),
            Ok(d) => {
                if d.decimal != "," && d.decimal != "." {
                    errors.push(format!("{lang}: decimal must be ',' or '.'"));
                }
                for (w, v) in &d.numbers {
                    if number_morph(v).is_none() {
                        errors.push(format!("{lang}: number word {w:?} has bad value {v:?}"));
                    }
                }
                for (w, s) in &d.subunits {
                    if Dec::parse(&s.value).is_none() || s.code.len() != 3 {
                        errors.push(format!("{lang}: subunit {w:?} is malformed"));
                    }
                }
                for (w, c) in &d.currencies {
                    if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                        errors.push(format!("{lang}: currency {w:?} has bad code {c:?}"));
                    }
                }
                for (w, &e) in &d.scales {
                    if !(2..=24).contains(&e) {
                        errors.push(format!("{lang}: scale {w:?} has odd exponent {e}"));
                    }
                }
                for w in &d.money_only_scales {
                    if !d.scales.contains_key(w) {
                        errors.push(format!("{lang}: money-only scale {w:?} is not a scale"));
                    }
                }
                if d.numbers.len() < 20
                    || d.scales.is_empty()
                    || d.currencies.is_empty()
                    || d.percent.is_empty()
                {
                    errors.push(format!("{lang}: number words, scales, currencies or percent words missing"));
                }
                if d.qualifiers.len() < 5 || d.months.len() < 12 {
                    errors.push(format!("{lang}: qualifiers or months missing"));
                }
            }
        }
    }
    errors
}
