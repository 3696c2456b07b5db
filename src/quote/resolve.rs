//! Linking a speaker mention to an entity of the document: a name to the
//! entity that holds it (or to a new person), a surname or role to the
//! person named earlier, an organisation word to the organisation named
//! earlier, a pronoun to the most recent compatible speaker.

use std::cell::OnceCell;
use std::ops::Range;

use super::attribution::{all_caps, candidates, lower, Cand, CandKind, Words};
use super::profile::{Profile, PronounKind};
use crate::record::{Entity, EntityType, Span};

/// Resolves speaker mentions of one document; may add entities.
pub(crate) struct Resolver<'a, 'w> {
    pub w: &'a Words<'w>,
    pub prof: &'a Profile,
    pub entities: &'a mut Vec<Entity>,
    /// Speakers so far: (mention start, entity index).
    pub history: Vec<(usize, usize)>,
    /// Every candidate mention of the document, without entity overlay, computed on first use.
    pub all: OnceCell<Vec<Cand>>,
}

fn name_tokens(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '-' || c == '.')
        .filter(|t| !t.is_empty())
        .map(lower)
        .collect()
}

/// True when `short` is `long`, or its last words ("Von der Leyen" of "Ursula Von der Leyen").
fn is_tail(short: &[String], long: &[String]) -> bool {
    !short.is_empty() && short.len() <= long.len() && long[long.len() - short.len()..] == *short
}

impl Resolver<'_, '_> {
    /// The candidate mentions that end before `pos`.
    fn cands_before(&self, pos: usize) -> &[Cand] {
        let all = self.all.get_or_init(|| candidates(self.w, self.prof, 0..self.w.words.len(), &[]));
        &all[..all.partition_point(|c| c.span.end <= pos)]
    }

    /// The entity index for a mention, creating an entity when needed.
    pub fn resolve(&mut self, c: &Cand) -> Option<usize> {
        let idx = match c.kind {
            _ if c.entity.is_some() => {
                // A fuller form of a name the knowledge base does not know ("Jonas Weber" for "Jonas").
                if let Some(i) = c.entity {
                    let text = &self.w.text[c.span.clone()];
                    let e = &mut self.entities[i];
                    if c.kind == CandKind::Name
                        && e.wikidata.is_none()
                        && name_tokens(text).len() > name_tokens(&e.name).len()
                    {
                        e.name = text.to_string();
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
                let role = self.w.text[r.clone()].to_string();
                let e = &mut self.entities[i];
                if c.kind == CandKind::Name && !e.roles.iter().any(|x| x.eq_ignore_ascii_case(&role)) {
                    e.roles.push(role);
                }
            }
            if c.kind == CandKind::Name {
                self.add_mention(i, c.span.clone());
            }
            self.history.push((c.span.start, i));
        }
        idx
    }

    fn add_mention(&mut self, i: usize, span: Range<usize>) {
        let e = &mut self.entities[i];
        if e.mentions.iter().any(|m| m.start < span.end && span.start < m.end) {
            return;
        }
        e.mentions.push(Span::new(self.w.text, span.start, span.end));
        e.mentions.sort_by_key(|m| m.start);
    }

    fn new_entity(&mut self, name: &str, kind: EntityType, span: Range<usize>) -> usize {
        let used: Vec<usize> = self
            .entities
            .iter()
            .filter_map(|e| e.id.strip_prefix('e').and_then(|n| n.parse().ok()))
            .collect();
        let id = used.iter().max().map_or(0, |m| m + 1);
        self.entities.push(Entity {
            id: format!("e{id}"),
            name: name.to_string(),
            kind,
            wikidata: None,
            roles: Vec::new(),
            mentions: vec![Span::new(self.w.text, span.start, span.end)],
        });
        self.entities.len() - 1
    }

    /// The entity holding the name `toks`: same mention, or a name ending in it.
    fn find_name(&self, toks: &[String], kind: Option<EntityType>) -> Option<usize> {
        let mut best = None;
        for (i, e) in self.entities.iter().enumerate() {
            if kind.is_some_and(|k| k != e.kind) {
                continue;
            }
            if !matches!(e.kind, EntityType::Person | EntityType::Organization) {
                continue;
            }
            let n = name_tokens(&e.name);
            let hit = is_tail(toks, &n)
                || is_tail(&n, toks)
                || e.mentions.iter().any(|m| name_tokens(&m.text) == toks);
            if hit {
                best = Some(i);
            }
        }
        best
    }

    fn name(&mut self, c: &Cand) -> usize {
        let text = self.w.text;
        let mention = &text[c.span.clone()];
        let toks = name_tokens(mention);
        let last = toks.last().cloned().unwrap_or_default();
        let org = self.prof.is_org(&last) || (toks.len() == 1 && all_caps(mention));
        if let Some(i) = self.find_name(&toks, None) {
            // A longer form seen now names the entity better.
            if toks.len() > name_tokens(&self.entities[i].name).len() && self.entities[i].wikidata.is_none() {
                self.entities[i].name = mention.to_string();
            }
            return i;
        }
        // A surname: the full name written earlier ("Sifton" after "John Sifton").
        if toks.len() == 1 && !org {
            if let Some(full) = self.earlier_name_ending(c.span.start, &toks) {
                let name = text[full.clone()].to_string();
                let i = self.new_entity(&name, EntityType::Person, full);
                return i;
            }
        }
        let kind = if org { EntityType::Organization } else { EntityType::Person };
        self.new_entity(mention, kind, c.span.clone())
    }

    /// The latest multi-word name before `pos` whose last words are `toks`.
    fn earlier_name_ending(&self, pos: usize, toks: &[String]) -> Option<Range<usize>> {
        self.cands_before(pos)
            .iter()
            .rev()
            .filter(|c| c.kind == CandKind::Name)
            .find(|c| {
                let t = name_tokens(&self.w.text[c.span.clone()]);
                t.len() > toks.len() && is_tail(toks, &t)
            })
            .map(|c| c.span.clone())
    }

    fn role(&mut self, c: &Cand) -> Option<usize> {
        let role = lower(&self.w.text[c.span.clone()]);
        let role_last = role.rsplit(['-', ' ']).next().unwrap_or(&role).to_string();
        let same = |r: &str| {
            let r = lower(r);
            r == role || r.ends_with(&role) || role.ends_with(&r) && r.len() >= 4
        };
        // The most recent speaker with this role, then any person with it.
        for &(_, i) in self.history.iter().rev() {
            if self.entities[i].roles.iter().any(|r| same(r)) {
                return Some(i);
            }
        }
        if let Some(i) = self
            .entities
            .iter()
            .rposition(|e| e.kind == EntityType::Person && e.roles.iter().any(|r| same(r)))
        {
            return Some(i);
        }
        // "Commissievoorzitter Ursula Von der Leyen" earlier in the text.
        let found = self.cands_before(c.span.start).iter().rev().find(|k| {
            k.kind == CandKind::Name
                && k.role.as_ref().is_some_and(|r| {
                    let l = lower(&self.w.text[r.clone()]);
                    l == role || l.ends_with(&role_last)
                })
        });
        let found = found.cloned()?;
        let i = match found.entity {
            Some(i) => i,
            None => self.name(&found),
        };
        if let Some(r) = &found.role {
            let r = self.w.text[r.clone()].to_string();
            if !self.entities[i].roles.contains(&r) {
                self.entities[i].roles.push(r);
            }
        }
        Some(i)
    }

    fn org(&mut self, c: &Cand) -> Option<usize> {
        let head = lower(&self.w.text[c.span.clone()]);
        let holds =
            |s: &str| name_tokens(s).iter().any(|t| *t == head || t.ends_with(&head) && t.len() > head.len());
        if let Some(i) = self.entities.iter().rposition(|e| {
            e.kind == EntityType::Organization
                && (holds(&e.name) || e.mentions.iter().any(|m| holds(&m.text)))
        }) {
            return Some(i);
        }
        // "Europese Commissie" earlier in the text.
        let found = self.cands_before(c.span.start).iter().rev().find(|k| {
            k.kind == CandKind::Name && holds(&self.w.text[k.span.clone()]) && k.span.len() > c.span.len()
        })?;
        let name = self.w.text[found.span.clone()].to_string();
        Some(self.new_entity(&name, EntityType::Organization, found.span.clone()))
    }

    fn pronoun(&mut self, c: &Cand, p: PronounKind) -> Option<usize> {
        let ok = |e: &Entity| match p {
            PronounKind::He | PronounKind::She => e.kind == EntityType::Person,
            PronounKind::They | PronounKind::It => {
                matches!(e.kind, EntityType::Person | EntityType::Organization)
            }
        };
        // The most recent mention of a compatible entity, or the latest speaker.
        let mut best: Option<(usize, usize)> = None;
        for (i, e) in self.entities.iter().enumerate() {
            if !ok(e) {
                continue;
            }
            for m in &e.mentions {
                if m.end <= c.span.start && best.map_or(true, |(pos, _)| m.start > pos) {
                    best = Some((m.start, i));
                }
            }
        }
        for &(pos, i) in &self.history {
            if pos < c.span.start && ok(&self.entities[i]) && best.map_or(true, |(b, _)| pos > b) {
                best = Some((pos, i));
            }
        }
        // A name in the text before that no entity holds yet, if it is nearer.
        let lookback = c.span.start.saturating_sub(800);
        let near = self
            .cands_before(c.span.start)
            .iter()
            .rev()
            .take_while(|k| k.span.start >= lookback)
            .find(|k| k.kind == CandKind::Name && name_tokens(&self.w.text[k.span.clone()]).len() >= 2);
        if let Some(k) = near {
            if best.map_or(true, |(b, _)| k.span.start > b) {
                let k = k.clone();
                let i = self.name(&k);
                return Some(i);
            }
        }
        best.map(|(_, i)| i)
    }
}
