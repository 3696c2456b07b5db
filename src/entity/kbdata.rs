//! The knowledge base's tables and their builder, shared by the crate and by
//! `build.rs`: the build script runs the builder over the built-in
//! `data/kb/*.jsonl` files and embeds the result as a compact image
//! ([`Data::encode`]), so that building an extractor only decodes it
//! ([`Data::decode`]); caller-supplied entries are merged by running the same
//! builder at run time.
//!
//! This file depends on nothing but `std`, `serde` and `serde_json`, so that
//! `build.rs` can include it with `#[path]`.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

/// The built-in knowledge-base files, in the order they are read.
/// `extra.jsonl` comes first: where its entries and another file's share a
/// form, its entry wins the tie.
pub const BUILTIN_FILES: [&str; 8] = [
    "data/kb/extra.jsonl",
    "data/kb/countries.jsonl",
    "data/kb/regions.jsonl",
    "data/kb/cities.jsonl",
    "data/kb/eu.jsonl",
    "data/kb/orgs.jsonl",
    "data/kb/people.jsonl",
    "data/kb/events.jsonl",
];

/// Language codes in the order of `Language::index` (checked by a test).
pub const LANG_CODES: [&str; 24] = [
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt",
    "nl", "pl", "pt", "ro", "sk", "sl", "sv",
];

/// Entity types by code: the names of `EntityType::as_str`, in code order.
pub const KINDS: [&str; 5] = ["person", "organization", "location", "event", "misc"];
/// Code of "person" in [`KINDS`].
pub const PERSON: u8 = 0;
/// Code of "location" in [`KINDS`].
pub const LOCATION: u8 = 2;

/// Form kinds, in order of preference: a full name, a person's surname, a
/// short form that refers to the entry only once it is named.
pub const FULL: u8 = 0;
/// A person's surname.
pub const SURNAME: u8 = 1;
/// A short form ("de Commissie").
pub const SHORT: u8 = 2;

/// Trie record header bit: a pattern ends at this node; its number follows
/// the header as a little-endian `u32`.
///
/// A record is a header byte, the pattern number when [`TRIE_TERMINAL`] is
/// set, then either a chain ([`TRIE_CHAIN`]: `n` = the low six bits labels,
/// the path through `n - 1` nodes that end no pattern and have one edge
/// each, with the node it leads to recorded right after) or a branch (`n`
/// edges, where `n` is the low six bits, or 63 plus the next byte when those
/// are all set: `n` labels, sorted, then `n` little-endian `u32` offsets of
/// the children's records). The root's record is at offset 0 and is a branch.
pub const TRIE_TERMINAL: u8 = 0x80;
/// Trie record header bit: the record is a chain of labels.
pub const TRIE_CHAIN: u8 = 0x40;
/// The low six bits of a trie record header.
pub const TRIE_LEN: u8 = 0x3f;
/// Nodes nearer the root than this are laid out breadth first, at the start
/// of the trie, where the look-ups that all pass through them keep them in
/// the cache; the subtrees below them depth first, so that a path that a
/// look-up follows lies in few cache lines.
const TRIE_BFS_DEPTH: u32 = 3;

/// One thing the knowledge base knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// Index into [`KINDS`].
    pub kind: u8,
    pub wikidata: Option<String>,
}

/// What one trie pattern may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// The form as written in the data (or a variant of it), for the case
    /// check: a byte range of [`Data::forms`].
    pub form: (u32, u32),
    pub entry: u32,
    /// Languages the form belongs to (bit per language index); all bits for "*".
    pub langs: u32,
    /// [`FULL`], [`SURNAME`] or [`SHORT`].
    pub kind: u8,
}

/// The built knowledge base.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Data {
    pub entries: Vec<Entry>,
    /// The text of every target's form, one after the other.
    pub forms: String,
    /// Per pattern `p`: its targets are `targets[target_start[p]..target_start[p + 1]]`.
    pub target_start: Vec<u32>,
    pub targets: Vec<Target>,
    /// The trie of the patterns (ASCII-lowercased forms), packed into one
    /// byte array of records (see [`TRIE_TERMINAL`]) so that a look-up reads
    /// a node's labels and children where it reads the node.
    pub trie: Vec<u8>,
    /// One-word place names without their last two letters, lowercase, sorted.
    pub loc_stems: Vec<String>,
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
    // Ordered maps: the build is the same on every run.
    #[serde(default)]
    names: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    short: BTreeMap<String, OneOrMany>,
    #[serde(default)]
    surname: Option<OneOrMany>,
}

fn parse_type(s: &str) -> Option<u8> {
    Some(match s.to_ascii_lowercase().as_str() {
        "person" | "per" => 0,
        "organization" | "organisation" | "org" => 1,
        "location" | "loc" | "place" => 2,
        "event" => 3,
        "misc" | "other" => 4,
        _ => return None,
    })
}

fn lang_mask(code: &str) -> Option<u32> {
    if code == "*" {
        return Some(u32::MAX);
    }
    let code = code.trim();
    LANG_CODES.iter().position(|c| code.eq_ignore_ascii_case(c)).map(|i| 1 << i)
}

/// A knowledge-base line that could not be read: source, line (1-based), message.
#[derive(Debug)]
pub struct LineError {
    pub source: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, line {}: {}", self.source, self.line, self.message)
    }
}

#[derive(Debug, Clone)]
struct BuildTarget {
    form: String,
    entry: u32,
    langs: u32,
    kind: u8,
}

/// Collects entries and forms, then builds the trie.
#[derive(Default)]
pub struct Builder {
    entries: Vec<Entry>,
    by_key: HashMap<String, u32>,
    /// ASCII-lowercased pattern → index into `targets`.
    pattern_index: HashMap<String, usize>,
    patterns: Vec<String>,
    targets: Vec<Vec<BuildTarget>>,
}

impl Builder {
    /// Adds every entry of one JSON Lines text (blank lines and `//` comments skipped).
    pub fn add_source(&mut self, source: &str, jsonl: &str) -> Result<(), LineError> {
        for (i, line) in jsonl.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            let err = |message: String| LineError { source: source.to_string(), line: i + 1, message };
            let raw: RawEntry = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
            self.add_entry(raw).map_err(err)?;
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
        let name_key = format!("{}\u{0}{}", KINDS[kind as usize], name.to_lowercase());
        let key = match &wikidata {
            Some(w) => w.clone(),
            None => name_key.clone(),
        };
        let entry = match self.by_key.get(&key) {
            Some(&e) => e,
            None => {
                let e = self.entries.len() as u32;
                self.entries.push(Entry { name: name.clone(), kind, wikidata: wikidata.clone() });
                self.by_key.insert(key, e);
                if wikidata.is_some() {
                    self.by_key.insert(name_key, e);
                }
                e
            }
        };
        self.add_form(&name, entry, u32::MAX, FULL);
        for (code, forms) in raw.names {
            let mask = lang_mask(&code).ok_or_else(|| format!("unknown language {code:?} in names"))?;
            for f in forms.into_vec() {
                self.add_form(&f, entry, mask, FULL);
            }
        }
        for (code, forms) in raw.short {
            let mask = lang_mask(&code).ok_or_else(|| format!("unknown language {code:?} in short"))?;
            for f in forms.into_vec() {
                self.add_form(&f, entry, mask, SHORT);
            }
        }
        if kind == PERSON {
            let surnames = match raw.surname {
                Some(s) => s.into_vec(),
                None => derived_surname(&name).into_iter().collect(),
            };
            for s in surnames {
                self.add_form(&s, entry, u32::MAX, SURNAME);
            }
        }
        Ok(())
    }

    fn add_form(&mut self, form: &str, entry: u32, langs: u32, kind: u8) {
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
                    self.patterns.push(key.clone());
                    self.targets.push(Vec::new());
                    self.pattern_index.insert(key, i);
                    i
                }
            };
            let t = &mut self.targets[idx];
            if let Some(existing) = t.iter_mut().find(|x| x.entry == entry && x.form == v && x.kind == kind) {
                existing.langs |= langs;
            } else {
                t.push(BuildTarget { form: v, entry, langs, kind });
            }
        }
    }

    /// The finished tables.
    pub fn build(self) -> Data {
        let mut d = Data { entries: self.entries, ..Data::default() };
        let mut keys: Vec<(&[u8], u32)> =
            self.patterns.iter().enumerate().map(|(i, p)| (p.as_bytes(), i as u32)).collect();
        keys.sort_unstable();
        if !keys.is_empty() {
            d.trie = build_trie(&keys);
        }
        let mut stems = Vec::new();
        d.target_start.push(0);
        for (p, targets) in self.patterns.iter().zip(&self.targets) {
            for t in targets {
                let a = d.forms.len() as u32;
                d.forms.push_str(&t.form);
                d.targets.push(Target {
                    form: (a, d.forms.len() as u32),
                    entry: t.entry,
                    langs: t.langs,
                    kind: t.kind,
                });
            }
            d.target_start.push(d.targets.len() as u32);
            let chars = p.chars().count();
            if chars < 5 || p.contains(' ') || p.contains('-') {
                continue;
            }
            let is_loc =
                targets.iter().any(|t| t.kind == FULL && d.entries[t.entry as usize].kind == LOCATION);
            if is_loc {
                // The pattern is ASCII-lowercased; lowercase the rest as the stems are looked up.
                stems.push(p.chars().take(chars - 2).flat_map(char::to_lowercase).collect::<String>());
            }
        }
        stems.sort_unstable();
        stems.dedup();
        d.loc_stems = stems;
        d
    }
}

/// A trie node while the trie is built.
struct TrieNode {
    /// The pattern ending here, or `u32::MAX`.
    terminal: u32,
    /// (label, child), sorted by label.
    edges: Vec<(u8, u32)>,
    depth: u32,
}

/// Builds the packed trie (see [`TRIE_TERMINAL`]) of `keys` (sorted, distinct).
fn build_trie(keys: &[(&[u8], u32)]) -> Vec<u8> {
    let mut nodes = vec![TrieNode { terminal: u32::MAX, edges: Vec::new(), depth: 0 }];
    for &(key, pattern) in keys {
        let mut n = 0;
        for &b in key {
            // The keys are sorted: an edge for `b` can only be the node's last.
            n = match nodes[n].edges.last() {
                Some(&(l, c)) if l == b => c as usize,
                _ => {
                    let c = nodes.len();
                    let depth = nodes[n].depth + 1;
                    nodes.push(TrieNode { terminal: u32::MAX, edges: Vec::new(), depth });
                    nodes[n].edges.push((b, c as u32));
                    c
                }
            };
        }
        nodes[n].terminal = pattern;
    }
    let mut out = Vec::new();
    // Record offset of every node that starts a record.
    let mut pos = vec![u32::MAX; nodes.len()];
    // (offset in `out`, node) of the child offsets to fill in.
    let mut fixups: Vec<(usize, u32)> = Vec::new();
    let branch = |out: &mut Vec<u8>, fixups: &mut Vec<(usize, u32)>, node: &TrieNode| {
        let n = node.edges.len();
        let terminal = if node.terminal != u32::MAX { TRIE_TERMINAL } else { 0 };
        out.push(terminal | (n.min(usize::from(TRIE_LEN)) as u8));
        if node.terminal != u32::MAX {
            out.extend_from_slice(&node.terminal.to_le_bytes());
        }
        if n >= usize::from(TRIE_LEN) {
            out.push((n - usize::from(TRIE_LEN)) as u8);
        }
        out.extend(node.edges.iter().map(|e| e.0));
        for &(_, c) in &node.edges {
            fixups.push((out.len(), c));
            out.extend_from_slice(&[0; 4]);
        }
    };
    // The upper levels breadth first; the nodes below them start subtrees.
    let mut queue = std::collections::VecDeque::from([0u32]);
    let mut subtrees = Vec::new();
    while let Some(n) = queue.pop_front() {
        let node = &nodes[n as usize];
        if node.depth >= TRIE_BFS_DEPTH {
            subtrees.push(n);
            continue;
        }
        pos[n as usize] = out.len() as u32;
        branch(&mut out, &mut fixups, node);
        queue.extend(node.edges.iter().map(|e| e.1));
    }
    // Each subtree depth first: a chain's node follows it, a branch's first child follows it.
    let mut stack = Vec::new();
    for root in subtrees {
        stack.push(root);
        while let Some(n) = stack.pop() {
            pos[n as usize] = out.len() as u32;
            let node = &nodes[n as usize];
            if node.edges.len() != 1 {
                branch(&mut out, &mut fixups, node);
                stack.extend(node.edges.iter().rev().map(|e| e.1));
                continue;
            }
            let at = out.len();
            let terminal = if node.terminal != u32::MAX { TRIE_TERMINAL } else { 0 };
            out.push(terminal | TRIE_CHAIN);
            if node.terminal != u32::MAX {
                out.extend_from_slice(&node.terminal.to_le_bytes());
            }
            let (mut label, mut next) = node.edges[0];
            let mut len = 0u8;
            loop {
                out.push(label);
                len += 1;
                let c = &nodes[next as usize];
                if len == TRIE_LEN || c.terminal != u32::MAX || c.edges.len() != 1 {
                    break;
                }
                (label, next) = c.edges[0];
            }
            out[at] |= len;
            stack.push(next);
        }
    }
    for (at, c) in fixups {
        out[at..at + 4].copy_from_slice(&pos[c as usize].to_le_bytes());
    }
    out
}

/// The surname of a person's canonical name: from the first lowercase
/// particle ("Ursula von der Leyen" → "von der Leyen"), else the last word.
pub fn derived_surname(name: &str) -> Option<String> {
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
pub fn fold_diacritics(s: &str) -> String {
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

/// Start of an encoded image (and its format version).
const MAGIC: &[u8; 8] = b"NXKB\x00\x00\x00\x02";

impl Data {
    /// The tables as bytes (little-endian): what `build.rs` embeds.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(self.trie.len() + self.forms.len() * 2));
        w.0.extend_from_slice(MAGIC);
        w.u32(self.entries.len() as u32);
        for e in &self.entries {
            w.str(&e.name);
            w.0.push(e.kind);
            match &e.wikidata {
                Some(q) => {
                    w.0.push(1);
                    w.str(q);
                }
                None => w.0.push(0),
            }
        }
        w.str(&self.forms);
        w.u32s(&self.target_start);
        w.u32(self.targets.len() as u32);
        for t in &self.targets {
            w.u32(t.form.0);
            w.u32(t.form.1);
            w.u32(t.entry);
            w.u32(t.langs);
            w.0.push(t.kind);
        }
        w.u32(self.trie.len() as u32);
        w.0.extend_from_slice(&self.trie);
        w.u32(self.loc_stems.len() as u32);
        for s in &self.loc_stems {
            w.str(s);
        }
        w.0
    }

    /// Reads what [`Data::encode`] wrote; `None` when the bytes are not such an image.
    pub fn decode(bytes: &[u8]) -> Option<Data> {
        let mut r = Reader { b: bytes, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let mut d = Data::default();
        let n = r.u32()? as usize;
        d.entries.reserve(n.min(bytes.len()));
        for _ in 0..n {
            let name = r.str()?.to_string();
            let kind = r.u8()?;
            let wikidata = match r.u8()? {
                0 => None,
                _ => Some(r.str()?.to_string()),
            };
            d.entries.push(Entry { name, kind, wikidata });
        }
        d.forms = r.str()?.to_string();
        d.target_start = r.u32s()?;
        let n = r.u32()? as usize;
        d.targets.reserve(n.min(bytes.len()));
        for _ in 0..n {
            let form = (r.u32()?, r.u32()?);
            let (entry, langs, kind) = (r.u32()?, r.u32()?, r.u8()?);
            d.targets.push(Target { form, entry, langs, kind });
        }
        let n = r.u32()? as usize;
        d.trie = r.take(n)?.to_vec();
        let n = r.u32()? as usize;
        for _ in 0..n {
            d.loc_stems.push(r.str()?.to_string());
        }
        (r.pos == bytes.len()).then_some(d)
    }
}

fn le(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

#[cfg_attr(not(test), allow(dead_code))]
struct Writer(Vec<u8>);

#[cfg_attr(not(test), allow(dead_code))]
impl Writer {
    fn u32(&mut self, x: u32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }

    fn u32s(&mut self, xs: &[u32]) {
        self.u32(xs.len() as u32);
        for &x in xs {
            self.u32(x);
        }
    }

    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(le(self.take(4)?))
    }

    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.u32()? as usize;
        Some(self.take(n.checked_mul(4)?)?.chunks_exact(4).map(le).collect())
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
}
