//! Throughput of the quote stage alone (entities and amounts switched off):
//! on the bundled sample articles, on quote-dense news text, and on text
//! without a single quotation mark (the common case in archives); and on one
//! quote-dense document of about 2 MB, which only a linear stage reads in time.

mod common;

use common::articles;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
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

fn quote(c: &mut Criterion) {
    let ex = Extractor::builder().entities(false).amounts(false).quotes(true).build().expect("built-in data");
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
criterion_main!(benches);
