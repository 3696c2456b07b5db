//! A light tokenizer for name finding: words with their capitalisation,
//! what separates them, and whether they open a sentence.
//!
//! Words keep inner hyphens ("Mercedes-Benz"), apostrophes between letters
//! ("O'Brien", "L’Oréal"; a lowercase elision such as "l’" or "dell’" is a
//! word of its own) and the periods of initials ("J.D.", "J.").

use std::sync::LazyLock;

use super::lexicon::Lexicon;

/// What lies between a word and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gap {
    /// Only horizontal white space (or nothing: the text start).
    Space,
    /// Punctuation such as a comma, a quotation mark or a bracket.
    Punct,
    /// A line break.
    Line,
}

/// One word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    /// First character is an uppercase letter.
    pub cap: bool,
    /// Two or more letters, all uppercase.
    pub upper: bool,
    /// Initials: "J.", "J.D.".
    pub initials: bool,
    /// First character is a digit.
    pub digit: bool,
    /// Opens a sentence, a line, a quotation or a bracket: capitalisation says little.
    pub sent_start: bool,
    pub gap: Gap,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Splits `text` into words.
// Once a text: out of line, so that profiles show it whole.
#[inline(never)]
pub(crate) fn tokenize(text: &str, lex: &Lexicon) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 6 + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    // State of the gap being scanned.
    let mut gap = Gap::Space;
    let mut sent_start = true;
    while i < text.len() {
        // The commonest gap, one space, changes nothing.
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        let p = c.props();
        if p & ALNUM == 0 {
            let next = i + c.len_utf8();
            match c {
                '\n' | '\r' | '\u{2029}' => {
                    gap = Gap::Line;
                    sent_start = true;
                }
                ' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}' => {}
                '.' | '!' | '?' | '…' => {
                    if gap == Gap::Space {
                        gap = Gap::Punct;
                    }
                    if !(c == '.'
                        && i > 0
                        && toks.last().is_some_and(|t| t.end == i && not_final(text, t, lex)))
                    {
                        sent_start = true;
                    }
                }
                ':' | ';' | '‘' | '“' | '„' | '«' | '‹' | '"' | '(' | '[' | '—' | '–' | '•' | '*' | '|' =>
                {
                    if gap == Gap::Space {
                        gap = Gap::Punct;
                    }
                    // An opening mark: the next word may be capitalised for that reason alone.
                    if c != ';' {
                        sent_start = true;
                    }
                }
                '\'' => {
                    if gap == Gap::Space {
                        gap = Gap::Punct;
                    }
                    // A straight quote opening a quotation (after white space).
                    if i == 0 || bytes[i - 1].is_ascii_whitespace() {
                        sent_start = true;
                    }
                }
                _ if c.is_whitespace() => {}
                _ => {
                    if gap == Gap::Space {
                        gap = Gap::Punct;
                    }
                }
            }
            i = next;
            continue;
        }
        // A word starts at i.
        let start = i;
        let first = c;
        let mut end = i + c.len_utf8();
        // Letters so far (counted while they might all be capitals) and
        // whether one of them is no capital: "all uppercase" is neither.
        let (alpha, upper) = (p & ALPHA != 0, p & UPPER != 0);
        let mut letters = usize::from(alpha);
        let mut mixed = alpha && !upper;
        let mut initials = false;
        // Initials: "J." or "J.D." (one uppercase letter, a period, repeated).
        if upper && bytes.get(end) == Some(&b'.') {
            let after = char_at(text, end + 1);
            if !after.alnum() || (after.upper() && !char_at(text, end + 1 + after.len_utf8()).lower()) {
                initials = true;
                end += 1;
                loop {
                    let a = char_at(text, end);
                    if a.upper() && text[end + a.len_utf8()..].starts_with('.') {
                        end += a.len_utf8() + 1;
                    } else {
                        break;
                    }
                }
            }
        }
        if !initials {
            let mut elision_split = None;
            loop {
                if bytes.get(end).is_some_and(|&b| ASCII_ALNUM[usize::from(b)]) {
                    let run = bytes[end..].iter().position(|&b| !ASCII_ALNUM[usize::from(b)]);
                    let run_end = run.map_or(bytes.len(), |n| end + n);
                    // Once a letter is lowercase the word is not all capitals, and
                    // `letters` no longer matters: most words stop looking at once.
                    if !mixed {
                        let run = &bytes[end..run_end];
                        mixed = run.iter().any(u8::is_ascii_lowercase);
                        if !mixed {
                            letters += run.iter().filter(|b| b.is_ascii_alphabetic()).count();
                        }
                    }
                    // The byte after the run is no ASCII letter or digit: on to the checks below.
                    end = run_end;
                }
                // White space (or the text end) ends every word: the commonest case, decided at once.
                if matches!(bytes.get(end), None | Some(b' ' | b'\n' | b'\r' | b'\t')) {
                    break;
                }
                let c = char_at(text, end);
                let p = c.props();
                if p & ALNUM != 0 {
                    letters += usize::from(p & ALPHA != 0);
                    // Every uppercase char is alphabetic.
                    mixed |= p & ALPHA != 0 && p & UPPER == 0;
                    end += c.len_utf8();
                    continue;
                }
                let nc = char_at(text, end + c.len_utf8());
                if is_hyphen(c) && nc.alnum() {
                    end += c.len_utf8();
                    continue;
                }
                if is_apostrophe(c) && nc.alpha() && char_at_before(text, end).alpha() {
                    // "Europa's", "EU's": a possessive ending is not part of the word.
                    let after = end + c.len_utf8();
                    let tail_len = text[after..].chars().take_while(|c| c.alpha()).count();
                    if tail_len == 1 && (nc == 's' || nc == 'S') {
                        break;
                    }
                    // "l’Europe", "dell’Unione", "L'UE": an elision is a word of its own
                    // (a knowledge-base form such as "L’Oréal" still matches across it).
                    let single = end - start == 1 && matches!(first, 'L' | 'D');
                    if (first.lower() || single) && elision_split.is_none() && end - start <= 5 {
                        elision_split = Some(end);
                        break;
                    }
                    end += c.len_utf8();
                    continue;
                }
                if (c == '.' || c == ',') && first.is_ascii_digit() && nc.is_ascii_digit() {
                    end += 1;
                    continue;
                }
                break;
            }
            if let Some(e) = elision_split {
                end = e;
            }
        }
        toks.push(Tok {
            start,
            end,
            cap: upper,
            upper: letters >= 2 && !mixed,
            initials,
            digit: first.is_ascii_digit(),
            sent_start,
            gap: if toks.is_empty() && gap == Gap::Space { Gap::Line } else { gap },
        });
        gap = Gap::Space;
        sent_start = false;
        i = end;
    }
    toks
}

/// True when the period after `t` does not end a sentence: an initial, a
/// listed abbreviation or title ("dr", "St"), or a day number ("11.").
fn not_final(text: &str, t: &Tok, lex: &Lexicon) -> bool {
    if t.initials {
        return true;
    }
    let w = &text[t.start..t.end];
    if w.chars().count() == 1 && t.cap {
        return true;
    }
    if t.digit {
        return w.len() <= 2 && lex.capitalised_nouns;
    }
    if w.len() > 12 {
        return false;
    }
    with_lower(w, |lw| lex.abbreviations.contains(lw) || (w.len() <= 5 && lex.titles.contains(lw)))
}

/// Calls `f` with `w` lowercased (as `str::to_lowercase` would), without
/// allocating when `w` is short or already lowercase ASCII.
#[inline]
pub(crate) fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    if w.is_ascii() {
        if !w.bytes().any(|b| b.is_ascii_uppercase()) {
            return f(w);
        }
        if w.len() <= 32 {
            let mut buf = [0u8; 32];
            let b = &mut buf[..w.len()];
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            if let Ok(s) = std::str::from_utf8(b) {
                return f(s);
            }
        }
    } else if w.len() <= 64 && !w.contains('Σ') {
        // Char by char is what `str::to_lowercase` does, but for the final sigma.
        let mut buf = [0u8; 160];
        let mut n = 0;
        for c in w.chars() {
            if c.props() & LOWER_SAME != 0 {
                n += c.encode_utf8(&mut buf[n..]).len();
            } else {
                for l in c.to_lowercase() {
                    if n + 4 > buf.len() {
                        return f(&w.to_lowercase());
                    }
                    n += l.encode_utf8(&mut buf[n..]).len();
                }
            }
        }
        if let Ok(s) = std::str::from_utf8(&buf[..n]) {
            return f(s);
        }
    }
    f(&w.to_lowercase())
}

/// The lowercase form (as `str::to_lowercase` gives it) of every token,
/// made once per text: the text lowercased char by char wherever that keeps
/// every byte offset (nearly everywhere), and the few words with a char
/// whose lowercase form is longer or depends on its place (final sigma)
/// lowercased one by one.
#[derive(Debug, Default)]
pub(crate) struct Lowered {
    /// The text with every char lowercased whose lowercase form has its byte length.
    low: String,
    /// (token index, lowercase form) of the tokens `low` does not hold, by index.
    odd: Vec<(usize, String)>,
}

impl Lowered {
    /// The lowercase forms of `toks`, words of `text`.
    // Once a text: out of line, so that profiles show it whole.
    #[inline(never)]
    pub(crate) fn new(text: &str, toks: &[Tok]) -> Lowered {
        let mut low = String::with_capacity(text.len());
        // Byte offsets of chars left as written in `low`.
        let mut kept = Vec::new();
        let lower2 = &*LOWER2;
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let b0 = bytes[at];
            if b0 < 0x80 {
                let n = ascii_run(&bytes[at..]);
                low.push_str(&text[at..at + n]);
                at += n;
                continue;
            }
            // A two-byte char: its code point indexes the table (runs of them
            // are whole words of Greek, Cyrillic and much of Latin).
            if b0 & 0xe0 == 0xc0 {
                if let Some(&b1) = bytes.get(at + 1) {
                    let cp = (usize::from(b0 & 0x1f) << 6) | usize::from(b1 & 0x3f);
                    match char::from_u32(u32::from(lower2[cp])) {
                        Some(l) if l != '\0' => low.push(l),
                        _ => {
                            low.push_str(&text[at..at + 2]);
                            kept.push(at);
                        }
                    }
                    at += 2;
                    continue;
                }
            }
            let Some(c) = text.get(at..).and_then(|r| r.chars().next()) else { break };
            if lowercase_is_itself(c) {
                low.push(c);
            } else {
                let mut lc = c.to_lowercase();
                match (lc.next(), lc.next()) {
                    (Some(l), None) if c != 'Σ' && l.len_utf8() == c.len_utf8() => low.push(l),
                    _ => {
                        low.push(c);
                        kept.push(at);
                    }
                }
            }
            at += c.len_utf8();
        }
        low.make_ascii_lowercase();
        let mut odd = Vec::new();
        let mut k = 0;
        for (i, t) in toks.iter().enumerate() {
            while k < kept.len() && kept[k] < t.start {
                k += 1;
            }
            if k < kept.len() && kept[k] < t.end {
                odd.push((i, with_lower(&text[t.start..t.end], str::to_string)));
            }
        }
        Lowered { low, odd }
    }

    /// The lowercase form of token `i` (`t`).
    #[inline]
    pub(crate) fn get(&self, i: usize, t: &Tok) -> &str {
        if !self.odd.is_empty() {
            if let Ok(k) = self.odd.binary_search_by_key(&i, |(j, _)| *j) {
                return &self.odd[k].1;
            }
        }
        // Every char of `low` has the byte length of the char of the text it stands for.
        self.low.get(t.start..t.end).unwrap_or("")
    }
}

/// `u8::is_ascii_alphanumeric` as a table: the tokenizer's inner loop.
const ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

const ALNUM: u8 = 1;
const ALPHA: u8 = 2;
const UPPER: u8 = 4;
const LOWER: u8 = 8;
const NUMERIC: u8 = 16;
/// `to_lowercase` gives the char itself.
const LOWER_SAME: u8 = 32;

/// The Unicode properties the tokenizer asks about, for the first 2,048
/// code points (Latin, Greek, Cyrillic): a table look-up instead of the
/// standard library's search of its range tables for every non-ASCII char.
const TABLE_LEN: usize = 0x800;

/// [`props_of`] of the first 2,048 code points, two hex digits each, 64 a
/// row (written out, so that a look-up is a plain array index; the test
/// `props_table_agrees_with_props_of` checks it against the standard library).
const PROPS_HEX: [&str; 32] = [
    "20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202031313131313131313131202020202020",
    "2007070707070707070707070707070707070707070707070707072020202020202b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2020202020",
    "2020202020202020202020202020202020202020202020202020202020202020202020202020202020202b202020202020203131202b202020312b2031313120",
    "070707070707070707070707070707070707070707070720070707070707072b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b202b2b2b2b2b2b2b2b",
    "072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b2b072b072b072b07",
    "2b072b072b072b072b2b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b07072b072b072b2b",
    "2b07072b072b07072b0707072b2b070707072b07072b0707072b2b2b07072b07072b072b072b07072b072b2b072b07072b0707072b072b07072b2b23072b2b2b",
    "2323232307032b07032b07032b072b072b072b072b072b072b072b072b2b072b072b072b072b072b072b072b072b072b2b07032b072b0707072b072b072b072b",
    "072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b2b2b2b2b2b2b07072b07072b",
    "2b072b070707072b072b072b072b072b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b",
    "2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b23232b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b23232323232323",
    "2b2b2020202023232323232323232323232320202020202020202020202020202b2b2b2b2b202020202020202320232020202020202020202020202020202020",
    "20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020",
    "20202020202b202020202020202020202020202020202020202020202020202020202023232323232323232323232323072b072b2320072b20202b2b2b2b2007",
    "202020202020072007070720072007072b0707070707070707070707070707070707200707070707070707072b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b",
    "2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b072b2b2727272b2b2b072b072b072b072b072b072b072b072b072b072b072b072b2b2b2b2b072b20072b07072b2b070707",
    "0707070707070707070707070707070707070707070707070707070707070707070707070707070707070707070707072b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b",
    "2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b",
    "072b2020202020202020072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b",
    "07072b072b072b072b072b072b072b2b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b",
    "072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b072b20070707070707070707070707070707",
    "07070707070707070707070707070707070707070707072020232020202020202b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b",
    "2b2b2b2b2b2b2b2b2b20202020202020202020202020202020202020202020202020202020202020202020202020202023232323232323232323232323232023",
    "20232320232320232020202020202020232323232323232323232323232323232323232323232323232323202020202323232320202020202020202020202020",
    "20202020202020202020202020202020232323232323232323232320202020202323232323232323232323232323232323232323232323232323232323232323",
    "23232323232323232323232323232323232323232323232320232323232323233131313131313131313120202020232323232323232323232323232323232323",
    "23232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323",
    "23232323232323232323232323232323232323232023232323232323232020202023232323232323232020202023232331313131313131313131232323202023",
    "20202020202020202020202020202020232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323",
    "20202020202020202020202020232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323",
    "23232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232020202020202020202020202020",
    "31313131313131313131232323232323232323232323232323232323232323232323232323232323232323202020202020202020232320202020232020202020",
];

/// The bytes of hex rows of 64 bytes.
const fn hex_table(rows: [&str; 32]) -> [u8; TABLE_LEN] {
    const fn digit(b: u8) -> u8 {
        if b <= b'9' {
            b - b'0'
        } else {
            b - b'a' + 10
        }
    }
    let mut t = [0u8; TABLE_LEN];
    let mut r = 0;
    while r < 32 {
        let b = rows[r].as_bytes();
        let mut k = 0;
        while k < 64 {
            t[r * 64 + k] = (digit(b[2 * k]) << 4) | digit(b[2 * k + 1]);
            k += 1;
        }
        r += 1;
    }
    t
}

static PROPS: [u8; TABLE_LEN] = hex_table(PROPS_HEX);

/// For the code points of two-byte UTF-8 chars (below 2,048): the char
/// [`Lowered`] writes for it (its lowercase form when that is one char of
/// the same length, and not the context-dependent sigma), or 0 when the
/// char is kept as written and its word lowercased on its own.
static LOWER2: LazyLock<[u16; TABLE_LEN]> = LazyLock::new(|| {
    let mut t = [0u16; TABLE_LEN];
    for (i, slot) in t.iter_mut().enumerate().skip(0x80) {
        if let Some(c) = char::from_u32(i as u32) {
            let mut lc = c.to_lowercase();
            if let (Some(l), None) = (lc.next(), lc.next()) {
                if c != 'Σ' && l.len_utf8() == 2 {
                    *slot = l as u16;
                }
            }
        }
    }
    t
});

/// The length of the run of ASCII bytes that opens `b`.
#[inline]
fn ascii_run(b: &[u8]) -> usize {
    let mut n = 0;
    while let Some(chunk) = b.get(n..n + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        if u64::from_le_bytes(w) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        n += 8;
    }
    while n < b.len() && b[n] < 0x80 {
        n += 1;
    }
    n
}

fn props_of(c: char) -> u8 {
    let mut lower = c.to_lowercase();
    let same = lower.next() == Some(c) && lower.next().is_none();
    let bit = |yes: bool, b: u8| if yes { b } else { 0 };
    bit(c.is_alphanumeric(), ALNUM)
        | bit(c.is_alphabetic(), ALPHA)
        | bit(c.is_uppercase(), UPPER)
        | bit(c.is_lowercase(), LOWER)
        | bit(c.is_numeric(), NUMERIC)
        | bit(same, LOWER_SAME)
}

/// True when `char::to_lowercase` gives `c` itself (from the table for the
/// first 2,048 code points).
#[inline]
pub(crate) fn lowercase_is_itself(c: char) -> bool {
    c.props() & LOWER_SAME != 0
}

/// The char classes of the entity stage, answered from a table where it can.
pub(crate) trait CharClass: Copy {
    /// The property bits of the char.
    fn props(self) -> u8;
    /// `char::is_alphanumeric`.
    #[inline]
    fn alnum(self) -> bool {
        self.props() & ALNUM != 0
    }
    /// `char::is_alphabetic`.
    #[inline]
    fn alpha(self) -> bool {
        self.props() & ALPHA != 0
    }
    /// `char::is_uppercase`.
    #[inline]
    fn upper(self) -> bool {
        self.props() & UPPER != 0
    }
    /// `char::is_lowercase`.
    #[inline]
    fn lower(self) -> bool {
        self.props() & LOWER != 0
    }
    /// `char::is_numeric`.
    #[inline]
    fn numeric(self) -> bool {
        self.props() & NUMERIC != 0
    }
}

impl CharClass for char {
    #[inline]
    fn props(self) -> u8 {
        match self as usize {
            i if i < TABLE_LEN => PROPS[i],
            // General punctuation (quotation marks, dashes, spaces) and currency
            // symbols ("€"): no letters or digits.
            0x2000..=0x206f | 0x20a0..=0x20cf => LOWER_SAME,
            _ => props_of(self),
        }
    }
}

/// The char at byte `i` (a char boundary), or a space past the end: the
/// tokenizer's view of [`crate::segment::char_at`].
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> char {
    crate::segment::char_at(text, i).unwrap_or(' ')
}

/// The char just before byte `i`, or a space at the start.
#[inline]
pub(crate) fn char_at_before(text: &str, i: usize) -> char {
    match i.checked_sub(1).and_then(|p| text.as_bytes().get(p)) {
        Some(&b) if b < 0x80 && text.is_char_boundary(i) => b as char,
        _ => text.get(..i).and_then(|s| s.chars().next_back()).unwrap_or(' '),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entity::lexicon::lexicon;
    use crate::Language;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, lexicon(Some(Language::Dutch))).iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn initials_hyphens_apostrophes() {
        assert_eq!(
            words("vicepresident J.D. Vance en J. D. Vance"),
            ["vicepresident", "J.D.", "Vance", "en", "J.", "D.", "Vance"]
        );
        // A capital elision is a word of its own ("L'UE"); the knowledge base still
        // matches "L’Oréal" across it.
        assert_eq!(
            words("L’Oréal, O'Brien en Mercedes-Benz"),
            ["L", "Oréal", "O'Brien", "en", "Mercedes-Benz"]
        );
        assert_eq!(words("l’Europe dell'Unione"), ["l", "Europe", "dell", "Unione"]);
        assert_eq!(words("Europa’s AI-gigafabrieken"), ["Europa", "s", "AI-gigafabrieken"]);
        assert_eq!(words("1.500 euro"), ["1.500", "euro"]);
    }

    /// The `upper` flag is "two letters or more, all uppercase", whatever
    /// mix of ASCII, other scripts, digits and hyphens the word has.
    #[test]
    fn all_capitals_flag() {
        let text =
            "EU NATO 4GB Ab ÄÖÜ ÄÖü SPD-Chef CO2 ß İSTANBUL ΕΛΛΑΔΑ Ελλάδα A B2 UÉFA ÉUa X-Y DE-cd 中国 ǅE";
        let toks = tokenize(text, lexicon(Some(Language::German)));
        for t in &toks {
            let w = &text[t.start..t.end];
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            let want = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
            assert_eq!(t.upper, want, "{w}");
        }
        assert_eq!(toks.len(), 20);
    }

    #[test]
    fn sentence_starts() {
        let text = "Zo gaat het. Dat zegt J.D. Vance. ‘We gaan’, zei hij.\nKop";
        let toks = tokenize(text, lexicon(Some(Language::Dutch)));
        let starts: Vec<&str> = toks.iter().filter(|t| t.sent_start).map(|t| &text[t.start..t.end]).collect();
        assert_eq!(starts, ["Zo", "Dat", "We", "Kop"]);
    }

    #[test]
    fn lowercase_helpers_agree_with_std() {
        for w in [
            "",
            "van",
            "Van",
            "VON",
            "Ärzte",
            "ΣΟΦΙΑ",
            "İstanbul",
            "ǅ",
            "a".repeat(40).as_str(),
            "ABC".repeat(20).as_str(),
        ] {
            assert_eq!(with_lower(w, str::to_string), w.to_lowercase(), "{w}");
        }
        let text = "aÉb’c 1";
        for i in 0..=text.len() + 1 {
            assert_eq!(char_at(text, i), text.get(i..).and_then(|s| s.chars().next()).unwrap_or(' '), "{i}");
            assert_eq!(
                char_at_before(text, i),
                text.get(..i).and_then(|s| s.chars().next_back()).unwrap_or(' '),
                "{i}"
            );
        }
    }

    #[test]
    fn lowered_tokens_agree_with_std() {
        let text = "Die EU, ΣΟΦΙΑ und İstanbul: O'Brien, d’Alema, für ǅemal — ΟΔΟΣ Κ.Σ. straße 12,5 ẞ ΆΈΉ Ωμέγα ЖУК 𝔄𝔅 Ǆ";
        let toks = tokenize(text, lexicon(Some(Language::German)));
        let lows = Lowered::new(text, &toks);
        assert!(toks.len() > 10);
        for (i, t) in toks.iter().enumerate() {
            let w = &text[t.start..t.end];
            assert_eq!(lows.get(i, t), w.to_lowercase(), "{w}");
        }
    }

    #[test]
    fn props_table_agrees_with_props_of() {
        for (i, &p) in PROPS.iter().enumerate() {
            assert_eq!(p, char::from_u32(i as u32).map_or(0, props_of), "{i:#x}");
        }
    }

    /// Every two-byte char, upper and lower, in words that `Lowered` lowercases.
    #[test]
    fn lowered_two_byte_chars_agree_with_std() {
        let mut text = String::new();
        for (n, c) in (0x80..0x800u32).filter_map(char::from_u32).filter(|c| c.is_alphabetic()).enumerate() {
            text.push(c);
            text.push(if n % 7 == 6 { ' ' } else { 'A' });
        }
        let toks = tokenize(&text, lexicon(None));
        let lows = Lowered::new(&text, &toks);
        assert!(toks.len() > 100);
        for (i, t) in toks.iter().enumerate() {
            let w = &text[t.start..t.end];
            assert_eq!(lows.get(i, t), w.to_lowercase(), "{w}");
        }
    }

    #[test]
    fn char_table_agrees_with_std() {
        for c in (0..0x3000).filter_map(char::from_u32).chain(['𝔄', '\u{10ffff}', 'ǅ']) {
            assert_eq!(c.alnum(), c.is_alphanumeric(), "{c:?}");
            assert_eq!(c.alpha(), c.is_alphabetic(), "{c:?}");
            assert_eq!(c.upper(), c.is_uppercase(), "{c:?}");
            assert_eq!(c.lower(), c.is_lowercase(), "{c:?}");
            assert_eq!(c.numeric(), c.is_numeric(), "{c:?}");
            let w = format!("X{c}y");
            assert_eq!(with_lower(&w, str::to_string), w.to_lowercase(), "{c:?}");
        }
    }

    #[test]
    fn odd_text_does_not_panic() {
        for t in ["", ".", "J.", "'", "’s", "a-", "-a", "É.", "\u{0}\u{ffff}x", "1.", "J.D"] {
            let _ = words(t);
        }
    }
}
