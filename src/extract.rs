//! The [`Extractor`]: built once, then used from any number of threads.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::entity::EntityRecognizer;
use crate::error::Error;
use crate::money::MoneyExtractor;
use crate::quote::QuoteExtractor;
use crate::record::{Amount, Document, Entity, EntityType, Quote};
use crate::{lang, Language};

/// What every extraction stage sees of the text.
pub(crate) struct Context<'a> {
    /// The whole input text; all offsets are byte offsets into it.
    pub text: &'a str,
    /// The language the text is read as, if known.
    pub lang: Option<Language>,
}

impl<'a> Context<'a> {
    /// A context for `text` read as `lang`. Segmentation is each stage's own
    /// business: the quote stage splits sentences only in the paragraphs it
    /// reads, and the other stages scan the text themselves.
    pub fn new(text: &'a str, lang: Option<Language>) -> Context<'a> {
        Context { text, lang }
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
    ///
    /// A text longer than 1 MiB is read in windows of about that size, cut
    /// at paragraph breaks where there are any, so that memory stays bounded
    /// whatever the text's size. The windows' entities are merged by
    /// Wikidata ID, or else by name and type; what the stages would have
    /// linked across a cut (a surname in one window to the full name in an
    /// earlier one, a speaker named in the previous window) is not linked.
    pub fn extract(&self, text: &str, lang: Option<Language>) -> Document {
        self.extract_in_windows(text, lang, WINDOW, None)
    }

    /// Like [`extract`](Extractor::extract), but hands the amounts and quotes
    /// of each window (offsets final) to `emit` as soon as they are found,
    /// so that the record of a huge text is never held whole; the document
    /// returned has the entities only.
    pub(crate) fn extract_streamed(
        &self,
        text: &str,
        lang: Option<Language>,
        emit: &mut dyn FnMut(Vec<Amount>, Vec<Quote>),
    ) -> Document {
        self.extract_in_windows(text, lang, WINDOW, Some(emit))
    }

    /// The language `text` is read as: `given`, else the identified one
    /// (when identification is on), else the fallback.
    pub(crate) fn language_of(&self, text: &str, given: Option<Language>) -> Option<Language> {
        given
            .or_else(|| if self.detect_language { lang::detect(text) } else { None })
            .or(self.fallback_language)
    }

    fn extract_in_windows(
        &self,
        text: &str,
        lang: Option<Language>,
        window: usize,
        mut emit: Option<&mut dyn FnMut(Vec<Amount>, Vec<Quote>)>,
    ) -> Document {
        let lang = self.language_of(text, lang);
        if text.len() <= window && emit.is_none() {
            let mut doc = self.extract_window(text, lang);
            doc.fill_char_offsets(text);
            return doc;
        }
        let mut doc = Document { lang, ..Document::default() };
        let mut merge = Merge::default();
        let (mut start, mut chars) = (0, 0);
        while start < text.len() {
            let end = window_end(text, start, window);
            let part_text = &text[start..end];
            let mut part = self.extract_window(part_text, lang);
            part.fill_char_offsets(part_text);
            merge.add(&mut doc, part, start, chars);
            if let Some(emit) = emit.as_mut() {
                emit(std::mem::take(&mut doc.amounts), std::mem::take(&mut doc.quotes));
            }
            chars += part_text.chars().count();
            start = end;
        }
        doc
    }

    /// Runs the stages over `text`; char offsets are left for the caller.
    fn extract_window(&self, text: &str, lang: Option<Language>) -> Document {
        let mut doc = Document { lang, ..Document::default() };
        let ctx = Context::new(text, lang);
        self.entities_into(&ctx, &mut doc);
        self.amounts_into(&ctx, &mut doc);
        self.quotes_into(&ctx, &mut doc);
        doc
    }

    /// Extracts every text, as [`extract`](Extractor::extract) would each,
    /// but stage by stage: the entities of all texts, then their amounts,
    /// then their quotes. Run over texts of one language, each stage's code
    /// and tables stay in the caches from one text to the next, where the
    /// stages of one text evict each other's. Texts longer than a window are
    /// read alone, as `extract` reads them.
    pub(crate) fn extract_stagewise(&self, texts: &[(&str, Option<Language>)]) -> Vec<Document> {
        let mut docs: Vec<Document> = texts
            .iter()
            .map(|&(text, lang)| Document { lang: self.language_of(text, lang), ..Document::default() })
            .collect();
        let each = |docs: &mut [Document], stage: &dyn Fn(&Context<'_>, &mut Document)| {
            for (&(text, _), doc) in texts.iter().zip(docs) {
                if text.len() <= WINDOW {
                    stage(&Context::new(text, doc.lang), doc);
                }
            }
        };
        each(&mut docs, &|ctx, doc| self.entities_into(ctx, doc));
        each(&mut docs, &|ctx, doc| self.amounts_into(ctx, doc));
        each(&mut docs, &|ctx, doc| self.quotes_into(ctx, doc));
        for (&(text, _), doc) in texts.iter().zip(&mut docs) {
            if text.len() <= WINDOW {
                doc.fill_char_offsets(text);
            } else {
                *doc = self.extract_in_windows(text, doc.lang, WINDOW, None);
            }
        }
        docs
    }

    /// The entity stage.
    fn entities_into(&self, ctx: &Context<'_>, doc: &mut Document) {
        if let Some(rec) = &self.entities {
            doc.entities = guarded(|| rec.extract(ctx)).unwrap_or_default();
        }
    }

    /// The money stage.
    fn amounts_into(&self, ctx: &Context<'_>, doc: &mut Document) {
        if let Some(money) = &self.money {
            doc.amounts = guarded(|| money.extract(ctx)).unwrap_or_default();
        }
    }

    /// The quote stage, after the entity stage: it adds speakers to the
    /// entities in place. Should it panic, the entities are found again (the
    /// stages are deterministic) rather than copied before every document.
    fn quotes_into(&self, ctx: &Context<'_>, doc: &mut Document) {
        if let Some(quotes) = &self.quotes {
            match guarded(|| quotes.extract(ctx, &mut doc.entities)) {
                Some(q) => doc.quotes = q,
                None => {
                    doc.entities = Vec::new();
                    self.entities_into(ctx, doc);
                }
            }
        }
    }
}

/// How many texts of one language batch callers hand to
/// [`Extractor::extract_stagewise`] at a time.
pub(crate) const STAGEWISE_GROUP: usize = 32;

/// Size of the windows a long text is read in (see [`Extractor::extract`]).
const WINDOW: usize = 1 << 20;

/// Runs `run` over `items` grouped by the language `lang_of` gives them
/// (in the order of [`Language::ALL`], items without one last; input order
/// within a group), and returns its results in input order.
///
/// Texts of one language use the same tables (number words, cue verbs,
/// name lexicons) and take the same branches through the code. Read one
/// after another, they find those in the caches and the branch predictors
/// trained; a mixed archive read in its own order, a different language at
/// nearly every text, evicts them all the time. On the benchmark corpus (24
/// languages in turn) grouping cut CPU time by about a third (see README).
pub(crate) fn in_language_order<T, R>(
    items: Vec<T>,
    lang_of: impl Fn(&T) -> Option<Language>,
    run: impl FnOnce(Vec<T>) -> Vec<R>,
) -> Vec<R> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| lang_of(&items[i]).map_or(Language::ALL.len(), Language::index));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let sorted: Vec<T> = order.iter().filter_map(|&i| slots[i].take()).collect();
    let mut back: Vec<Option<R>> = std::iter::repeat_with(|| None).take(order.len()).collect();
    for (r, &i) in run(sorted).into_iter().zip(&order) {
        back[i] = Some(r);
    }
    back.into_iter().flatten().collect()
}

/// Where the window that starts at `start` ends: at the last paragraph break
/// in the second half of the next `window` bytes, else the last sentence end,
/// else the last space, else a char boundary.
fn window_end(text: &str, start: usize, window: usize) -> usize {
    if text.len() - start <= window {
        return text.len();
    }
    let mut limit = start + window;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let from = (start + window / 2).min(limit);
    let tail = &text.as_bytes()[from..limit];
    let after = |i: Option<usize>, len: usize| i.map(|i| from + i + len);
    after(tail.windows(2).rposition(|w| w == b"\n\n"), 2)
        .or_else(|| after(tail.iter().rposition(|&b| b == b'\n'), 1))
        .or_else(|| {
            after(tail.windows(2).rposition(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' '), 2)
        })
        .or_else(|| after(tail.iter().rposition(|&b| b == b' '), 1))
        .unwrap_or(if limit > start { limit } else { text.len() })
}

/// Joins the records of consecutive windows into one document.
#[derive(Default)]
struct Merge {
    /// Merged entity index by Wikidata ID, or by type and name.
    by_key: HashMap<(Option<String>, Option<EntityType>, String), usize>,
}

impl Merge {
    fn add(&mut self, doc: &mut Document, mut part: Document, offset: usize, char_offset: usize) {
        // Every span moves to its place in the whole text.
        part.visit_offsets(|start, end, cs, ce| {
            *start += offset;
            *end += offset;
            *cs += char_offset;
            *ce += char_offset;
        });
        let mut ids: HashMap<String, String> = HashMap::new();
        for mut e in part.entities {
            let key = match &e.wikidata {
                Some(q) => (Some(q.clone()), None, String::new()),
                None => (None, Some(e.kind), e.name.clone()),
            };
            let i = *self.by_key.entry(key).or_insert_with(|| {
                doc.entities.push(Entity {
                    id: format!("e{}", doc.entities.len()),
                    name: e.name.clone(),
                    kind: e.kind,
                    wikidata: e.wikidata.clone(),
                    roles: Vec::new(),
                    mentions: Vec::new(),
                });
                doc.entities.len() - 1
            });
            let into = &mut doc.entities[i];
            ids.insert(std::mem::take(&mut e.id), into.id.clone());
            into.mentions.append(&mut e.mentions);
            for r in e.roles {
                if !into.roles.contains(&r) {
                    into.roles.push(r);
                }
            }
        }
        doc.amounts.extend(part.amounts);
        for mut q in part.quotes {
            q.speaker_entity = q.speaker_entity.and_then(|id| ids.get(&id).cloned());
            doc.quotes.push(q);
        }
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
    fn stagewise_extraction_equals_extracting_each_text() {
        let texts = [
            ("De Europese Commissie trekt 200 miljard euro uit, zegt Ursula von der Leyen.", None),
            ("‘Wij betalen 5 miljoen euro’, zegt Jan Jansen. ‘Dat is veel’, zei hij.", Some(Language::Dutch)),
            ("", None),
            ("Siemens investiert 3 Milliarden Euro in München, sagte Roland Busch.", Some(Language::German)),
            ("\u{0}\u{feff} 12 % €", None),
            ("La Commission européenne mobilise 50 milliards d'euros, a déclaré Emmanuel Macron.", None),
        ];
        let ex = Extractor::new();
        let each: Vec<Document> = texts.iter().map(|&(t, l)| ex.extract(t, l)).collect();
        assert_eq!(ex.extract_stagewise(&texts), each);
        assert!(each.iter().map(|d| d.entities.len() + d.amounts.len() + d.quotes.len()).sum::<usize>() > 10);
        let quiet = Extractor::builder().entities(false).build().unwrap();
        let each: Vec<Document> = texts.iter().map(|&(t, l)| quiet.extract(t, l)).collect();
        assert_eq!(quiet.extract_stagewise(&texts), each);
    }

    #[test]
    fn stages_can_be_switched_off() {
        let ex = Extractor::builder().entities(false).amounts(false).quotes(false).build().unwrap();
        let doc = ex.extract("‘Wij betalen 5 miljoen euro’, zegt Jan Jansen.", Some(Language::Dutch));
        assert!(doc.entities.is_empty() && doc.amounts.is_empty() && doc.quotes.is_empty());
    }
    #[test]
    fn long_texts_are_read_in_windows_with_the_same_findings() {
        let para = "De Europese Commissie trekt 200 miljard euro uit voor AI, zegt Ursula von der Leyen. \
                    ‘Europa moet sneller investeren’, zei Emmanuel Macron in Parijs.\n\n";
        let text = para.repeat(40);
        let ex = Extractor::new();
        let whole = ex.extract_in_windows(&text, Some(Language::Dutch), usize::MAX, None);
        let windowed = ex.extract_in_windows(&text, Some(Language::Dutch), 1000, None);
        assert_eq!(windowed.amounts.len(), whole.amounts.len());
        assert_eq!(windowed.quotes.len(), whole.quotes.len());
        for (a, b) in windowed.amounts.iter().zip(&whole.amounts) {
            assert_eq!((a.start, a.end, &a.value), (b.start, b.end, &b.value));
        }
        let names = |d: &Document| {
            let mut n: Vec<(String, usize)> =
                d.entities.iter().map(|e| (e.name.clone(), e.mentions.len())).collect();
            n.sort();
            n
        };
        assert_eq!(names(&windowed), names(&whole));
        for (i, e) in windowed.entities.iter().enumerate() {
            assert_eq!(e.id, format!("e{i}"));
            for m in &e.mentions {
                assert_eq!(&text[m.start..m.end], m.text);
                assert_eq!(
                    text.chars().skip(m.char_start).take(m.char_end - m.char_start).collect::<String>(),
                    m.text
                );
            }
        }
        for q in &windowed.quotes {
            assert_eq!(&text[q.start..q.end], q.text);
            let speaker = windowed.entities.iter().find(|e| Some(&e.id) == q.speaker_entity.as_ref());
            assert_eq!(speaker.map(|e| &e.name), q.speaker.as_ref());
        }
    }

    #[test]
    fn streamed_windows_hand_over_what_the_document_would_hold() {
        let para =
            "Het fonds krijgt 50 miljoen euro, zegt Jan Peeters. ‘Dat is 20 procent meer’, zei hij.\n\n";
        let text = para.repeat(30);
        let ex = Extractor::new();
        let windowed = ex.extract_in_windows(&text, Some(Language::Dutch), 700, None);
        let (mut amounts, mut quotes) = (Vec::new(), Vec::new());
        let mut emit = |a: Vec<Amount>, q: Vec<Quote>| {
            amounts.extend(a);
            quotes.extend(q);
        };
        let streamed = ex.extract_in_windows(&text, Some(Language::Dutch), 700, Some(&mut emit));
        assert!(streamed.amounts.is_empty() && streamed.quotes.is_empty());
        assert_eq!(streamed.entities, windowed.entities);
        assert_eq!(amounts, windowed.amounts);
        assert_eq!(quotes, windowed.quotes);
        assert_eq!(amounts.len(), 60);
    }

    #[test]
    fn windows_end_at_paragraphs_sentences_spaces_or_chars() {
        let text = "aaaa bbbb. cccc\n\ndddd eeee";
        assert_eq!(window_end(text, 0, 20), "aaaa bbbb. cccc\n\n".len());
        assert_eq!(window_end("aaaa bbbb. cccc dd", 0, 16), "aaaa bbbb. ".len());
        assert_eq!(window_end("aaaaaaaa bbbbbbbbbbb", 0, 12), "aaaaaaaa ".len());
        let greek = "ααααααααααααα";
        let end = window_end(greek, 0, 7);
        assert!(greek.is_char_boundary(end) && end > 0 && end <= 7);
        assert_eq!(window_end(text, 0, text.len()), text.len());
    }
}
