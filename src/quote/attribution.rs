//! Cues and speakers: the reporting words around a quote ("zegt",
//! "sagte", "aldus", "laut", "zufolge") and the mention that names who spoke
//! (a name, a role, an organisation or a pronoun).

use std::cell::{Cell, OnceCell};
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use super::profile::{class, pronoun_of, Listed, Profile, PronounKind};
use crate::entity::tokens::lowercase_is_itself;
use crate::record::{Entity, EntityType};

/// The words of a text (byte ranges) with the text they index, and their
/// lowercase forms and [`class`] bits, each computed once, on first use.
pub(crate) struct Words<'a> {
    pub text: &'a str,
    pub words: &'a [Range<usize>],
    prof: &'a Profile,
    lows: Vec<OnceCell<String>>,
    flags: Vec<Cell<u16>>,
}

/// The lowercase form of a word, with typographic apostrophes made straight.
pub(crate) fn lower(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut buf = [0u8; 64];
    if let Some(low) = lower_into(word, &mut buf).and_then(|n| std::str::from_utf8(&buf[..n]).ok()) {
        return low.to_string();
    }
    word.chars().flat_map(char::to_lowercase).map(|c| if c == '’' { '\'' } else { c }).collect()
}

/// The lowercase of every character of two UTF-8 bytes below U+0480 (Latin,
/// Greek, Cyrillic), when it is one character of two bytes; 0 otherwise.
pub(crate) static LOWER2: LazyLock<Vec<u16>> = LazyLock::new(|| {
    (0..0x480u32)
        .map(|u| {
            let Some(c) = char::from_u32(u).filter(|c| c.len_utf8() == 2) else { return 0 };
            let mut low = c.to_lowercase();
            match (low.next(), low.next()) {
                (Some(l), None) if l.len_utf8() == 2 => l as u16,
                _ => 0,
            }
        })
        .collect()
});

/// [`lower`] written into `buf`: the number of bytes, or None when it does not fit.
pub(crate) fn lower_into(word: &str, buf: &mut [u8; 64]) -> Option<usize> {
    let bytes = word.as_bytes();
    if word.is_ascii() {
        let b = buf.get_mut(..word.len())?;
        for (d, s) in b.iter_mut().zip(bytes) {
            *d = s.to_ascii_lowercase();
        }
        return Some(word.len());
    }
    let lower2 = &**LOWER2;
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            *buf.get_mut(n)? = b.to_ascii_lowercase();
            n += 1;
            i += 1;
            continue;
        }
        if (0xC2..=0xD1).contains(&b) {
            // Two bytes (the second a continuation byte, as `word` is UTF-8).
            let u = (usize::from(b & 0x1F) << 6) | usize::from(bytes.get(i + 1).copied().unwrap_or(0) & 0x3F);
            let l = lower2[u];
            if l != 0 {
                let slot = buf.get_mut(n..n + 2)?;
                slot[0] = 0xC0 | (l >> 6) as u8;
                slot[1] = 0x80 | (l & 0x3F) as u8;
                n += 2;
                i += 2;
                continue;
            }
        }
        let c = word[i..].chars().next()?;
        i += c.len_utf8();
        if c == '’' {
            *buf.get_mut(n)? = b'\'';
            n += 1;
            continue;
        }
        let mut put = |c: char| {
            let len = c.len_utf8();
            let slot = buf.get_mut(n..n + len)?;
            c.encode_utf8(slot);
            n += len;
            Some(())
        };
        if lowercase_is_itself(c) {
            put(c)?;
        } else {
            for l in c.to_lowercase() {
                put(if l == '’' { '\'' } else { l })?;
            }
        }
    }
    Some(n)
}

/// True when [`lower`] leaves `word` as it is (ASCII without capitals).
fn already_lower(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase())
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str, words: &'a [Range<usize>], prof: &'a Profile) -> Words<'a> {
        Words {
            text,
            words,
            prof,
            lows: (0..words.len()).map(|_| OnceCell::new()).collect(),
            flags: (0..words.len()).map(|_| Cell::new(0)).collect(),
        }
    }

    /// The indices of the words lying inside `range`.
    pub fn within(&self, range: Range<usize>) -> Range<usize> {
        let a = self.words.partition_point(|w| w.start < range.start);
        let b = self.words.partition_point(|w| w.end <= range.end);
        a..b.max(a)
    }

    pub fn word(&self, i: usize) -> &'a str {
        &self.text[self.words[i].clone()]
    }

    pub fn lower(&self, i: usize) -> &str {
        let word = self.word(i);
        if already_lower(word) {
            return word;
        }
        self.lows[i].get_or_init(|| lower(word))
    }

    /// The [`class`] bits of word `i`.
    pub fn flags(&self, i: usize) -> u16 {
        let f = self.flags[i].get();
        if f != 0 {
            return f;
        }
        let word = self.word(i);
        let f = if let Some(low) = self.lows[i].get() {
            self.prof.classify(low)
        } else if already_lower(word) {
            // Lowercase already (most words): classified as they are.
            let low = word.as_bytes();
            if self.prof.may_classify(low) {
                self.prof.classify_bytes(low)
            } else {
                class::DONE
            }
        } else {
            // Lowercase on the stack: most words are never needed in lowercase
            // again, and most are no listed word, which the filter tells from the bytes.
            let mut buf = [0u8; 64];
            match lower_into(word, &mut buf) {
                Some(n) if !self.prof.may_classify(&buf[..n]) => class::DONE,
                Some(n) => self.prof.classify_bytes(&buf[..n]),
                None => self.prof.classify(self.lower(i)),
            }
        };
        self.flags[i].set(f);
        f
    }

    /// False when word `i` is certainly no verb of saying: a filter on its
    /// lowercase bytes that spares most words their classification. Two
    /// ASCII bytes first, inline: their lowercase starts the lowercase word,
    /// and most words are told from them alone.
    #[inline]
    pub fn may_be_verb(&self, i: usize) -> bool {
        self.may_start_listed(i, self.prof.verb_filter()) && self.may_be_verb_rest(i)
    }

    /// False when word `i` is certainly no conjunction of reported speech
    /// ([`class::THAT`]): [`Words::may_be_verb`] for those.
    #[inline]
    pub fn may_be_that(&self, i: usize) -> bool {
        self.may_start_listed(i, self.prof.that_filter()) && self.may_be_that_rest(i)
    }

    /// False when the first two bytes of word `i` are ASCII and the words
    /// of `filter` start with no lowercase of them.
    #[inline(always)]
    fn may_start_listed(&self, i: usize, filter: &Listed) -> bool {
        let r = &self.words[i];
        let bytes = self.text.as_bytes();
        let b0 = bytes[r.start];
        let b1 = if r.end - r.start > 1 { bytes[r.start + 1] } else { 0 };
        !(b0 < 0x80 && b1 < 0x80 && !filter.may_start([b0.to_ascii_lowercase(), b1.to_ascii_lowercase()]))
    }

    /// [`Words::may_be_verb`] past the test of two ASCII bytes.
    #[inline(never)]
    fn may_be_verb_rest(&self, i: usize) -> bool {
        self.may_be_listed(i, class::VERB, self.prof.verb_filter())
    }

    /// [`Words::may_be_that`] past the test of two ASCII bytes.
    #[inline(never)]
    fn may_be_that_rest(&self, i: usize) -> bool {
        self.may_be_listed(i, class::THAT, self.prof.that_filter())
    }

    /// False when word `i` certainly has not the [`class`] bit `bit`, whose
    /// words `filter` holds, past the test of two ASCII bytes.
    #[inline(always)]
    fn may_be_listed(&self, i: usize, bit: u16, filter: &Listed) -> bool {
        let f = self.flags[i].get();
        if f != 0 {
            return f & bit != 0;
        }
        let word = self.word(i);
        // (Two ASCII first bytes that start no listed word were ruled out inline.)
        if let Some(&b0) = word.as_bytes().first() {
            if word.is_ascii() {
                // Its lowercase has its length and starts with these two bytes.
                let b1 = word.as_bytes().get(1).copied().unwrap_or(0);
                return filter.may_hold_head([b0.to_ascii_lowercase(), b1.to_ascii_lowercase()], word.len());
            }
        }
        if let Some(&[b0 @ 0xC2..=0xD1, b1]) = word.as_bytes().first_chunk::<2>() {
            // A first letter of two bytes: its lowercase from the table.
            let l = LOWER2[(usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F)];
            if l != 0 && !filter.may_start([0xC0 | (l >> 6) as u8, 0x80 | (l & 0x3F) as u8]) {
                return false;
            }
        }
        if already_lower(word) {
            return filter.may_hold(word.as_bytes());
        }
        let mut buf = [0u8; 64];
        lower_into(word, &mut buf).map_or(true, |n| filter.may_hold(&buf[..n]))
    }

    /// True when word `i` has any of the [`class`] bits `bits`.
    pub fn is(&self, i: usize, bits: u16) -> bool {
        self.flags(i) & bits != 0
    }

    /// The text between word `i` and word `i + 1`.
    pub fn gap(&self, i: usize) -> &'a str {
        match (self.words.get(i), self.words.get(i + 1)) {
            (Some(a), Some(b)) if a.end <= b.start => &self.text[a.end..b.start],
            _ => "",
        }
    }

    /// True when the text between words `a` and `b` (a < b) holds punctuation
    /// that separates clauses.
    pub fn punct_between(&self, a: usize, b: usize) -> bool {
        (a..b).any(|i| self.gap(i).contains([',', '.', ';', ':', '!', '?', '“', '”', '„', '«', '»']))
    }
}

/// What a cue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueKind {
    /// A verb of saying: the speaker is its subject, before or after it.
    Verb,
    /// A preposition before the source: "volgens X", "laut X".
    Before,
    /// A postposition after the source: "X zufolge", "X:n mukaan".
    After,
}

/// A reporting word or phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cue {
    pub kind: CueKind,
    /// First and last word index.
    pub first: usize,
    pub last: usize,
}

/// What a speaker mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CandKind {
    /// A name (of a person, or of an organisation when `org`).
    Name,
    /// A role noun without a name ("de Commissievoorzitter").
    Role,
    /// An organisation head noun without a name ("de Commissie").
    Org,
    /// A pronoun.
    Pronoun(PronounKind),
}

/// A possible speaker mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cand {
    pub kind: CandKind,
    /// The mention, as a byte range.
    pub span: Range<usize>,
    /// The role written before a name ("Commissievoorzitter" of
    /// "Commissievoorzitter Ursula Von der Leyen"), or the role itself.
    pub role: Option<Range<usize>>,
    /// First and last word index.
    pub first: usize,
    pub last: usize,
    /// The entity (index into the entity list) whose mention this is.
    pub entity: Option<usize>,
    /// A doubtful mention: a German capitalised phrase after an article
    /// ("der Süddeutschen Zeitung"), more often an object than a speaker.
    pub weak: bool,
}

/// Finds the cues among words `range`.
pub(crate) fn cues(w: &Words<'_>, prof: &Profile, range: Range<usize>) -> Vec<Cue> {
    let mut out = Vec::new();
    let mut i = range.start;
    while i < range.end {
        let f = w.flags(i);
        if f & class::CUE_FIRST != 0 {
            if let Some(n) = seq_at(w, i..range.end, &prof.before) {
                out.push(Cue { kind: CueKind::Before, first: i, last: i + n - 1 });
                i += n;
                continue;
            }
            if let Some(n) = seq_at(w, i..range.end, &prof.after) {
                out.push(Cue { kind: CueKind::After, first: i, last: i + n - 1 });
                i += n;
                continue;
            }
        }
        if f & class::VERB != 0 {
            out.push(Cue { kind: CueKind::Verb, first: i, last: i });
        }
        i += 1;
    }
    out
}

/// The length of the longest sequence of `seqs` that the words `range` start with.
fn seq_at(w: &Words<'_>, range: Range<usize>, seqs: &[Vec<String>]) -> Option<usize> {
    seqs.iter()
        .find(|s| range.len() >= s.len() && s.iter().zip(range.clone()).all(|(a, i)| a == w.lower(i)))
        .map(Vec::len)
}

fn upper_initial(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// A word written in capitals only, such as an acronym ("CDU", "NATO").
pub(crate) fn all_caps(s: &str) -> bool {
    if s.is_ascii() {
        // Most words: their bytes, without decoding or the Unicode tables.
        let b = s.as_bytes();
        return !b.iter().any(u8::is_ascii_lowercase)
            && b.iter().filter(|c| c.is_ascii_alphabetic()).count() >= 2;
    }
    !s.chars().any(char::is_lowercase) && s.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// The gap between two words of a name: a space, a hyphen, or the period of an initial.
fn name_gap(w: &Words<'_>, i: usize) -> bool {
    let g = w.gap(i);
    if g == " " || g == "\u{a0}" || g == "-" || g == "‑" {
        return true;
    }
    if g != ". " && g != "." {
        return false;
    }
    let word = w.word(i);
    word.chars().count() == 1 || (word.len() <= 5 && word.contains('.') && all_caps(word))
}

/// True when word `j` is a name particle here: "van", "von", "de"; a
/// particle that is also an article ("der", "den") only after another
/// particle ("Von der Leyen", "van den Berg").
fn particle_ok(w: &Words<'_>, prof: &Profile, j: usize) -> bool {
    let f = w.flags(j);
    if f & class::PARTICLE == 0 {
        return false;
    }
    let prev_particle = j > 0 && w.flags(j - 1) & (class::PARTICLE | class::ARTICLE) == class::PARTICLE;
    let prev_capital = j > 0 && upper_initial(w.word(j - 1));
    f & class::ARTICLE == 0 || prev_particle || (!prof.capital_nouns && prev_capital)
}

/// How good a speaker mention is: a full name or role beats a pronoun, a
/// pronoun beats a lone capitalised word.
pub(crate) fn quality(c: &Cand) -> u8 {
    match c.kind {
        _ if c.weak => 1,
        CandKind::Name if c.entity.is_some() => 3,
        CandKind::Name if c.last > c.first || c.role.is_some() => 3,
        CandKind::Role | CandKind::Org | CandKind::Pronoun(_) => 2,
        CandKind::Name => 1,
    }
}

/// The mentions of the document's people and organisations, sorted by
/// position: (start, end, entity index). Built once per document; the
/// resolver adds the mentions it makes.
#[derive(Debug, Default)]
pub(crate) struct MentionIndex {
    set: BTreeSet<(usize, usize, usize)>,
    /// The mentions of people only.
    people: BTreeSet<(usize, usize, usize)>,
}

impl MentionIndex {
    /// The index of the mentions of the people and organisations among `entities`.
    pub fn new(entities: &[Entity]) -> MentionIndex {
        let mut ix = MentionIndex::default();
        for (ei, e) in entities.iter().enumerate() {
            for m in &e.mentions {
                ix.add(e, ei, m.start..m.end);
            }
        }
        ix
    }

    /// Adds the mention `span` of entity `ei` (`e`), when a person or organisation.
    pub fn add(&mut self, e: &Entity, ei: usize, span: Range<usize>) {
        if matches!(e.kind, EntityType::Person | EntityType::Organization) {
            self.set.insert((span.start, span.end, ei));
        }
        if e.kind == EntityType::Person {
            self.people.insert((span.start, span.end, ei));
        }
    }

    /// The mentions lying inside `zs..ze`, in the order of their entities
    /// (then of their positions).
    fn inside(&self, zs: usize, ze: usize) -> Vec<(usize, usize, usize)> {
        let mut v: Vec<_> =
            self.set.range((zs, 0, 0)..).take_while(|m| m.0 < ze).filter(|m| m.1 <= ze).copied().collect();
        v.sort_by_key(|&(s, e, ei)| (ei, s, e));
        v
    }

    /// The mentions (of people only, with `people`) starting before `pos`, latest first.
    pub fn before(&self, pos: usize, people: bool) -> impl Iterator<Item = &(usize, usize, usize)> + '_ {
        let set = if people { &self.people } else { &self.set };
        set.range(..(pos, 0, 0)).rev()
    }
}

/// The names (candidates of kind [`CandKind::Name`]) among words `range`,
/// with some of the other candidates: a cheaper [`candidates`] without
/// entities. Read piece by piece, with each piece ending where
/// [`name_scan_end`] says, the names are those of the whole range at once.
pub(crate) fn name_candidates(w: &Words<'_>, prof: &Profile, range: Range<usize>) -> Vec<Cand> {
    guesses(w, prof, range, true)
}

/// The first word index `k >= need` before which the scan of [`guesses`]
/// over the whole document certainly stands still: the end of the words, or
/// a word after a gap no name spans (punctuation other than an initial's
/// period). No candidate crosses such a point, and none starting after it
/// depends on the words before it but through their class bits, so reading
/// the document in pieces that end there finds the same candidates.
pub(crate) fn name_scan_end(w: &Words<'_>, need: usize) -> usize {
    let n = w.words.len();
    (need.max(1)..n).find(|&k| !name_gap(w, k - 1)).unwrap_or(n)
}

/// The last word index `k <= first` where the scan of [`guesses`] over the
/// whole document stands still (see [`name_scan_end`]): the start of the
/// words, or a word after a gap no name spans. Reading from there finds the
/// candidates the whole scan finds from there on.
pub(crate) fn name_scan_start(w: &Words<'_>, first: usize) -> usize {
    (1..=first.min(w.words.len())).rev().find(|&k| !name_gap(w, k - 1)).unwrap_or(0)
}

/// Finds the possible speaker mentions among words `range`. Mentions of
/// `entities` (people and organisations, found through `index`) are linked to
/// the guess that holds them (which may name the person more fully) or
/// replace the guesses they overlap.
pub(crate) fn candidates(
    w: &Words<'_>,
    prof: &Profile,
    range: Range<usize>,
    entities: &[Entity],
    index: &MentionIndex,
) -> Vec<Cand> {
    let mut out = guesses(w, prof, range.clone(), false);
    if entities.is_empty() || range.is_empty() {
        return out;
    }
    let (zs, ze) = (w.words[range.start].start, w.words[range.end - 1].end);
    for (ms_start, ms_end, ei) in index.inside(zs, ze) {
        let e = &entities[ei];
        let org = e.kind == EntityType::Organization;
        {
            let ms = ms_start..ms_end;
            if let Some(c) = out.iter_mut().find(|c| {
                matches!(c.kind, CandKind::Name | CandKind::Org)
                    && c.span.start <= ms.start
                    && ms.end <= c.span.end
            }) {
                // A longer name around a known entity's name is that entity named more
                // fully, unless the entity is an organisation or a known person whose
                // name it does not hold ("Martin Svoboda" is not the party Svoboda).
                let same = c.span == ms;
                let holds_name = || {
                    let guess = lower(&w.text[c.span.clone()]);
                    lower(&e.name).split_whitespace().all(|t| guess.split_whitespace().any(|g| g == t))
                };
                if same || (!org && (e.wikidata.is_none() || holds_name())) {
                    c.entity = Some(ei);
                    if org {
                        c.kind = CandKind::Org;
                    }
                }
                continue;
            }
            // The mention is the title before a name ("Finance Minister Clara Hughes").
            if out.iter().any(|c| {
                c.kind == CandKind::Name
                    && c.role.as_ref().is_some_and(|r| r.start <= ms.start && ms.end <= r.end)
            }) {
                continue;
            }
            let span = w.within(ms.clone());
            if span.is_empty() {
                continue;
            }
            out.retain(|c| !(c.span.start < ms.end && ms.start < c.span.end));
            // "mit der BBC", "warf der Bundesregierung vor": an organisation
            // after an article is as often an object as a speaker.
            let after_article = span.start > 0 && w.is(span.start - 1, class::ARTICLE);
            out.push(Cand {
                kind: if org { CandKind::Org } else { CandKind::Name },
                span: ms,
                role: None,
                first: span.start,
                last: span.end - 1,
                entity: Some(ei),
                weak: org && after_article && prof.capital_nouns,
            });
        }
    }
    out.sort_by_key(|c| c.first);
    out
}

/// The guessed speaker mentions among words `range`, from capitalisation, roles and pronouns.
/// With `names_only`, the guesses of kind [`CandKind::Name`] are exact and
/// the others may be missing: words that cannot start a name are skipped
/// without a look-up.
fn guesses(w: &Words<'_>, prof: &Profile, range: Range<usize>, names_only: bool) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::new();
    if range.is_empty() {
        return out;
    }
    let mut i = range.start;
    while i < range.end {
        let word = w.word(i);
        // A lowercase word starts a name only as a role before a capitalised
        // word (the next word looked at even past the range, so that reading
        // the document in pieces finds the other candidates as reading it whole).
        if names_only
            && word.chars().next().is_some_and(char::is_lowercase)
            && !(i + 1 < w.words.len() && upper_initial(w.word(i + 1)))
        {
            i += 1;
            continue;
        }
        let f = w.flags(i);
        let sentence_start = || {
            i == 0 || {
                let g = w.gap(i - 1);
                g.contains(['.', '!', '?', '“', '”', '„', '«', '»', '‘', '’', '"', ':']) || g.contains('\n')
            }
        };
        let upper = upper_initial(word);
        if let Some(p) = pronoun_of(f) {
            // A capitalised pronoun inside a sentence is a name or a polite form, not "she".
            if !upper || prof.capital_nouns || sentence_start() {
                out.push(Cand {
                    kind: CandKind::Pronoun(p),
                    span: w.words[i].clone(),
                    role: None,
                    first: i,
                    last: i,
                    entity: None,
                    weak: false,
                });
                i += 1;
                continue;
            }
        }
        if upper || all_caps(word) {
            // A run of capitalised words, with name particles inside.
            let mut j = i + 1;
            while j < range.end && name_gap(w, j - 1) {
                let wj = w.word(j);
                if upper_initial(wj) {
                    j += 1;
                } else if particle_ok(w, prof, j)
                    && j + 1 < range.end
                    && name_gap(w, j)
                    && upper_initial(w.word(j + 1))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            if let Some(c) = run_candidate(w, prof, i, j, sentence_start()) {
                out.push(c);
            }
            i = j;
            continue;
        }
        if f & (class::ROLE | class::ORG) != 0 {
            let mut first = i;
            while first > range.start && matches!(w.gap(first - 1), "-" | "‑") {
                first -= 1;
            }
            let role = w.words[first].start..w.words[i].end;
            // "minister Jan de Vries": the name after the role.
            let mut j = i + 1;
            if j < range.end && name_gap(w, i) && upper_initial(w.word(j)) {
                while j < range.end
                    && name_gap(w, j - 1)
                    && (upper_initial(w.word(j))
                        || particle_ok(w, prof, j) && j + 1 < range.end && upper_initial(w.word(j + 1)))
                {
                    j += 1;
                }
                if let Some(mut c) = run_candidate(w, prof, i + 1, j, false) {
                    if c.kind == CandKind::Name {
                        c.role = Some(role);
                        out.push(c);
                        i = j;
                        continue;
                    }
                }
            }
            let kind =
                if f & (class::ROLE | class::ORG) == class::ORG { CandKind::Org } else { CandKind::Role };
            out.push(Cand {
                kind,
                span: role.clone(),
                role: Some(role),
                first,
                last: i,
                entity: None,
                weak: false,
            });
        }
        i += 1;
    }
    out.sort_by_key(|c| c.first);
    out
}

/// The candidate made by the capitalised words `a..b`: a name, possibly
/// after a role ("Commissievoorzitter Ursula Von der Leyen"), or a role or
/// organisation alone.
fn run_candidate(w: &Words<'_>, prof: &Profile, a: usize, b: usize, sentence_start: bool) -> Option<Cand> {
    let n_run = b - a;
    let fl = |k: usize| w.flags(a + k);
    let has = |k: usize, bits: u16| fl(k) & bits != 0;
    // The last role or organisation word splits role from name.
    let mut start = 0;
    while start < n_run
        && has(start, class::ARTICLE | class::STOP)
        && !(has(start, class::PARTICLE)
            && start + 1 < n_run
            && (!sentence_start || has(start + 1, class::PARTICLE)))
    {
        start += 1;
    }
    // A surname may itself be a role noun ("Tim Richter"): a role with a name
    // after it wins over a role at the end.
    let is_title = |k: usize| has(k, class::ROLE | class::ORG);
    let is_org = |k: usize| has(k, class::ORG);
    let split = (0..n_run.saturating_sub(1))
        .rev()
        .find(|&k| is_title(k) && !is_org(k))
        .or_else(|| (0..n_run).rev().find(|&k| is_title(k)))
        // A role word after a capitalised non-role word is a surname ("Marek Kráľ"),
        // unless it names an organisation ("Europese Commissie").
        .filter(|&k| k <= start || is_org(k) || is_title(k - 1) || k + 1 < n_run);
    if let Some(k) = split {
        let name_ok = k + 1 < n_run
            && !has(k + 1, class::ARTICLE)
            && (upper_initial(w.word(a + k + 1)) || !has(k + 1, class::STOP));
        if name_ok && !is_org(k) {
            // Role then name.
            let role_first = start.min(k);
            let name = a + k + 1..b;
            return Some(Cand {
                kind: CandKind::Name,
                span: w.words[name.start].start..w.words[name.end - 1].end,
                role: Some(w.words[a + role_first].start..w.words[a + k].end),
                first: name.start,
                last: name.end - 1,
                entity: None,
                weak: false,
            });
        }
        if k + 1 == n_run || !name_ok {
            let b = a + k + 1;
            // A role or organisation, possibly a named one ("Europese Commissie").
            let first = a + start.min(k);
            let span = w.words[first].start..w.words[b - 1].end;
            let kind = if is_org(k) {
                if first < a + k {
                    CandKind::Name
                } else {
                    CandKind::Org
                }
            } else {
                CandKind::Role
            };
            let role = (kind != CandKind::Name).then(|| span.clone());
            return Some(Cand { kind, span, role, first, last: b - 1, entity: None, weak: false });
        }
    }
    if start >= n_run {
        return None;
    }
    let first = a + start;
    let n = b - first;
    if (start..n_run).all(|k| has(k, class::VERB | class::STOP)) {
        return None;
    }
    if n == 1 {
        let word = w.word(first);
        // A lone capitalised word that opens the sentence is usually not a name,
        // nor is a German noun after an article.
        if sentence_start && start == 0 && !all_caps(word) && has(start, class::STOP | class::SKIP) {
            return None;
        }
        if prof.capital_nouns && !all_caps(word) && first > 0 && !sentence_start {
            // A German noun: after an article, or after any other lowercase
            // word than a verb of saying or a cue ("sagte Merkel", "so Wieland").
            let prev = w.flags(first - 1);
            let prev_word = w.word(first - 1);
            let cue_before = prev & (class::VERB | class::SKIP | class::REPORTED | class::BEFORE_LAST) != 0;
            if start > 0 || prev & class::ARTICLE != 0 || (!upper_initial(prev_word) && !cue_before) {
                return None;
            }
        }
    }
    // A German name after an article without a role is a newspaper or a body
    // ("der Süddeutschen Zeitung"), not a person.
    let after_article = first > 0 && w.is(first - 1, class::ARTICLE);
    if prof.capital_nouns && after_article && n >= 3 {
        // "der Hydrologe Ben Wagner": a noun, then the name.
        return Some(Cand {
            kind: CandKind::Name,
            span: w.words[first + 1].start..w.words[b - 1].end,
            role: Some(w.words[first].clone()),
            first: first + 1,
            last: b - 1,
            entity: None,
            weak: false,
        });
    }
    let weak = prof.capital_nouns && after_article;
    let kind = if weak { CandKind::Org } else { CandKind::Name };
    Some(Cand {
        kind,
        span: w.words[first].start..w.words[b - 1].end,
        role: None,
        first,
        last: b - 1,
        entity: None,
        weak,
    })
}

/// The speaker that `cue` introduces among `cands`, if any.
pub(crate) fn speaker_for<'c>(
    w: &Words<'_>,
    prof: &Profile,
    cue: &Cue,
    cands: &'c [Cand],
    prefer_after: bool,
) -> Option<&'c Cand> {
    let fillers = |a: usize, b: usize| {
        (a..b).all(|i| {
            w.is(i, class::SKIP | class::ARTICLE | class::ROLE)
                || !upper_initial(w.word(i))
                || prof.capital_nouns
        })
    };
    let no_verb = |a: usize, b: usize| !(a..b).any(|i| w.is(i, class::VERB));
    // Where a candidate starts, its role included ("US-Präsident George W. Bush").
    let head = |c: &Cand| c.role.as_ref().map_or(c.first, |r| w.within(r.clone()).start.min(c.first));
    let after = cands.iter().find(|c| {
        c.first > cue.last
            && head(c) <= cue.last + 6
            && !w.punct_between(cue.last, head(c).max(cue.last))
            && fillers(cue.last + 1, head(c).max(cue.last + 1))
            && no_verb(cue.last + 1, c.first)
    });
    let before = cands
        .iter()
        .rev()
        .filter(|c| {
            c.last < cue.first
                && (c.last + 6 >= cue.first || (c.last + 10 >= cue.first && quality(c) >= 3))
                && !w.punct_between(c.last, cue.first)
                && no_verb(c.last + 1, cue.first)
        })
        .max_by_key(|c| (quality(c), c.last));
    match cue.kind {
        CueKind::Before => after,
        CueKind::After => before.filter(|c| c.last + 3 >= cue.first),
        CueKind::Verb => {
            // "X, ein Sprecher des Ministeriums, sagte": the name before the apposition.
            let apposition = if cue.first > 0 && w.gap(cue.first - 1).trim_end().ends_with(',') {
                cands.iter().rev().find(|c| {
                    c.last < cue.first
                        && c.last + 14 >= cue.first
                        && w.gap(c.last).trim_start().starts_with(',')
                        && !matches!(c.kind, CandKind::Pronoun(_))
                        && no_verb(c.last + 1, cue.first - 1)
                })
            } else {
                None
            };
            match (after, before.or(apposition)) {
                (Some(a), Some(b)) => {
                    let (qa, qb) = (quality(a), quality(b));
                    if qa > qb || (qa == qb && prefer_after) {
                        Some(a)
                    } else {
                        Some(b)
                    }
                }
                (a, b) => a.or(b),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::profile::profile;
    use super::*;
    use crate::segment::segment;
    use crate::Language;

    /// The stack lowercase and the word flags agree with [`lower`] and
    /// [`Profile::classify`] of it, for ASCII, other scripts, apostrophes,
    /// chars whose lowercase is longer, and words too long for the buffer.
    #[test]
    fn fast_lowercase_and_flags_agree_with_the_plain_ones() {
        let long = "Ä".repeat(40);
        let words = [
            "zegt",
            "Zegt",
            "ZEGT",
            "Commissievoorzitter",
            "woordvoerder",
            "Woordvoerster",
            "L’Oréal",
            "d’Alema",
            "ΣΟΦΙΑ",
            "Ἀθῆναι",
            "İstanbul",
            "ǅemal",
            "Президент",
            "заяви",
            "Ärztekammer",
            "sagte",
            "Sagte",
            "laut",
            "Laut",
            "she",
            "She",
            "Regierungssprecher",
            "ministère",
            "x",
            "said",
            "Said",
            "SAID",
            "каза",
            "Каза",
            "δήλωσε",
            "Δήλωσε",
            long.as_str(),
        ];
        let plain = |w: &str| -> String {
            w.chars().flat_map(char::to_lowercase).map(|c| if c == '’' { '\'' } else { c }).collect()
        };
        for w in words {
            assert_eq!(lower(w), plain(w), "{w}");
            let mut buf = [0u8; 64];
            match lower_into(w, &mut buf) {
                Some(n) => assert_eq!(std::str::from_utf8(&buf[..n]).unwrap(), lower(w), "{w}"),
                None => assert!(lower(w).len() > 64, "{w}"),
            }
        }
        // Every character up to U+3000, alone and inside a word.
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            for w in [c.to_string(), format!("Ab{c}ŒΣ{c}")] {
                let mut buf = [0u8; 64];
                let n = lower_into(&w, &mut buf).unwrap();
                assert_eq!(std::str::from_utf8(&buf[..n]).unwrap(), plain(&w), "{c:?}");
            }
        }
        let text = words.join(" ");
        for lang in
            [Language::Dutch, Language::German, Language::English, Language::Bulgarian, Language::Greek]
        {
            let seg = segment(&text, Some(lang));
            let prof = profile(Some(lang));
            let w = Words::new(&text, &seg.words, prof);
            for i in 0..seg.words.len() {
                let may_be_verb = w.may_be_verb(i);
                assert_eq!(w.flags(i), prof.classify(&lower(w.word(i))), "{lang:?} {}", w.word(i));
                assert!(may_be_verb || !w.is(i, class::VERB), "{lang:?} {}", w.word(i));
            }
            assert!((0..seg.words.len()).any(|i| w.is(i, class::VERB)), "{lang:?}");
        }
    }

    fn cands_of(text: &str, lang: Language) -> Vec<(CandKind, String)> {
        let seg = segment(text, Some(lang));
        let prof = profile(Some(lang));
        let w = Words::new(text, &seg.words, prof);
        candidates(&w, prof, 0..seg.words.len(), &[], &MentionIndex::default())
            .into_iter()
            .map(|c| (c.kind, text[c.span].to_string()))
            .collect()
    }

    #[test]
    fn role_then_name() {
        let c = cands_of("zegt Commissievoorzitter Ursula Von der Leyen in Parijs", Language::Dutch);
        assert_eq!(c[0], (CandKind::Name, "Ursula Von der Leyen".to_string()));
    }

    #[test]
    fn roles_organisations_and_pronouns() {
        let c = cands_of("aldus de Commissie, zei hij", Language::Dutch);
        assert_eq!(
            c,
            [(CandKind::Org, "Commissie".into()), (CandKind::Pronoun(PronounKind::He), "hij".into())]
        );
        let c = cands_of("said the vice-president", Language::English);
        assert_eq!(c, [(CandKind::Role, "vice-president".into())]);
    }

    #[test]
    fn german_nouns_are_not_names() {
        let c = cands_of("sagte der Sprecher der Zeitung", Language::German);
        assert_eq!(c, [(CandKind::Role, "Sprecher".into())]);
    }

    #[test]
    fn cue_finds_inverted_subject() {
        let text = "zegt minister Jan de Vries";
        let seg = segment(text, Some(Language::Dutch));
        let prof = profile(Some(Language::Dutch));
        let w = Words::new(text, &seg.words, prof);
        let cs = cues(&w, prof, 0..seg.words.len());
        let cands = candidates(&w, prof, 0..seg.words.len(), &[], &MentionIndex::default());
        let s = speaker_for(&w, prof, &cs[0], &cands, true).unwrap();
        assert_eq!(&text[s.span.clone()], "Jan de Vries");
        assert_eq!(&text[s.role.clone().unwrap()], "minister");
    }
}
