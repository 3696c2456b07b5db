//! The [`Extractor`]: built once, then used from any number of threads.

use std::cell::OnceCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::entity::EntityRecognizer;
use crate::error::Error;
use crate::money::MoneyExtractor;
use crate::quote::QuoteExtractor;
use crate::record::Document;
use crate::segment::{self, Segmented};
use crate::{lang, Language};

/// What every extraction stage sees of the text.
pub(crate) struct Context<'a> {
    /// The whole input text; all offsets are byte offsets into it.
    pub text: &'a str,
    /// The language the text is read as, if known.
    pub lang: Option<Language>,
    /// Paragraphs, sentences and words, computed on first use: a stage that
    /// finds nothing to do in the text never pays for segmentation.
    seg: OnceCell<Segmented>,
}

impl<'a> Context<'a> {
    /// A context for `text` read as `lang`.
    pub fn new(text: &'a str, lang: Option<Language>) -> Context<'a> {
        Context { text, lang, seg: OnceCell::new() }
    }

    /// Paragraphs, sentences and words of the text.
    pub fn seg(&self) -> &Segmented {
        self.seg.get_or_init(|| segment::segment(self.text, self.lang))
    }
}

/// Reads news text and returns its entities, amounts and quotes.
///
/// Build it once (it parses the per-language data and builds the knowledge
/// base's automaton), then call [`extract`](Extractor::extract) as often as
/// you like, from as many threads as you like: it is `Send + Sync`.
///
/// ```
/// use newsx::{Extractor, Language};
///
/// let ex = Extractor::new();
/// let doc = ex.extract("De Europese Commissie wil 200 miljard euro mobiliseren.", Some(Language::Dutch));
/// assert_eq!(doc.lang, Some(Language::Dutch));
/// ```
#[derive(Debug)]
pub struct Extractor {
    entities: Option<EntityRecognizer>,
    money: Option<MoneyExtractor>,
    quotes: Option<QuoteExtractor>,
    detect_language: bool,
    fallback_language: Option<Language>,
}

/// Options for building an [`Extractor`]; from [`Extractor::builder`].
#[derive(Debug, Clone)]
pub struct ExtractorBuilder {
    entities: bool,
    amounts: bool,
    quotes: bool,
    detect_language: bool,
    fallback_language: Option<Language>,
    knowledge_base: Vec<(String, String)>,
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        ExtractorBuilder {
            entities: true,
            amounts: true,
            quotes: true,
            detect_language: true,
            fallback_language: None,
            knowledge_base: Vec::new(),
        }
    }
}

impl ExtractorBuilder {
    /// Whether to extract named entities (default: yes). Quote speakers are
    /// resolved to entities only when this is on.
    pub fn entities(mut self, yes: bool) -> Self {
        self.entities = yes;
        self
    }

    /// Whether to extract money amounts, percentages and numbers (default: yes).
    pub fn amounts(mut self, yes: bool) -> Self {
        self.amounts = yes;
        self
    }

    /// Whether to extract quotes (default: yes).
    pub fn quotes(mut self, yes: bool) -> Self {
        self.quotes = yes;
        self
    }

    /// Whether to identify the language when the caller gives none (default: yes).
    pub fn detect_language(mut self, yes: bool) -> Self {
        self.detect_language = yes;
        self
    }

    /// The language to assume when none is given and none is identified
    /// (default: none, so only language-independent rules run).
    pub fn fallback_language(mut self, lang: Option<Language>) -> Self {
        self.fallback_language = lang;
        self
    }

    /// Adds knowledge-base entries in the JSON Lines format of `data/kb/`
    /// (see README). `source_name` names them in errors.
    pub fn knowledge_base(mut self, source_name: impl Into<String>, jsonl: impl Into<String>) -> Self {
        self.knowledge_base.push((source_name.into(), jsonl.into()));
        self
    }

    /// Builds the extractor.
    ///
    /// # Errors
    /// [`Error::Data`] when an added knowledge-base entry does not parse,
    /// naming its source and line.
    pub fn build(self) -> Result<Extractor, Error> {
        let entities = if self.entities { Some(EntityRecognizer::new(&self.knowledge_base)?) } else { None };
        Ok(Extractor {
            entities,
            money: self.amounts.then(MoneyExtractor::new),
            quotes: self.quotes.then(QuoteExtractor::new),
            detect_language: self.detect_language,
            fallback_language: self.fallback_language,
        })
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

impl Extractor {
    /// An extractor with every stage on and the built-in data.
    pub fn new() -> Extractor {
        // The built-in data is checked by the test suite, so this cannot fail.
        ExtractorBuilder::default().build().unwrap_or_else(|e| panic!("built-in data is broken: {e}"))
    }

    /// Options for an extractor.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// Identifies the language of `text`, or `None` when the evidence is too thin.
    pub fn detect_language(&self, text: &str) -> Option<Language> {
        lang::detect(text)
    }

    /// Extracts everything from `text`, read as `lang` (or as the identified
    /// language when `lang` is `None`). Never fails and never panics.
    pub fn extract(&self, text: &str, lang: Option<Language>) -> Document {
        let lang = lang
            .or_else(|| if self.detect_language { lang::detect(text) } else { None })
            .or(self.fallback_language);
        let mut doc = Document { lang, ..Document::default() };
        let ctx = Context::new(text, lang);
        if let Some(rec) = &self.entities {
            doc.entities = guarded(|| rec.extract(&ctx)).unwrap_or_default();
        }
        if let Some(money) = &self.money {
            doc.amounts = guarded(|| money.extract(&ctx)).unwrap_or_default();
        }
        if let Some(quotes) = &self.quotes {
            let mut entities = doc.entities.clone();
            if let Some(q) = guarded(|| quotes.extract(&ctx, &mut entities)) {
                doc.quotes = q;
                doc.entities = entities;
            }
        }
        doc.fill_char_offsets(text);
        doc
    }
}

/// Runs one stage; a bug that panics loses that stage's output, not the document.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Extractor>();
    }

    #[test]
    fn stages_can_be_switched_off() {
        let ex = Extractor::builder().entities(false).amounts(false).quotes(false).build().unwrap();
        let doc = ex.extract("‘Wij betalen 5 miljoen euro’, zegt Jan Jansen.", Some(Language::Dutch));
        assert!(doc.entities.is_empty() && doc.amounts.is_empty() && doc.quotes.is_empty());
    }
}
