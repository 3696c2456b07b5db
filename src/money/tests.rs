//! Unit tests of the money extractor.

use super::*;
use crate::extract::Context;
use crate::Language;

fn run(text: &str, lang: Language) -> Vec<Amount> {
    let ctx = Context::new(text, Some(lang));
    MoneyExtractor::new().extract(&ctx)
}

fn brief(text: &str, lang: Language) -> Vec<String> {
    run(text, lang)
        .iter()
        .map(|a| {
            let kind = a.kind.as_str();
            let v = a.value.clone().unwrap_or_else(|| {
                format!("{}..{}", a.min.clone().unwrap_or_default(), a.max.clone().unwrap_or_default())
            });
            let cur =
                a.currency.clone().map(|c| format!(" {c}{}", if a.currency_inferred { "?" } else { "" }));
            let q = a.qualifier.map(|q| format!(" {q:?}")).unwrap_or_default();
            format!("{kind} [{}] {v}{}{q}", a.text, cur.unwrap_or_default())
        })
        .collect()
}

#[test]
fn data_files_parse() {
    let errors = tables::check_all();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    for l in Language::ALL {
        let _ = tables(l);
    }
}

#[test]
fn prefilters_pass_every_word_they_stand_for() {
    for l in Language::ALL {
        let t = tables(l);
        for (w, m) in &t.morphs {
            let spaced = format!("{w} x");
            let capital: String =
                w.chars().next().into_iter().flat_map(char::to_uppercase).chain(w.chars().skip(1)).collect();
            assert!(
                t.morph_filter.may_start(w.as_bytes()) && t.morph_filter.may_start(spaced.as_bytes()),
                "{l:?} {w}"
            );
            assert!(
                t.follow_filter.may_start(w.as_bytes()) && t.follow_filter.may_start(capital.as_bytes()),
                "{l:?} {w}"
            );
            if matches!(m, tables::Morph::Num(_) | tables::Morph::Article) {
                for form in [w.as_str(), &spaced, &capital, &w.to_ascii_uppercase()] {
                    assert!(t.anchor_filter.may_start(form.as_bytes()), "{l:?} {form:?}");
                }
            }
        }
    }
}

#[test]
fn seed_sentences() {
    let nl = Language::Dutch;
    assert_eq!(
        brief("De Europese Commissie wil 200 miljard euro mobiliseren. Ze zal een fonds oprichten ter waarde van 20 miljard voor gigafabrieken.", nl),
        ["money [200 miljard euro] 200000000000 EUR", "money [20 miljard] 20000000000 EUR?"]
    );
    assert_eq!(
        brief("De EU wil 50 miljard euro vrijmaken, bovenop de 150 miljard die de bedrijven beloven. Europa telt 450 miljoen inwoners.", nl),
        ["money [50 miljard euro] 50000000000 EUR", "money [150 miljard] 150000000000 EUR?", "number [450 miljoen] 450000000"]
    );
}

#[test]
fn odd_text_never_panics() {
    for text in [
        "",
        "€",
        "$",
        "1",
        "-",
        "1.",
        "1,",
        "€-",
        "1 000 000 000 000 000 000 000 000 €",
        "\u{202f}5\u{a0}€",
        "½ 5½ ５",
        "٣ ۴",
        "€5\u{0}",
        "zł5 Kč",
        "5 mld. ",
        "tweeënhalf",
    ] {
        for l in Language::ALL {
            let _ = run(text, l);
        }
        let ctx = Context::new(text, None);
        let _ = MoneyExtractor::new().extract(&ctx);
    }
}

#[test]
fn spans_slice_the_text() {
    let texts = [
        "Het kost €1.234.567,89 of ruim 2 mld. euro, tussen 100 en 200 miljoen euro.",
        "Prices: $1bn–$2bn, 12 %, 1\u{202f}000 €, 35 lakh rupees and half a billion dollars.",
        "Der Bund zahlt dreieinhalb Milliarden Euro, 100-200 Mio. € und 1'000 Franken.",
    ];
    for text in texts {
        for l in [Language::Dutch, Language::English, Language::German, Language::French] {
            for a in run(text, l) {
                assert_eq!(&text[a.start..a.end], a.text, "{l}: {text}");
                assert!(a.value.is_some() != (a.min.is_some() && a.max.is_some()));
            }
        }
    }
}

#[test]
fn long_and_short_scale() {
    assert_eq!(
        brief("Het kost 1 biljoen euro.", Language::Dutch),
        ["money [1 biljoen euro] 1000000000000 EUR"]
    );
    assert_eq!(
        brief("It costs 1 billion euros.", Language::English),
        ["money [1 billion euros] 1000000000 EUR"]
    );
    assert_eq!(
        brief("Cela coûte 1 billion d'euros.", Language::French),
        ["money [1 billion d'euros] 1000000000000 EUR"]
    );
    assert_eq!(
        brief("Das kostet 1 Billion Euro.", Language::German),
        ["money [1 Billion Euro] 1000000000000 EUR"]
    );
}

#[test]
fn unknown_language_uses_symbols_and_codes_only() {
    let ctx = Context::new("Il costo: €200 e 5 USD, più 10.000 persone.", None);
    let got: Vec<String> = MoneyExtractor::new().extract(&ctx).iter().map(|a| a.text.clone()).collect();
    assert_eq!(got, ["€200", "5 USD"]);
}

#[test]
fn huge_values_stay_exact() {
    let text = "Het kost 123.456.789.012.345.678.901 biljoen euro.";
    let a = &run(text, Language::Dutch)[0];
    assert_eq!(a.value.as_deref(), Some("123456789012345678901000000000000"));
}

proptest::proptest! {
    #[test]
    fn never_panics_and_offsets_hold(s in "\\PC{0,80}", digits in "[0-9 .,'€$-]{0,20}") {
        let text = format!("{s} {digits} miljard euro {s}");
        for l in [Language::Dutch, Language::English, Language::Greek, Language::Polish] {
            for a in run(&text, l) {
                proptest::prop_assert_eq!(&text[a.start..a.end], a.text.as_str());
            }
        }
    }
}

#[test]
fn letter_runs_are_skipped_exactly() {
    let text = b"Zeventien@miljard[euro]`abc{xyz 12 AZaz\x7f\xc3\xa9twee-honderd";
    for i in 0..text.len() {
        let mut j = i;
        while j < text.len() && text[j].is_ascii_alphabetic() {
            j += 1;
        }
        assert_eq!(crate::segment::skip_ascii_letters(text, i), j, "from {i}");
    }
}

#[test]
fn fold_small_folds_as_fold_does() {
    use crate::money::tables::{fold, fold_small};
    let long = "Ünïcödé".repeat(5);
    for w in [
        "",
        "Euro",
        "MILJARD",
        "miljárd",
        "Milliárd",
        "ΔΙΣ",
        "Млрд",
        "l’euro",
        "€",
        "İstanbul",
        "ŁÓDŹ",
        "ĳssel",
        "ß",
        "ǅ",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé",
        "ééééééééééééééé",
        "éééééééééééééééé",
        "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ",
        "12 000",
        "a\u{a0}b",
        long.as_str(),
    ] {
        assert_eq!(&*fold_small(w), fold(w), "{w:?}");
    }
}
