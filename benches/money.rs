//! Throughput of the money stage alone:
//! - per language, on the bundled sample articles
//!   (`examples/articles/<code>.txt`): summit coverage, dense with amounts
//!   (about one number every 150 bytes);
//! - `few-numbers`: the paragraphs of all sample articles that hold at most
//!   one number (about one every 400 bytes), each with its language: ordinary
//!   news text, where most sentences have no amount;
//! - `nl-no-numbers`: text without a digit or number word, the prefilter's case.
//!
//! Segmentation is lazy, so text without candidates never pays for it.

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
    let articles = articles();
    let few: Vec<(Language, String)> = articles
        .iter()
        .map(|(lang, text)| {
            let numbers = |p: &str| p.split(|c: char| !c.is_ascii_digit()).filter(|d| !d.is_empty()).count();
            let kept: Vec<&str> = text.lines().filter(|p| !p.trim().is_empty() && numbers(p) <= 1).collect();
            (*lang, kept.join("\n"))
        })
        .collect();
    group.throughput(Throughput::Bytes(few.iter().map(|(_, t)| t.len() as u64).sum()));
    group.bench_function("few-numbers", |b| {
        b.iter(|| few.iter().map(|(l, t)| ex.extract(t, Some(*l)).amounts.len()).sum::<usize>())
    });
    for (lang, text) in articles {
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
