//! Joining mentions into one entity per real-world thing: knowledge-base
//! entries by identity; names by their full form, surname, inflected form,
//! head noun ("de Commissie") or acronym ("ECB").

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::record::{Entity, EntityType, Span};

use super::kb::{FormKind, Kb};
use super::lexicon::Lexicon;
use super::names::{Mention, Source, NONE, WEAK};
use super::tokens::{lowercase_is_itself, with_lower};
use super::WordHasher;

struct Ent {
    entry: Option<u32>,
    kind: EntityType,
    strength: u8,
    roles: Vec<String>,
    spans: Vec<(usize, usize)>,
    /// The mention with the most words (then the longest), for the canonical name.
    best: Mention,
    first: usize,
}

impl Ent {
    fn new(m: &Mention) -> Ent {
        Ent {
            entry: match m.source {
                Source::Kb { entry, .. } => Some(entry),
                Source::Name => None,
            },
            kind: m.kind,
            strength: m.strength,
            roles: Vec::new(),
            spans: Vec::new(),
            best: m.clone(),
            first: m.start,
        }
    }

    fn add(&mut self, m: &Mention, text: &str) {
        self.spans.push((m.start, m.end));
        self.first = self.first.min(m.start);
        for r in &m.roles {
            if !self.roles.iter().any(|x| x.to_lowercase() == r.to_lowercase()) {
                self.roles.push(r.clone());
            }
        }
        if self.entry.is_none() {
            if m.strength > self.strength {
                self.strength = m.strength;
                self.kind = m.kind;
            }
            if better_name(text, m, &self.best) {
                self.best = m.clone();
            }
        }
    }
}

/// True when mention `m` names its entity better than `best`: it has more
/// words, or as many and is longer, unless it is `best` with a case ending
/// ("Celebis" after "Celebi"), or `best` is it with one.
fn better_name(text: &str, m: &Mention, best: &Mention) -> bool {
    let (mw, bw) = (m.words.len(), best.words.len());
    if mw != bw {
        return mw > bw;
    }
    let (mt, bt) = (&text[m.start..m.end], &text[best.start..best.end]);
    let inflected = |long: &str, short: &str| long.len() <= short.len() + 2 && long.starts_with(short);
    if mt.len() > bt.len() {
        !inflected(mt, bt)
    } else {
        mt.len() < bt.len() && inflected(bt, mt)
    }
}

/// Lowercase key of a text: white space collapsed, apostrophes and initials unified.
#[cfg(test)]
pub(crate) fn key(s: &str) -> String {
    let mut out = String::new();
    key_into(s, &mut out);
    out
}

/// [`key`] of `s`, written to `out` (cleared first).
fn key_into(s: &str, out: &mut String) {
    out.clear();
    out.reserve(s.len());
    if s.is_ascii() {
        let b = s.as_bytes();
        let ws = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
        // Nearly always: single spaces between words, none after a period, so the key is the text lowercased.
        let simple = b.first() != Some(&b' ') && b.last() != Some(&b' ') && {
            let mut prev = 0u8;
            let mut ok = true;
            for &c in b {
                // White space is a single space after a char that is no period.
                if c <= b' ' && ws(c) && (c != b' ' || ws(prev) || prev == b'.') {
                    ok = false;
                    break;
                }
                prev = c;
            }
            ok
        };
        if simple {
            out.push_str(s);
            out.make_ascii_lowercase();
            return;
        }
        // The same, byte by byte: ASCII words only need their capitals lowered.
        // A space goes before a word that follows another, unless that one ends in a period.
        let mut space = false;
        let mut last = 0u8;
        for &b in s.as_bytes() {
            // `char::is_whitespace` of an ASCII char.
            if matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
                space = !out.is_empty();
                continue;
            }
            if space && last != b'.' {
                out.push(' ');
            }
            space = false;
            last = b;
            out.push(char::from(b.to_ascii_lowercase()));
        }
        return;
    }
    for w in s.split_whitespace() {
        // "j.d. vance" and "j. d. vance" are one key: no space after a period.
        if !out.is_empty() && !out.ends_with('.') {
            out.push(' ');
        }
        for c in w.chars() {
            match c {
                '’' | 'ʼ' => out.push('\''),
                'A'..='Z' => out.push(c.to_ascii_lowercase()),
                _ if c.is_ascii() || lowercase_is_itself(c) => out.push(c),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
}

fn stem_key(lex: &Lexicon, s: &str) -> String {
    let mut k = String::new();
    stem_key_into(lex, s, &mut k);
    k
}

/// [`stem_key`] of `s`, written to `k` (cleared first).
fn stem_key_into(lex: &Lexicon, s: &str, k: &mut String) {
    key_into(s, k);
    // The stem of the last word is a prefix of it: cut the key after it.
    let bytes = k.as_bytes();
    let mut last = bytes.len();
    while last > 0 && bytes[last - 1] != b' ' {
        last -= 1;
    }
    let stem_len = lex.stem(&k[last..]).len();
    k.truncate(last + stem_len);
}

/// The canonical form of a name found in the text: white space collapsed,
/// inner particles lowercase ("Ursula Von der Leyen" → "Ursula von der Leyen"),
/// initials spaced ("J.D. Vance" → "J. D. Vance").
pub(crate) fn canonical(text: &str, m: &Mention, lex: &Lexicon) -> String {
    let mut out = String::with_capacity(m.end.saturating_sub(m.start) + 4);
    for (i, &(s, e)) in m.words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let w = &text[s..e];
        let inner = i > 0 && i + 1 < m.words.len();
        // Inner particles in lowercase.
        if inner
            && with_lower(w, |lw| {
                let particle = lex.particles.contains(lw);
                if particle {
                    out.push_str(lw);
                }
                particle
            })
        {
            continue;
        }
        if w.ends_with('.') && w.chars().filter(|c| *c == '.').count() > 1 {
            for (k, part) in w.split_inclusive('.').enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                out.push_str(part);
            }
        } else {
            out.push_str(w);
        }
    }
    out
}

/// The id of the `i`-th entity: "e0", "e1", ... (without `format!`, which
/// costs more than the rest of making the entity's record).
fn entity_id(i: usize) -> String {
    let mut id = Vec::with_capacity(8);
    id.push(b'e');
    crate::record::push_decimal(&mut id, i);
    String::from_utf8(id).unwrap_or_else(|_| format!("e{i}"))
}

/// Joins `mentions` (sorted by position) into entities, in order of first mention.
// Once a text: out of line, so that profiles show it whole.
#[inline(never)]
pub(crate) fn resolve(text: &str, mentions: Vec<Mention>, kb: &Kb, lex: &Lexicon) -> Vec<Entity> {
    let mut ents: Vec<Ent> = Vec::new();
    // Entry numbers come from the knowledge base, not the text: the fast hasher will do.
    // Sized for every knowledge-base mention, and the keys for about one name
    // or alias per mention, so that the tables seldom grow (and rehash) as they fill.
    let kb_mentions = mentions.iter().filter(|m| matches!(m.source, Source::Kb { .. })).count();
    let mut by_entry: HashMap<u32, usize, BuildHasherDefault<WordHasher>> =
        HashMap::with_capacity_and_hasher(kb_mentions, BuildHasherDefault::default());
    // Keys of names and aliases: the entities they name.
    let mut keys =
        Keys { map: HashMap::with_capacity_and_hasher(mentions.len(), BuildHasherDefault::default()) };

    // 1. Full knowledge-base mentions.
    for m in &mentions {
        if let Source::Kb { entry, form: FormKind::Full } = m.source {
            let e = *by_entry.entry(entry).or_insert_with(|| {
                ents.push(Ent::new(m));
                ents.len() - 1
            });
            ents[e].add(m, text);
        }
    }
    // Aliases of knowledge-base entities: surnames of people, head nouns and acronyms of organisations.
    for (e, ent) in ents.iter().enumerate() {
        add_aliases(text, &mut keys, e, &ent.best, ent.kind, lex);
    }

    // 2. Short forms and surnames of entries: join when the entry is named in the text.
    let mut rest: Vec<Mention> = Vec::new();
    for m in mentions {
        match m.source {
            Source::Kb { form: FormKind::Full, .. } => {}
            Source::Kb { entry, form } => {
                if let Some(&e) = by_entry.get(&entry) {
                    ents[e].add(&m, text);
                } else if form == FormKind::Surname && !m.roles.is_empty() {
                    // A title and a known surname ("Frau Merkel"): the known person.
                    ents.push(Ent::new(&m));
                    let e = ents.len() - 1;
                    ents[e].add(&m, text);
                    by_entry.insert(entry, e);
                } else if form == FormKind::Surname {
                    // A known person's surname alone: a person, but not linked.
                    rest.push(Mention {
                        source: Source::Name,
                        kind: EntityType::Person,
                        strength: WEAK,
                        ..m
                    });
                } else if m.kind != EntityType::Person {
                    rest.push(Mention { source: Source::Name, strength: NONE, ..m });
                }
            }
            Source::Name => rest.push(m),
        }
    }

    // 3. Names: longest first, so that short forms find their full form.
    rest.sort_by(|x, y| y.words.len().cmp(&x.words.len()).then(x.start.cmp(&y.start)));
    let mut weak: Vec<(Mention, String)> = Vec::new();
    let mut k = String::new();
    for m in rest {
        stem_key_into(lex, &text[m.start..m.end], &mut k);
        let join = keys
            .map
            .get(k.as_str())
            .and_then(|r| r.name.or_else(|| r.aliases.iter().copied().find(|&e| alias_fits(&ents[e], &m))));
        match join {
            Some(e) => ents[e].add(&m, text),
            None if m.strength > NONE => {
                ents.push(Ent::new(&m));
                let e = ents.len() - 1;
                ents[e].add(&m, text);
                keys.map.entry(k.clone()).or_default().name = Some(e);
                add_aliases(text, &mut keys, e, &m, m.kind, lex);
            }
            None => weak.push((m, k.clone())),
        }
    }
    // Mentions without evidence of their own join an entity found otherwise, or go.
    for (m, k) in weak {
        if let Some(e) = keys.map.get(&k).and_then(|r| r.name.or_else(|| r.aliases.first().copied())) {
            ents[e].add(&m, text);
        }
    }

    ents.retain(|e| !e.spans.is_empty());
    // `first` is the start of the entity's first span: every entity is made
    // with a mention that is then added to it.
    ents.sort_by_key(|e| e.first);
    ents.into_iter()
        .enumerate()
        .map(|(i, mut e)| {
            e.spans.sort_unstable();
            e.spans.dedup();
            let (name, wikidata) = match e.entry {
                Some(entry) => {
                    let k = kb.entry(entry);
                    (k.name.clone(), k.wikidata.clone())
                }
                None => (canonical(text, &e.best, lex), None),
            };
            Entity {
                id: entity_id(i),
                name,
                kind: e.kind,
                wikidata,
                roles: e.roles,
                mentions: e.spans.iter().map(|&(s, t)| Span::new(text, s, t)).collect(),
            }
        })
        .collect()
}

/// A short alias joins a person only as a name-like mention, an organisation
/// only after it was named.
fn alias_fits(e: &Ent, m: &Mention) -> bool {
    match e.kind {
        EntityType::Person => matches!(m.kind, EntityType::Person | EntityType::Misc) || m.strength <= WEAK,
        _ => m.start > e.first,
    }
}

/// What a key refers to.
#[derive(Default)]
struct KeyRefs {
    /// The entity whose name has the key.
    name: Option<usize>,
    /// The entities (indices, ascending) that have the key as an alias: a
    /// surname, head noun or acronym that refers to them by itself.
    aliases: Vec<usize>,
}

/// Keys and what they refer to: one look-up answers for names and aliases.
/// A map of one text, only looked up (never iterated: the output does not
/// depend on its order), so the fast hasher will do.
#[derive(Default)]
struct Keys {
    map: HashMap<String, KeyRefs, BuildHasherDefault<WordHasher>>,
}

impl Keys {
    /// Adds `key` as an alias of entity `e`, which is not below any entity
    /// given an alias before.
    fn push(&mut self, key: String, e: usize) {
        let es = &mut self.map.entry(key).or_default().aliases;
        if es.last() != Some(&e) {
            es.push(e);
        }
    }
}

fn add_aliases(text: &str, aliases: &mut Keys, e: usize, m: &Mention, kind: EntityType, lex: &Lexicon) {
    let words = &m.words;
    let n = words.len();
    if n < 2 {
        return;
    }
    let word = |i: usize| &text[words[i].0..words[i].1];
    match kind {
        EntityType::Person => {
            // Everything after the first name and initials, and the last word alone.
            let plain = (0..n).find(|&i| !word(i).ends_with('.'));
            let from = if word(0).ends_with('.') {
                plain.unwrap_or(1)
            } else {
                plain.unwrap_or(0).max(1).min(n - 1)
            };
            if from + 1 < n {
                // The words joined by single spaces: the text itself when they are.
                let (s, t) = (words[from].0, words[n - 1].1);
                let spaced = (from + 1..n)
                    .all(|i| words[i].0 == words[i - 1].1 + 1 && text.as_bytes()[words[i - 1].1] == b' ');
                if spaced {
                    aliases.push(stem_key(lex, &text[s..t]), e);
                } else {
                    let joined: Vec<&str> = (from..n).map(word).collect();
                    aliases.push(stem_key(lex, &joined.join(" ")), e);
                }
            }
            // (When `from` is the last word, the key above would be this one.)
            aliases.push(stem_key(lex, word(n - 1)), e);
        }
        EntityType::Organization | EntityType::Event | EntityType::Misc => {
            let head = if lex.head_first { word(0) } else { word(n - 1) };
            if head.chars().count() >= 4 && head.chars().next().is_some_and(char::is_uppercase) {
                aliases.push(stem_key(lex, head), e);
            }
            let acronym: String = (0..n)
                .map(word)
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .filter_map(|w| w.chars().next())
                .collect();
            if acronym.chars().count() >= 2 {
                aliases.push(acronym.to_lowercase(), e);
            }
        }
        EntityType::Location => {}
    }
}
