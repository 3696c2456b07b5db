//! Named entities: knowledge-base matching, unknown names, and coreference.
//!
//! - [`kb`]: the knowledge base (`data/kb/*.jsonl` and caller-supplied
//!   entries) in one byte trie, matched at word starts; [`kbdata`]: its
//!   tables, which `build.rs` makes of the built-in files at compile time;
//! - [`tokens`]: words with their capitalisation and sentence position;
//! - [`names`]: knowledge-base matches and names it does not know, typed
//!   from titles, organisation words, place cues and first names
//!   (`data/entity/<code>.toml`);
//! - [`coref`]: one entity per thing (surnames, head nouns, acronyms,
//!   inflected forms).

mod coref;
mod kb;
mod kbdata;
mod lexicon;
mod names;
pub(crate) mod tokens;

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::Error;
use crate::extract::Context;
use crate::record::Entity;

/// A fast hasher for short keys (words) of built-in tables: FxHash's
/// rotate-xor-multiply over 8-byte blocks. Not resistant to chosen-key
/// flooding, so use it only for tables whose keys come from the built-in
/// data or the knowledge base (looking text up in them is fine), or for
/// the small maps of one text's names (coreference keys), which are never
/// iterated and hold at most a few keys per mention.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

impl WordHasher {
    #[inline]
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(SEED);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the best-mixed bits at the top; the table indexes by the low ones.
        self.0.rotate_left(26)
    }
}

/// The index of byte `b` among the `n` bytes of `hay` from `at` (the edge
/// labels of a trie node), eight compared at a time; `None` when it is not
/// there or the range is out of bounds.
#[inline]
pub(crate) fn find_byte(hay: &[u8], at: usize, n: usize, b: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    if hay.len() < at.saturating_add(n) {
        return None;
    }
    let pat = u64::from(b) * ONES;
    let mut k = 0;
    while k < n {
        let Some(chunk) = hay.get(at + k..at + k + 8) else {
            // Fewer than eight bytes left in `hay`: one by one.
            let rest = hay.get(at + k..at + n)?;
            return rest.iter().position(|&l| l == b).map(|p| k + p);
        };
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let x = u64::from_le_bytes(w) ^ pat;
        // The high bit of every byte of `x` that is zero (exact: no carries between bytes).
        let zero = !(((x & LOW7) + LOW7) | x | LOW7);
        let left = n - k;
        let valid = if left >= 8 { u64::MAX } else { (1u64 << (8 * left)) - 1 };
        let hit = zero & valid;
        if hit != 0 {
            return Some(k + (hit.trailing_zeros() / 8) as usize);
        }
        k += 8;
    }
    None
}

/// A set of words keyed by [`WordHasher`].
pub(crate) type WordSet<T = String> = HashSet<T, BuildHasherDefault<WordHasher>>;

/// Finds named entities; holds the knowledge base's automaton.
#[derive(Debug)]
pub(crate) struct EntityRecognizer {
    kb: kb::Kb,
}

impl EntityRecognizer {
    /// Builds the recognizer from the built-in knowledge base plus `extra`
    /// (source name, JSON Lines text) entries.
    pub fn new(extra: &[(String, String)]) -> Result<EntityRecognizer, Error> {
        let kb = kb::Kb::new(extra)?;
        // Parse the word lists now, so that the first text pays nothing for them.
        let _ = &*lexicon::LEXICONS;
        Ok(EntityRecognizer { kb })
    }

    /// The entities of `ctx.text`, in order of first mention, ids "e0", "e1", ...
    // Not inlined: once a text, and profiles then show the stage as a whole.
    #[inline(never)]
    pub fn extract(&self, ctx: &Context<'_>) -> Vec<Entity> {
        let lex = lexicon::lexicon(ctx.lang);
        let tokens::Tokens { toks, starts, changing } = tokens::tokenize_marked(ctx.text, lex);
        let lows = tokens::Lowered::new(ctx.text, &toks, changing);
        let scan = names::Scan::new(ctx.text, &toks, &starts, &lows, lex, ctx.lang, &self.kb);
        let mentions = names::find(&scan);
        coref::resolve(ctx.text, mentions, &self.kb, lex)
    }
}

#[cfg(test)]
mod key_tests {
    /// The coreference key as it was first written (lowercase, apostrophes
    /// unified, spaces after periods dropped), to check the faster one against.
    fn reference_key(s: &str) -> String {
        let words: Vec<String> = s
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .map(|c| if c == '’' || c == 'ʼ' { '\'' } else { c })
                    .flat_map(char::to_lowercase)
                    .collect()
            })
            .collect();
        words.join(" ").replace(". ", ".")
    }

    #[test]
    fn coref_key_is_unchanged() {
        for s in [
            "J.D. Vance",
            "J. D.  Vance",
            "O’Brien",
            "ΣΟΦΙΑ Ἀθῆναι",
            ". . x",
            "a. . b",
            "",
            "  ",
            "İstanbul  Üsküdar",
            "L'Oréal",
            "Jean-Claude  JUNCKER\u{b}x\t y",
            "A.B. C. de GAULLE",
            "\0 a",
            " \u{c}x. \ry .z ",
            "a.\t.b",
            "J. Vance",
            "Anna  Berg",
            "Anna Berg ",
            " Anna",
            "A.B",
        ] {
            assert_eq!(super::coref::key(s), reference_key(s), "{s:?}");
        }
    }
}

#[cfg(test)]
mod find_byte_tests {
    #[test]
    fn finds_what_position_finds() {
        let hay: Vec<u8> =
            (0..40u8).map(|i| i.wrapping_mul(37) ^ 0x80).chain([0, 0xff, 0x7f, 0x80]).collect();
        for at in 0..hay.len() + 2 {
            for n in 0..20 {
                for b in
                    [0u8, 0x7f, 0x80, 0xff, hay[at.min(hay.len() - 1)], hay[(at + n / 2).min(hay.len() - 1)]]
                {
                    let want = hay.get(at..at + n).and_then(|s| s.iter().position(|&l| l == b));
                    assert_eq!(super::find_byte(&hay, at, n, b), want, "{at} {n} {b}");
                }
            }
        }
    }
}

#[cfg(test)]
mod hasher_tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn word_hasher_tells_words_apart() {
        let b = BuildHasherDefault::<WordHasher>::default();
        let words =
            ["", "a", "ab", "van", "von der", "abcdefgh", "abcdefgh\0", "abcdefghi", "Ärzte", "ärzte"];
        let hashes: HashSet<u64> = words.iter().map(|w| b.hash_one(w)).collect();
        assert_eq!(hashes.len(), words.len());
        let mut set = WordSet::default();
        set.extend(words.iter().map(|w| w.to_string()));
        assert!(words.iter().all(|w| set.contains(*w)));
        assert!(!set.contains("vo"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::EntityType;
    use crate::Language;

    fn run(text: &str, lang: Language) -> Vec<Entity> {
        let rec = EntityRecognizer::new(&[]).unwrap();
        rec.extract(&Context::new(text, Some(lang)))
    }

    fn names(ents: &[Entity]) -> Vec<(String, EntityType)> {
        ents.iter().map(|e| (e.name.clone(), e.kind)).collect()
    }

    #[test]
    fn unknown_people_with_titles_particles_and_initials() {
        let text = "‘Het gaat goed’, zegt Commissievoorzitter Ursula Von der Leyen. Volgens de Amerikaanse vicepresident J.D. Vance niet. Von der Leyen en Vance praten.";
        let ents = run(text, Language::Dutch);
        let uvdl = ents.iter().find(|e| e.name == "Ursula von der Leyen").expect("von der Leyen");
        assert_eq!(uvdl.kind, EntityType::Person);
        assert!(uvdl.roles.iter().any(|r| r == "Commissievoorzitter"));
        assert!(uvdl.mentions.iter().any(|m| m.text == "Von der Leyen"));
        let vance = ents.iter().find(|e| e.name == "J. D. Vance").expect("Vance");
        assert_eq!(vance.roles, ["vicepresident"]);
        assert_eq!(vance.mentions.len(), 2);
        assert!(!ents
            .iter()
            .any(|e| e.mentions.iter().any(|m| ["Het", "Volgens"].contains(&m.text.as_str()))));
    }

    #[test]
    fn ids_follow_first_mention_and_spans_slice() {
        let text = "Minister Jan de Vries bezocht Siemens AG in Eindhoven. De Vries was tevreden.";
        let ents = run(text, Language::Dutch);
        for (i, e) in ents.iter().enumerate() {
            assert_eq!(e.id, format!("e{i}"));
            for m in &e.mentions {
                assert_eq!(&text[m.start..m.end], m.text);
            }
        }
        let got = names(&ents);
        assert!(got.contains(&("Jan de Vries".into(), EntityType::Person)), "{got:?}");
        assert!(got.contains(&("Eindhoven".into(), EntityType::Location)), "{got:?}");
        let jdv = ents.iter().find(|e| e.name == "Jan de Vries").unwrap();
        assert_eq!(jdv.mentions.len(), 2);
    }

    #[test]
    fn german_nouns_are_not_names() {
        let text = "Die Regierung will die Steuern senken. Bundeskanzlerin Angela Merkel sprach in Zukunft von Problemen.";
        let ents = run(text, Language::German);
        let got = names(&ents);
        assert!(got.iter().any(|(n, k)| n == "Angela Merkel" && *k == EntityType::Person), "{got:?}");
        for bad in ["Regierung", "Steuern", "Zukunft", "Problemen", "Die"] {
            assert!(!ents.iter().any(|e| e.mentions.iter().any(|m| m.text == bad)), "{bad} in {got:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        let rec = EntityRecognizer::new(&[]).unwrap();
        let long = "Ab ".repeat(10_000);
        for t in [
            "",
            " ",
            "\u{0}",
            "É",
            "J.",
            "’s-",
            "A-B-C-D",
            "\u{202e}Ünïcödé ÄÖÜ",
            long.as_str(),
            "ǅ ǈ ǋ",
            "𝔄𝔅 ℭ",
        ] {
            for lang in [None, Some(Language::German), Some(Language::Greek)] {
                let _ = rec.extract(&Context::new(t, lang));
            }
        }
    }
}
