//! What the benchmarks share: the bundled sample articles.

use newsx::Language;

/// The sample article of every language that has one (`examples/articles/<code>.txt`).
pub fn articles() -> Vec<(Language, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/articles");
    Language::ALL
        .iter()
        .filter_map(|&l| std::fs::read_to_string(format!("{dir}/{}.txt", l.code())).ok().map(|t| (l, t)))
        .collect()
}
