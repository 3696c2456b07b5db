//! Quotes and their speakers.
//!
//! The stage works in four steps:
//! 1. [`marks`] pairs the quotation marks of the language's profile
//!    (`data/quote/<code>.toml`), paragraph by paragraph;
//! 2. each pair is classified: a statement (`direct`), a quoted phrase inside
//!    the writer's sentence (`partial`), or a title, name or scare quote
//!    (dropped); phrases attributed by a cue in their sentence count as the
//!    speaker's words (`direct`);
//! 3. [`attribution`] finds the cue and the speaker mention around the quote
//!    (after it, before it, or elsewhere in its sentence); a quote without
//!    one continues the speaker of the quote just before it, and a headline
//!    quote takes the speaker of the next paragraph;
//! 4. [`resolve`] links the mention to an entity (adding a person when the
//!    name is new), and sentences of reported speech without marks ("she
//!    said that …") become `indirect` quotes.

mod attribution;
mod marks;
mod profile;
mod resolve;

use std::ops::Range;

use attribution::{
    all_caps, candidates, cues, speaker_for, Cand, CandKind, Cue, CueKind, MentionIndex, Words,
};
use marks::Marked;
use profile::{class, profile, Profile};
use resolve::Resolver;

use crate::extract::Context;
use crate::record::{Entity, Quote, QuoteKind, Span};
use crate::segment::{self, Segmented};

/// Finds quotes and resolves their speakers to `entities`.
#[derive(Debug, Default)]
pub(crate) struct QuoteExtractor {}

/// One quote being built.
#[derive(Debug, Clone)]
struct Item {
    words: Range<usize>,
    kind: QuoteKind,
    paragraph: usize,
    /// Byte range from the opening mark to past the closing mark (or the words, for indirect quotes).
    outer: Range<usize>,
    continues: bool,
    headline: bool,
    cue: Option<Range<usize>>,
    cand: Option<Cand>,
    entity: Option<usize>,
    /// The mention of the speaker this quote took from another quote.
    inherited: Option<Range<usize>>,
}

impl QuoteExtractor {
    pub fn new() -> QuoteExtractor {
        // Parse the data now, not on the first text.
        let _ = profile(Some(crate::Language::English));
        QuoteExtractor {}
    }

    /// The quotes in `ctx.text`, in text order. May add mentions or roles to
    /// `entities` (a speaker named only at the quote).
    pub fn extract(&self, ctx: &Context<'_>, entities: &mut Vec<Entity>) -> Vec<Quote> {
        let text = ctx.text;
        let prof = profile(ctx.lang);
        // Most text has no quotes: pair the marks over the paragraphs first,
        // and segment only when there is something to attribute.
        let paras = if prof.has_marks(text) { segment::paragraphs(text) } else { Vec::new() };
        let marked = if paras.is_empty() { Vec::new() } else { marks::find(text, &paras, prof) };
        let report = prof.may_report(text);
        if marked.is_empty() && !report {
            return Vec::new();
        }
        let paras = if paras.is_empty() { segment::paragraphs(text) } else { paras };
        let scanned = segment::scan(text);
        let w = Words::new(text, &scanned.words, prof);
        // Sentences only where they are read: the paragraphs with a quote and
        // the ones before them, and those that may hold reported speech.
        let keep = kept_paragraphs(&w, &paras, &marked, report);
        let sentences = segment::sentences_scanned(text, ctx.lang, &paras, &scanned, |p| keep[p]);
        let seg = &Segmented { paragraphs: paras, sentences, words: Vec::new() };
        let mut items: Vec<Item> = Vec::new();
        let quoted: Vec<Range<usize>> = marked.iter().map(|m| m.inner.clone()).collect();
        let index = MentionIndex::new(entities);
        let known = Known { entities: &entities[..], index: &index, quoted: &quoted };
        for (k, m) in marked.iter().enumerate() {
            let prev = k.checked_sub(1).map(|j| &marked[j]).filter(|p| p.paragraph == m.paragraph);
            let next = marked.get(k + 1).filter(|n| n.paragraph == m.paragraph);
            if let Some(item) = classify(&w, seg, prof, m, prev, next, &known) {
                items.push(item);
            }
        }
        let mut res = Resolver::new(&w, prof, entities, index);
        resolve_speakers(&w, seg, prof, &mut items, &mut res);
        if report {
            items.extend(indirect(&w, seg, prof, &marked, &mut res));
            items.sort_by_key(|i| i.words.start);
        }
        let entities = &*res.entities;
        items
            .into_iter()
            .map(|it| {
                let mention = it.cand.as_ref().map(|c| c.span.clone()).or(it.inherited.clone());
                Quote {
                    text: text[it.words.clone()].to_string(),
                    kind: it.kind,
                    speaker: it.entity.map(|i| entities[i].name.clone()),
                    speaker_entity: it.entity.map(|i| entities[i].id.clone()),
                    speaker_mention: mention.map(|r| Span::new(text, r.start, r.end)),
                    cue: it.cue.map(|r| Span::new(text, r.start, r.end)),
                    start: it.words.start,
                    end: it.words.end,
                    char_start: 0,
                    char_end: 0,
                }
            })
            .collect()
    }
}

/// Which paragraphs the stage reads sentences of: those with a quote, the
/// one before each (the sentence before a quote may be its attribution),
/// and, with `report`, every paragraph where [`indirect`] may find reported
/// speech: a verb of saying with a conjunction at most five words after it.
fn kept_paragraphs(w: &Words<'_>, paras: &[Range<usize>], marked: &[Marked], report: bool) -> Vec<bool> {
    let mut keep = vec![false; paras.len()];
    for m in marked {
        keep[m.paragraph] = true;
        keep[m.paragraph.saturating_sub(1)] = true;
    }
    if report {
        let mut wi = 0;
        for (p, r) in paras.iter().enumerate() {
            let first = wi + w.words[wi..].partition_point(|x| x.start < r.start);
            wi = first + w.words[first..].partition_point(|x| x.end <= r.end);
            if keep[p] {
                continue;
            }
            // A conjunction with a verb of saying at most five words before
            // it: conjunctions are the rarer words, and their filter the cheaper.
            keep[p] = (first..wi).any(|t| {
                w.may_be_that(t)
                    && w.is(t, class::THAT)
                    && (t.saturating_sub(5).max(first)..t).any(|c| w.may_be_verb(c) && w.is(c, class::VERB))
            });
        }
    }
    keep
}

/// The byte range of the sentence holding `pos`, or of its paragraph.
fn sentence_range(seg: &Segmented, pos: usize, paragraph: usize) -> Range<usize> {
    match seg.sentence_at(pos) {
        Some(i) => seg.sentences[i].start..seg.sentences[i].end,
        None => seg.paragraphs.get(paragraph).cloned().unwrap_or(pos..pos),
    }
}

fn cue_range(w: &Words<'_>, c: &Cue) -> Range<usize> {
    w.words[c.first].start..w.words[c.last].end
}

/// What the attribution of a quote looks at besides the words: the known
/// entities, their mentions, and the quoted words of the document (sorted).
struct Known<'e> {
    entities: &'e [Entity],
    index: &'e MentionIndex,
    quoted: &'e [Range<usize>],
}

impl Known<'_> {
    /// True when `r` overlaps no quoted words.
    fn outside(&self, r: &Range<usize>) -> bool {
        let q = self.quoted;
        let i = q.partition_point(|q| q.end <= r.start);
        !q[i..].iter().take_while(|q| q.start < r.end).any(|q| r.start < q.end)
    }

    fn candidates(&self, w: &Words<'_>, prof: &Profile, range: Range<usize>) -> Vec<Cand> {
        candidates(w, prof, range, self.entities, self.index)
    }
}

/// Attribution found for a quote: the cue and the speaker mention.
type Found = (Option<Range<usize>>, Option<Cand>);

/// The cue and speaker in the words `range`, taking the cue nearest to the
/// quote (`from_start`: the quote comes before the words).
fn attribute_in(
    w: &Words<'_>,
    prof: &Profile,
    range: Range<usize>,
    known: &Known<'_>,
    from_start: bool,
    max_dist: usize,
) -> Option<Found> {
    if range.is_empty() {
        return None;
    }
    // Words inside other quotes are not the writer's: no cue or speaker there.
    let mut cs = cues(w, prof, range.clone());
    if cs.is_empty() {
        return None;
    }
    cs.retain(|c| known.outside(&(w.words[c.first].start..w.words[c.last].end)));
    let mut cands = known.candidates(w, prof, range.clone());
    cands.retain(|c| known.outside(&c.span));
    let ordered: Vec<&Cue> = if from_start { cs.iter().collect() } else { cs.iter().rev().collect() };
    for cue in ordered {
        let dist = if from_start { cue.first - range.start } else { range.end - 1 - cue.last };
        if dist > max_dist {
            break;
        }
        // After the quote ("„…“, sagte X") the subject tends to follow the verb;
        // before it ("X sagte: „…“") to precede it.
        let sp = speaker_for(w, prof, cue, &cands, from_start);
        match (cue.kind, sp) {
            (_, Some(sp)) => return Some((Some(cue_range(w, cue)), Some(sp.clone()))),
            (CueKind::Verb, None) => {
                // The subject further back in the clause ("X bedankte sich … und sagte:").
                let subject = cands
                    .iter()
                    .filter(|c| c.last < cue.first)
                    .filter(|c| !(c.last..cue.first).any(|i| w.gap(i).contains([';', ':', '.'])))
                    .max_by_key(|c| (attribution::quality(c), std::cmp::Reverse(c.first)))
                    .cloned();
                return Some((Some(cue_range(w, cue)), subject));
            }
            _ => {}
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn classify(
    w: &Words<'_>,
    seg: &Segmented,
    prof: &Profile,
    m: &Marked,
    prev: Option<&Marked>,
    next: Option<&Marked>,
    known: &Known<'_>,
) -> Option<Item> {
    let text = w.text;
    let inner = &text[m.inner.clone()];
    let para = seg.paragraphs.get(m.paragraph).cloned().unwrap_or(m.open..m.close_end);
    let s_open = sentence_range(seg, m.open, m.paragraph);
    let s_close = sentence_range(seg, m.close_end.saturating_sub(1), m.paragraph);
    let before_start = s_open.start.max(prev.map_or(para.start, |p| p.close_end)).min(m.open);
    let after_end = s_close.end.min(next.map_or(para.end, |n| n.open)).max(m.close_end);
    let before = before_start..m.open;
    let after = m.close_end..after_end;
    let before_text = text[before.clone()].trim();
    let after_text = text[after.clone()].trim();
    let n_words = w.within(m.inner.clone()).len();
    let terminal =
        inner.trim_end_matches(['“', '”', '’', '\'', '"', '»', '«', ')']).ends_with(['.', '!', '?', '…']);
    let starts_upper = inner.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase);
    let colon_before = before_text.ends_with(':');
    let headline = m.open == para.start
        && !terminal
        && text[m.close_end.min(para.end)..para.end]
            .trim_matches(|c: char| c.is_whitespace() || ".!?".contains(c))
            .is_empty();

    // Attribution: after the quote, before it, then anywhere in its sentence.
    let aw = w.within(after.clone());
    let bw = w.within(before.clone());
    let comma_inside = text[m.inner.end..m.close_end].contains(',');
    let after_adjacent =
        after_text.is_empty() || comma_inside || after_text.starts_with([',', '–', '—', '-']);
    // The cue of an attribution after the quote: within its clause ("…“, hatte X in einem Interview erklärt").
    let after_reach = (aw.start..aw.end)
        .find(|&i| w.gap(i).contains([',', ';', ':', '.']))
        .map_or(9, |i| (i - aw.start).min(9));
    let mut found = if after_adjacent {
        attribute_in(w, prof, aw.clone(), known, true, after_reach.max(5))
    } else {
        None
    };
    let cue_adjacent = found.is_some();
    if found.is_none() {
        found = attribute_in(w, prof, bw.clone(), known, false, 12);
    }
    if found.is_none() && colon_before {
        // "Er fuhr fort: „…“": the subject before the colon, without a known cue.
        let cands = known.candidates(w, prof, bw.clone());
        let best = cands.iter().map(attribution::quality).max().unwrap_or(0);
        if let Some(c) = cands.into_iter().find(|c| attribution::quality(c) == best) {
            found = Some((None, Some(c)));
        }
    }
    if n_words <= 8 && !cue_adjacent && announced(w, prof, m, !cues(w, prof, bw.clone()).is_empty()) {
        return None;
    }
    let statement = (terminal || colon_before) && n_words >= 2
        || ((before_text.is_empty() || m.continues) && starts_upper || cue_adjacent || headline)
            && n_words >= 3;
    let fragment = !statement;
    if found.is_none() && fragment {
        // A phrase inside a sentence: a cue anywhere in the sentence; for a
        // word or two, only in the same clause, close by.
        let short = n_words <= 2;
        let reach = if short { 10 } else { 40 };
        let sw = w.within(s_open.start.min(m.open)..m.open);
        found = attribute_in(w, prof, sw, known, false, reach);
        if found.is_none() {
            let sw = w.within(m.close_end..s_close.end.max(m.close_end));
            found = attribute_in(w, prof, sw, known, true, reach);
        }
        if short && clause_break(text, &found, m) {
            found = None;
        }
    }
    let reported = found.is_none()
        && w.within(s_open.start.min(m.open)..s_close.end.max(m.close_end)).any(|i| {
            !(m.inner.start <= w.words[i].start && w.words[i].end <= m.inner.end) && w.is(i, class::REPORTED)
        });
    let kind = if !fragment {
        QuoteKind::Direct
    } else {
        let title = if cue_adjacent { Title::No } else { title_like(w, prof, m, inner, n_words) };
        if title == Title::Sure || title == Title::Likely && found.is_none() {
            return None;
        }
        if found.is_some() || (reported && fragment) {
            QuoteKind::Direct
        } else if n_words >= 3 {
            QuoteKind::Partial
        } else {
            return None;
        }
    };
    if reported && found.is_none() && fragment {
        // "Da ihre Mandantin Angst hatte, habe Celebi „…“": the subject of the sentence.
        let sw = w.within(s_open.start.min(m.open)..m.open);
        let cands = known.candidates(w, prof, sw);
        let best = cands.iter().map(attribution::quality).max().unwrap_or(0);
        if best >= 2 {
            found = cands.into_iter().find(|c| attribution::quality(c) == best).map(|c| (None, Some(c)));
        }
    }
    let prev_sentence_free = |start: usize| prev.map_or(true, |p| p.close_end <= start);
    if found.is_none() {
        // Reported speech, or a statement right after a sentence of reported
        // speech ("X sagte, dass … . „…“"), continues the speaker of a sentence just before.
        let si = seg.sentence_at(s_open.start).unwrap_or(0);
        let max_back = if reported { 2 } else { 1 };
        for back in 1..=max_back {
            let Some(prev_s) = si.checked_sub(back).and_then(|i| seg.sentences.get(i)) else { break };
            if (prev_s.paragraph != m.paragraph && (back > 1 || !reported))
                || (!reported && !prev_sentence_free(prev_s.start))
            {
                break;
            }
            if let Some((_, Some(c))) = attribute_in(w, prof, prev_s.words.clone(), known, true, 60) {
                found = Some((None, Some(c)));
                break;
            }
        }
    }
    let (cue, cand) = found.unwrap_or((None, None));
    Some(Item {
        words: m.inner.clone(),
        kind,
        paragraph: m.paragraph,
        outer: m.open..m.close_end,
        continues: m.continues,
        headline: headline && cue.is_none() && cand.is_none(),
        cue,
        cand,
        entity: None,
        inherited: None,
    })
}

/// True when a title word stands right before the opening mark ("de film
/// ‘…’", "Motto: „…“") or a naming word right after the closing one ("„…“ genannt").
fn announced(w: &Words<'_>, prof: &Profile, m: &Marked, cue_before: bool) -> bool {
    let is_title = |i: usize| {
        let l = w.lower(i);
        prof.title_words.iter().any(|t| l == *t || (t.chars().count() >= 5 && l.ends_with(t.as_str())))
    };
    let before = w.within(m.open.saturating_sub(40)..m.open);
    // "Motto: „…“" names a title; "sagte der Zeitung: „…“" does not.
    let tight = |gap: &str| gap.chars().all(|c| c.is_whitespace() || (c == ':' && !cue_before) || c == '(');
    if let Some(i) = before.clone().last() {
        if tight(&w.text[w.words[i].end..m.open]) && is_title(i) {
            return true;
        }
    }
    let after = w.within(m.close_end..(m.close_end + 40).min(w.text.len()));
    if !after.is_empty() {
        let i = after.start;
        if w.text[m.close_end..w.words[i].start].chars().all(char::is_whitespace) && is_title(i) {
            return true;
        }
    }
    false
}

/// True when clause punctuation stands between the cue of `found` and the quote `m`.
fn clause_break(text: &str, found: &Option<Found>, m: &Marked) -> bool {
    let Some((Some(cue), _)) = found else { return false };
    let between =
        if cue.end <= m.open { &text[cue.end..m.open] } else { &text[m.close_end.min(cue.start)..cue.start] };
    between.contains([',', ';', ':', '(', ')', '–', '—'])
}

/// How much quoted words look like a title or a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Title {
    No,
    /// Capitalised like a name: a title unless a cue attributes the words.
    Likely,
    /// Announced by "film", "initiative", "so-called", or shaped like a name ("Hvalur 9", "bbc.co.uk").
    Sure,
}

/// Whether the quoted words look like a title, a name or a scare quote.
fn title_like(w: &Words<'_>, prof: &Profile, m: &Marked, inner: &str, n_words: usize) -> Title {
    let iw = w.within(m.inner.clone());
    if n_words == 0 || n_words > 6 {
        return Title::No;
    }
    let capitalised = |i: usize| {
        let s = w.word(i);
        s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    let content: Vec<usize> = iw.clone().filter(|&i| !prof.stopwords.contains(w.lower(i))).collect();
    let all_cap = !content.is_empty() && content.iter().all(|&i| capitalised(i)) && capitalised(iw.start);
    let odd = inner.contains(|c: char| c.is_ascii_digit() || c == '.' || c == '/')
        || iw.clone().any(|i| w.word(i).chars().skip(1).any(char::is_uppercase) && !all_caps(w.word(i)));
    match (all_cap, odd) {
        (true, true) => Title::Sure,
        (true, false) if prof.capital_nouns && n_words >= 2 => Title::Sure,
        (true, false) if !prof.capital_nouns || n_words >= 2 => Title::Likely,
        _ => Title::No,
    }
}

/// Resolves the speakers of `items`, continues speakers over cue-less
/// quotes, and gives headline quotes the speaker of the next paragraph.
fn resolve_speakers(
    w: &Words<'_>,
    seg: &Segmented,
    prof: &Profile,
    items: &mut [Item],
    res: &mut Resolver<'_, '_>,
) {
    for item in items.iter_mut() {
        if let Some(c) = item.cand.clone() {
            item.entity = res.resolve(&c);
        }
    }
    // A headline quote: the speaker of the next paragraph's first attributed quote.
    for k in 0..items.len() {
        if !items[k].headline || items[k].entity.is_some() {
            continue;
        }
        let p = items[k].paragraph;
        if let Some(src) =
            items[k + 1..].iter().take_while(|i| i.paragraph <= p + 2).find(|i| i.entity.is_some())
        {
            let (entity, mention) =
                (src.entity, src.cand.as_ref().map(|c| c.span.clone()).or(src.inherited.clone()));
            items[k].entity = entity;
            items[k].inherited = mention;
        }
    }
    for k in 1..items.len() {
        if items[k].cand.is_some() || items[k].cue.is_some() || items[k].entity.is_some() {
            continue;
        }
        // A quote without cue right after a quote of a known speaker continues it.
        let prev = &items[k - 1];
        if prev.entity.is_none() && prev.cand.is_none() && prev.inherited.is_none() {
            continue;
        }
        let cur = &items[k];
        let same_para = prev.paragraph == cur.paragraph;
        let next_para = prev.paragraph + 1 == cur.paragraph
            && seg.paragraphs.get(cur.paragraph).is_some_and(|p| p.start == cur.outer.start);
        if !(same_para || next_para || cur.continues) {
            continue;
        }
        let gap = prev.outer.end..cur.outer.start;
        let first = seg.sentences.partition_point(|s| s.start < gap.start);
        let sentences = seg.sentences[first..].iter().take_while(|s| s.end <= gap.end).count();
        let gw = w.within(gap);
        let own = prev.cand.as_ref().map(|c| c.span.clone());
        let interloper = candidates(w, prof, gw, res.entities, &res.index).iter().any(|c| {
            Some(&c.span) != own.as_ref()
                && (c.kind == CandKind::Name || c.entity.is_some())
                && (c.entity.is_none() || c.entity != prev.entity)
        });
        if cur.continues || (sentences <= 1 && !interloper) {
            let (entity, mention) =
                (prev.entity, prev.cand.as_ref().map(|c| c.span.clone()).or(prev.inherited.clone()));
            items[k].entity = entity;
            items[k].inherited = mention;
        }
    }
    // A quote over several paragraphs whose speaker is named only in a later part.
    for k in (1..items.len()).rev() {
        if items[k].continues && items[k - 1].entity.is_none() && items[k - 1].cand.is_none() {
            items[k - 1].entity = items[k].entity;
            items[k - 1].inherited =
                items[k].cand.as_ref().map(|c| c.span.clone()).or(items[k].inherited.clone());
        }
    }
}

/// Reported speech without quotation marks: a verb of saying, its subject,
/// and a clause opened by a conjunction ("she said that …", "Sie sagte,
/// dass …", "Vance waarschuwde de EU om …").
fn indirect(
    w: &Words<'_>,
    seg: &Segmented,
    prof: &Profile,
    marked: &[Marked],
    res: &mut Resolver<'_, '_>,
) -> Vec<Item> {
    let mut out = Vec::new();
    let text = w.text;
    let mut mi = 0;
    for s in &seg.sentences {
        while mi < marked.len() && marked[mi].close_end <= s.start {
            mi += 1;
        }
        if marked.get(mi).is_some_and(|m| m.open < s.end) || s.words.len() < 5 {
            continue;
        }
        let ws = s.words.clone();
        // Cheap tests first: a conjunction after the first word (without one
        // the search below finds none), then a verb of saying.
        if !(ws.start + 1..ws.end).any(|i| w.may_be_that(i)) {
            continue;
        }
        let Some(c) = ws.clone().find(|&i| w.may_be_verb(i) && w.is(i, class::VERB)) else { continue };
        let Some(t) = (c + 1..(c + 6).min(ws.end)).find(|&i| w.is(i, class::THAT)) else {
            continue;
        };
        if (c..t).any(|i| w.gap(i).contains(['.', ';', ':', '!', '?'])) || ws.end - t < 4 {
            continue;
        }
        let cands = candidates(w, prof, ws.start..t, res.entities, &res.index);
        let cue = Cue { kind: CueKind::Verb, first: c, last: c };
        let Some(sp) = speaker_for(w, prof, &cue, &cands, false).cloned() else { continue };
        let start = w.words[t + 1].start;
        let end_text = text[start..s.end].trim_end_matches(|c: char| ".!?…".contains(c) || c.is_whitespace());
        let end = start + end_text.len();
        let entity = res.resolve(&sp);
        out.push(Item {
            words: start..end,
            kind: QuoteKind::Indirect,
            paragraph: s.paragraph,
            outer: start..end,
            continues: false,
            headline: false,
            cue: Some(cue_range(w, &cue)),
            cand: Some(sp),
            entity,
            inherited: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::EntityType;
    use crate::Language;

    fn run(text: &str, lang: Language, entities: &mut Vec<Entity>) -> Vec<Quote> {
        let ctx = Context::new(text, Some(lang));
        QuoteExtractor::new().extract(&ctx, entities)
    }

    fn brief(q: &[Quote]) -> Vec<(String, QuoteKind, Option<String>, Option<String>)> {
        q.iter()
            .map(|q| (q.text.clone(), q.kind, q.speaker.clone(), q.cue.as_ref().map(|c| c.text.clone())))
            .collect()
    }

    fn person(id: &str, name: &str, text: &str, mentions: &[&str], roles: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: EntityType::Person,
            wikidata: None,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            mentions: mentions
                .iter()
                .filter_map(|m| text.find(m).map(|s| Span::new(text, s, s + m.len())))
                .collect(),
        }
    }

    #[test]
    fn speaker_after_with_role_and_new_entity() {
        let text = "‘We gaan door’, zegt minister Jan de Vries.";
        let mut ents = Vec::new();
        let q = run(text, Language::Dutch, &mut ents);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "We gaan door");
        assert_eq!(&text[q[0].start..q[0].end], q[0].text);
        assert_eq!(q[0].speaker.as_deref(), Some("Jan de Vries"));
        assert_eq!(q[0].cue.as_ref().unwrap().text, "zegt");
        assert_eq!(ents.len(), 1);
        assert_eq!(ents[0].id, "e0");
        assert_eq!(ents[0].roles, ["minister"]);
        assert_eq!(q[0].speaker_entity.as_deref(), Some("e0"));
    }

    #[test]
    fn entity_from_the_entity_stage_is_used() {
        let text = "Anna Berg leidt het bedrijf. ‘Het gaat goed’, zegt Berg.";
        let mut ents = vec![person("e0", "Anna Berg", text, &["Anna Berg", "Berg."], &[])];
        ents[0].mentions.retain(|m| m.text == "Anna Berg");
        let q = run(text, Language::Dutch, &mut ents);
        assert_eq!(q[0].speaker_entity.as_deref(), Some("e0"));
        assert_eq!(ents.len(), 1);
        assert_eq!(ents[0].mentions.len(), 2);
    }

    #[test]
    fn role_links_to_person_named_earlier() {
        let text =
            "Vicepresident Tom Hardeman opende de zitting. De vicepresident zei: ‘Wij wachten niet langer.’";
        let mut ents = vec![person("e0", "Tom Hardeman", text, &["Tom Hardeman"], &["vicepresident"])];
        let q = run(text, Language::Dutch, &mut ents);
        assert_eq!(brief(&q)[0].2.as_deref(), Some("Tom Hardeman"));
        let mut none = Vec::new();
        let q = run(text, Language::Dutch, &mut none);
        assert_eq!(brief(&q)[0].2.as_deref(), Some("Tom Hardeman"));
    }

    #[test]
    fn pronoun_and_continuation() {
        let text = "Minister Eva Lind kwam te laat. ‘Het spijt me’, zei ze. ‘Het verkeer zat vast.’\n\n‘Morgen ben ik op tijd.’";
        let mut ents = Vec::new();
        let q = run(text, Language::Dutch, &mut ents);
        let b = brief(&q);
        assert_eq!(b.len(), 3, "{b:?}");
        assert!(b.iter().all(|x| x.2.as_deref() == Some("Eva Lind")), "{b:?}");
        assert_eq!(b[1].3, None);
    }

    #[test]
    fn german_colon_and_prepositional() {
        let text = "Der Bürgermeister Karl Huber sagte: „Wir bauen die Brücke neu.“ Die Kosten seien „nicht zu hoch“, so Huber.";
        let mut ents = Vec::new();
        let q = run(text, Language::German, &mut ents);
        let b = brief(&q);
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(b[0].2.as_deref(), Some("Karl Huber"));
        assert_eq!(b[1].2.as_deref(), Some("Karl Huber"));
        assert_eq!(b[1].3.as_deref(), Some("so"));
    }

    #[test]
    fn titles_and_scare_quotes_are_not_quotes() {
        let text = "Het initiatief ‘AI Champions’ en de film ‘De Aanslag’ zijn ‘hip’.";
        assert!(run(text, Language::Dutch, &mut Vec::new()).is_empty());
    }

    #[test]
    fn indirect_speech() {
        let text = "Minister Paul Smit zei dinsdag dat de begroting volgend jaar sluitend moet zijn.";
        let q = run(text, Language::Dutch, &mut Vec::new());
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].kind, QuoteKind::Indirect);
        assert_eq!(q[0].text, "de begroting volgend jaar sluitend moet zijn");
        assert_eq!(q[0].speaker.as_deref(), Some("Paul Smit"));
    }

    /// Sentences are read only in some paragraphs: the quotes, their
    /// attribution from the sentence before, and reported speech elsewhere
    /// come out as when every paragraph is read.
    #[test]
    fn quotes_between_plain_paragraphs() {
        let text = "Het kabinet kwam dinsdag bijeen.\n\nMinister Eva Lind zei dat de kosten stijgen.\n\n\
Een zin zonder citaat. Nog een.\n\n‘Wij gaan door’, zegt Lind. ‘Echt waar.’\n\nDaarna bleef het stil.";
        let q = run(text, Language::Dutch, &mut Vec::new());
        let b = brief(&q);
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(q[0].kind, QuoteKind::Indirect);
        assert!(b.iter().all(|x| x.2.as_deref() == Some("Eva Lind")), "{b:?}");
    }

    /// Quote-dense Dutch news paragraphs: four direct quotes with a cue (a
    /// name, a phrase after "volgens", an organisation, a role), an indirect
    /// quote and a title that is no quote.
    const DENSE: &str = "‘De haven moet groener worden’, zegt wethouder Sanne Jacobs. Zij presenteerde dinsdag haar plan.\n\n\
Volgens Jacobs is de aanpak ‘duur maar onvermijdelijk’ voor de stad. Havenbedrijf Rotterdam reageerde voorzichtig.\n\n\
‘Wij steunen elk plan dat de sector vooruit helpt’, aldus het havenbedrijf. De wethouder zei: ‘Begin maart ligt er een besluit.’\n\n\
Minister Pieter Bakker zei woensdag dat het kabinet de kosten wil delen met de gemeenten. Het programma ‘Schone Kade’ loopt al.\n\n";

    #[test]
    fn long_quote_dense_document_is_read_whole() {
        let one = run(DENSE, Language::Dutch, &mut Vec::new());
        let got: Vec<(QuoteKind, Option<&str>)> =
            one.iter().map(|q| (q.kind, q.speaker.as_deref())).collect();
        use QuoteKind::{Direct, Indirect};
        let jacobs = Some("Sanne Jacobs");
        assert_eq!(
            got,
            [
                (Direct, jacobs),
                (Direct, jacobs),
                (Direct, Some("Havenbedrijf Rotterdam")),
                (Direct, jacobs),
                (Indirect, Some("Pieter Bakker"))
            ],
            "{:?}",
            brief(&one)
        );
        // About 2 MB: the stage must stay linear (a quadratic one takes minutes here).
        let n = 2_000_000 / DENSE.len() + 1;
        let text = DENSE.repeat(n);
        let mut ents = Vec::new();
        let q = run(&text, Language::Dutch, &mut ents);
        assert_eq!(q.len(), one.len() * n);
        assert!(q.windows(2).all(|p| p[0].end <= p[1].start));
        let last = &q[q.len() - one.len()..];
        assert_eq!(brief(last), brief(&one));
        // One entity per speaker, however often they speak.
        assert!(ents.len() <= 4, "{:?}", ents.iter().map(|e| &e.name).collect::<Vec<_>>());
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in ["", "‘", "’’’", "„“", "« »", "\"\"\"a", "‘a\n\n‘", "zegt ‘", "\u{0}‘x’ zei"]
        {
            for lang in Language::ALL {
                let q = run(t, lang, &mut Vec::new());
                for q in q {
                    assert_eq!(&t[q.start..q.end], q.text);
                }
            }
        }
    }
}
