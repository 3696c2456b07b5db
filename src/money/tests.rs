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
            let kind = match a.kind {
                AmountKind::Money => "money",
                AmountKind::Percent => "percent",
                AmountKind::Number => "number",
            };
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
