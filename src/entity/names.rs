//! Finding mentions: knowledge-base matches first, then capitalised names
//! that the knowledge base does not know, typed from their context.

use crate::record::EntityType;
use crate::Language;

use std::cell::Cell;

use super::kb::{FormKind, Kb};
use super::lexicon::{
    Lexicon, ARTICLE, CLUB_WORD, FIRST_NAME, KNOWN, NEVER, ORG_WORD, PARTICLE, PLACE_CUE, PLACE_PREFIX,
    SPEECH_VERB, STOPWORD, SUBJECT_PRONOUN, SUBJECT_VERB, TEAM_WORD, TITLE, VERB_AFTER_SUBJECT,
};
use super::tokens::{next_set, with_lower, Gap, Lowered, Tok};

/// Where a mention comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// A knowledge-base entry, through one of its forms.
    Kb { entry: u32, form: FormKind },
    /// A name the knowledge base does not know.
    Name,
}

/// How sure a guessed type is.
pub(crate) const STRONG: u8 = 3;
pub(crate) const MEDIUM: u8 = 2;
pub(crate) const WEAK: u8 = 1;
/// No evidence: kept only when it joins an entity found otherwise.
pub(crate) const NONE: u8 = 0;

/// One mention found in the text.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub source: Source,
    /// The guessed type (names) or the entry's type.
    pub kind: EntityType,
    pub strength: u8,
    /// Titles and role nouns found with the mention.
    pub roles: Vec<String>,
    /// The word spans of the mention (for surnames and canonical names).
    pub words: Vec<(usize, usize)>,
}

/// Everything `find` needs to look at.
pub(crate) struct Scan<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
    /// The tokens a name or a knowledge-base match may start at.
    pub starts: &'a [u64],
    /// The lowercase form of every token.
    pub lows: &'a Lowered<'a>,
    pub lex: &'a Lexicon,
    pub lang: Option<Language>,
    pub kb: &'a Kb,
    /// Per token: the word-list flags of its lowercase form, with [`KNOWN`]
    /// once looked up.
    flags: Vec<Cell<u32>>,
}

/// [`Scan::flags`] bits of the scan's own: the token is a title compound
/// ("Commissievoorzitter"), and that was looked up.
const TITLE_COMPOUND: u32 = 1 << 30;
const COMPOUND_KNOWN: u32 = 1 << 29;

/// Connectors allowed inside organisation names ("Bank of England").
const CONNECTORS: [&str; 4] = ["of", "for", "für", "&"];

/// German articles of the genitive (also dative feminine) after a noun.
const GENITIVE_ARTICLES: [&str; 4] = ["des", "der", "eines", "einer"];

/// Words between a class word and the name it types ("the city of Mosul").
const CLASS_LINKS: [&str; 3] = ["of", "de", "di"];

/// Words between a direction and a place ("nördlich von", "north of").
const DIRECTION_LINKS: [&str; 3] = ["von", "of", "van"];

/// Directions before "von"/"of" that make the next name a place
/// ("nördlich von", "ten noorden van", "north of").
const DIRECTIONS: [&str; 24] = [
    "nördlich",
    "südlich",
    "östlich",
    "westlich",
    "nordöstlich",
    "nordwestlich",
    "südöstlich",
    "südwestlich",
    "unweit",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "noorden",
    "zuiden",
    "oosten",
    "westen",
    "noordoosten",
    "zuidwesten",
    "nabij",
];

impl<'a> Scan<'a> {
    /// A scan of the words `toks` of `text`.
    pub fn new(
        text: &'a str,
        toks: &'a [Tok],
        starts: &'a [u64],
        lows: &'a Lowered<'a>,
        lex: &'a Lexicon,
        lang: Option<Language>,
        kb: &'a Kb,
    ) -> Scan<'a> {
        Scan { text, toks, starts, lows, lex, lang, kb, flags: vec![Cell::new(0); toks.len()] }
    }

    /// The word-list flags of token `i`'s lowercase form (one look-up per token).
    #[inline]
    fn flags(&self, i: usize) -> u32 {
        let f = self.flags[i].get();
        if f & KNOWN != 0 {
            return f;
        }
        let f = self.lex.flags(self.lower(i)) | KNOWN;
        self.flags[i].set(f);
        f
    }

    /// True when token `i`'s lowercase form is in one of the sets of `flags`.
    #[inline]
    fn has(&self, i: usize, flags: u32) -> bool {
        self.flags(i) & flags != 0
    }

    /// True when token `i`'s lowercase form is a title or a compound ending
    /// in one (the compound's look-up made once per token, kept with its flags).
    fn is_title(&self, i: usize) -> bool {
        let f = self.flags(i);
        if f & (TITLE | TITLE_COMPOUND) != 0 {
            return true;
        }
        if f & COMPOUND_KNOWN != 0 {
            return false;
        }
        let compound = self.lex.is_title_compound(self.lower(i));
        self.flags[i].set(f | COMPOUND_KNOWN | if compound { TITLE_COMPOUND } else { 0 });
        compound
    }

    #[inline]
    fn word(&self, i: usize) -> &str {
        &self.text[self.toks[i].start..self.toks[i].end]
    }

    #[inline]
    fn lower(&self, i: usize) -> &str {
        self.lows.get(i, &self.toks[i])
    }

    fn is_particle(&self, i: usize) -> bool {
        let t = &self.toks[i];
        !t.cap
            && t.end - t.start <= 4
            && self.lex.may_be_particle(self.text.as_bytes()[t.start])
            && self.has(i, PARTICLE)
    }

    /// True when lowercase `w` looks derived from a known place ("europese",
    /// "Berliner"): it starts with a place's stem and, where the language
    /// lists them, has a derivation's ending.
    fn derived(&self, w: &str) -> bool {
        let ends = &self.lex.derived_endings;
        (ends.is_empty() || ends.iter().any(|e| w.ends_with(e.as_str()))) && self.kb.derived_from_place(w)
    }

    fn is_common(&self, w: &str) -> bool {
        with_lower(w, |l| self.lex.has(l, STOPWORD | NEVER))
    }

    /// [`Scan::is_common`] of token `i`.
    fn is_common_tok(&self, i: usize) -> bool {
        self.has(i, STOPWORD | NEVER)
    }

    /// Per token: true when its line looks like a title-case headline.
    fn headline_lines(&self) -> Vec<bool> {
        let n = self.toks.len();
        let mut out = vec![false; n];
        let min = if self.lex.capitalised_nouns { 4 } else { 3 };
        // One pass: the words of four letters or more after a line's first
        // word, and how many of them are capitalised, counted as they come.
        let (mut line_start, mut long, mut caps) = (0, 0usize, 0usize);
        let mut close = |line_start: usize, i: usize, long: usize, caps: usize| {
            if long >= min && caps * 4 >= long * 3 {
                // A line that ends in a full stop is a sentence, not a headline.
                let tail_from = if i > line_start { self.toks[i - 1].end } else { 0 };
                let tail_to = self.toks.get(i).map_or(self.text.len(), |t| t.start);
                let full_stop =
                    self.text[tail_from..tail_to].split(['\n', '\r']).next().is_some_and(|t| t.contains('.'));
                if !full_stop {
                    out[line_start..i].fill(true);
                }
            }
        };
        for (i, t) in self.toks.iter().enumerate().skip(1) {
            if t.gap == Gap::Line {
                close(line_start, i, long, caps);
                line_start = i;
                long = 0;
                caps = 0;
            } else {
                // Counted without a branch on the word: capitals come as they will.
                let counted = !t.digit & (t.end - t.start >= 4);
                long += usize::from(counted);
                caps += usize::from(counted & t.cap);
            }
        }
        close(line_start, n, long, caps);
        out
    }

    /// Titles and role nouns just before token `i` ("de Amerikaanse vicepresident").
    fn roles_before(&self, i: usize) -> Vec<String> {
        let mut roles = Vec::new();
        let mut k = i;
        while k > 0 && roles.len() < 2 && self.toks[k].gap == Gap::Space {
            let w = self.lower(k - 1);
            if w.chars().count() < 2 || !self.is_title(k - 1) {
                break;
            }
            roles.insert(0, self.word(k - 1).to_string());
            k -= 1;
        }
        roles
    }

    /// True when a surname or short form at token `i` is better read otherwise:
    /// it follows a first name or initials (another person: "Matthew Williams"),
    /// it is itself followed by a capitalised name, so it is a first name
    /// ("Martin Svoboda", "Maja Kranjc"), or, where nouns are capitalised, it
    /// follows an article ("der Fischer").
    fn surname_misread(&self, i: usize) -> bool {
        // Where every noun is capitalised, only a listed first name followed by a
        // capitalised word that does not look like a noun ("Klaus Wowereit").
        let first_then_name = || {
            !self.lex.capitalised_nouns
                || (self.starts_person(i) && !self.lex.looks_like_noun(self.lower(i + 1)))
        };
        let next = self.toks.get(i + 1);
        if next.is_some_and(|n| n.gap == Gap::Space && n.cap && !n.upper && first_then_name()) {
            return true;
        }
        if i == 0 || self.toks[i].gap != Gap::Space {
            return false;
        }
        self.starts_person(i - 1)
            || (self.lex.capitalised_nouns && (self.after_article(i) || self.after_adjective(i)))
    }

    /// True when token `i` follows a number or a lowercase word with an
    /// adjective ending ("erster Mensch", "die mündende Bach", "2.000 Krieger"):
    /// a noun, where every noun is capitalised. Past-tense verbs ("sagte")
    /// and speech verbs do not count.
    fn after_adjective(&self, i: usize) -> bool {
        let p = &self.toks[i - 1];
        if p.digit {
            return true;
        }
        if p.cap || p.end - p.start < 4 {
            return false;
        }
        let w = self.lower(i - 1);
        !self.has(i - 1, SPEECH_VERB)
            && !w.ends_with("te")
            && !w.ends_with("ten")
            && ["e", "er", "en", "em", "es"].iter().any(|s| w.ends_with(s))
    }

    /// True when token `i`, matched as a place of the knowledge base through
    /// another form than its name (ending at `end`), is a listed first name
    /// before a capitalised word that is no noun: a person ("Andy Ibbott",
    /// not the Andes, whose Czech name is "Andy").
    fn first_name_not_place(&self, i: usize, end: usize, name: &str) -> bool {
        let t = &self.toks[i];
        end == t.end
            && self.word(i) != name
            && self.starts_person(i)
            && self.toks.get(i + 1).is_some_and(|n| {
                n.gap == Gap::Space
                    && n.cap
                    && !n.upper
                    && !self.lex.looks_like_noun(self.lower(i + 1))
                    && !self.is_common_tok(i + 1)
            })
    }

    /// True when token `i` follows a particle right after a first name or
    /// initials: a place named in a person's name ("Patrick von Brunn",
    /// "Manolo de Huelva", "J. van Zwolle"; not "Femke Halsema van Amsterdam").
    fn place_in_name(&self, i: usize) -> bool {
        if i < 2
            || self.toks[i].gap != Gap::Space
            || self.toks[i - 1].gap != Gap::Space
            || !self.is_particle(i - 1)
        {
            return false;
        }
        self.starts_person(i - 2)
    }

    /// True when token `i` is initials or a listed first name.
    fn starts_person(&self, i: usize) -> bool {
        let t = &self.toks[i];
        t.initials || (t.cap && !t.upper && self.has(i, FIRST_NAME))
    }

    /// True when token `i` follows a place preposition ("in", "aus"), also
    /// one that opens the sentence ("In Burgsteinfurt gibt es ...").
    fn is_place_cue(&self, i: usize) -> bool {
        if i == 0 || self.toks[i].gap != Gap::Space {
            return false;
        }
        let p = &self.toks[i - 1];
        if p.cap && (p.upper || !p.sent_start) {
            return false;
        }
        if self.has(i - 1, PLACE_CUE) {
            return true;
        }
        let w = self.lower(i - 1);
        // "südöstlich von Montélimar", "north of Tikrit": a direction before "von"/"of".
        DIRECTION_LINKS.contains(&w)
            && i >= 2
            && p.gap == Gap::Space
            && !self.toks[i - 2].cap
            && DIRECTIONS.contains(&self.lower(i - 2))
    }

    /// The kind named by a lowercase class word just before token `i`, or
    /// before "of"/"de" and token `i`: "de gemeente Zwolle", "the village of
    /// Ashby", "la commune de Saint-Jory", "the carmaker Renault".
    fn class_before(&self, i: usize) -> Option<EntityType> {
        if i == 0 || self.toks[i].gap != Gap::Space {
            return None;
        }
        let mut k = i - 1;
        if CLASS_LINKS.contains(&self.lower(k)) && k > 0 && self.toks[k].gap == Gap::Space {
            k -= 1;
        }
        let t = &self.toks[k];
        if t.cap || t.digit || t.end - t.start < 3 {
            return None;
        }
        self.lex.class_of(self.lower(k))
    }

    /// True when token `i` follows a speech verb and closes its clause
    /// ("sagte Ketterer.", "aldus Bakker,").
    fn after_speech_verb(&self, i: usize) -> bool {
        i > 0
            && self.toks[i].gap == Gap::Space
            && !self.toks[i].sent_start
            && self.toks.get(i + 1).map_or(true, |n| n.gap != Gap::Space)
            && self.has(i - 1, SPEECH_VERB)
    }

    /// Where every noun is capitalised: true when token `i` follows a finite
    /// verb ("hofft Jones", "erreichte Spears", "sich Hendrix") that itself
    /// follows no article ("die genannte Zahl") and is followed by no
    /// capitalised word, and its own ending is not a common noun's.
    fn after_finite_verb(&self, i: usize) -> bool {
        let lex = self.lex;
        if !lex.capitalised_nouns || i == 0 || self.toks[i].gap != Gap::Space || self.toks[i].sent_start {
            return false;
        }
        if self.toks.get(i + 1).is_some_and(|n| n.gap == Gap::Space && (n.cap || n.digit)) {
            return false;
        }
        let p = &self.toks[i - 1];
        if p.cap || p.digit || p.end - p.start < 3 {
            return false;
        }
        let v = self.lower(i - 1);
        let verb = self.has(i - 1, SUBJECT_VERB)
            || ((v.ends_with('t') || v.ends_with("te")) && !v.ends_with("st") && !self.is_common_tok(i - 1));
        if !verb || (i >= 2 && (self.toks[i - 2].digit || self.has(i - 2, ARTICLE))) {
            return false;
        }
        let w = self.lower(i);
        !lex.bare_noun_endings.iter().any(|e| w.ends_with(e.as_str()))
    }

    /// Where every noun is capitalised: true when token `i` opens the
    /// sentence and a finite verb of the third person singular follows it
    /// ("Middelhoff habe außerdem ...", "Kolb war seit 1986 ..."), with no
    /// subject pronoun after the verb ("Zuvor war er ...") and no adverb's
    /// ending on the word itself ("Ursprünglich war ...").
    fn subject_before_verb(&self, i: usize) -> bool {
        let lex = self.lex;
        if !lex.capitalised_nouns || !self.toks[i].sent_start || self.toks[i].upper || self.toks[i].initials {
            return false;
        }
        let verb = i + 1;
        let Some(v) = self.toks.get(verb) else { return false };
        if v.gap != Gap::Space || v.cap || !self.has(verb, VERB_AFTER_SUBJECT) {
            return false;
        }
        if self
            .toks
            .get(verb + 1)
            .is_some_and(|n| n.gap == Gap::Space && !n.cap && self.has(verb + 1, SUBJECT_PRONOUN))
        {
            return false;
        }
        let w = self.lower(i);
        let len = w.chars().count();
        if len < 3 || self.is_common_tok(i) || lex.looks_like_noun(w) || self.derived(w) {
            return false;
        }
        if self.has(i, FIRST_NAME) {
            return true;
        }
        // "Gegründet wurde ...", "Verletzt wurde niemand": a participle.
        if ["ge", "be", "ver", "er", "ent", "zer"].iter().any(|p| w.starts_with(p)) && w.ends_with('t') {
            return false;
        }
        !lex.adverb_endings.iter().any(|e| w.len() > e.len() + 2 && w.ends_with(e.as_str()))
    }

    fn after_article(&self, i: usize) -> bool {
        i > 0 && self.toks[i].gap == Gap::Space && self.has(i - 1, ARTICLE)
    }
}

/// Finds every mention in the text: knowledge-base matches, then unknown names.
// Once a text: out of line, so that profiles show it whole.
#[inline(never)]
pub(crate) fn find(scan: &Scan<'_>) -> Vec<Mention> {
    let kb = scan.kb;
    let toks = scan.toks;
    let mut covered = vec![false; toks.len()];
    let mut out: Vec<Mention> = Vec::new();
    let common = |w: &str| scan.is_common(w);

    // Pass 1: the knowledge base, tried at capitalised words and at particles.
    // Only the tokens that may start a match (most words cannot) are visited.
    let mut i = 0;
    while let Some(c) = next_set(scan.starts, i) {
        i = c;
        let t = toks[i];
        // "'s Gravenhage", "’s-Hertogenbosch": the elided article opens the name.
        let from = elided_article_start(scan.text, t).unwrap_or(t.start);
        let try_here = t.cap
            || t.digit
            || from < t.start
            || (t.end - t.start <= 4
                && scan.lex.may_be_particle(scan.text.as_bytes()[t.start])
                && scan.has(i, PARTICLE));
        if try_here {
            let hit = kb
                .match_at(scan.text, from, scan.lang, &scan.lex.suffixes, &common, t.sent_start)
                .filter(|h| !(scan.lex.capitalised_nouns && h.end == t.end && scan.has(i, NEVER)))
                .filter(|h| h.kind != FormKind::Surname || !scan.surname_misread(i))
                .filter(|h| kb.entry(h.entry).kind != EntityType::Location || !scan.place_in_name(i))
                .filter(|h| {
                    let e = kb.entry(h.entry);
                    e.kind != EntityType::Location || !scan.first_name_not_place(i, h.end, &e.name)
                });
            if let Some(mut hit) = hit {
                // "the Commission": a short form's leading function word is not the name.
                if hit.kind == FormKind::Short {
                    if let Some(sp) = scan.text[hit.start..hit.end].find(' ') {
                        if scan.lex.stopwords.contains(&scan.text[hit.start..hit.start + sp].to_lowercase()) {
                            hit.start += sp + 1;
                        }
                    }
                }
                // "Audi AG": a legal form after a known organisation belongs to its name.
                if kb.entry(hit.entry).kind == EntityType::Organization {
                    let next = toks[i..].iter().find(|t| t.start >= hit.end);
                    if let Some(n) = next {
                        if n.gap == Gap::Space
                            && n.start == hit.end + 1
                            && scan.lex.legal_forms.contains(&scan.text[n.start..n.end])
                        {
                            hit.end = n.end;
                        }
                    }
                }
                let mut k = i;
                let mut words = Vec::new();
                while k < toks.len() && toks[k].start < hit.end {
                    covered[k] = true;
                    words.push((toks[k].start, toks[k].end.min(hit.end)));
                    k += 1;
                }
                let entry = kb.entry(hit.entry);
                let roles = if entry.kind == EntityType::Person { scan.roles_before(i) } else { Vec::new() };
                out.push(Mention {
                    start: hit.start,
                    end: hit.end,
                    source: Source::Kb { entry: hit.entry, form: hit.kind },
                    kind: entry.kind,
                    strength: STRONG,
                    roles,
                    words,
                });
                // A place named inside an event or organisation name is a mention
                // of its own ("AI-top in Parijs", "Universität Hamburg").
                if entry.kind != EntityType::Person && entry.kind != EntityType::Location {
                    for inner in &toks[i + 1..k] {
                        if !inner.cap {
                            continue;
                        }
                        let Some(h) = kb.match_at(
                            scan.text,
                            inner.start,
                            scan.lang,
                            &scan.lex.suffixes,
                            &common,
                            false,
                        ) else {
                            continue;
                        };
                        if h.end <= hit.end
                            && h.kind == FormKind::Full
                            && kb.entry(h.entry).kind == EntityType::Location
                        {
                            out.push(Mention {
                                start: h.start,
                                end: h.end,
                                source: Source::Kb { entry: h.entry, form: h.kind },
                                kind: EntityType::Location,
                                strength: STRONG,
                                roles: Vec::new(),
                                words: vec![(h.start, h.end)],
                            });
                        }
                    }
                }
                i = k.max(i + 1);
                continue;
            }
        }
        i += 1;
    }

    // Two known places in a row where the first is also a club word:
    // a club ("Preußen Münster", "Austria Wien").
    let mut clubs = Vec::new();
    for w in out.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.kind == EntityType::Location
            && b.kind == EntityType::Location
            && b.start == a.end + 1
            && scan.text.as_bytes()[a.end] == b' '
            && scan.lex.club_words.contains(&scan.text[a.start..a.end].to_lowercase())
        {
            let words = a.words.iter().chain(&b.words).copied().collect();
            clubs.push(Mention {
                start: a.start,
                end: b.end,
                source: Source::Name,
                kind: EntityType::Organization,
                strength: STRONG,
                roles: Vec::new(),
                words,
            });
        }
    }
    // Pass 2: capitalised sequences the knowledge base does not cover.
    // The knowledge-base mentions so far are in text order.
    let kb_mentions = out.len();
    let headline = scan.headline_lines();
    let mut i = 0;
    // On to the next token that may start a name: no other word can.
    while let Some(c) = next_set(scan.starts, i) {
        i = c;
        let t = toks[i];
        if covered[i] || !(t.cap || t.initials) || t.digit {
            i += 1;
            continue;
        }
        // Extend over capitalised words, initials and particles followed by a capitalised word.
        let mut j = i + 1;
        while j < toks.len() && !covered[j] && toks[j].gap == Gap::Space {
            let w = toks[j];
            if (w.cap || w.initials) && !w.digit {
                j += 1;
                continue;
            }
            let mut k = j;
            // Where every noun is capitalised, "der"/"von" between two capitalised
            // words joins a name only after a first name or initials ("Ursula von der Leyen").
            let particles_ok = !scan.lex.capitalised_nouns || (i..j).any(|k| scan.starts_person(k));
            let article_first = scan.has(j, ARTICLE);
            while particles_ok
                && !article_first
                && k < toks.len()
                && k - j < 3
                && toks[k].gap == Gap::Space
                && !covered[k]
                && scan.is_particle(k)
            {
                k += 1;
            }
            let org_so_far = (i..j).any(|k| scan.has(k, ORG_WORD));
            if k == j && org_so_far && CONNECTORS.contains(&scan.lower(j)) {
                k = j + 1;
            }
            if k > j && k < toks.len() && toks[k].gap == Gap::Space && toks[k].cap && !covered[k] {
                j = k + 1;
                continue;
            }
            break;
        }
        // "Chicago Bulls", "Manchester United": a team's name after its known home town.
        if let Some(p) = team_after_place(scan, &out[..kb_mentions], i, j) {
            let m = &mut out[p];
            m.end = toks[j - 1].end;
            m.source = Source::Name;
            m.kind = EntityType::Organization;
            m.roles.clear();
            m.words.extend((i..j).map(|k| (toks[k].start, toks[k].end)));
            i = j;
            continue;
        }
        // Where every noun is capitalised, a class word opens the sequence and
        // types the name after it: "Gemeinde Pflückuff", "Der Mobilfunkbetreiber E-Plus".
        if let Some((k, kind)) = class_split(scan, i, j) {
            if !headline[i] {
                out.push(Mention {
                    start: toks[k].start,
                    end: toks[j - 1].end,
                    source: Source::Name,
                    kind,
                    strength: STRONG,
                    roles: Vec::new(),
                    words: (k..j).map(|x| (toks[x].start, toks[x].end)).collect(),
                });
            }
            i = j;
            continue;
        }
        // Where every noun is capitalised, a name in the genitive before a noun
        // ends the name: "Luthers Schriften", "Walther Rathenaus Ermordung".
        if let Some((a, k)) = genitive_name(scan, i, j) {
            if a > i {
                out.extend(classify(scan, i, a, headline[i]));
            }
            if !headline[i] {
                out.push(Mention {
                    start: toks[a].start,
                    end: toks[k].end,
                    source: Source::Name,
                    kind: EntityType::Person,
                    strength: MEDIUM,
                    roles: scan.roles_before(a),
                    words: (a..=k).map(|x| (toks[x].start, toks[x].end)).collect(),
                });
            }
            i = k + 1;
            continue;
        }
        // A capitalised noun before a first name is not part of the name
        // ("Das Finanzgenie Wolfgang Wagner", "Torjäger Robert Vittek").
        let split = (i + 1..j).find(|&k| scan.starts_person(k) && !scan.starts_person(k - 1)).unwrap_or(i);
        if split > i {
            if let Some(m) = classify(scan, i, split, headline[i]) {
                out.push(m);
            }
        }
        // Where every noun is capitalised, a person's name ends with the surname
        // after the first names ("Matthew Williams Liebeskummer").
        let j = if scan.lex.capitalised_nouns { person_end(scan, split, j) } else { j };
        let m = classify(scan, split, j, headline[i]);
        // "FC Bayern", "Borussia Dortmund", "Universität Łódź": a club or
        // organisation word right before a known place names an organisation.
        let j = match org_with_place(scan, &out[..kb_mentions], split, j) {
            Some(end) => {
                let start = m.as_ref().map_or(toks[j - 1].start, |m| m.start);
                let first = (split..j).find(|&k| toks[k].start >= start).unwrap_or(j - 1);
                out.push(Mention {
                    start,
                    end: toks[end - 1].end,
                    source: Source::Name,
                    kind: EntityType::Organization,
                    strength: STRONG,
                    roles: Vec::new(),
                    words: (first..end).map(|k| (toks[k].start, toks[k].end)).collect(),
                });
                end
            }
            None => {
                out.extend(m);
                j
            }
        };
        i = j;
    }
    out.extend(clubs);
    coordinated(scan, &mut out);
    quoted_titles(scan, &mut out);
    out.sort_by_key(|m| (m.start, m.end));
    out
}

/// Words that join the members of a list ("Bonn und Köln").
const COORDINATORS: [&str; 9] = ["und", "oder", "sowie", "and", "or", "en", "et", "ou", "y"];

/// Single unknown capitalised words listed with a typed name take its type:
/// "Dresden, Spitzbergen oder Tromsø", "Merkel und Steinmeier". Twice, so
/// that the type runs along a list.
fn coordinated(scan: &Scan<'_>, out: &mut Vec<Mention>) {
    let toks = scan.toks;
    let lex = scan.lex;
    let tok_at = |pos: usize| toks.partition_point(|t| t.start < pos);
    let mut taken = vec![false; toks.len()];
    for m in out.iter().filter(|m| m.strength > NONE || matches!(m.source, Source::Kb { .. })) {
        let mut k = tok_at(m.start);
        while k < toks.len() && toks[k].start < m.end {
            taken[k] = true;
            k += 1;
        }
    }
    // Token `c` can take a type from a neighbour in a list.
    let free = |c: usize, taken: &[bool]| {
        let t = &toks[c];
        if taken[c] || !t.cap || t.digit || t.initials || t.upper {
            return false;
        }
        let single = toks.get(c + 1).map_or(true, |n| n.gap != Gap::Space || !(n.cap || n.digit))
            && (c == 0 || t.gap != Gap::Space || !toks[c - 1].cap);
        let w = scan.lower(c);
        single
            && !w.contains(['-', '‐', '‑'])
            && !scan.is_common_tok(c)
            && !scan.is_title(c)
            && !lex.looks_like_noun(w)
            && !(lex.capitalised_nouns && (lex.cue_blocked(w) || scan.derived(w)))
    };
    let is_comma =
        |k: usize| toks[k].gap == Gap::Punct && scan.text[toks[k - 1].end..toks[k].start].trim() == ",";
    let is_coord = |k: usize| {
        toks[k].gap == Gap::Space
            && !toks[k].cap
            && COORDINATORS.contains(&scan.lower(k))
            && toks.get(k + 1).is_some_and(|n| n.gap == Gap::Space)
    };
    for _ in 0..2 {
        let mut added = Vec::new();
        for m in out.iter() {
            let strong = matches!(m.source, Source::Kb { form: FormKind::Full, .. }) || m.strength >= STRONG;
            if !strong
                || !matches!(m.kind, EntityType::Person | EntityType::Location | EntityType::Organization)
            {
                continue;
            }
            // A comma joins a list only where the list goes on ("A, B und C");
            // after a person it opens an apposition ("Max Kern, Inhaber der ...").
            let commas = m.kind != EntityType::Person;
            let first = tok_at(m.start);
            let last = tok_at(m.end).saturating_sub(1);
            if first >= toks.len() || last < first {
                continue;
            }
            let mut cands = [None, None];
            let goes_on = |c: usize| c + 1 < toks.len() && (is_comma(c + 1) || is_coord(c + 1));
            let went_before = |c: usize| c >= 2 && (is_comma(c) || is_coord(c - 1));
            if last + 1 < toks.len() && commas && is_comma(last + 1) && goes_on(last + 1) {
                cands[0] = Some(last + 1);
            } else if last + 2 < toks.len() && is_coord(last + 1) {
                cands[0] = Some(last + 2);
            }
            if first >= 1 && commas && is_comma(first) && went_before(first - 1) {
                cands[1] = Some(first - 1);
            } else if first >= 2 && toks[first].gap == Gap::Space && is_coord(first - 1) {
                cands[1] = Some(first - 2);
            }
            for c in cands.into_iter().flatten() {
                if free(c, &taken) {
                    taken[c] = true;
                    added.push(Mention {
                        start: toks[c].start,
                        end: toks[c].end,
                        source: Source::Name,
                        kind: m.kind,
                        strength: MEDIUM,
                        roles: Vec::new(),
                        words: vec![(toks[c].start, toks[c].end)],
                    });
                }
            }
        }
        if added.is_empty() {
            break;
        }
        out.extend(added);
    }
}

/// Marks that open a quotation.
const OPEN_QUOTES: [char; 7] = ['„', '“', '"', '«', '»', '‚', '‘'];
/// Marks that close one.
const CLOSE_QUOTES: [char; 7] = ['“', '”', '"', '»', '«', '‘', '’'];
/// Short words a title may keep in lowercase ("Blood of Eden", "Spring um dein Leben").
const TITLE_LINKS: [&str; 36] = [
    "of", "the", "and", "or", "in", "on", "to", "a", "at", "for", "with", "from", "der", "die", "das", "des",
    "den", "dem", "und", "im", "am", "von", "vom", "zum", "zur", "de", "la", "le", "les", "du", "van", "het",
    "en", "et", "di", "del",
];

/// Titles of works in quotation marks: after a word for a kind of work
/// ("der Song „One Last Dance“", "the novel “Dark Water”"), or of two or
/// more words in title case ("„Keep It Simple“"). A quotation followed by a
/// speech verb is speech, and a quoted name already typed (a newspaper, a
/// place) stays as it is. Names found inside a title go.
fn quoted_titles(scan: &Scan<'_>, out: &mut Vec<Mention>) {
    let (toks, text) = (scan.toks, scan.text);
    let mut titles: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if t.gap != Gap::Punct || !(t.cap || t.digit) {
            i += 1;
            continue;
        }
        let before = &text[if i == 0 { 0 } else { toks[i - 1].end }..t.start];
        if !before.trim_end().ends_with(OPEN_QUOTES) {
            i += 1;
            continue;
        }
        // The closing mark, within ten words and the same line.
        let mut close = None;
        let mut k = i;
        while k < toks.len() && k < i + 10 {
            let after = &text[toks[k].end..toks.get(k + 1).map_or(text.len(), |n| n.start)];
            let rest = after.trim_start_matches([' ', '!', '?', '.', '…']);
            if rest.starts_with(CLOSE_QUOTES) {
                close = Some((k, toks[k].end + after.len() - rest.len()));
                break;
            }
            if after.contains(['\n', '\r', '.', '!', '?']) || after.contains(OPEN_QUOTES) {
                break;
            }
            k += 1;
        }
        let Some((k, end)) = close else {
            i += 1;
            continue;
        };
        let n = k + 1 - i;
        let class = i > 0 && scan.lex.is_work_class(scan.lower(i - 1));
        // Where every noun is capitalised, a title-case phrase opening with a
        // place adjective names an organisation more often ("„Hamburger Frauenhilfe“").
        let place_adjective = scan.lex.capitalised_nouns && scan.lower(i).ends_with("er");
        // A phrase with an organisation word names an organisation ("„Verband
        // Deutscher Sportjournalisten“", "“Friends of the Earth Foundation”").
        let org_word = (i..=k).any(|x| {
            let w = scan.lower(x);
            w.chars().count() >= 5 && scan.lex.is_org_word(w)
        });
        let title_case = n >= 2
            && !place_adjective
            && !org_word
            && (toks[k].cap || toks[k].digit)
            && (i..=k).all(|x| toks[x].cap || toks[x].digit || TITLE_LINKS.contains(&scan.lower(x)));
        let speech = k + 1 < toks.len() && scan.has(k + 1, SPEECH_VERB);
        let start = t.start;
        let end = text[..end].trim_end().len();
        let typed = || {
            out.iter().any(|m| {
                m.start == start
                    && m.end <= end
                    && m.kind != EntityType::Misc
                    && (matches!(m.source, Source::Kb { .. }) || m.strength >= MEDIUM)
            })
        };
        if !speech && (class || (title_case && !typed())) {
            titles.push(Mention {
                start,
                end,
                source: Source::Name,
                kind: EntityType::Misc,
                strength: if class { STRONG } else { MEDIUM },
                roles: Vec::new(),
                words: (i..=k).map(|x| (toks[x].start, toks[x].end)).collect(),
            });
        }
        i = k + 1;
    }
    if titles.is_empty() {
        return;
    }
    out.retain(|m| {
        !titles.iter().any(|t| {
            m.start >= t.start
                && m.end <= t.end
                && (matches!(m.source, Source::Name) || (m.start == t.start && m.end == t.end))
        })
    });
    out.extend(titles);
}

/// The end of a person's name in `toks[a..j]` that opens with first names or
/// initials: after the first capitalised word that follows them (its
/// particles before it, or a regnal number after it: "Elisabeth II"), when
/// the next word is a noun, a title or a common word ("Janet Branagan
/// Bemerkungen", "Julio A. Roca Präsident"). Sequences with an organisation
/// word or legal form keep their end ("Robert Bosch GmbH").
fn person_end(scan: &Scan<'_>, a: usize, j: usize) -> usize {
    let toks = scan.toks;
    let lex = scan.lex;
    let mut k = a;
    while k < j && scan.starts_person(k) {
        k += 1;
    }
    if k == a || k >= j {
        return j;
    }
    if (a..j).any(|x| scan.has(x, ORG_WORD) || lex.legal_forms.contains(scan.word(x))) {
        return j;
    }
    while k < j && !toks[k].cap && scan.is_particle(k) {
        k += 1;
    }
    if k < j {
        k += 1;
    }
    if k < j && is_roman(scan.word(k)) {
        k += 1;
    }
    if k >= j || !toks[k].cap {
        return j;
    }
    let w = scan.lower(k);
    let noun = lex.looks_like_noun(w) || scan.is_title(k) || scan.is_common_tok(k) || scan.has(k, ARTICLE);
    if noun {
        k
    } else {
        j
    }
}

/// In a language that capitalises nouns, a capitalised sequence `toks[i..j]`
/// whose first word (after an article) is a class word followed by one to
/// three other words: the start of the name after it and its type ("Stadtteil
/// Röthenbach", "Die Fluggesellschaft Air One"). Not when the name starts with
/// an article, a title or a common word ("Zeitung Die Welt", "Verein Präsident").
fn class_split(scan: &Scan<'_>, i: usize, j: usize) -> Option<(usize, EntityType)> {
    let lex = scan.lex;
    if !lex.capitalised_nouns {
        return None;
    }
    let toks = scan.toks;
    let mut c = i;
    if c + 1 < j && toks[c].sent_start && scan.has(c, ARTICLE) {
        c += 1;
    }
    let name = c + 1;
    if name >= j || j - name > 3 || toks[c].upper || !toks[c].cap {
        return None;
    }
    let kind = lex.class_of(scan.lower(c))?;
    if scan.has(name, ARTICLE) || scan.is_common_tok(name) || scan.is_title(name) || toks[name].digit {
        return None;
    }
    Some((name, kind))
}

/// Where every noun is capitalised, true when `toks[a..b]` is two or three
/// words: adjectives before a noun that ends place names ("Tegeler See",
/// "Frankfurter Hauptbahnhof", "Steinerne Brücke").
fn place_phrase(scan: &Scan<'_>, a: usize, b: usize) -> bool {
    let lex = scan.lex;
    (2..=3).contains(&(b - a))
        && lex.capitalised_nouns
        && lex.is_place_head(scan.lower(b - 1))
        && (a..b - 1).all(|k| {
            let w = scan.lower(k);
            ["er", "e", "en", "es"].iter().any(|e| w.ends_with(e))
                && !lex.is_place_head(w)
                && !scan.has(k, ARTICLE)
                && !scan.is_common_tok(k)
        })
}

/// True for a Roman numeral of up to five letters ("II", "XIV").
fn is_roman(w: &str) -> bool {
    (1..=5).contains(&w.len()) && w.bytes().all(|b| matches!(b, b'I' | b'V' | b'X' | b'L'))
}

/// In a language that capitalises nouns, a capitalised sequence `toks[i..j]`
/// holding a word in the genitive `-s` followed by a noun: only names stand
/// before a noun in the genitive without an article ("Merkels Politik", but
/// "die Politik des Staates"). Returns the name's first and last token.
fn genitive_name(scan: &Scan<'_>, i: usize, j: usize) -> Option<(usize, usize)> {
    let lex = scan.lex;
    if !lex.capitalised_nouns || j < i + 2 {
        return None;
    }
    let toks = scan.toks;
    let k = (i..j - 1).find(|&k| {
        let t = &toks[k];
        let w = scan.word(k);
        let lw = scan.lower(k);
        t.cap
            && !t.upper
            && !t.initials
            && !t.sent_start
            && w.len() >= 4
            && lw.ends_with('s')
            && !lw.ends_with("ss")
            && !lw.ends_with("us")
            && !lw.ends_with("is")
            && !lw.ends_with("es")
            && !lw.contains('-')
            && !scan.starts_person(k)
            && !lex.looks_like_noun(lw)
            && !lex.looks_like_noun(lex.stem(lw))
            && !scan.is_common_tok(k)
            && !scan.is_title(k)
            && !lex.is_title(lex.stem(lw))
            && !scan.has(k, ORG_WORD)
            && (k > i
                || !(scan.after_article(k)
                    || (k > 1
                        && t.gap == Gap::Space
                        && scan.after_adjective(k)
                        && scan.after_article(k - 1))))
    })?;
    // The name starts at the word before when that is a first name or initials.
    let a = if k > i && scan.starts_person(k - 1) { k - 1 } else { k };
    Some((a, k))
}

/// When the word before token `j` is a club or organisation word and token
/// `j` starts a known place ("VfL Osnabrück", "Inter Mailand", "TU Berlin"),
/// the token end of the organisation name: the place, a second place
/// ("FC Bayern München") and a two-digit club year ("Mainz 05").
fn org_with_place(scan: &Scan<'_>, out: &[Mention], from: usize, j: usize) -> Option<usize> {
    let toks = scan.toks;
    if j == 0 || j >= toks.len() || toks[j].gap != Gap::Space || !toks[j - 1].cap {
        return None;
    }
    if !scan.has(j - 1, CLUB_WORD | ORG_WORD) {
        // "SC DHfK Leipzig", "ESV Lok Zwickau": a club abbreviation a word or two before.
        let club = (from.max(j.saturating_sub(3))..j - 1).find(|&k| {
            toks[k].cap && scan.word(k).chars().skip(1).any(char::is_uppercase) && scan.has(k, CLUB_WORD)
        });
        club?;
    }
    // A short club word is an abbreviation ("FC", "VfL"), not "As" or "If".
    let word = scan.word(j - 1);
    if word.chars().count() <= 3 && !word.chars().skip(1).any(char::is_uppercase) {
        return None;
    }
    let mut end = j;
    while let Some(t) = toks.get(end) {
        if t.gap != Gap::Space {
            break;
        }
        let from = out.partition_point(|m| m.start < t.start);
        let place = out[from..].iter().take_while(|m| m.start == t.start).find(|m| {
            m.kind == EntityType::Location && matches!(m.source, Source::Kb { form: FormKind::Full, .. })
        });
        let Some(place) = place else { break };
        while end < toks.len() && toks[end].start < place.end {
            end += 1;
        }
    }
    if end == j {
        return None;
    }
    if toks.get(end).is_some_and(|t| t.gap == Gap::Space && t.digit && t.end - t.start == 2) {
        end += 1;
    }
    Some(end)
}

/// Plural nouns that follow a host city's name in the names of events, not teams.
const EVENT_PLURALS: [&str; 6] = ["games", "olympics", "championships", "talks", "accords", "open"];

/// Endings of words in "-s" that are no plurals: Dutch adverbs ("dagelijks",
/// "blijkens") and singular nouns ("Gildehaus", "Genesis", "Kosmos").
const NOT_PLURAL_ENDINGS: [&str; 5] = ["ijks", "ens", "us", "is", "os"];

/// When the capitalised words `toks[i..j]` (one to three) follow a known
/// place with one space between and end in a team word or an English plural
/// ("Chicago Bulls", "Detroit Red Wings", "Northampton Town"): the index of
/// the place's mention in `kb`, which then names the team. Not after a place
/// preposition ("in Paris Hotels"), nor when the last word is a common noun.
fn team_after_place(scan: &Scan<'_>, kb: &[Mention], i: usize, j: usize) -> Option<usize> {
    let toks = scan.toks;
    if i == 0 || j - i > 3 || toks[i].gap != Gap::Space || toks[i - 1].end + 1 != toks[i].start {
        return None;
    }
    let last = scan.lower(j - 1);
    let word = scan.word(j - 1);
    let team_word = scan.has(j - 1, TEAM_WORD);
    let plural = word.len() >= 4
        && last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("'s")
        && !last.ends_with("’s")
        && !toks[j - 1].upper
        && !NOT_PLURAL_ENDINGS.iter().any(|e| last.ends_with(e))
        && !EVENT_PLURALS.contains(&last)
        && !scan.lex.looks_like_noun(last)
        && !scan.lex.looks_like_noun(scan.lex.stem(last));
    if !(team_word || plural) || (i..j).any(|k| !toks[k].cap || toks[k].digit || scan.is_common_tok(k)) {
        return None;
    }
    let p = kb.partition_point(|m| m.start < toks[i].start);
    let idx = kb[..p].iter().rposition(|m| m.end <= toks[i - 1].end)?;
    let m = &kb[idx];
    if m.end != toks[i - 1].end
        || toks[i - 1].upper
        || m.kind != EntityType::Location
        || !matches!(m.source, Source::Kb { form: FormKind::Full, .. })
    {
        return None;
    }
    let first = toks[..i].partition_point(|t| t.start < m.start);
    if first < toks.len() && toks[first].start == m.start && scan.is_place_cue(first) {
        return None;
    }
    Some(idx)
}

/// The start of the apostrophe before a word "s" that follows white space or
/// opens the text (the elided article of "'s Gravenhage").
#[inline]
fn elided_article_start(text: &str, t: Tok) -> Option<usize> {
    // Nearly every word fails on its first byte.
    if !matches!(text.as_bytes().get(t.start), Some(b's' | b'S')) {
        return None;
    }
    let w = &text[t.start..t.end];
    if !(w == "s" || w == "S" || w.starts_with("s-") || w.starts_with("S-")) {
        return None;
    }
    let before = &text[..t.start];
    let apostrophe = before.chars().next_back().filter(|&c| c == '\'' || c == '’')?;
    let start = t.start - apostrophe.len_utf8();
    let prev = text[..start].chars().next_back();
    prev.map_or(true, char::is_whitespace).then_some(start)
}

/// A test made when first asked, and once.
struct Lazy<F> {
    test: F,
    value: Cell<Option<bool>>,
}

impl<F: Fn() -> bool> Lazy<F> {
    fn new(test: F) -> Lazy<F> {
        Lazy { test, value: Cell::new(None) }
    }

    fn get(&self) -> bool {
        if let Some(v) = self.value.get() {
            return v;
        }
        let v = (self.test)();
        self.value.set(Some(v));
        v
    }
}

/// Types the capitalised sequence `toks[a..b]`, or drops it.
fn classify(scan: &Scan<'_>, mut a: usize, mut b: usize, headline: bool) -> Option<Mention> {
    let toks = scan.toks;
    let lex = scan.lex;
    let mut roles = scan.roles_before(a);
    // Leading titles, function words and never-names are not part of the name.
    while a < b {
        let f = scan.flags(a);
        if f & FIRST_NAME == 0 && scan.is_title(a) {
            roles.push(scan.word(a).to_string());
        } else if f & NEVER != 0
            || (f & STOPWORD != 0
                && f & FIRST_NAME == 0
                && (toks[a].sent_start || !toks[a].cap || a + 1 == b || f & PARTICLE == 0))
        {
            roles.clear();
        } else {
            break;
        }
        a += 1;
    }
    // Trailing particles, connectors and never-names.
    let mut before_title = false;
    // Whether the last word (of the name as it ends when the loop ends) is a legal form.
    let mut legal_last = false;
    while b > a {
        if lex.legal_forms.contains(scan.word(b - 1)) {
            legal_last = true;
            break;
        }
        // A regnal number after a name ("Elisabeth II", "Willem III").
        if b - 1 > a && is_roman(scan.word(b - 1)) && scan.starts_person(b - 2) && !toks[b - 2].initials {
            break;
        }
        if !toks[b - 1].cap || scan.has(b - 1, NEVER | STOPWORD) {
            before_title |= toks[b - 1].cap && scan.is_title(b - 1);
            b -= 1;
        } else {
            break;
        }
    }
    // One word before a title is its modifier ("French President", "German Chancellor").
    if a >= b || (before_title && b - a == 1 && !toks[a].upper) {
        return None;
    }
    // Initials or single capitals without a name ("J. A.", "Z. M.", "B F")
    // name no one by themselves.
    if (a..b).all(|k| toks[k].initials || (toks[k].end - toks[k].start == 1 && toks[k].cap)) {
        return None;
    }
    // An article-like particle before a title ("De Voorzitter", "Den Koning"):
    // a title, not a surname such as "De Vries".
    if b - a == 2 && scan.has(a, PARTICLE) && scan.is_title(b - 1) {
        return None;
    }
    // Abbreviated honorifics before a title ("Z. M. de Koning", "Z. H. den
    // Paus", "H. M. de Koningin"): a title, not a name.
    if b - a >= 2
        && toks[a].initials
        && scan.is_title(b - 1)
        && (a..b - 1).all(|k| toks[k].initials || (!toks[k].cap && scan.is_particle(k)))
    {
        return None;
    }
    let n = b - a;
    // "AI-top", "KI-Gipfel", "AI-gigafabrieken": a compound common noun, not a name.
    if n == 1 {
        let w = scan.word(a);
        if let Some((head, tail)) = w.rsplit_once(['-', '‐', '‑']) {
            let head_upper = head.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
            if tail.chars().next().is_some_and(char::is_lowercase) || (head_upper && lex.capitalised_nouns) {
                return None;
            }
        }
    }
    let first = scan.lower(a);
    let sent_start = toks[a].sent_start;
    // A compound organisation word counts as the name's head, its last word
    // ("Hamburger Mieterverein", "Evangelischen Presseverbandes").
    let has_org_word = ((n > 1 || !lex.capitalised_nouns)
        && ((a..b).any(|k| {
            scan.has(k, ORG_WORD)
                || (lex.capitalised_nouns && {
                    let stem = lex.stem(scan.lower(k));
                    stem.chars().count() >= 5 && lex.has(stem, ORG_WORD)
                })
        }) || (n > 1
            && (scan.has(b - 1, ORG_WORD)
                || (lex.capitalised_nouns && lex.is_org_word(scan.lower(b - 1)))))))
        || legal_last
        || (n > 1 && lex.legal_forms.contains(scan.word(b - 1).trim_end_matches('.')));
    let regnal = n > 1 && is_roman(scan.word(b - 1)) && scan.starts_person(b - 2);
    let first_name = scan.has(a, FIRST_NAME)
        || (n > 1 && first.contains('-') && first.split('-').all(|p| lex.has(p, FIRST_NAME)));
    let initials = toks[a].initials && n > 1 && !toks[b - 1].initials;
    let particle_inside = (a..b).any(|k| !toks[k].cap && !toks[k].initials && scan.is_particle(k));
    let acronym = n == 1 && toks[a].upper && (3..=6).contains(&(toks[a].end - toks[a].start));
    // A noun after a preposition takes a genitive after it ("Nach Ablauf der
    // Frist", "in Folge des Streiks"); a place's name hardly does.
    let genitive_after = lex.capitalised_nouns
        && toks.get(b).is_some_and(|t| t.gap == Gap::Space && GENITIVE_ARTICLES.contains(&scan.lower(b)));
    // The tests below that look words up are made when a branch first asks
    // (most sequences are typed before they do), and once.
    let place_cue =
        Lazy::new(|| scan.is_place_cue(a) && !(n == 1 && lex.cue_blocked(first)) && !genitive_after);
    let noun_first = Lazy::new(|| lex.looks_like_noun(first));
    let derived_first = Lazy::new(|| scan.derived(first));
    let nouny = Lazy::new(|| {
        (lex.capitalised_nouns && (a..b).any(|k| lex.looks_like_noun(scan.lower(k))))
            || (n == 1 && (noun_first.get() || derived_first.get()))
    });
    // Only its look of a place's derivation makes the word nouny ("Kranzler"):
    // it may still join a person named in full.
    let derived_only = || n == 1 && !noun_first.get() && derived_first.get();

    // "Gebouw der Akademie", "Kommissaris des Konings": a genitive article not
    // after "van"/"von" joins two nouns, not the parts of a person's name.
    let genitive_inside = (a + 1..b)
        .any(|k| !toks[k].cap && ["der", "des"].contains(&scan.lower(k)) && !scan.is_particle(k - 1));
    if genitive_inside && !first_name && !toks[a].initials && roles.is_empty() && !has_org_word {
        return None;
    }
    // "uit Jassy van den Moniteur", "te Hengelo van den heer": after a place
    // preposition, a word without first name or title before a particle is
    // the place, and the particle starts another phrase.
    if particle_inside
        && !first_name
        && roles.is_empty()
        && !has_org_word
        && !toks[a].initials
        && place_cue.get()
    {
        if let Some(p) = (a + 1..b).find(|&k| !toks[k].cap && scan.is_particle(k)) {
            if !(a..p).any(|k| lex.looks_like_noun(scan.lower(k))) && p - a <= 2 {
                return Some(Mention {
                    start: toks[a].start,
                    end: toks[p - 1].end,
                    source: Source::Name,
                    kind: EntityType::Location,
                    strength: MEDIUM,
                    roles,
                    words: (a..p).map(|k| (toks[k].start, toks[k].end)).collect(),
                });
            }
        }
    }
    let class = if lex.capitalised_nouns { None } else { scan.class_before(a) };
    let (mut kind, mut strength) = if has_org_word && roles.is_empty() {
        (EntityType::Organization, STRONG)
    } else if let (Some(kind), true) = (class, roles.is_empty()) {
        (kind, STRONG)
    } else if (2..=3).contains(&n)
        && roles.is_empty()
        && !toks[a].initials
        && !toks[b - 1].upper
        && lex.looks_like_street(scan.lower(b - 1))
    {
        // "Konrad Adenauer Straße", "Ben Jehudastraße": a street named after a
        // person is a place.
        (EntityType::Location, MEDIUM)
    } else if (!roles.is_empty() && !acronym) || (first_name && n > 1) {
        (EntityType::Person, STRONG)
    } else if regnal && n == 2 {
        (EntityType::Person, MEDIUM)
    } else if initials {
        (EntityType::Person, STRONG)
    } else if n > 1 && (a..b).all(|k| toks[k].upper) {
        // Capitals only, without a first name or title: a heading or a
        // shouted phrase ("VERTREK DER POSTWAGENS"), not a person.
        return None;
    } else if (2..=3).contains(&n) && scan.has(a, PLACE_PREFIX) && !toks[a + 1].upper {
        // "Bad Schussenried", "Sankt Augustin".
        (EntityType::Location, STRONG)
    } else if place_phrase(scan, a, b)
        || (n == 1 && !sent_start && !toks[a].upper && !first.contains('-') && lex.looks_like_street(first))
    {
        (EntityType::Location, MEDIUM)
    } else if headline || (lex.capitalised_nouns && !acronym && scan.after_article(a)) {
        return None;
    } else if particle_inside && n > 1 {
        (EntityType::Person, MEDIUM)
    } else if acronym {
        (EntityType::Organization, MEDIUM)
    } else if n == 1 && !acronym && !nouny.get() && scan.after_speech_verb(a) {
        (EntityType::Person, MEDIUM)
    } else if n == 1
        && !nouny.get()
        && ((!toks[a].upper && scan.after_finite_verb(a)) || scan.subject_before_verb(a))
    {
        // After a finite verb ("hofft Jones") or before one, opening the
        // sentence ("Middelhoff habe ...").
        (EntityType::Person, WEAK)
    } else if n <= 3 && place_cue.get() && !nouny.get() {
        (EntityType::Location, MEDIUM)
    } else if first_name
        && !sent_start
        && n == 1
        && a > 0
        && toks[a].gap == Gap::Space
        && scan.word(a - 1).bytes().all(|c| c.is_ascii_digit())
    {
        // A first name alone after a number is a month or a unit ("13 Jan.",
        // "groot 26 Ellen"), not a person.
        return None;
    } else if first_name && !sent_start {
        (EntityType::Person, WEAK)
    } else if n == 1 && !sent_start && !nouny.get() && lex.looks_like_place(first) {
        (EntityType::Location, WEAK)
    } else if lex.capitalised_nouns {
        if (nouny.get() && !derived_only()) || scan.after_article(a) {
            return None;
        }
        (EntityType::Misc, NONE)
    } else if derived_only() {
        (EntityType::Misc, NONE)
    } else if nouny.get() {
        return None;
    } else if n > 1
        && lex.adjective_endings.iter().any(|e| first.len() > e.len() + 2 && first.ends_with(e.as_str()))
    {
        // An adjective opens the sequence and no first name or title types it:
        // a noun phrase in capitals ("Fransche Rente", "Nieuwe Tafel"), no person.
        (EntityType::Misc, NONE)
    } else if n > 1 && !sent_start {
        (EntityType::Person, WEAK)
    } else if n > 1 {
        (EntityType::Person, NONE)
    } else if sent_start {
        (EntityType::Misc, NONE)
    } else {
        (EntityType::Misc, WEAK)
    };
    // German writes the ordinal with a period: "Elisabeth II." (the period is
    // part of the name).
    let mut end = toks[b - 1].end;
    if regnal && lex.capitalised_nouns && scan.text[end..].starts_with('.') {
        end += 1;
    }
    // "de heer van Morsser", "Mr. van Sonsbeeck", "Herr von Trotha": after a
    // title or form of address, the particles before a surname belong to it.
    // Not where nouns are capitalised: "Familie von Igor Anic", "Form von Schuppen".
    if !lex.capitalised_nouns && matches!(kind, EntityType::Person | EntityType::Misc) && n <= 2 {
        let mut k = a;
        while k > 0 && a - k < 3 && toks[k].gap == Gap::Space && scan.is_particle(k - 1) {
            k -= 1;
        }
        if k < a && k > 0 && toks[k].gap != Gap::Line {
            let w = scan.lower(k - 1).trim_end_matches('.');
            if lex.is_title(w) || lex.has(w, NEVER) {
                a = k;
                kind = EntityType::Person;
                strength = strength.max(MEDIUM);
            }
        }
    }
    Some(Mention {
        start: toks[a].start,
        end,
        source: Source::Name,
        kind,
        strength,
        roles,
        words: (a..b).map(|k| (toks[k].start, toks[k].end)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::Context;
    use crate::Language;

    /// The rules that look at neighbours (class words, quotation marks,
    /// lists, place prefixes) at the very edges of a text.
    #[test]
    fn edge_texts_do_not_panic() {
        let rec = super::super::EntityRecognizer::new(&[]).unwrap();
        for t in [
            "Bad",
            "Die Gemeinde",
            "Gemeinde X",
            "Song „",
            "„A B",
            "„A B“",
            "Song „Ä“",
            "“",
            "Berlin,",
            ", Berlin",
            "Berlin und",
            "und Berlin",
            "Berlin, Ä, Ö und Ü",
            "südlich von",
            "von Ä",
            "de gemeente",
            "the village of",
            "In",
            "In Ä",
            "sagte Ä",
            "hofft Ä",
        ] {
            for lang in [Language::German, Language::Dutch, Language::English] {
                let ents = rec.extract(&Context::new(t, Some(lang)));
                for e in &ents {
                    for m in &e.mentions {
                        assert_eq!(&t[m.start..m.end], m.text);
                    }
                }
            }
        }
    }
}
