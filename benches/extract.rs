//! Throughput of the whole pipeline, per language, on the bundled sample articles.

mod common;

use common::articles;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsx::Extractor;

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
