//! Linking a speaker mention to an entity of the document: a name to the
//! entity that holds it (or to a new person), a surname or role to the
//! person named earlier, an organisation word to the organisation named
//! earlier, a pronoun to the most recent compatible speaker.
//!
//! Every lookup goes through an index built once per document (on first
//! use) and kept up to date as entities gain names, mentions and roles, so
//! that resolving a speaker costs the same early and late in a long text.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::attribution::{
    all_caps, lower, lower_into, name_candidates, name_scan_end, name_scan_start, Cand, CandKind,
    MentionIndex, Words, LOWER2,
};
use super::profile::{HashMap, Profile, PronounKind};
use crate::record::{Entity, EntityType, Span};

/// Resolves speaker mentions of one document; may add entities.
pub(crate) struct Resolver<'a, 'w> {
    pub w: &'a Words<'w>,
    pub prof: &'a Profile,
    pub entities: &'a mut Vec<Entity>,
    /// The mentions of people and organisations, with those added here.
    pub index: MentionIndex,
    /// Speakers so far: mention start to the entities resolved there, in order.
    history: BTreeMap<usize, Vec<usize>>,
    /// For each entity, the number of the latest resolution that named it
    /// (0: never), so the most recent speaker of a set is the one with the highest.
    spoke: Vec<usize>,
    resolved: usize,
    /// For each entity, true once its mentions are known to be in text order.
    sorted: Vec<bool>,
    /// The next free entity id number.
    next_id: Option<usize>,
    /// The candidate mentions of the document, without entity overlay, with
    /// their lookup tables; read as far as look-ups need.
    all: AllCands,
    names: Option<NameIndex>,
    roles: Option<RoleIndex>,
    orgs: Option<OrgIndex>,
    /// The text in lowercase, as far as the look-ups have needed.
    lowered: Lowered,
}

/// The document's text in lowercase, read from its start as far as needed:
/// each character as [`lower`] writes it, but for the typographic
/// apostrophe, which stays as it is, so that the lowercase has the byte
/// offsets of the text. It tells cheaply that a word is nowhere in the text
/// before a point, which spares the look-ups of earlier names reading the
/// candidate names from the document's start (most find nothing).
#[derive(Default)]
struct Lowered {
    low: String,
    /// False once a character's lowercase has another length than it: the
    /// test then always answers "maybe".
    broken: bool,
}

impl Lowered {
    /// False when `key` (written as [`lower`] writes) certainly does not
    /// occur in the lowercase of `text[..pos]`.
    fn may_hold(&mut self, text: &str, pos: usize, key: &str) -> bool {
        // An apostrophe of the key may stand for a typographic one.
        if self.broken || key.contains('\'') {
            return true;
        }
        let bytes = text.as_bytes();
        let lower2 = &**LOWER2;
        let mut i = self.low.len();
        self.low.reserve(pos.saturating_sub(i));
        while i < pos {
            // A run of ASCII (eight bytes at a time), lowered in place.
            let mut j = i;
            while j + 8 <= pos {
                let chunk = u64::from_le_bytes(bytes[j..j + 8].try_into().unwrap_or([0x80; 8]));
                if chunk & 0x8080_8080_8080_8080 != 0 {
                    break;
                }
                j += 8;
            }
            while j < pos && bytes[j].is_ascii() {
                j += 1;
            }
            if j > i {
                let at = self.low.len();
                self.low.push_str(&text[i..j]);
                self.low[at..].make_ascii_lowercase();
                i = j;
                continue;
            }
            // Letters of two bytes whose lowercase has two bytes, from the
            // table: a run of them (a Greek or Cyrillic word, "ção") at once.
            let run_start = i;
            while i < pos {
                let Some(&[b0 @ 0xC2..=0xD1, b1]) = bytes.get(i..i + 2) else { break };
                let two = lower2[(usize::from(b0 & 0x1F) << 6) | usize::from(b1 & 0x3F)];
                let Some(low) = char::from_u32(u32::from(two)).filter(|_| two != 0) else { break };
                self.low.push(low);
                i += 2;
            }
            if i > run_start {
                continue;
            }
            let Some(c) = text[i..].chars().next() else { break };
            let len = c.len_utf8();
            let two = lower2.get(c as usize).copied().unwrap_or(0);
            let low = if c == '’' {
                Some(c)
            } else if len == 2 && two != 0 {
                char::from_u32(u32::from(two))
            } else {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(x), None) if x.len_utf8() == len => Some(x),
                    _ => None,
                }
            };
            let Some(low) = low else {
                self.broken = true;
                return true;
            };
            self.low.push(low);
            i += len;
        }
        self.low[..pos].contains(key)
    }
}

/// The candidate mentions of the document, read from its start as far as
/// the look-ups have needed, and tables over them.
#[derive(Default)]
struct AllCands {
    cands: Vec<Cand>,
    /// The words before this index have been read.
    read: usize,
    /// Names of two words or more, by their last word (lowercase).
    by_last: Table,
    /// Names written after a role, by every ending of the role (lowercase).
    by_role_end: Table,
    /// Names, by every ending of each of their words (lowercase).
    by_word_end: Table,
}

/// A table of the names among the candidates read, by keys of each.
#[derive(Default)]
struct Table {
    map: HashMap<String, Vec<usize>>,
    /// The candidates before this index are in the table.
    done: usize,
}

/// Entities (people and organisations) by their names. Keys of a name an
/// entity no longer has are checked against its current name on lookup.
/// A key is the lowercase words of a name joined by single spaces (see
/// [`name_key`]): one string per key, not one per word.
#[derive(Default)]
struct NameIndex {
    /// Every last-words part of each name ("der leyen", "leyen").
    name_tail: HashMap<String, BTreeSet<usize>>,
    /// Whole names.
    name_full: HashMap<String, BTreeSet<usize>>,
    /// The words of every mention.
    mention: HashMap<String, BTreeSet<usize>>,
}

/// Entities by their roles (lowercase): whole, and every ending.
#[derive(Default)]
struct RoleIndex {
    full: HashMap<String, BTreeSet<usize>>,
    ending: HashMap<String, BTreeSet<usize>>,
}

/// Organisations by every ending of every word of their names and mentions.
#[derive(Default)]
struct OrgIndex {
    /// From the names (checked against the current name on lookup).
    name: HashMap<String, BTreeSet<usize>>,
    /// From the mentions.
    mention: HashMap<String, BTreeSet<usize>>,
}

/// The words of a name as written: split at white space, hyphens and periods.
fn raw_tokens(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || c == '-' || c == '.').filter(|t| !t.is_empty())
}

/// The words of a name, lowercase.
fn name_tokens(s: &str) -> Vec<String> {
    raw_tokens(s).map(lower).collect()
}

/// The number of [`name_tokens`] of `s`, without writing them.
fn token_count(s: &str) -> usize {
    raw_tokens(s).count()
}

/// True when [`name_tokens`] of `s` are `toks`, without writing them out.
fn has_tokens(s: &str, toks: &[String]) -> bool {
    let mut buf = [0u8; 64];
    token_count(s) == toks.len()
        && raw_tokens(s).zip(toks).all(|(t, k)| match lower_into(t, &mut buf) {
            Some(n) => buf[..n] == *k.as_bytes(),
            None => lower(t) == *k,
        })
}

/// [`name_tokens`] joined by single spaces: the words come back by
/// splitting at spaces, as none holds one (the split is at white space).
fn name_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    for t in raw_tokens(s) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&lower(t));
    }
    key
}

/// The last-words parts of a [`name_key`], the whole key first.
fn key_tails(key: &str) -> impl Iterator<Item = &str> {
    std::iter::once(key).chain(key.match_indices(' ').map(move |(i, _)| &key[i + 1..]))
}

/// True when `short` is `long`, or its last words ("Von der Leyen" of "Ursula Von der Leyen").
fn is_tail(short: &[String], long: &[String]) -> bool {
    !short.is_empty() && short.len() <= long.len() && long[long.len() - short.len()..] == *short
}

/// The endings of `s` at its character boundaries, `s` itself first.
fn endings(s: &str) -> impl Iterator<Item = &str> {
    s.char_indices().map(move |(i, _)| &s[i..])
}

fn add_key<K: std::hash::Hash + Eq>(map: &mut HashMap<K, BTreeSet<usize>>, key: K, i: usize) {
    map.entry(key).or_default().insert(i);
}

/// True when `e` holds `toks` as a name: its name ends in them or they end
/// in its name, or a mention is written with the same words.
fn holds_name(e: &Entity, toks: &[String]) -> bool {
    let n = name_tokens(&e.name);
    is_tail(toks, &n) || is_tail(&n, toks) || e.mentions.iter().any(|m| has_tokens(&m.text, toks))
}

impl NameIndex {
    fn add_name(&mut self, i: usize, name: &str) {
        let key = name_key(name);
        if key.is_empty() {
            return;
        }
        for tail in key_tails(&key) {
            add_key(&mut self.name_tail, tail.to_string(), i);
        }
        add_key(&mut self.name_full, key, i);
    }

    fn add_mention(&mut self, i: usize, text: &str) {
        add_key(&mut self.mention, name_key(text), i);
    }
}

impl RoleIndex {
    fn add(&mut self, i: usize, role: &str) {
        let r = lower(role);
        for e in endings(&r) {
            add_key(&mut self.ending, e.to_string(), i);
        }
        add_key(&mut self.full, r, i);
    }
}

impl OrgIndex {
    fn keys(text: &str) -> Vec<String> {
        name_tokens(text).iter().flat_map(|t| endings(t).map(str::to_string).collect::<Vec<_>>()).collect()
    }

    fn add_name(&mut self, i: usize, name: &str) {
        for k in OrgIndex::keys(name) {
            add_key(&mut self.name, k, i);
        }
    }

    fn add_mention(&mut self, i: usize, text: &str) {
        for k in OrgIndex::keys(text) {
            add_key(&mut self.mention, k, i);
        }
    }
}

fn is_person_or_org(e: &Entity) -> bool {
    matches!(e.kind, EntityType::Person | EntityType::Organization)
}

impl<'a, 'w> Resolver<'a, 'w> {
    /// A resolver over `entities`, whose people and organisations `index` holds.
    pub fn new(
        w: &'a Words<'w>,
        prof: &'a Profile,
        entities: &'a mut Vec<Entity>,
        index: MentionIndex,
    ) -> Resolver<'a, 'w> {
        Resolver {
            w,
            prof,
            entities,
            index,
            history: BTreeMap::new(),
            spoke: Vec::new(),
            resolved: 0,
            sorted: Vec::new(),
            next_id: None,
            all: AllCands::default(),
            names: None,
            roles: None,
            orgs: None,
            lowered: Lowered::default(),
        }
    }
}

impl AllCands {
    /// Reads the document's candidate mentions on to the first point at or
    /// after the words starting before `pos` where the scan of the whole
    /// document would stand too (see [`name_scan_end`]), so that the
    /// candidates found so far are exactly those of the whole document there.
    fn read_to(&mut self, w: &Words<'_>, prof: &Profile, pos: usize) {
        let need = w.words.partition_point(|r| r.start < pos);
        if need <= self.read {
            return;
        }
        let end = name_scan_end(w, need);
        self.cands.extend(name_candidates(w, prof, self.read..end));
        self.read = end;
    }

    /// Brings `table` up to date with the candidates read so far, keyed by
    /// `keys` of each name (called with the candidate and its text).
    fn index(
        cands: &[Cand],
        table: &mut Table,
        text: &str,
        keys: impl Fn(&Cand, &str, &mut dyn FnMut(String)),
    ) {
        let map = &mut table.map;
        for (k, c) in cands.iter().enumerate().skip(table.done).filter(|(_, c)| c.kind == CandKind::Name) {
            keys(c, &text[c.span.clone()], &mut |key| {
                let v = map.entry(key).or_default();
                if v.last() != Some(&k) {
                    v.push(k);
                }
            });
        }
        table.done = cands.len();
    }

    /// The candidates of the list `ks` (indices into the candidates) that end before `pos`, latest first.
    fn before<'s>(&'s self, ks: Option<&'s Vec<usize>>, pos: usize) -> impl Iterator<Item = &'s Cand> + 's {
        let cut = self.cands.partition_point(|c| c.span.end <= pos);
        let ks: &[usize] = ks.map_or(&[], Vec::as_slice);
        ks[..ks.partition_point(|&k| k < cut)].iter().rev().map(move |&k| &self.cands[k])
    }
}

impl Resolver<'_, '_> {
    /// The names of two words or more ending before `pos`, by their last word.
    fn by_last(&mut self, pos: usize) -> &AllCands {
        let all = &mut self.all;
        all.read_to(self.w, self.prof, pos);
        AllCands::index(&all.cands, &mut all.by_last, self.w.text, |_, text, add| {
            let mut toks = raw_tokens(text).rev();
            if let (Some(last), Some(_)) = (toks.next(), toks.next()) {
                add(lower(last));
            }
        });
        all
    }

    /// The names written after a role ending before `pos`, by every ending of the role.
    fn by_role_end(&mut self, pos: usize) -> &AllCands {
        let all = &mut self.all;
        all.read_to(self.w, self.prof, pos);
        let text = self.w.text;
        AllCands::index(&all.cands, &mut all.by_role_end, text, |c, _, add| {
            if let Some(r) = &c.role {
                endings(&lower(&text[r.clone()])).for_each(|e| add(e.to_string()));
            }
        });
        all
    }

    /// The names ending before `pos`, by every ending of each of their words.
    fn by_word_end(&mut self, pos: usize) -> &AllCands {
        let all = &mut self.all;
        all.read_to(self.w, self.prof, pos);
        AllCands::index(&all.cands, &mut all.by_word_end, self.w.text, |_, text, add| {
            raw_tokens(text).map(lower).for_each(|t| endings(&t).for_each(|e| add(e.to_string())))
        });
        all
    }

    /// The candidate mentions that end before `pos` (read by [`AllCands::read_to`] first).
    fn cands_before(&self, pos: usize) -> &[Cand] {
        let all = &self.all.cands;
        &all[..all.partition_point(|c| c.span.end <= pos)]
    }

    /// The entity index for a mention, creating an entity when needed.
    pub fn resolve(&mut self, c: &Cand) -> Option<usize> {
        let idx = match c.kind {
            _ if c.entity.is_some() => {
                // A fuller form of a name the knowledge base does not know ("Jonas Weber" for "Jonas").
                if let Some(i) = c.entity {
                    let text = &self.w.text[c.span.clone()];
                    let e = &self.entities[i];
                    if c.kind == CandKind::Name
                        && e.wikidata.is_none()
                        && token_count(text) > token_count(&e.name)
                    {
                        self.rename(i, text);
                    }
                }
                c.entity
            }
            CandKind::Name => Some(self.name(c)),
            CandKind::Role => self.role(c),
            CandKind::Org => self.org(c),
            CandKind::Pronoun(p) => self.pronoun(c, p),
        };
        if let Some(i) = idx {
            if let Some(r) = &c.role {
                let role = &self.w.text[r.clone()];
                if c.kind == CandKind::Name
                    && !self.entities[i].roles.iter().any(|x| x.eq_ignore_ascii_case(role))
                {
                    self.add_role(i, role);
                }
            }
            if c.kind == CandKind::Name {
                self.add_mention(i, c.span.clone());
            }
            self.history.entry(c.span.start).or_default().push(i);
            self.resolved += 1;
            if self.spoke.len() <= i {
                self.spoke.resize(i + 1, 0);
            }
            self.spoke[i] = self.resolved;
        }
        idx
    }

    fn rename(&mut self, i: usize, name: &str) {
        self.entities[i].name = name.to_string();
        if let Some(ix) = &mut self.names {
            ix.add_name(i, name);
        }
        if let Some(ix) = &mut self.orgs {
            if self.entities[i].kind == EntityType::Organization {
                ix.add_name(i, name);
            }
        }
    }

    fn add_role(&mut self, i: usize, role: &str) {
        self.entities[i].roles.push(role.to_string());
        if let Some(ix) = &mut self.roles {
            ix.add(i, role);
        }
    }

    /// Adds the mention `span` to entity `i` unless it overlaps one it has.
    /// Mentions are kept in text order (they never overlap one another).
    fn add_mention(&mut self, i: usize, span: Range<usize>) {
        let e = &mut self.entities[i];
        // The entity stage lists mentions in text order; make sure, once per entity.
        if self.sorted.len() <= i {
            self.sorted.resize(i + 1, false);
        }
        if !self.sorted[i] {
            e.mentions.sort_by_key(|m| m.start);
            self.sorted[i] = true;
        }
        let at = e.mentions.partition_point(|m| m.start < span.start);
        let overlaps = |m: &Span| m.start < span.end && span.start < m.end;
        if e.mentions[..at].last().is_some_and(overlaps)
            || e.mentions[at..].iter().take_while(|m| m.start < span.end).any(overlaps)
        {
            return;
        }
        let m = Span::new(self.w.text, span.start, span.end);
        if let Some(ix) = &mut self.names {
            ix.add_mention(i, &m.text);
        }
        if let Some(ix) = &mut self.orgs {
            if e.kind == EntityType::Organization {
                ix.add_mention(i, &m.text);
            }
        }
        self.index.add(e, i, span);
        e.mentions.insert(at, m);
    }

    fn new_entity(&mut self, name: &str, kind: EntityType, span: Range<usize>) -> usize {
        let id = *self.next_id.get_or_insert_with(|| {
            self.entities
                .iter()
                .filter_map(|e| e.id.strip_prefix('e').and_then(|n| n.parse::<usize>().ok()))
                .max()
                .map_or(0, |m| m + 1)
        });
        self.next_id = Some(id + 1);
        self.entities.push(Entity {
            id: format!("e{id}"),
            name: name.to_string(),
            kind,
            wikidata: None,
            roles: Vec::new(),
            mentions: vec![Span::new(self.w.text, span.start, span.end)],
        });
        let i = self.entities.len() - 1;
        let e = &self.entities[i];
        if let Some(ix) = &mut self.names {
            ix.add_name(i, name);
            ix.add_mention(i, &e.mentions[0].text);
        }
        if let Some(ix) = &mut self.orgs {
            if kind == EntityType::Organization {
                ix.add_name(i, name);
                ix.add_mention(i, &e.mentions[0].text);
            }
        }
        self.index.add(e, i, span);
        i
    }

    /// The entity holding the name `toks`: same mention, or a name ending in it.
    fn find_name(&mut self, toks: &[String]) -> Option<usize> {
        let entities = &*self.entities;
        let ix = self.names.get_or_insert_with(|| {
            let mut ix = NameIndex::default();
            for (i, e) in entities.iter().enumerate().filter(|(_, e)| is_person_or_org(e)) {
                ix.add_name(i, &e.name);
                for m in &e.mentions {
                    ix.add_mention(i, &m.text);
                }
            }
            ix
        });
        // The last entity holding the name, as the entities are listed.
        let key = toks.join(" ");
        let mut hits: BTreeSet<usize> = BTreeSet::new();
        hits.extend(ix.name_tail.get(&key).into_iter().flatten());
        if !key.is_empty() {
            for tail in key_tails(&key) {
                hits.extend(ix.name_full.get(tail).into_iter().flatten());
            }
        }
        let sure = ix.mention.get(&key).and_then(|s| s.last().copied());
        hits.into_iter()
            .rev()
            .take_while(|&i| sure.map_or(true, |s| i > s))
            .find(|&i| holds_name(&entities[i], toks))
            .or(sure)
    }

    fn name(&mut self, c: &Cand) -> usize {
        let text = self.w.text;
        let mention = &text[c.span.clone()];
        let toks = name_tokens(mention);
        let last = toks.last().cloned().unwrap_or_default();
        let org = self.prof.is_org(&last) || (toks.len() == 1 && all_caps(mention));
        if let Some(i) = self.find_name(&toks) {
            // A longer form seen now names the entity better.
            if toks.len() > token_count(&self.entities[i].name) && self.entities[i].wikidata.is_none() {
                self.rename(i, mention);
            }
            return i;
        }
        // A surname: the full name written earlier ("Sifton" after "John Sifton").
        if toks.len() == 1 && !org {
            if let Some(full) = self.earlier_name_ending(c.span.start, &toks[0]) {
                let name = text[full.clone()].to_string();
                let i = self.new_entity(&name, EntityType::Person, full);
                return i;
            }
        }
        let kind = if org { EntityType::Organization } else { EntityType::Person };
        self.new_entity(mention, kind, c.span.clone())
    }

    /// The latest name of two words or more before `pos` whose last word is `last`.
    fn earlier_name_ending(&mut self, pos: usize, last: &str) -> Option<Range<usize>> {
        if !self.lowered.may_hold(self.w.text, pos, last) {
            return None;
        }
        let all = self.by_last(pos);
        all.before(all.by_last.map.get(last), pos).next().map(|c| c.span.clone())
    }

    fn role(&mut self, c: &Cand) -> Option<usize> {
        let role = lower(&self.w.text[c.span.clone()]);
        let role_last = role.rsplit(['-', ' ']).next().unwrap_or(&role).to_string();
        // The people with this role: a role that ends in it, or that it ends in ("voorzitter").
        let entities = &*self.entities;
        let ix = self.roles.get_or_insert_with(|| {
            let mut ix = RoleIndex::default();
            for (i, e) in entities.iter().enumerate() {
                for r in &e.roles {
                    ix.add(i, r);
                }
            }
            ix
        });
        let mut holders: BTreeSet<usize> = ix.ending.get(&role).cloned().unwrap_or_default();
        for e in endings(&role).filter(|e| e.len() >= 4) {
            holders.extend(ix.full.get(e).into_iter().flatten());
        }
        // The most recent speaker with this role, then any person with it.
        if let Some(i) = holders
            .iter()
            .copied()
            .filter(|&i| self.spoke.get(i).is_some_and(|&n| n > 0))
            .max_by_key(|&i| self.spoke[i])
        {
            return Some(i);
        }
        if let Some(i) = holders.iter().rev().copied().find(|&i| entities[i].kind == EntityType::Person) {
            return Some(i);
        }
        // "Commissievoorzitter Ursula Von der Leyen" earlier in the text.
        if !self.lowered.may_hold(self.w.text, c.span.start, &role_last) {
            return None;
        }
        let all = self.by_role_end(c.span.start);
        let found = all.before(all.by_role_end.map.get(&role_last), c.span.start).next().cloned()?;
        let i = match found.entity {
            Some(i) => i,
            None => self.name(&found),
        };
        if let Some(r) = &found.role {
            let r = &self.w.text[r.clone()];
            if !self.entities[i].roles.iter().any(|x| x == r) {
                self.add_role(i, r);
            }
        }
        Some(i)
    }

    fn org(&mut self, c: &Cand) -> Option<usize> {
        let head = lower(&self.w.text[c.span.clone()]);
        // A word of the name ends in the head noun ("Europese Commissie", "EU-Kommission").
        let holds = |s: &str| name_tokens(s).iter().any(|t| t.ends_with(&head));
        let entities = &*self.entities;
        let ix = self.orgs.get_or_insert_with(|| {
            let mut ix = OrgIndex::default();
            for (i, e) in entities.iter().enumerate().filter(|(_, e)| e.kind == EntityType::Organization) {
                ix.add_name(i, &e.name);
                for m in &e.mentions {
                    ix.add_mention(i, &m.text);
                }
            }
            ix
        });
        let sure = ix.mention.get(&head).and_then(|s| s.last().copied());
        let by_name = ix.name.get(&head).into_iter().flatten().rev().copied();
        if let Some(i) =
            by_name.take_while(|&i| sure.map_or(true, |s| i > s)).find(|&i| holds(&entities[i].name)).or(sure)
        {
            return Some(i);
        }
        // "Europese Commissie" earlier in the text.
        let text = self.w.text;
        if !self.lowered.may_hold(text, c.span.start, &head) {
            return None;
        }
        let all = self.by_word_end(c.span.start);
        let found =
            all.before(all.by_word_end.map.get(&head), c.span.start).find(|k| k.span.len() > c.span.len())?;
        let (name, span) = (text[found.span.clone()].to_string(), found.span.clone());
        Some(self.new_entity(&name, EntityType::Organization, span))
    }

    fn pronoun(&mut self, c: &Cand, p: PronounKind) -> Option<usize> {
        let ok = |e: &Entity| match p {
            PronounKind::He | PronounKind::She => e.kind == EntityType::Person,
            PronounKind::They | PronounKind::It => {
                matches!(e.kind, EntityType::Person | EntityType::Organization)
            }
        };
        let pos = c.span.start;
        // The most recent mention of a compatible entity (the first entity
        // listed among mentions starting at the same place), or the latest speaker.
        let mut best: Option<(usize, usize)> = None;
        let people = matches!(p, PronounKind::He | PronounKind::She);
        for &(start, end, i) in self.index.before(pos, people) {
            if best.is_some_and(|(b, _)| start < b) {
                break;
            }
            if end <= pos && ok(&self.entities[i]) && best.map_or(true, |(_, bi)| i < bi) {
                best = Some((start, i));
            }
        }
        let spoke = self
            .history
            .range(..pos)
            .rev()
            .find_map(|(&at, list)| list.iter().find(|&&i| ok(&self.entities[i])).map(|&i| (at, i)));
        if let Some((at, i)) = spoke {
            if best.map_or(true, |(b, _)| at > b) {
                best = Some((at, i));
            }
        }
        // A name in the text before that no entity holds yet, if it is nearer.
        let lookback = pos.saturating_sub(800);
        if let Some(k) = self.near_name(lookback, pos) {
            if best.map_or(true, |(b, _)| k.span.start > b) {
                let i = self.name(&k);
                return Some(i);
            }
        }
        best.map(|(_, i)| i)
    }

    /// The latest candidate name of two words or more that starts at or
    /// after `from` and ends before `pos`. Unless the document's candidates
    /// have been read that far already, the words are read backwards from
    /// `pos`, piece by piece between the points where the scan of the whole
    /// document stands still (see [`name_scan_start`] and
    /// [`name_scan_end`]), until a piece holds such a name or starts before
    /// `from`: a pronoun late in a long text does not make the resolver read
    /// the text from its start, and one whose antecedent is near reads little.
    fn near_name(&mut self, from: usize, pos: usize) -> Option<Cand> {
        let (w, text) = (self.w, self.w.text);
        let is_near = |k: &&Cand| k.span.start >= from;
        let found =
            |k: &&Cand| k.kind == CandKind::Name && raw_tokens(&text[k.span.clone()]).nth(1).is_some();
        let start = name_scan_start(w, w.words.partition_point(|r| r.start < from));
        let need = w.words.partition_point(|r| r.start < pos);
        if start <= self.all.read || need <= self.all.read {
            self.all.read_to(w, self.prof, pos);
            return self.cands_before(pos).iter().rev().take_while(is_near).find(found).cloned();
        }
        // The candidates of a piece are those of the whole scan there; the
        // latest that qualifies in the latest piece that has one is the answer.
        let mut end = name_scan_end(w, need);
        while end > start {
            let first = name_scan_start(w, end - 1).max(start);
            let piece = name_candidates(w, self.prof, first..end);
            let before = &piece[..piece.partition_point(|c| c.span.end <= pos)];
            if let Some(c) = before.iter().rev().take_while(is_near).find(found) {
                return Some(c.clone());
            }
            end = first;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test for a word in the text before a point agrees with
    /// lowercasing that text with [`lower`], and turns itself off where a
    /// lowercase character has another length.
    #[test]
    fn lowered_text_tells_where_a_word_is_not() {
        let text = "De MINISTER van Ελλάδα en ПРЕМИЕР d’Alema sprak. Daarna İstanbul en de minister.";
        let mut low = Lowered::default();
        let cuts: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for key in ["minister", "ελλάδα", "премиер", "sprak", "daarna", "xyz", "d'alema", "alema"]
        {
            for &pos in &cuts {
                let before = lower(&text[..pos]);
                if !low.may_hold(text, pos, key) {
                    assert!(!before.contains(key), "{key} before {pos}");
                }
            }
        }
        let mut low = Lowered::default();
        let at = text.find("Daarna").unwrap_or(0);
        assert!(!low.may_hold(text, at, "daarna"));
        assert!(!low.may_hold(text, at, "xyz"));
        assert!(low.may_hold(text, at, "ελλάδα") && low.may_hold(text, at, "премиер"));
        // "İ" lowercases to two characters: from there on, always "maybe".
        assert!(low.may_hold(text, text.len(), "xyz"));
        assert!(low.may_hold(text, at, "xyz"));
    }
}
