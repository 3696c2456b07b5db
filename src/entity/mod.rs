//! Named entities: knowledge-base matching, unknown names, and coreference.
//!
//! - [`kb`]: the knowledge base (`data/kb/*.jsonl` and caller-supplied
//!   entries) in one Aho-Corasick automaton, built once;
//! - [`tokens`]: words with their capitalisation and sentence position;
//! - [`names`]: knowledge-base matches and names it does not know, typed
//!   from titles, organisation words, place cues and first names
//!   (`data/entity/<code>.toml`);
//! - [`coref`]: one entity per thing (surnames, head nouns, acronyms,
//!   inflected forms).

mod coref;
mod kb;
mod lexicon;
mod names;
mod tokens;

use crate::error::Error;
use crate::extract::Context;
use crate::record::Entity;

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
    pub fn extract(&self, ctx: &Context<'_>) -> Vec<Entity> {
        let lex = lexicon::lexicon(ctx.lang);
        let toks = tokens::tokenize(ctx.text, lex);
        let scan = names::Scan { text: ctx.text, toks: &toks, lex, lang: ctx.lang, kb: &self.kb };
        let mentions = names::find(&scan);
        coref::resolve(ctx.text, mentions, &self.kb, lex)
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
