//! Throughput of the money stage alone, per language, on the bundled sample
//! articles (`examples/articles/<code>.txt`): ordinary news text with a few
//! amounts. Segmentation is lazy, so text without candidates never pays for it.

mod common;

use common::articles;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsx::{Extractor, Language};

fn money(c: &mut Criterion) {
    let ex = Extractor::builder()
        .entities(false)
        .quotes(false)
        .detect_language(false)
        .build()
        .expect("built-in data");
    let mut group = c.benchmark_group("money");
    for (lang, text) in articles() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(lang.code()), &text, |b, t| {
            b.iter(|| ex.extract(t, Some(lang)))
        });
    }
    // Text without a digit, a currency sign or a number word: the prefilter's case.
    let plain = "De Commissie en de lidstaten praten verder over de regels voor kunstmatige intelligentie. "
        .repeat(200);
    group.throughput(Throughput::Bytes(plain.len() as u64));
    group.bench_with_input(BenchmarkId::from_parameter("nl-no-numbers"), &plain, |b, t| {
        b.iter(|| ex.extract(t, Some(Language::Dutch)))
    });
    group.finish();
}

criterion_group!(benches, money);
criterion_main!(benches);
