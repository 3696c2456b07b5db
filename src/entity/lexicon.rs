//! The per-language word lists of the entity stage: `data/entity/<code>.toml`
//! plus the language-independent `data/entity/common.toml`.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::error::Error;
use crate::lang::{parse_one, Language};

// Word sets hash with the fast hasher: they are looked up for most words of a text.
use super::WordHasher;
use super::WordSet as HashSet;

/// Flags of [`Lexicon::flags`]: the lowercase word sets a word is in.
pub(crate) const TITLE: u32 = 1;
pub(crate) const ORG_WORD: u32 = 1 << 1;
pub(crate) const CLUB_WORD: u32 = 1 << 2;
pub(crate) const PLACE_CUE: u32 = 1 << 3;
pub(crate) const PARTICLE: u32 = 1 << 4;
pub(crate) const FIRST_NAME: u32 = 1 << 5;
pub(crate) const NEVER: u32 = 1 << 6;
pub(crate) const STOPWORD: u32 = 1 << 7;
pub(crate) const SPEECH_VERB: u32 = 1 << 8;
pub(crate) const ARTICLE: u32 = 1 << 9;
pub(crate) const VERB_AFTER_SUBJECT: u32 = 1 << 10;
pub(crate) const SUBJECT_PRONOUN: u32 = 1 << 11;
pub(crate) const SUBJECT_VERB: u32 = 1 << 12;
pub(crate) const PLACE_PREFIX: u32 = 1 << 13;
pub(crate) const TEAM_WORD: u32 = 1 << 14;
/// Not a word list: set on every value a cache of flags holds.
pub(crate) const KNOWN: u32 = 1 << 31;

/// The contents of one `data/entity/*.toml` file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntityData {
    /// Titles and role nouns that precede names ("minister", "CEO").
    #[serde(default)]
    pub titles: Vec<String>,
    /// Words that make a capitalised sequence an organisation ("Bank", "Universiteit").
    #[serde(default)]
    pub org_words: Vec<String>,
    /// Club and organisation words that name an organisation with the place
    /// after them ("FC", "Borussia", "Inter"; lowercase here).
    #[serde(default)]
    pub club_words: Vec<String>,
    /// Legal forms written after company names ("NV", "GmbH"); case-sensitive.
    #[serde(default)]
    pub legal_forms: Vec<String>,
    /// Prepositions after which a capitalised name is a place ("in", "uit").
    #[serde(default)]
    pub place_cues: Vec<String>,
    /// Name particles ("van", "der", "von", "de").
    #[serde(default)]
    pub particles: Vec<String>,
    /// Common first names.
    #[serde(default)]
    pub first_names: Vec<String>,
    /// Capitalised words never taken as (the start of) a name by themselves.
    #[serde(default)]
    pub never: Vec<String>,
    /// Words often capitalised at the start of a sentence that are not names.
    #[serde(default)]
    pub sentence_initial: Vec<String>,
    /// Case endings allowed after a known name ("s" in "Deutschlands").
    #[serde(default)]
    pub suffixes: Vec<String>,
    /// Endings of common nouns (for languages that capitalise nouns).
    #[serde(default)]
    pub noun_suffixes: Vec<String>,
    /// Endings typical of place names ("-burg", "-dam").
    #[serde(default)]
    pub place_suffixes: Vec<String>,
    /// Speech verbs after which a single capitalised word closing the clause
    /// is the speaker ("sagte Ketterer.", "aldus Bakker,").
    #[serde(default)]
    pub speech_verbs: Vec<String>,
    /// Endings of street and square names ("-straße", "-straat"): one such
    /// capitalised word is a place even after an article ("an der Hauptstraße").
    #[serde(default)]
    pub street_suffixes: Vec<String>,
    /// Endings of inflected common nouns: a word with one after a place cue is
    /// not taken for a place unless it also has a place-name ending ("in
    /// Einzelfällen", "aus Kostengründen").
    #[serde(default)]
    pub cue_blockers: Vec<String>,
    /// Words before a capitalised word that mark it as a common noun (articles).
    #[serde(default)]
    pub articles: Vec<String>,
    /// Words for a kind of place that stand before its name, in apposition
    /// ("Gemeinde", "Stadtteil"; "gemeente", "dorp"); lowercase here.
    #[serde(default)]
    pub place_classes: Vec<String>,
    /// Nouns that end the names of places, also as the head of a compound
    /// ("See", "Straße", "Bahnhof": "Tegeler See", "Frankfurter Hauptbahnhof").
    #[serde(default)]
    pub place_heads: Vec<String>,
    /// Words that open the names of places ("Bad", "Sankt": "Bad Schussenried").
    #[serde(default)]
    pub place_prefixes: Vec<String>,
    /// Endings of words derived from place names ("-isch", "-er"); when
    /// given, a word is taken for a derivation of a place only with one.
    #[serde(default)]
    pub derived_endings: Vec<String>,
    /// Adjective endings ("-sche", "-e"): an unknown capitalised sequence
    /// that opens with such a word is no person by itself ("Fransche Rente").
    #[serde(default)]
    pub adjective_endings: Vec<String>,
    /// Words for a kind of work before its title in quotation marks ("Song",
    /// "Album", "roman"); lowercase here. Six letters or more also head
    /// compounds ("Debütalbum").
    #[serde(default)]
    pub work_classes: Vec<String>,
    /// Where every noun is capitalised: finite verbs that need not end in
    /// "-t" ("war", "ging") and "sich", after which a lone capitalised word
    /// that is no noun is the subject ("Danach ging Marusha ...").
    #[serde(default)]
    pub subject_verbs: Vec<String>,
    /// Endings of common nouns that stand without an article ("studierte
    /// Medizin", "spielte Schlagzeug"); such a word after a verb is no name.
    #[serde(default)]
    pub bare_noun_endings: Vec<String>,
    /// Words for a kind of organisation that stand before its name ("Firma",
    /// "Hersteller"; "firma", "band"); lowercase here.
    #[serde(default)]
    pub org_classes: Vec<String>,
    /// Words that end a sports team's name after its home town ("United",
    /// "Town", "Rovers"); compared lowercase.
    #[serde(default)]
    pub team_words: Vec<String>,
    /// Where every noun is capitalised: finite verbs in the third person
    /// singular that follow their subject ("ist", "hatte", "sagte"); a lone
    /// capitalised word opening the sentence before one is a name
    /// ("Middelhoff habe ...").
    #[serde(default)]
    pub verbs_after_subject: Vec<String>,
    /// Personal pronouns that are subjects ("er", "man"): after a finite
    /// verb one shows that the word before the verb is not the subject.
    #[serde(default)]
    pub subject_pronouns: Vec<String>,
    /// Endings of adverbs and predicative adjectives that open sentences
    /// ("Ursprünglich war ...", "Bislang ist ..."); lowercase.
    #[serde(default)]
    pub adverb_endings: Vec<String>,
    /// True when the head noun comes first in names ("Commission européenne").
    #[serde(default)]
    pub head_first: bool,
    /// True for languages that capitalise every noun (German).
    #[serde(default)]
    pub capitalised_nouns: bool,
}

/// [`Lexicon::start_class`]: a word opening with the byte may start a name.
pub(crate) const START_ANY: u8 = 1;
/// [`Lexicon::start_class`]: a word of up to four bytes opening with the byte may start a name.
pub(crate) const START_SHORT: u8 = 2;

/// A table of the 256 bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ByteTable(pub [u8; 256]);

impl Default for ByteTable {
    fn default() -> ByteTable {
        ByteTable([0; 256])
    }
}

/// The compiled word lists of one language (merged with the common list).
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub titles: HashSet<String>,
    /// Title words of five letters or more, for compounds ("Commissievoorzitter").
    pub title_tails: Vec<String>,
    pub org_words: HashSet<String>,
    pub club_words: HashSet<String>,
    pub legal_forms: HashSet<String>,
    pub place_cues: HashSet<String>,
    pub particles: HashSet<String>,
    pub first_names: HashSet<String>,
    pub never: HashSet<String>,
    pub stopwords: HashSet<String>,
    pub abbreviations: HashSet<String>,
    pub suffixes: Vec<String>,
    pub noun_suffixes: Vec<String>,
    pub place_suffixes: Vec<String>,
    pub cue_blockers: Vec<String>,
    pub street_suffixes: Vec<String>,
    pub speech_verbs: HashSet<String>,
    pub articles: HashSet<String>,
    pub place_classes: HashSet<String>,
    pub org_classes: HashSet<String>,
    pub team_words: HashSet<String>,
    pub verbs_after_subject: HashSet<String>,
    pub subject_pronouns: HashSet<String>,
    pub adverb_endings: Vec<String>,
    pub subject_verbs: HashSet<String>,
    pub place_heads: Vec<String>,
    pub derived_endings: Vec<String>,
    pub adjective_endings: Vec<String>,
    pub work_classes: HashSet<String>,
    work_class_index: Suffixes,
    pub place_prefixes: HashSet<String>,
    place_head_index: Suffixes,
    pub bare_noun_endings: Vec<String>,
    pub head_first: bool,
    pub capitalised_nouns: bool,
    /// `place_classes` and `org_classes` of six letters or more, for compounds.
    place_class_index: Suffixes,
    org_class_index: Suffixes,
    /// `org_words` of five letters or more, for compounds where nouns are capitalised.
    org_word_index: Suffixes,
    /// `title_tails`, `noun_suffixes` and `place_suffixes` indexed for suffix lookups.
    tail_index: Suffixes,
    noun_index: Suffixes,
    place_index: Suffixes,
    /// `suffixes` indexed, for [`Lexicon::stem`].
    suffix_index: Suffixes,
    /// Every word of the sets above that have a flag, with its flags: one
    /// look-up answers for all of them. Words of eight bytes or more.
    words: std::collections::HashMap<String, u32, std::hash::BuildHasherDefault<WordHasher>>,
    /// Bit `b` set when a particle's first byte is `b`.
    particle_first: [u64; 4],
    /// Per first byte of a word: [`START_ANY`] when a word opening with it
    /// may start a name whatever it is (a digit, "s" after an elided
    /// article), [`START_SHORT`] when it may if short ([`Lexicon::may_be_particle`]).
    pub start_class: ByteTable,
    /// The same for words of up to seven bytes, keyed by [`short_key`].
    short_words: std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<WordHasher>>,
}

/// A list of word endings as a trie of their reversed bytes: a word's
/// endings are found by walking it backwards from its last byte.
#[derive(Debug, Default)]
struct Suffixes {
    /// The root's child per byte, or `u32::MAX`: the first step, taken by
    /// every look-up, is one index.
    root: Vec<u32>,
    /// Per node: (first edge, number of edges, an ending ends here).
    nodes: Vec<(u32, u32, bool)>,
    /// Edge labels (bytes) and child nodes; a node's edges are contiguous.
    labels: Vec<u8>,
    children: Vec<u32>,
}

impl Suffixes {
    fn new(list: &[String]) -> Suffixes {
        let mut keys: Vec<Vec<u8>> = list.iter().map(|s| s.bytes().rev().collect()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut t = Suffixes::default();
        let refs: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
        t.node(&refs, 0);
        t.root = vec![u32::MAX; 256];
        if let Some(&(first, len, _)) = t.nodes.first() {
            for k in first as usize..(first + len) as usize {
                t.root[usize::from(t.labels[k])] = t.children[k];
            }
        }
        t
    }

    /// The child of `node` by byte `b`.
    #[inline]
    fn child(&self, node: usize, b: u8) -> Option<usize> {
        if node == 0 {
            return self.root.get(usize::from(b)).filter(|&&c| c != u32::MAX).map(|&c| c as usize);
        }
        let &(first, len, _) = self.nodes.get(node)?;
        let k = super::find_byte(&self.labels, first as usize, len as usize, b)?;
        self.children.get(first as usize + k).map(|&c| c as usize)
    }

    fn node(&mut self, keys: &[&[u8]], depth: usize) -> u32 {
        let id = self.nodes.len() as u32;
        let (terminal, rest) = match keys.first() {
            Some(k) if k.len() == depth => (true, &keys[1..]),
            _ => (false, keys),
        };
        let first = self.labels.len() as u32;
        // The edges first (a node's edges are contiguous), then the subtrees,
        // whose key groups are found again rather than kept in a vector per node.
        let mut i = 0;
        while i < rest.len() {
            let (b, j) = Self::group(rest, i, depth);
            self.labels.push(b);
            self.children.push(0);
            i = j;
        }
        let edges = self.labels.len() as u32 - first;
        self.nodes.push((first, edges, terminal));
        let mut i = 0;
        for k in first as usize..(first + edges) as usize {
            let (_, j) = Self::group(rest, i, depth);
            self.children[k] = self.node(&rest[i..j], depth + 1);
            i = j;
        }
        id
    }

    /// The byte at `depth` of `keys[i]` and the end of the run of keys
    /// (sorted) that share it.
    fn group(keys: &[&[u8]], i: usize, depth: usize) -> (u8, usize) {
        let b = keys[i][depth];
        (b, i + keys[i..].partition_point(|k| k[depth] == b))
    }

    /// True when `w` ends in a listed ending at least `extra + 1` bytes shorter than itself.
    fn ends(&self, w: &str, extra: usize) -> bool {
        let mut node = 0usize;
        for (n, &b) in w.as_bytes().iter().rev().enumerate() {
            let Some(c) = self.child(node, b) else { return false };
            node = c;
            // An ending of n + 1 bytes: it starts a char, as it is a whole string.
            if w.len() <= n + 1 + extra {
                return false;
            }
            if self.nodes[node].2 {
                return true;
            }
        }
        false
    }

    /// The byte length of the longest listed ending of `w` that leaves at
    /// least `rest` bytes before it, or 0.
    fn longest(&self, w: &[u8], rest: usize) -> usize {
        let mut node = 0usize;
        let mut best = 0;
        for (n, &b) in w.iter().rev().enumerate() {
            if w.len() < n + 1 + rest {
                break;
            }
            let Some(c) = self.child(node, b) else { break };
            node = c;
            if self.nodes[node].2 {
                best = n + 1;
            }
        }
        best
    }
}

fn lower_set(words: &[String], into: &mut HashSet<String>) {
    into.extend(words.iter().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()));
}

fn sorted_longest_first(mut v: Vec<String>) -> Vec<String> {
    v.retain(|s| !s.is_empty());
    v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    v.dedup();
    v
}

impl Lexicon {
    fn add(&mut self, d: &EntityData) {
        lower_set(&d.titles, &mut self.titles);
        lower_set(&d.org_words, &mut self.org_words);
        lower_set(&d.club_words, &mut self.club_words);
        self.legal_forms.extend(d.legal_forms.iter().map(|s| s.trim().to_string()));
        lower_set(&d.place_cues, &mut self.place_cues);
        lower_set(&d.particles, &mut self.particles);
        lower_set(&d.first_names, &mut self.first_names);
        lower_set(&d.never, &mut self.never);
        lower_set(&d.sentence_initial, &mut self.stopwords);
        lower_set(&d.articles, &mut self.articles);
        lower_set(&d.place_classes, &mut self.place_classes);
        lower_set(&d.subject_verbs, &mut self.subject_verbs);
        lower_set(&d.work_classes, &mut self.work_classes);
        lower_set(&d.place_prefixes, &mut self.place_prefixes);
        self.place_heads.extend(d.place_heads.iter().map(|s| s.to_lowercase()));
        self.derived_endings.extend(d.derived_endings.iter().map(|s| s.to_lowercase()));
        self.adjective_endings.extend(d.adjective_endings.iter().map(|s| s.to_lowercase()));
        self.bare_noun_endings.extend(d.bare_noun_endings.iter().map(|s| s.to_lowercase()));
        lower_set(&d.org_classes, &mut self.org_classes);
        lower_set(&d.team_words, &mut self.team_words);
        lower_set(&d.verbs_after_subject, &mut self.verbs_after_subject);
        lower_set(&d.subject_pronouns, &mut self.subject_pronouns);
        self.adverb_endings.extend(d.adverb_endings.iter().map(|s| s.to_lowercase()));
        self.suffixes.extend(d.suffixes.iter().map(|s| s.to_lowercase()));
        self.noun_suffixes.extend(d.noun_suffixes.iter().map(|s| s.to_lowercase()));
        self.place_suffixes.extend(d.place_suffixes.iter().map(|s| s.to_lowercase()));
        self.cue_blockers.extend(d.cue_blockers.iter().map(|s| s.to_lowercase()));
        self.street_suffixes.extend(d.street_suffixes.iter().map(|s| s.to_lowercase()));
        lower_set(&d.speech_verbs, &mut self.speech_verbs);
        self.head_first |= d.head_first;
        self.capitalised_nouns |= d.capitalised_nouns;
    }

    fn finish(mut self) -> Lexicon {
        let mut tails: Vec<String> =
            self.titles.iter().filter(|t| t.chars().count() >= 5 && !t.contains(' ')).cloned().collect();
        tails.sort();
        self.title_tails = sorted_longest_first(tails);
        self.suffixes = sorted_longest_first(std::mem::take(&mut self.suffixes));
        self.suffix_index = Suffixes::new(&self.suffixes);
        self.noun_suffixes = sorted_longest_first(std::mem::take(&mut self.noun_suffixes));
        self.place_suffixes = sorted_longest_first(std::mem::take(&mut self.place_suffixes));
        self.tail_index = Suffixes::new(&self.title_tails);
        self.noun_index = Suffixes::new(&self.noun_suffixes);
        self.place_index = Suffixes::new(&self.place_suffixes);
        // Class words of six letters or more also head compounds ("Marktgemeinde",
        // "Spielzeughersteller"); shorter ones ("Stadt", "Dorf") end too many names.
        let heads = |set: &HashSet<String>| -> Vec<String> {
            set.iter().filter(|w| w.chars().count() >= 6 && !w.contains(' ')).cloned().collect()
        };
        self.place_class_index = Suffixes::new(&heads(&self.place_classes));
        self.org_class_index = Suffixes::new(&heads(&self.org_classes));
        self.work_class_index = Suffixes::new(&heads(&self.work_classes));
        if self.capitalised_nouns {
            // Not "Kirche", "Zentrum": "Klosterkirche", "Stadtzentrum" are places.
            let words: Vec<String> = self
                .org_words
                .iter()
                .filter(|w| w.chars().count() >= 5 && !["kirche", "zentrum"].contains(&w.as_str()))
                .cloned()
                .collect();
            self.org_word_index = Suffixes::new(&words);
        }
        self.place_head_index = Suffixes::new(&self.place_heads);
        self.cue_blockers = sorted_longest_first(std::mem::take(&mut self.cue_blockers));
        self.street_suffixes = sorted_longest_first(std::mem::take(&mut self.street_suffixes));
        self
    }

    /// Fills the flag map from the word sets (after the last change to them).
    fn index_words(&mut self) {
        let sets: [(&HashSet<String>, u32); 15] = [
            (&self.titles, TITLE),
            (&self.org_words, ORG_WORD),
            (&self.club_words, CLUB_WORD),
            (&self.place_cues, PLACE_CUE),
            (&self.particles, PARTICLE),
            (&self.first_names, FIRST_NAME),
            (&self.never, NEVER),
            (&self.stopwords, STOPWORD),
            (&self.speech_verbs, SPEECH_VERB),
            (&self.articles, ARTICLE),
            (&self.verbs_after_subject, VERB_AFTER_SUBJECT),
            (&self.subject_pronouns, SUBJECT_PRONOUN),
            (&self.subject_verbs, SUBJECT_VERB),
            (&self.place_prefixes, PLACE_PREFIX),
            (&self.team_words, TEAM_WORD),
        ];
        // Room for every word in either map, so that neither grows (and rehashes)
        // as it fills; both are only looked up, so their order does not matter.
        let n: usize = sets.iter().map(|(set, _)| set.len()).sum();
        let mut words = std::collections::HashMap::with_capacity_and_hasher(n, Default::default());
        let mut short_words = std::collections::HashMap::with_capacity_and_hasher(n, Default::default());
        for (set, flag) in sets {
            for w in set {
                match short_key(w) {
                    Some(k) => *short_words.entry(k).or_insert(0) |= flag,
                    None => *words.entry(w.clone()).or_insert(0) |= flag,
                }
            }
        }
        self.words = words;
        self.short_words = short_words;
        let mut first = [0u64; 4];
        for p in &self.particles {
            if let Some(&b) = p.as_bytes().first() {
                first[usize::from(b >> 6)] |= 1 << (b & 63);
            }
        }
        self.particle_first = first;
        let mut class = [0u8; 256];
        for (b, c) in (0..=255u8).zip(class.iter_mut()) {
            let any = b.is_ascii_digit() || (b | 0x20) == b's';
            *c = if any { START_ANY } else { 0 } | if self.may_be_particle(b) { START_SHORT } else { 0 };
        }
        self.start_class = ByteTable(class);
    }

    /// False when a word starting with byte `b` cannot be a particle: `b`
    /// is ASCII and no particle starts with it, in either case.
    #[inline]
    pub fn may_be_particle(&self, b: u8) -> bool {
        let b = b.to_ascii_lowercase();
        // Both sides evaluated: no branch on the text.
        (b >= 0x80) | (self.particle_first[usize::from(b >> 6)] & (1 << (b & 63)) != 0)
    }

    /// The flags ([`TITLE`], [`PARTICLE`], ...) of the sets lowercase `w` is in.
    #[inline]
    pub fn flags(&self, w: &str) -> u32 {
        match short_key(w) {
            Some(k) => self.short_words.get(&k),
            None => self.words.get(w),
        }
        .copied()
        .unwrap_or(0)
    }

    /// True when lowercase `w` is in one of the sets of `flags`.
    #[inline]
    pub fn has(&self, w: &str, flags: u32) -> bool {
        self.flags(w) & flags != 0
    }

    /// True when lowercase `w` is a title or a compound ending in one.
    pub fn is_title(&self, w: &str) -> bool {
        if self.titles.contains(w) {
            return true;
        }
        self.is_title_compound(w)
    }

    /// True when lowercase `w` is a compound ending in a title (of five letters or more).
    pub fn is_title_compound(&self, w: &str) -> bool {
        self.tail_index.ends(w, 2)
    }

    /// The kind of thing a lowercase class word names: a place ("gemeente",
    /// "Stadtteil") or an organisation ("Hersteller", "firma").
    pub fn class_of(&self, w: &str) -> Option<crate::record::EntityType> {
        use crate::record::EntityType;
        if self.place_classes.contains(w) || self.place_class_index.ends(w, 2) {
            Some(EntityType::Location)
        } else if self.org_classes.contains(w) || self.org_class_index.ends(w, 2) {
            Some(EntityType::Organization)
        } else {
            None
        }
    }

    /// True when lowercase `w` is an organisation word or, where nouns are
    /// capitalised, a compound or case form of one ("Mieterverein",
    /// "Presseverbandes").
    pub fn is_org_word(&self, w: &str) -> bool {
        if self.org_words.contains(w) {
            return true;
        }
        if !self.capitalised_nouns {
            return false;
        }
        let stem = self.stem(w);
        let long = |x: &str| x.chars().count() >= 5 && self.org_words.contains(x);
        long(stem) || self.org_word_index.ends(w, 2) || self.org_word_index.ends(stem, 2)
    }

    /// True when lowercase `w` names a kind of work ("Song", "Debütalbum",
    /// "Action-Spiels" through its stem).
    pub fn is_work_class(&self, w: &str) -> bool {
        let stem = self.stem(w);
        self.work_classes.contains(w)
            || self.work_classes.contains(stem)
            || self.work_class_index.ends(w, 2)
            || self.work_class_index.ends(stem, 2)
    }

    /// True when lowercase `w` is or ends in a noun that ends place names
    /// ("see", "hauptbahnhof").
    pub fn is_place_head(&self, w: &str) -> bool {
        self.place_head_index.ends(w, 0) || self.place_heads.iter().any(|h| h == w)
    }

    /// True when lowercase `w` ends in a listed common-noun ending.
    pub fn looks_like_noun(&self, w: &str) -> bool {
        self.noun_index.ends(w, 2)
    }

    /// True when lowercase `w` ends in a listed place-name ending.
    pub fn looks_like_place(&self, w: &str) -> bool {
        self.place_index.ends(w, 1)
    }

    /// True when lowercase `w` is a street or square name ("schillerstraße").
    pub fn looks_like_street(&self, w: &str) -> bool {
        self.street_suffixes.iter().any(|s| w.len() > s.len() + 2 && w.ends_with(s.as_str()))
    }

    /// True when lowercase `w` after a place cue is more likely an inflected
    /// common noun than a place.
    pub fn cue_blocked(&self, w: &str) -> bool {
        !self.looks_like_place(w)
            && self.cue_blockers.iter().any(|s| w.len() > s.len() + 2 && w.ends_with(s.as_str()))
    }

    /// `w` (lowercase) with a listed case ending removed, when one fits and
    /// at least three letters remain.
    pub fn stem<'a>(&self, w: &'a str) -> &'a str {
        // The longest ending that fits: the listed ending is a whole string,
        // so the cut before it is a char boundary.
        let cut = w.len() - self.suffix_index.longest(w.as_bytes(), 3);
        w.get(..cut).unwrap_or(w)
    }
}

/// A word of up to seven bytes as one number: its bytes, and its length in the top byte.
#[inline]
fn short_key(w: &str) -> Option<u64> {
    let b = w.as_bytes();
    if b.len() > 7 {
        return None;
    }
    // Byte by byte: a call to copy a few bytes costs more than the bytes.
    let mut k = (b.len() as u64) << 56;
    for (n, &x) in b.iter().enumerate() {
        k |= u64::from(x) << (8 * n);
    }
    Some(k)
}

/// `data/entity/<code>.toml` of every language, embedded.
const FILES: [(Language, &str); 24] = crate::lang::per_language!("entity");

const COMMON: &str = include_str!("../../data/entity/common.toml");

/// Parses every `data/entity` file; the error names the file and line.
pub(crate) fn parse_files() -> Result<(EntityData, Vec<EntityData>), Error> {
    let common: EntityData = toml::from_str(COMMON).map_err(|e| {
        let line = e.span().map(|s| COMMON[..s.start.min(COMMON.len())].matches('\n').count() + 1);
        Error::data("data/entity/common.toml", line, e.message().to_string())
    })?;
    let mut out = Vec::with_capacity(24);
    for (lang, src) in FILES {
        out.push(parse_one::<EntityData>("entity", lang, src)?);
    }
    Ok((common, out))
}

/// The lexicon of every language (index [`Language::index`]), and at index 24
/// the union of all, for text whose language is unknown.
pub(crate) static LEXICONS: LazyLock<Vec<Lexicon>> = LazyLock::new(|| {
    let (common, langs) = parse_files().unwrap_or_default();
    let mut all = Lexicon::default();
    all.add(&common);
    let mut out: Vec<Lexicon> = Language::ALL
        .iter()
        .zip(langs.iter().chain(std::iter::repeat(&EntityData::default())))
        .map(|(&lang, d)| {
            let mut lex = Lexicon::default();
            lex.add(&common);
            lex.add(d);
            let ld = crate::lang::data(lang);
            lex.stopwords.extend(ld.stopwords.iter().map(|w| w.to_lowercase()));
            lex.abbreviations.extend(ld.abbreviations.iter().map(|w| w.to_lowercase()));
            all.add(d);
            all.abbreviations.extend(ld.abbreviations.iter().map(|w| w.to_lowercase()));
            lex.finish()
        })
        .collect();
    // News names people of every nationality: every language knows every first name.
    let all_first: Vec<String> = all.first_names.iter().cloned().collect();
    for lex in &mut out {
        // Room for them all at once rather than growing by doublings.
        lex.first_names.reserve(all_first.len());
        for f in &all_first {
            if !lex.stopwords.contains(f) && !lex.never.contains(f) {
                lex.first_names.insert(f.clone());
            }
        }
    }
    // The union keeps only lists that are safe across languages.
    all.suffixes.clear();
    all.noun_suffixes.clear();
    all.cue_blockers.clear();
    all.head_first = false;
    all.capitalised_nouns = false;
    out.push(all.finish());
    for lex in &mut out {
        lex.index_words();
    }
    out
});

/// The lexicon for `lang` (the union when unknown).
pub(crate) fn lexicon(lang: Option<Language>) -> &'static Lexicon {
    &LEXICONS[lang.map_or(24, Language::index)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_file_parses_and_is_full() {
        let (common, langs) = parse_files().unwrap_or_else(|e| panic!("{e}"));
        assert!(common.legal_forms.len() >= 10);
        for (lang, d) in Language::ALL.iter().zip(&langs) {
            assert!(d.titles.len() >= 15, "{lang}: too few titles");
            assert!(d.org_words.len() >= 8, "{lang}: too few organisation words");
            assert!(d.place_cues.len() >= 2, "{lang}: too few place cues");
            assert!(d.first_names.len() >= 40, "{lang}: too few first names");
            assert!(d.never.len() + d.sentence_initial.len() >= 20, "{lang}: too few never-names");
            for list in [&d.titles, &d.first_names, &d.org_words, &d.never] {
                for w in list {
                    assert!(!w.trim().is_empty() && w.trim() == w, "{lang}: bad entry {w:?}");
                }
            }
        }
    }

    #[test]
    fn suffix_index_agrees_with_the_lists() {
        let words = [
            "commissievoorzitter",
            "regierung",
            "hamburg",
            "rotterdam",
            "ministerpräsident",
            "x",
            "",
            "ärztekammer",
        ];
        for lex in LEXICONS.iter() {
            for w in words {
                let tail = lex.title_tails.iter().any(|t| w.len() > t.len() + 2 && w.ends_with(t.as_str()));
                assert_eq!(lex.is_title(w), lex.titles.contains(w) || tail, "{w}");
                let noun = lex.noun_suffixes.iter().any(|s| w.len() > s.len() + 2 && w.ends_with(s.as_str()));
                assert_eq!(lex.looks_like_noun(w), noun, "{w}");
                let place =
                    lex.place_suffixes.iter().any(|s| w.len() > s.len() + 1 && w.ends_with(s.as_str()));
                assert_eq!(lex.looks_like_place(w), place, "{w}");
            }
        }
    }

    #[test]
    fn cue_street_speech_and_club_lists() {
        let de = lexicon(Some(Language::German));
        assert!(de.cue_blocked("einzelfällen"));
        assert!(!de.cue_blocked("garzweiler"));
        assert!(!de.cue_blocked("göttingen"), "a place-name ending wins");
        assert!(de.looks_like_street("schillerstraße"));
        assert!(!de.looks_like_street("straße"));
        assert!(de.speech_verbs.contains("sagte"));
        assert!(de.club_words.contains("vfl"));
        let nl = lexicon(Some(Language::Dutch));
        assert!(nl.looks_like_street("kalverstraat"));
        assert!(nl.never.contains("staten"));
        assert!(nl.is_title("heer"));
    }

    /// The flag map answers as the sets do.
    #[test]
    fn flags_agree_with_the_sets() {
        for lex in LEXICONS.iter() {
            let sets = [
                (&lex.titles, TITLE),
                (&lex.particles, PARTICLE),
                (&lex.first_names, FIRST_NAME),
                (&lex.stopwords, STOPWORD),
                (&lex.team_words, TEAM_WORD),
            ];
            for (set, flag) in sets {
                for w in set.iter().take(50) {
                    assert!(lex.has(w, flag), "{w}");
                }
            }
            for p in &lex.particles {
                assert!(lex.may_be_particle(p.as_bytes()[0]), "{p}");
                assert!(lex.may_be_particle(p.to_uppercase().as_bytes()[0]), "{p}");
            }
            for w in ["van", "minister", "maria", "xqzw", "", "die", "the", "a\0", "a", "mariaaaa", "ministe"]
            {
                assert_eq!(lex.has(w, PARTICLE), lex.particles.contains(w), "{w}");
                assert_eq!(lex.has(w, STOPWORD | NEVER), lex.stopwords.contains(w) || lex.never.contains(w));
            }
        }
    }

    /// `stem` cuts the longest listed ending that leaves three bytes, as a
    /// scan of the list longest first does.
    #[test]
    fn stem_agrees_with_the_list() {
        let words =
            ["budapesten", "helsingissä", "warszawie", "ab", "abcs", "", "tallinnas", "éé", "berlins"];
        for lex in LEXICONS.iter() {
            for w in words.iter().copied().chain(lex.suffixes.iter().map(String::as_str)) {
                let want = lex
                    .suffixes
                    .iter()
                    .find(|s| w.len() >= s.len() + 3 && w.ends_with(s.as_str()))
                    .map_or(w, |s| &w[..w.len() - s.len()]);
                assert_eq!(lex.stem(w), want, "{w}");
                let long = format!("xyz{w}");
                let want_long = lex
                    .suffixes
                    .iter()
                    .find(|s| long.len() >= s.len() + 3 && long.ends_with(s.as_str()))
                    .map_or(long.as_str(), |s| &long[..long.len() - s.len()]);
                assert_eq!(lex.stem(&long), want_long, "{long}");
            }
        }
    }

    #[test]
    fn titles_match_compounds() {
        let nl = lexicon(Some(Language::Dutch));
        assert!(nl.is_title("commissievoorzitter"));
        assert!(nl.is_title("minister"));
        assert!(!nl.is_title("europa"));
        let de = lexicon(Some(Language::German));
        assert!(de.is_title("bundeskanzlerin"));
        assert!(de.looks_like_noun("regierung"));
    }
}
