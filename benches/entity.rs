//! The entity stage alone: throughput on the bundled sample articles
//! (repeated to about 64 KiB each), all together and per language, and the
//! time to build the stage (decode the knowledge base's embedded tables).
//!
//!     cargo bench --bench entity -- --warm-up-time 1 --measurement-time 3
//!
//! With `NEWSX_FIXED_RUNS=N` set, the bench binary instead runs the entity
//! stage N times over every article and exits: fixed work, for counting
//! instructions (`perf stat -e instructions`) on a busy machine, where times
//! are noise.

mod common;

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use newsx::{Extractor, Language};

/// The sample articles, each repeated to about 64 KiB.
fn articles() -> Vec<(Language, String)> {
    common::articles()
        .into_iter()
        .map(|(l, t)| {
            let mut big = String::new();
            while big.len() < 64 * 1024 {
                big.push_str(&t);
                big.push_str("\n\n");
            }
            (l, big)
        })
        .collect()
}

/// An extractor that runs the entity stage and nothing else.
fn entities_only() -> Extractor {
    Extractor::builder().amounts(false).quotes(false).detect_language(false).build().expect("built-in data")
}

fn entity_stage(c: &mut Criterion) {
    let ex = entities_only();
    let texts = articles();
    let mut group = c.benchmark_group("entity");
    let all: usize = texts.iter().map(|(_, t)| t.len()).sum();
    group.throughput(Throughput::Bytes(all as u64));
    group.bench_function("all_languages", |b| {
        b.iter(|| texts.iter().map(|(l, t)| ex.extract(t, Some(*l)).entities.len()).sum::<usize>())
    });
    for (lang, text) in &texts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(lang.code()), text, |b, t| {
            b.iter(|| ex.extract(t, Some(*lang)))
        });
    }
    group.finish();
}

fn entity_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("entity_build");
    group.sample_size(20);
    group.bench_function("knowledge_base_and_automaton", |b| b.iter(entities_only));
    group.finish();
}

criterion_group!(benches, entity_stage, entity_build);

fn main() {
    if let Some(runs) = std::env::var("NEWSX_FIXED_RUNS").ok().and_then(|n| n.parse::<usize>().ok()) {
        let ex = entities_only();
        let texts = articles();
        let lang = std::env::var("NEWSX_FIXED_LANG").ok();
        let mut found = 0;
        for _ in 0..runs {
            for (l, t) in texts.iter().filter(|(l, _)| lang.as_deref().map_or(true, |c| c == l.code())) {
                found += ex.extract(t, Some(*l)).entities.len();
            }
        }
        println!("{runs} runs, {found} entities");
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
