//! Pairing quotation marks, paragraph by paragraph, from a language's
//! profile of opening and closing marks.
//!
//! Marks are never paired by blind alternation: a mark opens only where an
//! opening mark can stand (after a space, a bracket or a dash, before a
//! word) and closes only a mark of its own pair. An apostrophe between two
//! letters (auto’s, L’Oréal, don’t) or before an elided word (’s avonds) is
//! not a mark. A quote left open at the end of its paragraph ends there; when
//! the next paragraph reopens it (the news convention for quotes running over
//! several paragraphs), the two parts are linked.

use std::ops::Range;

use super::profile::Profile;
use crate::segment::is_alnum;

/// A top-level pair of quotation marks and the words between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marked {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// The words between the marks, without surrounding white space.
    pub inner: Range<usize>,
    /// Byte offset just past the closing mark, or the paragraph's end when unclosed.
    pub close_end: usize,
    /// False when the paragraph ended before a closing mark.
    pub closed: bool,
    /// Index of the paragraph.
    pub paragraph: usize,
    /// True when this quote reopens an unclosed quote of the previous paragraph.
    pub continues: bool,
    /// True when another pair of marks sits inside this one.
    pub has_nested: bool,
}

/// Characters used as apostrophes; between letters they never are marks.
fn apostrophe_like(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´')
}

fn guillemet(c: char) -> bool {
    matches!(c, '«' | '»' | '‹' | '›')
}

/// Characters after which an opening mark may stand.
fn opens_after(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | '[' | '{' | '-' | '–' | '—' | '/' | ':' | ';' | ',' | '\'' | '’')
}

/// Characters before which a closing mark may stand.
fn closes_before(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '-' | '–' | '—' | '…' | '/')
}

struct Open {
    mark: char,
    pos: usize,
    end: usize,
}

/// The top-level quotes of `text` whose paragraphs are `paragraphs`.
pub(crate) fn find(text: &str, paragraphs: &[Range<usize>], prof: &Profile) -> Vec<Marked> {
    let mut out: Vec<Marked> = Vec::new();
    for (pi, para) in paragraphs.iter().enumerate() {
        let first_in_para = out.len();
        scan_paragraph(text, para.clone(), pi, prof, &mut out);
        // Link a quote that reopens an unclosed quote of the previous paragraph.
        if first_in_para > 0 && first_in_para < out.len() {
            let (prev, cur) = (&out[first_in_para - 1], &out[first_in_para]);
            if !prev.closed
                && prev.paragraph + 1 == pi
                && cur.open == para.start
                && text[prev.open..].chars().next() == text[cur.open..].chars().next()
            {
                out[first_in_para].continues = true;
            }
        }
    }
    out
}

fn scan_paragraph(text: &str, para: Range<usize>, pi: usize, prof: &Profile, out: &mut Vec<Marked>) {
    let bytes = text.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    let mut nested = false;
    let mut at = para.start;
    while at < para.end {
        // Skip to the next byte that can start a mark of the profile; the
        // table holds first bytes of UTF-8 sequences only, so a hit is a char boundary.
        let pos = prof.skip_to_mark(bytes, at, para.end);
        if pos >= para.end {
            break;
        }
        let Some(c) = text[pos..para.end].chars().next() else { break };
        let end = pos + c.len_utf8();
        at = end;
        if !prof.is_mark(c) {
            continue;
        }
        // The chars around the mark, within the paragraph.
        let before = text[para.start..pos].chars().next_back();
        let next = text[end..para.end].chars().next();
        if apostrophe_like(c) {
            if before.is_some_and(is_alnum) && next.is_some_and(is_alnum) {
                continue;
            }
            if before.map_or(true, |b| !is_alnum(b)) && is_elision(&text[end..para.end], prof) {
                continue;
            }
        }
        // White space inside guillemets (« mot ») is padding, not a boundary.
        let next_solid = if guillemet(c) { text[end..para.end].trim_start().chars().next() } else { next };
        let prev_solid =
            if guillemet(c) { text[para.start..pos].trim_end().chars().next_back() } else { before };
        let opener_ctx = next_solid.is_some_and(|n| !n.is_whitespace())
            && before.map_or(true, |b| opens_after(b) || prof.is_mark(b));
        let closer_ctx = prev_solid.is_some_and(|b| !b.is_whitespace())
            && next.map_or(true, |n| closes_before(n) || prof.is_mark(n));
        let closes = |o: &Open| prof.pairs.iter().any(|&(po, pc)| po == o.mark && pc == c);
        if let Some(k) = stack.iter().rposition(closes) {
            let top = k + 1 == stack.len();
            if closer_ctx || (top && !opener_ctx) {
                if k == 0 {
                    push(text, stack[0].pos, stack[0].end, pos, end, true, pi, nested, out);
                    nested = false;
                } else {
                    nested = true;
                }
                stack.truncate(k);
                continue;
            }
        }
        if opener_ctx && prof.pairs.iter().any(|&(o, _)| o == c) {
            stack.push(Open { mark: c, pos, end });
        }
    }
    if let Some(o) = stack.first() {
        let symmetric = prof.pairs.iter().any(|&(po, pc)| po == o.mark && pc == o.mark);
        let at_start = o.pos == para.start || text[para.start..o.pos].trim_end().ends_with(':');
        if at_start || !(symmetric || apostrophe_like(o.mark)) {
            push(text, o.pos, o.end, para.end, para.end, false, pi, nested || stack.len() > 1, out);
        }
    }
}

/// True when `rest` (the text after an apostrophe) starts with an elided
/// word of the language followed by a non-letter: "s avonds", "t is".
fn is_elision(rest: &str, prof: &Profile) -> bool {
    if prof.elisions.is_empty() {
        return false;
    }
    let word_len = rest.find(|c: char| !is_alnum(c)).unwrap_or(rest.len());
    word_len > 0 && prof.elisions.contains(&rest[..word_len].to_lowercase())
}

#[allow(clippy::too_many_arguments)]
fn push(
    text: &str,
    open: usize,
    open_end: usize,
    close: usize,
    close_end: usize,
    closed: bool,
    paragraph: usize,
    has_nested: bool,
    out: &mut Vec<Marked>,
) {
    let inner = &text[open_end..close];
    let lead = inner.len() - inner.trim_start().len();
    // A comma before the closing mark ("“We won,” she said") belongs to the frame.
    let trimmed = inner.trim().trim_end_matches(',').trim_end();
    if trimmed.is_empty() || !trimmed.chars().any(char::is_alphanumeric) {
        return;
    }
    let start = open_end + lead;
    out.push(Marked {
        open,
        inner: start..start + trimmed.len(),
        close_end,
        closed,
        paragraph,
        continues: false,
        has_nested,
    });
}

#[cfg(test)]
mod tests {
    use super::super::profile::profile;
    use super::*;
    use crate::Language;

    fn quotes(text: &str, lang: Language) -> Vec<&str> {
        let seg = crate::segment::segment(text, Some(lang));
        find(text, &seg.paragraphs, profile(Some(lang))).iter().map(|m| &text[m.inner.clone()]).collect()
    }

    #[test]
    fn dutch_single_marks_and_apostrophes() {
        let t = "‘De auto’s van L’Oréal rijden ’s avonds’, zegt hij. Dat is ’t.";
        assert_eq!(quotes(t, Language::Dutch), ["De auto’s van L’Oréal rijden ’s avonds"]);
    }

    #[test]
    fn german_low_high_marks() {
        let t = "Er sagte: „Das ist gut.“ Dann: „Wir sprachen über ‚Europa‘ und ‚Asien‘.“";
        assert_eq!(quotes(t, Language::German), ["Das ist gut.", "Wir sprachen über ‚Europa‘ und ‚Asien‘."]);
    }

    #[test]
    fn english_open_mark_is_german_close_mark() {
        assert_eq!(quotes("He said “we won” today.", Language::English), ["we won"]);
        assert!(quotes("He said “we won” today.", Language::German).is_empty());
    }

    #[test]
    fn french_guillemets_with_spaces() {
        let t = "« Nous allons gagner », a déclaré le ministre. Selon lui, «\u{202f}c’est fait\u{202f}».";
        assert_eq!(quotes(t, Language::French), ["Nous allons gagner", "c’est fait"]);
    }

    #[test]
    fn swedish_same_mark_both_ways() {
        let t = "”Vi är redo”, säger hon. ”Och vi vinner.”";
        assert_eq!(quotes(t, Language::Swedish), ["Vi är redo", "Och vi vinner."]);
    }

    #[test]
    fn danish_and_french_guillemets_point_opposite_ways() {
        assert_eq!(quotes("»Det går godt«, siger han.", Language::Danish), ["Det går godt"]);
        assert!(quotes("»Det går godt«, siger han.", Language::French).len() <= 1);
    }

    #[test]
    fn unclosed_quote_ends_at_paragraph_and_reopens() {
        let t = "‘Eerste deel van het verhaal.\n\n‘Tweede deel’, zegt zij.\n\nGeen citaat.";
        let seg = crate::segment::segment(t, Some(Language::Dutch));
        let m = find(t, &seg.paragraphs, profile(Some(Language::Dutch)));
        assert_eq!(m.len(), 2);
        assert!(!m[0].closed && m[1].closed && m[1].continues);
        assert_eq!(&t[m[0].inner.clone()], "Eerste deel van het verhaal.");
    }

    #[test]
    fn stray_apostrophes_make_no_quote() {
        assert!(quotes("In de jaren '90 en 'zestig ging het goed.", Language::Dutch).is_empty());
        assert!(quotes("The players’ union and the ’90s.", Language::English).is_empty());
    }
}
