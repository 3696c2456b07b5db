//! The per-language quotation data of `data/quote/<code>.toml`, parsed once.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::lang::{self, parse_all, Language};

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
    pub he: HashSet<String>,
    pub she: HashSet<String>,
    pub they: HashSet<String>,
    pub it: HashSet<String>,
    pub roles: Vec<String>,
    pub orgs: Vec<String>,
    pub articles: HashSet<String>,
    pub skip: HashSet<String>,
    pub particles: HashSet<String>,
    pub title_words: HashSet<String>,
    pub reported: HashSet<String>,
    /// The language's stopwords (from `data/lang`), lowercase.
    pub stopwords: HashSet<String>,
    /// True for languages that capitalise every noun (German, Luxembourgish).
    pub capital_nouns: bool,
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
        let pairs = d
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
        let mut roles: Vec<String> = d.roles.iter().map(|r| r.to_lowercase()).collect();
        roles.sort_by_key(|r| std::cmp::Reverse(r.chars().count()));
        let mut orgs: Vec<String> = d.orgs.iter().map(|r| r.to_lowercase()).collect();
        orgs.sort_by_key(|r| std::cmp::Reverse(r.chars().count()));
        Profile {
            pairs,
            elisions: set(&d.elisions),
            verbs: set(&d.verbs),
            before: seqs(&d.before),
            after: seqs(&d.after),
            that: set(&d.that),
            he: set(&d.pronouns.he),
            she: set(&d.pronouns.she),
            they: set(&d.pronouns.they),
            it: set(&d.pronouns.it),
            roles,
            orgs,
            articles: set(&d.articles),
            skip: set(&d.skip),
            particles: set(&d.particles),
            title_words: set(&d.title_words),
            reported: set(&d.reported),
            stopwords: lang.map(|l| set(&lang::data(l).stopwords)).unwrap_or_default(),
            capital_nouns: lang == Some(Language::German),
        }
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

    /// True when `c` is one of this profile's marks.
    pub fn is_mark(&self, c: char) -> bool {
        self.pairs.iter().any(|&(o, cl)| o == c || cl == c)
    }

    /// The kind of pronoun `lower` is, if it is one.
    pub fn pronoun(&self, lower: &str) -> Option<PronounKind> {
        if self.he.contains(lower) {
            Some(PronounKind::He)
        } else if self.she.contains(lower) {
            Some(PronounKind::She)
        } else if self.they.contains(lower) {
            Some(PronounKind::They)
        } else if self.it.contains(lower) {
            Some(PronounKind::It)
        } else {
            None
        }
    }

    /// True when `lower` is a role noun or a compound ending in one
    /// ("commissievoorzitter" ends in "voorzitter").
    pub fn is_role(&self, lower: &str) -> bool {
        ends_with_any(&self.roles, lower)
    }

    /// True when `lower` is an organisation head noun or a compound ending in one.
    pub fn is_org(&self, lower: &str) -> bool {
        ends_with_any(&self.orgs, lower)
    }
}

/// True when `word` is one of `list` or ends in one of them after at least
/// three more letters (a compound).
fn ends_with_any(list: &[String], word: &str) -> bool {
    list.iter().any(|r| {
        word == r
            || (r.chars().count() >= 4
                && word.len() > r.len() + 2
                && word.ends_with(r.as_str())
                && word.is_char_boundary(word.len() - r.len()))
    })
}

/// `data/quote/<code>.toml` of every language, embedded in the binary.
/// (`lang::per_language!` resolves its paths from `src/`, this module sits one level deeper.)
const FILES: [(Language, &str); 24] = [
    (Language::Bulgarian, include_str!("../../data/quote/bg.toml")),
    (Language::Czech, include_str!("../../data/quote/cs.toml")),
    (Language::Danish, include_str!("../../data/quote/da.toml")),
    (Language::German, include_str!("../../data/quote/de.toml")),
    (Language::Greek, include_str!("../../data/quote/el.toml")),
    (Language::English, include_str!("../../data/quote/en.toml")),
    (Language::Spanish, include_str!("../../data/quote/es.toml")),
    (Language::Estonian, include_str!("../../data/quote/et.toml")),
    (Language::Finnish, include_str!("../../data/quote/fi.toml")),
    (Language::French, include_str!("../../data/quote/fr.toml")),
    (Language::Irish, include_str!("../../data/quote/ga.toml")),
    (Language::Croatian, include_str!("../../data/quote/hr.toml")),
    (Language::Hungarian, include_str!("../../data/quote/hu.toml")),
    (Language::Italian, include_str!("../../data/quote/it.toml")),
    (Language::Lithuanian, include_str!("../../data/quote/lt.toml")),
    (Language::Latvian, include_str!("../../data/quote/lv.toml")),
    (Language::Maltese, include_str!("../../data/quote/mt.toml")),
    (Language::Dutch, include_str!("../../data/quote/nl.toml")),
    (Language::Polish, include_str!("../../data/quote/pl.toml")),
    (Language::Portuguese, include_str!("../../data/quote/pt.toml")),
    (Language::Romanian, include_str!("../../data/quote/ro.toml")),
    (Language::Slovak, include_str!("../../data/quote/sk.toml")),
    (Language::Slovenian, include_str!("../../data/quote/sl.toml")),
    (Language::Swedish, include_str!("../../data/quote/sv.toml")),
];

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

    #[test]
    fn compounds_end_in_roles() {
        let p = profile(Some(Language::Dutch));
        assert!(p.is_role("commissievoorzitter"));
        assert!(p.is_role("woordvoerder"));
        assert!(!p.is_role("voorzitterschap"));
        assert!(p.is_org("commissie"));
    }
}
