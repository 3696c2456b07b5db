//! Language identification on short original paragraphs in `tests/langid/<code>.txt`
//! (one paragraph per line) and on the sample articles. Run with `--nocapture`
//! to see the accuracy table.

use newsx::{Extractor, Language};

#[test]
fn identifies_paragraphs_and_articles() {
    let ex = Extractor::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let (mut total, mut right) = (0usize, 0usize);
    let mut wrong = Vec::new();
    for lang in Language::ALL {
        let mut samples: Vec<String> = Vec::new();
        if let Ok(s) = std::fs::read_to_string(format!("{root}/tests/langid/{}.txt", lang.code())) {
            samples.extend(s.lines().filter(|l| !l.trim().is_empty()).map(str::to_string));
        }
        if let Ok(s) = std::fs::read_to_string(format!("{root}/examples/articles/{}.txt", lang.code())) {
            samples.push(s);
        }
        let mut ok = 0;
        for s in &samples {
            let got = ex.detect_language(s);
            if got == Some(lang) {
                ok += 1;
            } else {
                wrong.push(format!("{lang}: got {got:?} for {:.60}", s));
            }
        }
        println!("{}  {ok}/{}", lang.code(), samples.len());
        total += samples.len();
        right += ok;
    }
    println!("language identification: {right}/{total} correct");
    assert!(wrong.is_empty(), "misidentified:\n{}", wrong.join("\n"));
}
