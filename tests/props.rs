//! Property tests: extraction never panics, and every span's offsets agree
//! with its text, whatever the input.

use newsx::{Document, Extractor, Language, Span};
use proptest::prelude::*;
use std::sync::LazyLock;

static EX: LazyLock<Extractor> = LazyLock::new(Extractor::new);

/// Checks one span: byte offsets on char boundaries, the slice equals `text`
/// (unless `text` is free-form), and char offsets count the same characters.
fn check_span(input: &str, start: usize, end: usize, cs: usize, ce: usize, text: Option<&str>) {
    assert!(start <= end && end <= input.len(), "bad byte span {start}..{end}");
    assert!(input.is_char_boundary(start) && input.is_char_boundary(end), "span not on char boundaries");
    let slice = &input[start..end];
    if let Some(t) = text {
        assert_eq!(slice, t, "text differs from the slice");
    }
    assert_eq!(input[..start].chars().count(), cs, "char_start disagrees");
    assert_eq!(input[..end].chars().count(), ce, "char_end disagrees");
}

fn check_doc(input: &str, doc: &Document) {
    let span = |s: &Span| check_span(input, s.start, s.end, s.char_start, s.char_end, Some(&s.text));
    for e in &doc.entities {
        assert!(!e.mentions.is_empty(), "entity {} without mentions", e.name);
        e.mentions.iter().for_each(span);
    }
    for a in &doc.amounts {
        check_span(input, a.start, a.end, a.char_start, a.char_end, Some(&a.text));
        for v in [&a.value, &a.min, &a.max].into_iter().flatten() {
            assert!(
                !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-'),
                "value {v:?} is not a plain decimal"
            );
        }
    }
    for q in &doc.quotes {
        check_span(input, q.start, q.end, q.char_start, q.char_end, Some(&q.text));
        q.cue.iter().chain(&q.speaker_mention).for_each(span);
        if let Some(id) = &q.speaker_entity {
            assert!(doc.entities.iter().any(|e| &e.id == id), "speaker_entity {id} not among the entities");
        }
    }
}

/// Text made of news-like pieces, so that the extractors actually fire.
fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "‘",
        "’",
        "“",
        "”",
        "„",
        "«",
        "»",
        "\u{a0}",
        "\u{202f}",
        "\"",
        "'",
        " ",
        "\n",
        "\n\n",
        ". ",
        ", ",
        "zegt",
        "aldus",
        "sagte",
        "said",
        "a déclaré",
        "200",
        "1.234,5",
        "1,234.5",
        "€",
        "$",
        "EUR",
        "miljard",
        "Mrd.",
        "bn",
        "euro",
        "procent",
        "%",
        "Ursula von der Leyen",
        "Von der Leyen",
        "J.D. Vance",
        "De",
        "Europese Commissie",
        "Parijs",
        "😀",
        "é",
        "e\u{301}",
        "Ω",
        "ж",
        "\u{0}",
        "tussen",
        "en",
        "ruim",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC*", lang in prop::option::of(0usize..24)) {
        let lang = lang.map(|i| Language::ALL[i]);
        let doc = EX.extract(&text, lang);
        check_doc(&text, &doc);
    }

    #[test]
    fn newsy_text_has_consistent_spans(text in newsy(), lang in prop::option::of(0usize..24)) {
        let lang = lang.map(|i| Language::ALL[i]);
        let doc = EX.extract(&text, lang);
        check_doc(&text, &doc);
    }
}

#[test]
fn sample_articles_have_consistent_spans() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/articles");
    for lang in Language::ALL {
        if let Ok(text) = std::fs::read_to_string(format!("{dir}/{}.txt", lang.code())) {
            check_doc(&text, &EX.extract(&text, Some(lang)));
            check_doc(&text, &EX.extract(&text, None));
        }
    }
}

#[test]
fn odd_inputs() {
    for text in
        ["", " ", "\n\n\n", "\u{feff}", "‘", "’’’", "„“", "«»", "€", "1.", "1,", ".,", "\u{0}\u{1}\u{2}"]
    {
        check_doc(text, &EX.extract(text, None));
        check_doc(text, &EX.extract(text, Some(Language::Dutch)));
    }
    let long = "‘Zo’n 5 miljard euro’, zegt hij. ".repeat(20_000);
    check_doc(&long, &EX.extract(&long, Some(Language::Dutch)));
}
