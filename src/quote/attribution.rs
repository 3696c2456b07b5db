//! Cues and speakers: the reporting words around a quote ("zegt",
//! "sagte", "aldus", "laut", "zufolge") and the mention that names who spoke
//! (a name, a role, an organisation or a pronoun).

use std::cell::OnceCell;
use std::ops::Range;

use super::profile::{Profile, PronounKind};
use crate::record::{Entity, EntityType};

/// The words of a text (byte ranges) with the text they index, and their
/// lowercase forms, computed on first use.
pub(crate) struct Words<'a> {
    pub text: &'a str,
    pub words: &'a [Range<usize>],
    lows: Vec<OnceCell<String>>,
}

/// The lowercase form of a word, with typographic apostrophes made straight.
pub(crate) fn lower(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).map(|c| if c == '’' { '\'' } else { c }).collect()
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str, words: &'a [Range<usize>]) -> Words<'a> {
        Words { text, words, lows: (0..words.len()).map(|_| OnceCell::new()).collect() }
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
        self.lows[i].get_or_init(|| lower(self.word(i)))
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
    let lows: Vec<&str> = range.clone().map(|i| w.lower(i)).collect();
    let mut k = 0;
    while k < lows.len() {
        let i = range.start + k;
        if let Some(n) = seq_at(&lows[k..], &prof.before) {
            out.push(Cue { kind: CueKind::Before, first: i, last: i + n - 1 });
            k += n;
            continue;
        }
        if let Some(n) = seq_at(&lows[k..], &prof.after) {
            out.push(Cue { kind: CueKind::After, first: i, last: i + n - 1 });
            k += n;
            continue;
        }
        if prof.verbs.contains(lows[k]) {
            out.push(Cue { kind: CueKind::Verb, first: i, last: i });
        }
        k += 1;
    }
    out
}

/// The length of the longest sequence of `seqs` that `words` starts with.
fn seq_at(words: &[&str], seqs: &[Vec<String>]) -> Option<usize> {
    seqs.iter().find(|s| words.len() >= s.len() && s.iter().zip(words).all(|(a, b)| a == b)).map(Vec::len)
}

fn upper_initial(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// A word written in capitals only, such as an acronym ("CDU", "NATO").
pub(crate) fn all_caps(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase)
}

/// The gap between two words of a name: a space, a hyphen, or the period of an initial.
fn name_gap(w: &Words<'_>, i: usize) -> bool {
    let g = w.gap(i);
    let word = w.word(i);
    let initial = word.chars().count() == 1 || (word.len() <= 5 && word.contains('.') && all_caps(word));
    g == " " || g == "\u{a0}" || g == "-" || g == "‑" || (initial && (g == ". " || g == "."))
}

/// True when word `j` is a name particle here: "van", "von", "de"; a
/// particle that is also an article ("der", "den") only after another
/// particle ("Von der Leyen", "van den Berg").
fn particle_ok(w: &Words<'_>, prof: &Profile, j: usize) -> bool {
    let l = w.lower(j);
    if !prof.particles.contains(l) {
        return false;
    }
    let prev_particle =
        j > 0 && prof.particles.contains(w.lower(j - 1)) && !prof.articles.contains(w.lower(j - 1));
    let prev_capital = j > 0 && upper_initial(w.word(j - 1));
    !prof.articles.contains(l) || prev_particle || (!prof.capital_nouns && prev_capital)
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

/// Finds the possible speaker mentions among words `range`. Mentions of
/// `entities` (people and organisations) are linked to the guess that holds
/// them (which may name the person more fully) or replace the guesses they overlap.
pub(crate) fn candidates(
    w: &Words<'_>,
    prof: &Profile,
    range: Range<usize>,
    entities: &[Entity],
) -> Vec<Cand> {
    let mut out = guesses(w, prof, range.clone(), &[]);
    if entities.is_empty() || range.is_empty() {
        return out;
    }
    let (zs, ze) = (w.words[range.start].start, w.words[range.end - 1].end);
    for (ei, e) in entities.iter().enumerate() {
        if !matches!(e.kind, EntityType::Person | EntityType::Organization) {
            continue;
        }
        let org = e.kind == EntityType::Organization;
        for m in e.mentions.iter().filter(|m| m.start >= zs && m.end <= ze) {
            let ms = m.start..m.end;
            if let Some(c) = out.iter_mut().find(|c| {
                matches!(c.kind, CandKind::Name | CandKind::Org)
                    && c.span.start <= ms.start
                    && ms.end <= c.span.end
            }) {
                // A longer name around a known entity's name is that entity named more
                // fully, unless the entity is an organisation or a known person whose
                // name it does not hold ("Martin Svoboda" is not the party Svoboda).
                let guess = lower(&w.text[c.span.clone()]);
                let holds_name =
                    lower(&e.name).split_whitespace().all(|t| guess.split_whitespace().any(|g| g == t));
                let same = c.span == ms;
                if same || (!org && (e.wikidata.is_none() || holds_name)) {
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
            let after_article = span.start > 0 && prof.articles.contains(w.lower(span.start - 1));
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
fn guesses(w: &Words<'_>, prof: &Profile, range: Range<usize>, entities: &[Entity]) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::new();
    if range.is_empty() {
        return out;
    }
    let (zs, ze) = (w.words[range.start].start, w.words[range.end - 1].end);
    for (ei, e) in entities.iter().enumerate() {
        if !matches!(e.kind, EntityType::Person | EntityType::Organization) {
            continue;
        }
        for m in &e.mentions {
            if m.start >= zs && m.end <= ze {
                let span = w.within(m.start..m.end);
                if span.is_empty() {
                    continue;
                }
                let org = e.kind == EntityType::Organization;
                // "mit der BBC", "warf der Bundesregierung vor": an organisation
                // after an article is as often an object as a speaker.
                let after_article = span.start > 0 && prof.articles.contains(w.lower(span.start - 1));
                out.push(Cand {
                    kind: if org { CandKind::Org } else { CandKind::Name },
                    span: m.start..m.end,
                    role: None,
                    first: span.start,
                    last: span.end - 1,
                    entity: Some(ei),
                    weak: org && after_article && prof.capital_nouns,
                });
            }
        }
    }
    let covered =
        |i: usize, out: &[Cand]| out.iter().any(|c| c.entity.is_some() && c.first <= i && i <= c.last);
    let mut i = range.start;
    while i < range.end {
        if covered(i, &out) {
            i += 1;
            continue;
        }
        let word = w.word(i);
        let lw = lower(word);
        let sentence_start = i == 0 || {
            let g = w.gap(i - 1);
            g.contains(['.', '!', '?', '“', '”', '„', '«', '»', '‘', '’', '"', ':']) || g.contains('\n')
        };
        if let Some(p) = prof.pronoun(&lw) {
            // A capitalised pronoun inside a sentence is a name or a polite form, not "she".
            if !upper_initial(word) || sentence_start || prof.capital_nouns {
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
        if upper_initial(word) || all_caps(word) {
            // A run of capitalised words, with name particles inside.
            let mut j = i + 1;
            while j < range.end && name_gap(w, j - 1) && !covered(j, &out) {
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
            if let Some(c) = run_candidate(w, prof, i, j, sentence_start) {
                out.push(c);
            }
            i = j;
            continue;
        }
        if prof.is_role(&lw) || prof.is_org(&lw) {
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
            let kind = if prof.is_org(&lw) && !prof.is_role(&lw) { CandKind::Org } else { CandKind::Role };
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
    let lows: Vec<&str> = (a..b).map(|i| w.lower(i)).collect();
    // The last role or organisation word splits role from name.
    let mut start = 0;
    while start < lows.len()
        && (prof.articles.contains(lows[start]) || prof.stopwords.contains(lows[start]))
        && !(prof.particles.contains(lows[start])
            && start + 1 < lows.len()
            && (!sentence_start || prof.particles.contains(lows[start + 1])))
    {
        start += 1;
    }
    // A surname may itself be a role noun ("Tim Richter"): a role with a name
    // after it wins over a role at the end.
    let is_title = |k: usize| prof.is_role(&lows[k]) || prof.is_org(&lows[k]);
    let split = (0..lows.len().saturating_sub(1))
        .rev()
        .find(|&k| is_title(k) && !prof.is_org(&lows[k]))
        .or_else(|| (0..lows.len()).rev().find(|&k| is_title(k)))
        // A role word after a capitalised non-role word is a surname ("Marek Kráľ"),
        // unless it names an organisation ("Europese Commissie").
        .filter(|&k| k <= start || prof.is_org(&lows[k]) || is_title(k - 1) || k + 1 < lows.len());
    if let Some(k) = split {
        let name_ok = k + 1 < lows.len()
            && !prof.articles.contains(lows[k + 1])
            && !(prof.stopwords.contains(lows[k + 1]) && !upper_initial(w.word(a + k + 1)));
        if name_ok && !prof.is_org(&lows[k]) {
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
        if k + 1 == lows.len() || !name_ok {
            let b = a + k + 1;
            // A role or organisation, possibly a named one ("Europese Commissie").
            let first = a + start.min(k);
            let span = w.words[first].start..w.words[b - 1].end;
            let kind = if prof.is_org(&lows[k]) {
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
    if start >= lows.len() {
        return None;
    }
    let first = a + start;
    let n = b - first;
    if lows[start..].iter().all(|l| prof.verbs.contains(*l) || prof.stopwords.contains(*l)) {
        return None;
    }
    if n == 1 {
        let word = w.word(first);
        // A lone capitalised word that opens the sentence is usually not a name,
        // nor is a German noun after an article.
        if sentence_start
            && start == 0
            && !all_caps(word)
            && (prof.stopwords.contains(lows[start]) || prof.skip.contains(lows[start]))
        {
            return None;
        }
        if prof.capital_nouns && !all_caps(word) && first > 0 && !sentence_start {
            // A German noun: after an article, or after any other lowercase
            // word than a verb of saying or a cue ("sagte Merkel", "so Wieland").
            let prev = w.lower(first - 1);
            let prev_word = w.word(first - 1);
            let cue_before = prof.verbs.contains(prev)
                || prof.skip.contains(prev)
                || prof.reported.contains(prev)
                || prof.before.iter().any(|s| s.last().map(String::as_str) == Some(prev));
            if start > 0 || prof.articles.contains(prev) || (!upper_initial(prev_word) && !cue_before) {
                return None;
            }
        }
    }
    // A German name after an article without a role is a newspaper or a body
    // ("der Süddeutschen Zeitung"), not a person.
    let after_article = first > 0 && prof.articles.contains(w.lower(first - 1));
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
            let l = w.lower(i);
            prof.skip.contains(l)
                || prof.articles.contains(l)
                || prof.is_role(&l)
                || !upper_initial(w.word(i))
                || prof.capital_nouns
        })
    };
    let no_verb = |a: usize, b: usize| !(a..b).any(|i| prof.verbs.contains(w.lower(i)));
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

    fn cands_of(text: &str, lang: Language) -> Vec<(CandKind, String)> {
        let seg = segment(text, Some(lang));
        let w = Words::new(text, &seg.words);
        candidates(&w, profile(Some(lang)), 0..seg.words.len(), &[])
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
        let w = Words::new(text, &seg.words);
        let prof = profile(Some(Language::Dutch));
        let cs = cues(&w, prof, 0..seg.words.len());
        let cands = candidates(&w, prof, 0..seg.words.len(), &[]);
        let s = speaker_for(&w, prof, &cs[0], &cands, true).unwrap();
        assert_eq!(&text[s.span.clone()], "Jan de Vries");
        assert_eq!(&text[s.role.clone().unwrap()], "minister");
    }
}
