//! Compact JSON of records, written by hand.
//!
//! A record's JSON is about three times as long as its input text, and
//! writing it through serde's derived `Serialize` (with a flattened map for
//! the caller's metadata) cost more than language identification. This
//! writer produces exactly the bytes `serde_json::to_string` gives for the
//! same record, field for field — the tests below hold it to that — and
//! escapes strings eight bytes at a time.

use serde_json::{Map, Value};

use crate::record::{push_decimal, Amount, Document, Entity, Quote, Span};

/// The compact JSON object of `doc`, followed by the entries of `meta` as
/// further fields (as `#[serde(flatten)]` would write them), in UTF-8;
/// `capacity` is a guess of its length.
pub(crate) fn document(doc: &Document, meta: &Map<String, Value>, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    write_document(&mut out, doc, meta);
    out
}

fn write_document(out: &mut Vec<u8>, doc: &Document, meta: &Map<String, Value>) {
    write_head(out, doc, &mut |_| {});
    out.extend_from_slice(b",\"amounts\":");
    list(out, &doc.amounts, amount);
    out.extend_from_slice(b",\"quotes\":");
    list(out, &doc.quotes, quote);
    write_tail(out, meta);
}

/// The start of a record, up to its amounts: `{"id":…,"lang":…,"entities":[…]`.
///
/// Whenever `out` holds [`SPILL_AT`] bytes or more after a mention or an
/// entity, `spill` is called with it and may write it elsewhere and empty it: a
/// document with a million mentions need not hold its entity list as JSON.
pub(crate) fn write_head(out: &mut Vec<u8>, doc: &Document, spill: &mut dyn FnMut(&mut Vec<u8>)) {
    out.extend_from_slice(b"{\"id\":");
    opt_str(out, doc.id.as_deref());
    out.extend_from_slice(b",\"lang\":");
    opt_str(out, doc.lang.map(|l| l.code()));
    out.extend_from_slice(b",\"entities\":");
    spilled_list(out, &doc.entities, entity, spill);
}

/// See [`write_head`].
pub(crate) const SPILL_AT: usize = 1 << 16;

/// The end of a record after its quotes: the entries of `meta`, then `}`.
pub(crate) fn write_tail(out: &mut Vec<u8>, meta: &Map<String, Value>) {
    for (k, v) in meta {
        out.push(b',');
        string(out, k);
        out.push(b':');
        // Metadata is small and of any shape: serde_json writes it.
        if serde_json::to_writer(&mut *out, v).is_err() {
            out.extend_from_slice(b"null");
        }
    }
    out.push(b'}');
}

fn list<T>(out: &mut Vec<u8>, items: &[T], mut f: impl FnMut(&mut Vec<u8>, &T)) {
    spilled_list(out, items, |out, item, _| f(out, item), &mut |_| {});
}

/// A JSON array of `items`, each written by `f` (which gets `spill` for its
/// own lists); `spill` is called after any item that leaves [`SPILL_AT`]
/// bytes or more in `out`.
fn spilled_list<T>(
    out: &mut Vec<u8>,
    items: &[T],
    mut f: impl FnMut(&mut Vec<u8>, &T, &mut dyn FnMut(&mut Vec<u8>)),
    spill: &mut dyn FnMut(&mut Vec<u8>),
) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        f(out, item, spill);
        if out.len() >= SPILL_AT {
            spill(out);
        }
    }
    out.push(b']');
}

fn entity(out: &mut Vec<u8>, e: &Entity, spill: &mut dyn FnMut(&mut Vec<u8>)) {
    out.extend_from_slice(b"{\"id\":");
    string(out, &e.id);
    out.extend_from_slice(b",\"name\":");
    string(out, &e.name);
    out.extend_from_slice(b",\"type\":\"");
    out.extend_from_slice(e.kind.as_str().as_bytes());
    out.extend_from_slice(b"\",\"wikidata\":");
    opt_str(out, e.wikidata.as_deref());
    out.extend_from_slice(b",\"roles\":");
    list(out, &e.roles, |out, r| string(out, r));
    out.extend_from_slice(b",\"mentions\":");
    spilled_list(out, &e.mentions, |out, m, _| span(out, m), spill);
    out.push(b'}');
}

fn span(out: &mut Vec<u8>, s: &Span) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &s.text);
    offsets(out, s.start, s.end, s.char_start, s.char_end);
    out.push(b'}');
}

/// `,"start":…,"end":…,"char_start":…,"char_end":…`
fn offsets(out: &mut Vec<u8>, start: usize, end: usize, char_start: usize, char_end: usize) {
    out.extend_from_slice(b",\"start\":");
    push_decimal(out, start);
    out.extend_from_slice(b",\"end\":");
    push_decimal(out, end);
    out.extend_from_slice(b",\"char_start\":");
    push_decimal(out, char_start);
    out.extend_from_slice(b",\"char_end\":");
    push_decimal(out, char_end);
}

pub(crate) fn amount(out: &mut Vec<u8>, a: &Amount) {
    out.extend_from_slice(b"{\"kind\":\"");
    out.extend_from_slice(a.kind.as_str().as_bytes());
    out.extend_from_slice(b"\",\"text\":");
    string(out, &a.text);
    out.extend_from_slice(b",\"value\":");
    opt_str(out, a.value.as_deref());
    out.extend_from_slice(b",\"min\":");
    opt_str(out, a.min.as_deref());
    out.extend_from_slice(b",\"max\":");
    opt_str(out, a.max.as_deref());
    out.extend_from_slice(b",\"currency\":");
    opt_str(out, a.currency.as_deref());
    out.extend_from_slice(b",\"currency_inferred\":");
    out.extend_from_slice(if a.currency_inferred { b"true" } else { b"false" });
    out.extend_from_slice(b",\"qualifier\":");
    opt_str(out, a.qualifier.map(|q| q.as_str()));
    offsets(out, a.start, a.end, a.char_start, a.char_end);
    out.push(b'}');
}

pub(crate) fn quote(out: &mut Vec<u8>, q: &Quote) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &q.text);
    out.extend_from_slice(b",\"kind\":\"");
    out.extend_from_slice(q.kind.as_str().as_bytes());
    out.extend_from_slice(b"\",\"speaker\":");
    opt_str(out, q.speaker.as_deref());
    out.extend_from_slice(b",\"speaker_entity\":");
    opt_str(out, q.speaker_entity.as_deref());
    out.extend_from_slice(b",\"speaker_mention\":");
    opt_span(out, q.speaker_mention.as_ref());
    out.extend_from_slice(b",\"cue\":");
    opt_span(out, q.cue.as_ref());
    offsets(out, q.start, q.end, q.char_start, q.char_end);
    out.push(b'}');
}

fn opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    opt(out, s, string);
}

fn opt_span(out: &mut Vec<u8>, s: Option<&Span>) {
    opt(out, s, span);
}

/// The value, or `null`.
fn opt<T: ?Sized>(out: &mut Vec<u8>, v: Option<&T>, write: fn(&mut Vec<u8>, &T)) {
    match v {
        Some(v) => write(out, v),
        None => out.extend_from_slice(b"null"),
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes of `w` is below 0x20, `"` or `\`.
#[inline]
fn needs_escape(w: u64) -> bool {
    let zero = |v: u64| v.wrapping_sub(LO) & !v & HI;
    let control = w.wrapping_sub(LO * 0x20) & !w & HI;
    (control | zero(w ^ (LO * b'"' as u64)) | zero(w ^ (LO * b'\\' as u64))) != 0
}

/// Appends `s` as a JSON string, escaped as serde_json escapes: `"`, `\`,
/// the short forms `\b \t \n \f \r`, and `\u00xx` for other control bytes.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        if i + 8 <= bytes.len() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[i..i + 8]);
            if !needs_escape(u64::from_le_bytes(w)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0x00..=0x1F => "",
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[done..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 15) as usize]);
        } else {
            out.extend_from_slice(esc.as_bytes());
        }
        i += 1;
        done = i;
    }
    out.extend_from_slice(&bytes[done..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{AmountKind, EntityType, Qualifier, QuoteKind};
    use crate::Language;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Flat<'a> {
        #[serde(flatten)]
        doc: &'a Document,
        #[serde(flatten)]
        meta: &'a Map<String, Value>,
    }

    fn ours(doc: &Document, meta: &Map<String, Value>) -> String {
        String::from_utf8(document(doc, meta, 0)).unwrap()
    }

    fn sp(text: &str, start: usize) -> Span {
        Span { text: text.into(), start, end: start + text.len(), char_start: start, char_end: start + 3 }
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut cases: Vec<String> = vec![
            String::new(),
            "plain".into(),
            "a\"b\\c".into(),
            "tab\there\nnew\r\u{8}\u{c}\u{0}\u{1f}\u{7f}".into(),
            "‘Wij’ zegt «Macron» — 😀 ok and a longer tail of text".into(),
        ];
        // Every byte below 0x80 at every position of a 17-byte window.
        for b in 0u8..0x80 {
            for pos in 0..17 {
                let mut s = String::from("abcdefghijklmnopq");
                s.replace_range(pos..pos + 1, &(b as char).to_string());
                cases.push(s);
            }
        }
        for s in cases {
            let mut out = Vec::new();
            string(&mut out, &s);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_print_as_serde_json_does() {
        let edges = [12345, 99999, 100000, 1000000, 123456789, usize::MAX - 1, usize::MAX];
        for n in (0usize..=20_000).chain(edges) {
            let mut out = b"x".to_vec();
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
    }

    #[test]
    fn documents_match_serde_json_byte_for_byte() {
        let empty = Document::default();
        let mut full =
            Document { id: Some("doc \"1\"".into()), lang: Some(Language::Dutch), ..Document::default() };
        full.entities.push(Entity {
            id: "e0".into(),
            name: "Ursula von der Leyen".into(),
            kind: EntityType::Person,
            wikidata: Some("Q60772".into()),
            roles: vec!["Commissievoorzitter".into(), "voorzitter".into()],
            mentions: vec![sp("Von der Leyen", 4), sp("Ursula", 40)],
        });
        full.entities.push(Entity {
            id: "e1".into(),
            name: "InvestAI".into(),
            kind: EntityType::Misc,
            wikidata: None,
            roles: vec![],
            mentions: vec![],
        });
        for (kind, qualifier) in [
            (AmountKind::Money, Some(Qualifier::Approximately)),
            (AmountKind::Percent, None),
            (AmountKind::Number, Some(Qualifier::UpTo)),
        ] {
            full.amounts.push(Amount {
                kind,
                text: "ruim 200 miljard euro".into(),
                value: Some("200000000000".into()),
                min: None,
                max: Some("3.5".into()),
                currency: Some("EUR".into()),
                currency_inferred: qualifier.is_none(),
                qualifier,
                start: 10,
                end: 31,
                char_start: 9,
                char_end: 30,
            });
        }
        for kind in [QuoteKind::Direct, QuoteKind::Partial, QuoteKind::Indirect] {
            full.quotes.push(Quote {
                text: "We \"moeten\" investeren\n".into(),
                kind,
                speaker: (kind != QuoteKind::Indirect).then(|| "Ursula von der Leyen".into()),
                speaker_entity: Some("e0".into()),
                speaker_mention: (kind == QuoteKind::Direct).then(|| sp("Von der Leyen", 4)),
                cue: Some(sp("zegt", 60)),
                start: 50,
                end: 70,
                char_start: 48,
                char_end: 68,
            });
        }
        let mut meta = Map::new();
        meta.insert("title".into(), Value::from("Kop \"met\" aanhalingstekens"));
        meta.insert("n".into(), Value::from(3.25));
        meta.insert("tags".into(), serde_json::json!(["a", {"b": null}]));
        for doc in [&empty, &full] {
            for m in [&Map::new(), &meta] {
                assert_eq!(ours(doc, m), serde_json::to_string(&Flat { doc, meta: m }).unwrap());
            }
        }
        assert_eq!(ours(&full, &Map::new()), serde_json::to_string(&full).unwrap());
    }
}
