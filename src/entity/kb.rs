//! The knowledge base: `data/kb/*.jsonl` (embedded) plus caller-supplied
//! entries, parsed once into one Aho-Corasick automaton (leftmost-longest,
//! anchored at word starts, ASCII case-insensitive; the case of the text is
//! checked against the form afterwards).

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use serde::Deserialize;

use crate::error::Error;
use crate::record::EntityType;
use crate::Language;

/// The built-in knowledge-base files, embedded in the binary.
/// `extra.jsonl` comes first: where its entries and another file's share a
/// form, its entry wins the tie.
const BUILTIN: &[(&str, &str)] = &[
    ("data/kb/extra.jsonl", include_str!("../../data/kb/extra.jsonl")),
    ("data/kb/countries.jsonl", include_str!("../../data/kb/countries.jsonl")),
    ("data/kb/regions.jsonl", include_str!("../../data/kb/regions.jsonl")),
    ("data/kb/cities.jsonl", include_str!("../../data/kb/cities.jsonl")),
    ("data/kb/eu.jsonl", include_str!("../../data/kb/eu.jsonl")),
    ("data/kb/orgs.jsonl", include_str!("../../data/kb/orgs.jsonl")),
    ("data/kb/people.jsonl", include_str!("../../data/kb/people.jsonl")),
    ("data/kb/events.jsonl", include_str!("../../data/kb/events.jsonl")),
];

/// One thing the knowledge base knows.
#[derive(Debug, Clone)]
pub(crate) struct KbEntry {
    pub name: String,
    pub kind: EntityType,
    pub wikidata: Option<String>,
}

/// What a matched form stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormKind {
    /// A full name ("Europese Commissie", "EU").
    Full,
    /// A short form that refers to the entry only once it is named ("de Commissie").
    Short,
    /// A person's surname ("Von der Leyen").
    Surname,
}

#[derive(Debug, Clone)]
struct Target {
    /// The form as written in the data (or a variant of it), for the case check.
    form: String,
    entry: u32,
    /// Languages the form belongs to (bit per [`Language::index`]); all bits for "*".
    langs: u32,
    kind: FormKind,
}

/// A knowledge-base match in a text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KbHit {
    pub start: usize,
    /// End of the mention (a case ending such as the "s" of "Deutschlands" included).
    pub end: usize,
    pub entry: u32,
    pub kind: FormKind,
}

/// The knowledge base: entries and their automaton.
#[derive(Debug)]
pub(crate) struct Kb {
    pub entries: Vec<KbEntry>,
    ac: AhoCorasick,
    /// Per automaton pattern: the entries it may stand for.
    targets: Vec<Vec<Target>>,
    /// One-word place names without their last two letters, lowercase
    /// ("europ" from "Europa"): words that start with one and are no form
    /// themselves are derived adjectives ("Europese", "Amerikaanse").
    loc_stems: HashSet<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize)]
struct RawEntry {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    wikidata: Option<String>,
    #[serde(default)]
    names: HashMap<String, OneOrMany>,
    #[serde(default)]
    short: HashMap<String, OneOrMany>,
    #[serde(default)]
    surname: Option<OneOrMany>,
}

fn parse_type(s: &str) -> Option<EntityType> {
    Some(match s.to_ascii_lowercase().as_str() {
        "person" | "per" => EntityType::Person,
        "organization" | "organisation" | "org" => EntityType::Organization,
        "location" | "loc" | "place" => EntityType::Location,
        "event" => EntityType::Event,
        "misc" | "other" => EntityType::Misc,
        _ => return None,
    })
}

fn lang_mask(code: &str) -> Option<u32> {
    if code == "*" {
        return Some(u32::MAX);
    }
    Language::from_iso_code(code).map(|l| 1 << l.index())
}

/// Collects entries and forms, then builds the automaton.
#[derive(Default)]
struct Builder {
    entries: Vec<KbEntry>,
    by_key: HashMap<String, u32>,
    /// ASCII-lowercased pattern → index into `targets`.
    pattern_index: HashMap<String, usize>,
    patterns: Vec<String>,
    targets: Vec<Vec<Target>>,
}

impl Builder {
    fn add_source(&mut self, source: &str, jsonl: &str) -> Result<(), Error> {
        for (i, line) in jsonl.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            let raw: RawEntry =
                serde_json::from_str(line).map_err(|e| Error::data(source, Some(i + 1), e.to_string()))?;
            self.add_entry(raw).map_err(|m| Error::data(source, Some(i + 1), m))?;
        }
        Ok(())
    }

    fn add_entry(&mut self, raw: RawEntry) -> Result<(), String> {
        let kind = parse_type(&raw.kind).ok_or_else(|| format!("unknown type {:?}", raw.kind))?;
        let name = raw.name.trim().to_string();
        if name.is_empty() {
            return Err("empty name".into());
        }
        let wikidata = raw.wikidata.filter(|w| !w.trim().is_empty());
        if let Some(w) = &wikidata {
            if !(w.starts_with('Q') && w.len() > 1 && w[1..].bytes().all(|b| b.is_ascii_digit())) {
                return Err(format!("bad Wikidata ID {w:?}"));
            }
        }
        // One entry per thing: the same Wikidata ID, or the same name and type, merge.
        let key = match &wikidata {
            Some(w) => w.clone(),
            None => format!("{}\u{0}{}", kind.as_str(), name.to_lowercase()),
        };
        let entry = match self.by_key.get(&key) {
            Some(&e) => e,
            None => {
                let e = self.entries.len() as u32;
                self.entries.push(KbEntry { name: name.clone(), kind, wikidata: wikidata.clone() });
                self.by_key.insert(key, e);
                if wikidata.is_some() {
                    self.by_key.insert(format!("{}\u{0}{}", kind.as_str(), name.to_lowercase()), e);
                }
                e
            }
        };
        self.add_form(&name, entry, u32::MAX, FormKind::Full);
        for (code, forms) in raw.names {
            let mask = lang_mask(&code).ok_or_else(|| format!("unknown language {code:?} in names"))?;
            for f in forms.into_vec() {
                self.add_form(&f, entry, mask, FormKind::Full);
            }
        }
        for (code, forms) in raw.short {
            let mask = lang_mask(&code).ok_or_else(|| format!("unknown language {code:?} in short"))?;
            for f in forms.into_vec() {
                self.add_form(&f, entry, mask, FormKind::Short);
            }
        }
        if kind == EntityType::Person {
            let surnames = match raw.surname {
                Some(s) => s.into_vec(),
                None => derived_surname(&name).into_iter().collect(),
            };
            for s in surnames {
                self.add_form(&s, entry, u32::MAX, FormKind::Surname);
            }
        }
        Ok(())
    }

    fn add_form(&mut self, form: &str, entry: u32, langs: u32, kind: FormKind) {
        let form = form.split_whitespace().collect::<Vec<_>>().join(" ");
        if form.chars().count() < 2 || !form.chars().any(char::is_alphabetic) {
            return;
        }
        let mut variants = vec![form.clone()];
        if form.contains('’') {
            variants.push(form.replace('’', "'"));
        } else if form.contains('\'') {
            variants.push(form.replace('\'', "’"));
        }
        if !form.is_ascii() {
            let upper = form.to_uppercase();
            let folded = fold_diacritics(&form);
            for v in [upper, folded] {
                if !variants.contains(&v) {
                    variants.push(v);
                }
            }
        }
        for v in variants {
            let key = v.to_ascii_lowercase();
            let idx = match self.pattern_index.get(&key) {
                Some(&i) => i,
                None => {
                    let i = self.patterns.len();
                    self.patterns.push(v.clone());
                    self.targets.push(Vec::new());
                    self.pattern_index.insert(key, i);
                    i
                }
            };
            let t = &mut self.targets[idx];
            if let Some(existing) = t.iter_mut().find(|x| x.entry == entry && x.form == v && x.kind == kind) {
                existing.langs |= langs;
            } else {
                t.push(Target { form: v, entry, langs, kind });
            }
        }
    }

    fn build(self) -> Result<Kb, Error> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .start_kind(StartKind::Anchored)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&self.patterns)
            .map_err(|e| Error::data("knowledge base", None, e.to_string()))?;
        let mut loc_stems = HashSet::new();
        for (p, targets) in self.patterns.iter().zip(&self.targets) {
            let chars = p.chars().count();
            if chars < 5 || p.contains(' ') || p.contains('-') {
                continue;
            }
            let is_loc = targets.iter().any(|t| {
                t.kind == FormKind::Full && self.entries[t.entry as usize].kind == EntityType::Location
            });
            if is_loc {
                loc_stems.insert(p.chars().take(chars - 2).flat_map(char::to_lowercase).collect::<String>());
            }
        }
        Ok(Kb { entries: self.entries, ac, targets: self.targets, loc_stems })
    }
}

/// The surname of a person's canonical name: from the first lowercase
/// particle ("Ursula von der Leyen" → "von der Leyen"), else the last word.
fn derived_surname(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let from = words.iter().skip(1).position(|w| w.chars().next().is_some_and(char::is_lowercase));
    let from = match from {
        Some(p) if p + 1 < words.len() - 1 => p + 1,
        _ => words.len() - 1,
    };
    let s = words[from..].join(" ");
    (s.chars().filter(|c| c.is_alphabetic()).count() >= 3).then_some(s)
}

/// `s` with the diacritics of Latin letters removed ("Malmö" → "Malmo").
pub(crate) fn fold_diacritics(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
            'ç' | 'ć' | 'č' | 'ċ' => 'c',
            'Ç' | 'Ć' | 'Č' | 'Ċ' => 'C',
            'ď' | 'đ' => 'd',
            'Ď' | 'Đ' => 'D',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
            'ģ' | 'ğ' | 'ġ' => 'g',
            'Ģ' | 'Ğ' | 'Ġ' => 'G',
            'ħ' => 'h',
            'Ħ' => 'H',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
            'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => 'I',
            'ķ' => 'k',
            'Ķ' => 'K',
            'ĺ' | 'ļ' | 'ľ' | 'ł' => 'l',
            'Ĺ' | 'Ļ' | 'Ľ' | 'Ł' => 'L',
            'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
            'Ñ' | 'Ń' | 'Ņ' | 'Ň' => 'N',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => 'O',
            'ŕ' | 'ř' => 'r',
            'Ŕ' | 'Ř' => 'R',
            'ś' | 'š' | 'ş' | 'ș' => 's',
            'Ś' | 'Š' | 'Ş' | 'Ș' => 'S',
            'ť' | 'ţ' | 'ț' => 't',
            'Ť' | 'Ţ' | 'Ț' => 'T',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
            'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => 'U',
            'ý' | 'ÿ' => 'y',
            'Ý' | 'Ÿ' => 'Y',
            'ź' | 'ż' | 'ž' => 'z',
            'Ź' | 'Ż' | 'Ž' => 'Z',
            c => c,
        })
        .collect()
}

/// True when every uppercase letter of `form` is uppercase in `surface` too
/// ("EU" is not "eu", "Europa" is not "europa"; "ROTTERDAM" is "Rotterdam").
fn case_ok(form: &str, surface: &str) -> bool {
    let mut sc = surface.chars();
    for f in form.chars() {
        let Some(s) = sc.next() else { return false };
        if f.is_uppercase() && !s.is_uppercase() {
            return false;
        }
    }
    true
}

impl Kb {
    /// Parses the built-in files and `extra`, and builds the automaton.
    pub fn new(extra: &[(String, String)]) -> Result<Kb, Error> {
        let mut b = Builder::default();
        for (source, text) in BUILTIN {
            b.add_source(source, text)?;
        }
        for (source, text) in extra {
            b.add_source(source, text)?;
        }
        b.build()
    }

    /// Number of entries.
    #[allow(dead_code)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The knowledge-base match starting at byte `start` (a word start), if any.
    ///
    /// `suffixes` are the case endings the language allows after a name;
    /// `sentence_start` makes single-word forms that are also listed common
    /// words (`is_common`) fail.
    pub fn match_at(
        &self,
        text: &str,
        start: usize,
        lang: Option<Language>,
        suffixes: &[String],
        is_common: &dyn Fn(&str) -> bool,
        sentence_start: bool,
    ) -> Option<KbHit> {
        let mut limit = text.len();
        for _ in 0..4 {
            let input = Input::new(text).range(start..limit).anchored(Anchored::Yes);
            let m = self.ac.find(input)?;
            let end = m.end();
            if let Some(hit) = self.verify(text, start, end, m.pattern().as_usize(), lang, suffixes) {
                let surface = &text[start..end];
                if sentence_start && !surface.contains(' ') && is_common(surface) {
                    return None;
                }
                return Some(hit);
            }
            if end <= start + 1 {
                return None;
            }
            limit = end - 1;
        }
        None
    }

    fn verify(
        &self,
        text: &str,
        start: usize,
        end: usize,
        pattern: usize,
        lang: Option<Language>,
        suffixes: &[String],
    ) -> Option<KbHit> {
        if !text.is_char_boundary(end) {
            return None;
        }
        let mention_end = right_boundary(text, end, suffixes)?;
        let surface = &text[start..end];
        let bit = lang.map_or(u32::MAX, |l| 1 << l.index());
        let mut best: Option<&Target> = None;
        for t in &self.targets[pattern] {
            if !case_ok(&t.form, surface) {
                continue;
            }
            let own = t.langs & bit != 0;
            // Forms of other languages only when long enough not to be chance.
            if !own && (t.kind != FormKind::Full || surface.chars().count() < 4) {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => {
                    let b_own = b.langs & bit != 0;
                    (own && !b_own) || (own == b_own && rank(t.kind) < rank(b.kind))
                }
            };
            if better {
                best = Some(t);
            }
        }
        best.map(|t| KbHit { start, end: mention_end, entry: t.entry, kind: t.kind })
    }

    /// True when lowercase `w` starts with a place name's stem and is longer
    /// than it: an adjective or other derivation ("europese" from "Europa").
    pub fn derived_from_place(&self, w: &str) -> bool {
        let mut ends: Vec<usize> = w.char_indices().map(|(i, _)| i).skip(4).collect();
        ends.pop();
        ends.iter().any(|&e| self.loc_stems.contains(&w[..e]))
    }

    /// The entry `e`.
    pub fn entry(&self, e: u32) -> &KbEntry {
        &self.entries[e as usize]
    }
}

fn rank(k: FormKind) -> u8 {
    match k {
        FormKind::Full => 0,
        FormKind::Surname => 1,
        FormKind::Short => 2,
    }
}

/// Where a mention ending at `end` ends, or `None` when the form ends
/// inside a longer word. A hyphenated compound with a lowercase head
/// ("InvestAI-fonds") keeps the name alone; a listed case ending
/// ("Deutschlands") belongs to the mention.
fn right_boundary(text: &str, end: usize, suffixes: &[String]) -> Option<usize> {
    let rest = &text[end..];
    let mut chars = rest.chars();
    let Some(c) = chars.next() else { return Some(end) };
    if c.is_alphanumeric() {
        if c.is_numeric() {
            return None;
        }
        let word_len: usize =
            rest.char_indices().find(|(_, c)| !c.is_alphanumeric()).map_or(rest.len(), |(i, _)| i);
        let tail = &rest[..word_len];
        if tail.chars().count() > 6 {
            return None;
        }
        let lower = tail.to_lowercase();
        return suffixes.iter().any(|s| *s == lower).then_some(end + word_len);
    }
    let next = chars.next().unwrap_or(' ');
    match c {
        '-' | '‐' | '‑' => (next.is_lowercase() || !next.is_alphanumeric()).then_some(end),
        '\'' | '’' | 'ʼ' | ':' => Some(end),
        '.' if next.is_alphabetic() => None,
        _ => Some(end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb(lines: &str) -> Kb {
        Kb::new(&[("test".to_string(), lines.to_string())]).unwrap()
    }

    fn find(kb: &Kb, text: &str, lang: Option<Language>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if text.is_char_boundary(i)
                && (i == 0 || !super::super::tokens::char_at_before(text, i).is_alphanumeric())
                && text[i..].chars().next().is_some_and(char::is_alphanumeric)
            {
                if let Some(h) = kb.match_at(text, i, lang, &["s".to_string()], &|_| false, false) {
                    out.push((text[h.start..h.end].to_string(), kb.entry(h.entry).name.clone()));
                    i = h.end;
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    #[test]
    fn builtin_kb_loads() {
        let kb = Kb::new(&[]).unwrap();
        assert!(kb.len() > 0);
    }

    #[test]
    fn case_boundaries_and_compounds() {
        let k = kb(concat!(
            r#"{"name":"InvestAI","type":"misc","names":{"*":["InvestAI"]}}"#,
            "\n",
            r#"{"name":"European Union","type":"organization","wikidata":"Q458","names":{"*":["EU"],"de":["Europäische Union"]}}"#,
            "\n",
            r#"{"name":"L'Oréal","type":"organization","names":{"*":["L'Oréal"]}}"#,
            "\n",
            r#"{"name":"Germany","type":"location","names":{"de":["Deutschland"]}}"#,
        ));
        let got =
            find(&k, "Het InvestAI-fonds van de EU; eu en neue Europäische Union", Some(Language::Dutch));
        assert_eq!(
            got,
            [
                ("InvestAI".into(), "InvestAI".into()),
                ("EU".into(), "European Union".into()),
                ("Europäische Union".into(), "European Union".into())
            ]
        );
        let got = find(
            &k,
            "L’Oréal und EUROPÄISCHE UNION, Deutschlands Weg, Deutschlandfunk",
            Some(Language::German),
        );
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].0, "Deutschlands");
        assert!(find(&k, "AI-top in de EU-Kommission", None).is_empty());
    }

    #[test]
    fn bad_lines_name_source_and_line() {
        let e =
            Kb::new(&[("mine".into(), "\n{\"name\":\"X\",\"type\":\"person\"}\n{oops".into())]).unwrap_err();
        assert_eq!(e.to_string().split(':').next().unwrap(), "mine, line 3");
        let e = Kb::new(&[("mine".into(), r#"{"name":"X","type":"thing"}"#.into())]).unwrap_err();
        assert!(e.to_string().contains("line 1"));
        let e = Kb::new(&[("mine".into(), r#"{"name":"X","type":"person","wikidata":"42"}"#.into())])
            .unwrap_err();
        assert!(e.to_string().contains("Wikidata"));
    }

    #[test]
    fn surnames_are_derived() {
        assert_eq!(derived_surname("Ursula von der Leyen").as_deref(), Some("von der Leyen"));
        assert_eq!(derived_surname("Emmanuel Macron").as_deref(), Some("Macron"));
        assert_eq!(derived_surname("Madonna"), None);
    }
}
