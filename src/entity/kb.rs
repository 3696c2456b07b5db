//! The knowledge base: `data/kb/*.jsonl` (compiled into tables by
//! `build.rs`, see [`super::kbdata`]) plus caller-supplied entries, matched
//! with a byte trie anchored at word starts (ASCII case-insensitive; the case
//! of the text is checked against the form afterwards).

use crate::error::Error;
use crate::record::EntityType;
use crate::Language;

use super::kbdata::{self, Data, FULL, SURNAME, TRIE_CHAIN, TRIE_LEN, TRIE_TERMINAL};
use super::tokens::{with_lower, CharClass};
use super::WordSet;

/// The built-in knowledge-base files, embedded in the binary: read only when
/// caller-supplied entries must be merged with them.
const BUILTIN: [(&str, &str); 8] = [
    (kbdata::BUILTIN_FILES[0], include_str!("../../data/kb/extra.jsonl")),
    (kbdata::BUILTIN_FILES[1], include_str!("../../data/kb/countries.jsonl")),
    (kbdata::BUILTIN_FILES[2], include_str!("../../data/kb/regions.jsonl")),
    (kbdata::BUILTIN_FILES[3], include_str!("../../data/kb/cities.jsonl")),
    (kbdata::BUILTIN_FILES[4], include_str!("../../data/kb/eu.jsonl")),
    (kbdata::BUILTIN_FILES[5], include_str!("../../data/kb/orgs.jsonl")),
    (kbdata::BUILTIN_FILES[6], include_str!("../../data/kb/people.jsonl")),
    (kbdata::BUILTIN_FILES[7], include_str!("../../data/kb/events.jsonl")),
];

/// The tables `build.rs` made of the built-in files.
const IMAGE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kb.bin"));

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

/// A knowledge-base match in a text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KbHit {
    pub start: usize,
    /// End of the mention (a case ending such as the "s" of "Deutschlands" included).
    pub end: usize,
    pub entry: u32,
    pub kind: FormKind,
}

/// The knowledge base: entries, forms and the trie.
#[derive(Debug)]
pub(crate) struct Kb {
    pub entries: Vec<KbEntry>,
    data: Data,
    /// Per first byte (ASCII-lowercased): the root's child, or `u32::MAX`.
    root: Box<[u32; 256]>,
    /// One-word place names without their last two letters, lowercase
    /// ("europ" from "Europa"): words that start with one and are no form
    /// themselves are derived adjectives ("Europese", "Amerikaanse").
    loc_stems: WordSet,
    /// A filter on `loc_stems`: bit [`first4_bit`] of their first four bytes
    /// (every stem has four characters or more).
    loc_first4: Box<[u64; 1024]>,
    /// Bit `n` (at most 63) set when a stem has `n` bytes.
    loc_lens: u64,
    /// A filter of 2^20 bits on `loc_stems`: bit [`bloom_bit`] of the
    /// [`fnv`] hash of each stem.
    loc_bloom: Box<[u64]>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One step of the FNV-1a hash: `h` followed by byte `b`.
#[inline]
fn fnv(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

/// The bit of the stem filter for hash `h`.
#[inline]
fn bloom_bit(h: u64) -> usize {
    (h >> 44) as usize
}

/// The bit of a filter of 65,536 for the first four bytes of a word.
#[inline]
fn first4_bit(w: &[u8]) -> usize {
    let x = u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
    (x.wrapping_mul(0x9e37_79b1) >> 16) as usize
}

fn entity_type(code: u8) -> EntityType {
    match code {
        kbdata::PERSON => EntityType::Person,
        1 => EntityType::Organization,
        kbdata::LOCATION => EntityType::Location,
        3 => EntityType::Event,
        _ => EntityType::Misc,
    }
}

fn form_kind(code: u8) -> FormKind {
    match code {
        FULL => FormKind::Full,
        SURNAME => FormKind::Surname,
        _ => FormKind::Short,
    }
}

/// True when every uppercase letter of `form` is uppercase in `surface` too
/// ("EU" is not "eu", "Europa" is not "europa"; "ROTTERDAM" is "Rotterdam").
fn case_ok(form: &str, surface: &str) -> bool {
    let mut sc = surface.chars();
    for f in form.chars() {
        let Some(s) = sc.next() else { return false };
        if f.upper() && !s.upper() {
            return false;
        }
    }
    true
}

impl Kb {
    /// The built-in knowledge base (decoded from the tables `build.rs` made)
    /// plus `extra` (source name, JSON Lines text), which is merged by
    /// building the tables again at run time.
    pub fn new(extra: &[(String, String)]) -> Result<Kb, Error> {
        let data = if extra.is_empty() {
            Data::decode(IMAGE).ok_or_else(|| Error::data("data/kb (embedded)", None, "corrupt tables"))?
        } else {
            let mut b = kbdata::Builder::default();
            for (source, text) in
                BUILTIN.iter().copied().chain(extra.iter().map(|(s, t)| (s.as_str(), t.as_str())))
            {
                b.add_source(source, text).map_err(|e| Error::data(e.source, Some(e.line), e.message))?;
            }
            b.build()
        };
        Ok(Kb::from_data(data))
    }

    fn from_data(data: Data) -> Kb {
        let entries = data
            .entries
            .iter()
            .map(|e| KbEntry {
                name: e.name.clone(),
                kind: entity_type(e.kind),
                wikidata: e.wikidata.clone(),
            })
            .collect();
        let mut root = Box::new([u32::MAX; 256]);
        // The root's record: a branch (no pattern is empty, but skip a number all the same).
        if let Some(&h) = data.trie.first() {
            let mut p = 1 + if h & TRIE_TERMINAL != 0 { 4 } else { 0 };
            let mut n = usize::from(h & TRIE_LEN);
            if n == usize::from(TRIE_LEN) {
                n += data.trie.get(p).map_or(0, |&x| usize::from(x));
                p += 1;
            }
            if h & TRIE_CHAIN == 0 {
                for k in 0..n {
                    let (Some(&label), Some(at)) = (data.trie.get(p + k), data.trie.get(p + n + 4 * k..))
                    else {
                        break;
                    };
                    if let Some(&[a, b, c, d]) = at.first_chunk::<4>() {
                        root[usize::from(label)] = u32::from_le_bytes([a, b, c, d]);
                    }
                }
            }
        }
        let loc_stems: WordSet = data.loc_stems.iter().cloned().collect();
        let mut loc_first4 = Box::new([0u64; 1024]);
        let mut loc_lens = 0u64;
        let mut loc_bloom = vec![0u64; (1 << 20) / 64].into_boxed_slice();
        for s in &loc_stems {
            let b = bloom_bit(s.bytes().fold(FNV_OFFSET, fnv));
            loc_bloom[b / 64] |= 1 << (b % 64);
            // Stems of fewer than four chars are never looked up.
            if s.len() >= 4 {
                let b = first4_bit(s.as_bytes());
                loc_first4[b / 64] |= 1 << (b % 64);
            }
            loc_lens |= 1 << s.len().min(63);
        }
        Kb { entries, data, root, loc_stems, loc_first4, loc_lens, loc_bloom }
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
        let mut found = [(0usize, 0u32); 8];
        let n = self.prefixes(text.as_bytes(), start, &mut found);
        // Longest first; a form that fails its checks gives way to a shorter one.
        for &(end, pattern) in found[..n].iter().rev() {
            if let Some(hit) = self.verify(text, start, end, pattern as usize, lang, suffixes) {
                let surface = &text[start..end];
                if sentence_start && !surface.contains(' ') && is_common(surface) {
                    return None;
                }
                return Some(hit);
            }
        }
        None
    }

    /// The patterns that start at `text[start..]`, shortest first, as (end,
    /// pattern); the last `out.len()` of them when there are more. Returns how
    /// many were written to `out`.
    #[inline]
    fn prefixes(&self, text: &[u8], start: usize, out: &mut [(usize, u32)]) -> usize {
        let t = &self.data.trie[..];
        let Some(&b0) = text.get(start) else { return 0 };
        let mut p = self.root[usize::from(b0.to_ascii_lowercase())] as usize;
        let mut n = 0;
        let mut i = start + 1;
        // Every read is checked: a record cut short ends the walk.
        while let Some(&h) = t.get(p) {
            p += 1;
            if h & TRIE_TERMINAL != 0 {
                let Some(&[a, b, c, d]) = t.get(p..).and_then(<[u8]>::first_chunk::<4>) else { break };
                if n == out.len() {
                    out.copy_within(1.., 0);
                    n -= 1;
                }
                out[n] = (i, u32::from_le_bytes([a, b, c, d]));
                n += 1;
                p += 4;
            }
            let mut len = usize::from(h & TRIE_LEN);
            if h & TRIE_CHAIN != 0 {
                // A chain ends no pattern before its last label: all of it or nothing.
                let (Some(labels), Some(bytes)) = (t.get(p..p + len), text.get(i..i + len)) else { break };
                if !labels.iter().zip(bytes).all(|(&l, &b)| b.to_ascii_lowercase() == l) {
                    break;
                }
                p += len;
                i += len;
                continue;
            }
            if len == usize::from(TRIE_LEN) {
                let Some(&extra) = t.get(p) else { break };
                len += usize::from(extra);
                p += 1;
            }
            let Some(&b) = text.get(i) else { break };
            let b = b.to_ascii_lowercase();
            let Some(labels) = t.get(p..p + len) else { break };
            let k = if len <= 16 {
                match labels.iter().position(|&l| l == b) {
                    Some(k) => k,
                    None => break,
                }
            } else {
                match labels.binary_search(&b) {
                    Ok(k) => k,
                    Err(_) => break,
                }
            };
            let at = p + len + 4 * k;
            let Some(&[a, b, c, d]) = t.get(at..).and_then(<[u8]>::first_chunk::<4>) else { break };
            p = u32::from_le_bytes([a, b, c, d]) as usize;
            i += 1;
        }
        n
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
        let d = &self.data;
        let targets = &d.targets[d.target_start[pattern] as usize..d.target_start[pattern + 1] as usize];
        // Whether the surface has four characters or more, counted when first needed.
        let mut long = None;
        let mut best: Option<&kbdata::Target> = None;
        for t in targets {
            if !case_ok(&d.forms[t.form.0 as usize..t.form.1 as usize], surface) {
                continue;
            }
            let own = t.langs & bit != 0;
            // Forms of other languages only when long enough not to be chance.
            if !own && (t.kind != FULL || !*long.get_or_insert_with(|| surface.chars().count() >= 4)) {
                continue;
            }
            let better = match best {
                None => true,
                // Kind codes are in order of preference.
                Some(b) => {
                    let b_own = b.langs & bit != 0;
                    (own && !b_own) || (own == b_own && t.kind < b.kind)
                }
            };
            if better {
                best = Some(t);
            }
        }
        best.map(|t| KbHit { start, end: mention_end, entry: t.entry, kind: form_kind(t.kind) })
    }

    /// True when lowercase `w` starts with a place name's stem and is longer
    /// than it: an adjective or other derivation ("europese" from "Europa").
    pub fn derived_from_place(&self, w: &str) -> bool {
        // Stems of four characters or more, followed by two or more.
        if w.len() >= 4 {
            let b = first4_bit(w.as_bytes());
            if self.loc_first4[b / 64] & (1 << (b % 64)) == 0 {
                return false;
            }
        }
        // The prefixes end where a char starts, after four chars and before the last char.
        let Some((last, _)) = w.char_indices().next_back() else { return false };
        let mut h = FNV_OFFSET;
        let mut chars = 0;
        for (e, &b) in w.as_bytes()[..last].iter().enumerate() {
            // A char starts at `e`: `w[..e]` is a prefix of `chars` chars, hashed to `h`.
            if b & 0xc0 != 0x80 {
                if chars >= 4 && self.loc_lens & (1 << e.min(63)) != 0 {
                    let bit = bloom_bit(h);
                    if self.loc_bloom[bit / 64] & (1 << (bit % 64)) != 0 && self.loc_stems.contains(&w[..e]) {
                        return true;
                    }
                }
                chars += 1;
            }
            h = fnv(h, b);
        }
        false
    }

    /// The entry `e`.
    pub fn entry(&self, e: u32) -> &KbEntry {
        &self.entries[e as usize]
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
    if c.alnum() {
        if c.numeric() {
            return None;
        }
        let word_len: usize = rest.char_indices().find(|(_, c)| !c.alnum()).map_or(rest.len(), |(i, _)| i);
        let tail = &rest[..word_len];
        if tail.chars().count() > 6 {
            return None;
        }
        return with_lower(tail, |lower| suffixes.iter().any(|s| s == lower)).then_some(end + word_len);
    }
    let next = chars.next().unwrap_or(' ');
    match c {
        '-' | '‐' | '‑' => (next.lower() || !next.alnum()).then_some(end),
        '\'' | '’' | 'ʼ' | ':' => Some(end),
        '.' if next.alpha() => None,
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

    /// The tables embedded by `build.rs` are what the builder makes of the
    /// built-in files now, and encoding them loses nothing.
    #[test]
    fn embedded_tables_match_the_builder() {
        let mut b = kbdata::Builder::default();
        for (source, text) in BUILTIN {
            b.add_source(source, text).unwrap();
        }
        let built = b.build();
        let embedded = Data::decode(IMAGE).expect("embedded tables decode");
        assert!(built == embedded, "data/kb changed but the embedded tables did not: rebuild");
        assert!(Data::decode(&built.encode()) == Some(built));
        assert!(Data::decode(&IMAGE[..IMAGE.len() - 1]).is_none());
        assert!(Data::decode(b"").is_none());
    }

    /// The language codes of the tables follow [`Language::index`], and the
    /// kind codes [`EntityType::as_str`].
    #[test]
    fn codes_follow_the_crate_enums() {
        for l in Language::ALL {
            assert_eq!(kbdata::LANG_CODES[l.index()], l.code());
        }
        for (i, k) in kbdata::KINDS.iter().enumerate() {
            assert_eq!(entity_type(i as u8).as_str(), *k);
        }
    }

    /// A caller's entry that shares a Wikidata ID with a built-in one merges with it.
    #[test]
    fn extra_entries_merge_with_builtin_ones() {
        let k = kb(
            r#"{"name":"European Union","type":"organization","wikidata":"Q458","names":{"nl":["Unie van Zevenentwintig"]}}"#,
        );
        let builtin = Kb::new(&[]).unwrap();
        assert_eq!(k.len(), builtin.len());
        let got = find(&k, "De Unie van Zevenentwintig en de EU.", Some(Language::Dutch));
        assert_eq!(got[0], ("Unie van Zevenentwintig".to_string(), "European Union".to_string()));
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
        assert!(find(&k, "AI-top en de EU-Zwischenbilanz", None).is_empty());
    }

    /// The packed trie finds exactly the patterns that a look-up of every
    /// prefix finds, with the right numbers, at the start of every form
    /// followed by text.
    #[test]
    fn trie_walk_finds_every_prefix_pattern() {
        let kb = Kb::new(&[]).unwrap();
        let d = &kb.data;
        let mut patterns = std::collections::HashMap::new();
        for p in 0..d.target_start.len() - 1 {
            let t = &d.targets[d.target_start[p] as usize];
            patterns.insert(d.forms[t.form.0 as usize..t.form.1 as usize].to_ascii_lowercase(), p as u32);
        }
        assert!(patterns.len() > 1000);
        let reference = |bytes: &[u8]| -> Vec<(usize, u32)> {
            (1..=bytes.len())
                .filter_map(|e| {
                    let key = std::str::from_utf8(&bytes[..e]).ok()?.to_ascii_lowercase();
                    patterns.get(&key).map(|&p| (e, p))
                })
                .collect()
        };
        let mut found = [(0usize, 0u32); 64];
        let mut whole = 0;
        for (k, form) in patterns.keys().enumerate() {
            let tail = ["", " van de", "s", "-Zentrum x", " Ltd."][k % 5];
            let text = format!("{}{tail}", form.to_ascii_uppercase());
            let want = reference(text.as_bytes());
            let n = kb.prefixes(text.as_bytes(), 0, &mut found);
            assert_eq!(&found[..n], &want[..], "{text}");
            whole += usize::from(want.iter().any(|w| w.0 == form.len()));
        }
        assert_eq!(whole, patterns.len());
        for text in ["", "x", "\u{ff}\u{ff}", "zzzzzzzzzzzzzzzzzz", "Ämsterdam", "EU-Kommission", "a"] {
            let n = kb.prefixes(text.as_bytes(), 0, &mut found);
            assert_eq!(&found[..n], &reference(text.as_bytes())[..], "{text}");
        }
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

    /// The filters of `derived_from_place` lose no stem: it answers as a
    /// look-up of every prefix does.
    #[test]
    fn derived_from_place_finds_every_stem() {
        let kb = Kb::new(&[]).unwrap();
        let reference = |w: &str| {
            let ends: Vec<usize> = w.char_indices().map(|(i, _)| i).collect();
            ends.iter().skip(4).take(ends.len().saturating_sub(5)).any(|&e| kb.loc_stems.contains(&w[..e]))
        };
        assert!(!kb.loc_stems.is_empty());
        for s in &kb.loc_stems {
            for tail in ["ese", "äische", "xy", "x", ""] {
                let w = format!("{s}{tail}");
                assert_eq!(kb.derived_from_place(&w), reference(&w), "{w}");
                if s.chars().count() >= 4 {
                    assert_eq!(kb.derived_from_place(&w), tail.chars().count() >= 2 || reference(&w), "{w}");
                }
            }
        }
        for w in ["", "a", "abcd", "abcde", "xxxxxxxx", "ÄÖÜäöü", "europese", "amerikaanse"] {
            assert_eq!(kb.derived_from_place(w), reference(w), "{w}");
        }
    }

    #[test]
    fn surnames_are_derived() {
        use kbdata::derived_surname;
        assert_eq!(derived_surname("Ursula von der Leyen").as_deref(), Some("von der Leyen"));
        assert_eq!(derived_surname("Emmanuel Macron").as_deref(), Some("Macron"));
        assert_eq!(derived_surname("Madonna"), None);
    }
}
