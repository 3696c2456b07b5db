//! Throughput of each pipeline stage on the bundled sample articles (all 24
//! languages together): segmentation, language identification, each
//! extraction stage alone, and the whole pipeline (language identified, as in
//! `newsx batch`, or given).
//!
//!     cargo bench --bench stages

mod common;

use common::articles;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsx::Extractor;

fn stages(c: &mut Criterion) {
    let articles = articles();
    let bytes: u64 = articles.iter().map(|(_, t)| t.len() as u64).sum();
    if bytes == 0 {
        eprintln!("no sample articles in examples/articles: nothing to measure");
        return;
    }
    let ex = Extractor::new();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("segmentation", |b| {
        b.iter(|| articles.iter().map(|(l, t)| newsx::segment_counts(t, Some(*l)).2).sum::<usize>())
    });
    group.bench_function("language_identification", |b| {
        b.iter(|| articles.iter().filter(|(_, t)| ex.detect_language(t).is_some()).count())
    });
    // Each extraction stage alone (language given, so identification is not counted).
    let only = |entities, amounts, quotes| {
        Extractor::builder()
            .entities(entities)
            .amounts(amounts)
            .quotes(quotes)
            .build()
            .expect("built-in data")
    };
    for (name, stage) in [
        ("entities_only", only(true, false, false)),
        ("money_only", only(false, true, false)),
        ("quotes_only", only(false, false, true)),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| articles.iter().map(|(l, t)| stage.extract(t, Some(*l)).amounts.len()).sum::<usize>())
        });
    }
    group.bench_function("whole_pipeline", |b| {
        b.iter(|| articles.iter().map(|(_, t)| ex.extract(t, None).entities.len()).sum::<usize>())
    });
    group.bench_function("whole_pipeline_lang_given", |b| {
        b.iter(|| articles.iter().map(|(l, t)| ex.extract(t, Some(*l)).entities.len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
