//! Throughput of the whole pipeline, per language, on the bundled sample articles.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsx::{Extractor, Language};

fn articles() -> Vec<(Language, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/articles");
    Language::ALL
        .iter()
        .filter_map(|&l| std::fs::read_to_string(format!("{dir}/{}.txt", l.code())).ok().map(|t| (l, t)))
        .collect()
}

fn extract(c: &mut Criterion) {
    let ex = Extractor::new();
    let mut group = c.benchmark_group("extract");
    for (lang, text) in articles() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(lang.code()), &text, |b, t| {
            b.iter(|| ex.extract(t, Some(lang)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("detect_language");
    for (lang, text) in articles().into_iter().take(4) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(lang.code()), &text, |b, t| {
            b.iter(|| ex.detect_language(t))
        });
    }
    group.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
