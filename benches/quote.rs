//! Throughput of the quote stage alone (entities and amounts switched off):
//! on the bundled sample articles, on quote-dense news text, and on text
//! without a single quotation mark (the common case in archives); and on one
//! quote-dense document of about 2 MB, which only a linear stage reads in time.
//!
//!     cargo bench --bench quote -- --warm-up-time 1 --measurement-time 3
//!
//! With `NEWSX_FIXED_RUNS=N` set, the bench binary instead runs the quote
//! stage N times over every sample article (and the dense and plain texts)
//! and exits: fixed work, for counting instructions with callgrind on a busy
//! machine, where times are noise.

mod common;

use common::articles;
use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use newsx::{Extractor, Language};

/// Dutch news paragraphs full of quotes, cues, roles and pronouns.
const DENSE_NL: &str = "‘We gaan door met het plan’, zegt minister Jan de Vries. Hij kwam dinsdag naar Brussel. \
‘Het kost veel geld, maar het is nodig. De auto’s moeten ’s avonds de stad uit’, aldus De Vries in een persbericht.\n\n\
Burgemeester Els Peeters zei: ‘De brug gaat in maart open.’ Volgens de burgemeester is het project ‘een grote stap vooruit’. \
De Europese Commissie wil meer geld vrijmaken. ‘Dat is goed nieuws’, aldus de Commissie nog.\n\n\
Premier Karel Dams waarschuwde de partners om niet te snel te gaan met nieuwe regels. Het initiatief ‘AI Champions’ krijgt steun.\n\n";

/// German news without quotation marks.
const PLAIN_DE: &str =
    "Die Bundesregierung will im kommenden Jahr mehr Geld für Schulen und Straßen ausgeben. \
Der Haushaltsausschuss berät am Donnerstag über den Entwurf, danach stimmt der Bundestag ab. \
Die Opposition kritisiert die Pläne als unzureichend und fordert zusätzliche Mittel für die Kommunen.\n\n";

/// An extractor that runs the quote stage and nothing else.
fn quotes_only() -> Extractor {
    Extractor::builder().entities(false).amounts(false).quotes(true).build().expect("built-in data")
}

fn quote(c: &mut Criterion) {
    let ex = quotes_only();
    let mut group = c.benchmark_group("quote");
    for (lang, text) in articles() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("article", lang.code()), &text, |b, t| {
            b.iter(|| ex.extract(t, Some(lang)))
        });
    }
    let dense = DENSE_NL.repeat(40);
    group.throughput(Throughput::Bytes(dense.len() as u64));
    group.bench_function("dense_nl", |b| b.iter(|| ex.extract(&dense, Some(Language::Dutch))));
    // One long document (about 2 MB): the stage must stay linear in its length.
    let long = DENSE_NL.repeat(2_000_000 / DENSE_NL.len() + 1);
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.sample_size(10);
    group.bench_function("long_nl_2mb", |b| b.iter(|| ex.extract(&long, Some(Language::Dutch))));
    group.sample_size(100);
    let plain = PLAIN_DE.repeat(40);
    group.throughput(Throughput::Bytes(plain.len() as u64));
    group.bench_function("no_quotes_de", |b| b.iter(|| ex.extract(&plain, Some(Language::German))));
    group.finish();
}

criterion_group!(benches, quote);

fn main() {
    if let Some(runs) = std::env::var("NEWSX_FIXED_RUNS").ok().and_then(|n| n.parse::<usize>().ok()) {
        let ex = quotes_only();
        let mut texts = articles();
        texts.push((Language::Dutch, DENSE_NL.repeat(40)));
        texts.push((Language::German, PLAIN_DE.repeat(40)));
        let only = std::env::var("NEWSX_FIXED_SET").ok();
        let texts: Vec<_> = match only.as_deref() {
            Some("articles") => texts[..texts.len() - 2].to_vec(),
            Some("dense") => texts[texts.len() - 2..texts.len() - 1].to_vec(),
            Some("plain") => texts[texts.len() - 1..].to_vec(),
            _ => texts,
        };
        let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
        let mut found = 0;
        for _ in 0..runs {
            for (l, t) in &texts {
                found += ex.extract(t, Some(*l)).quotes.len();
            }
        }
        println!("{runs} runs over {bytes} bytes, {found} quotes");
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
