//! Estimates per second for a typical query (E1: 武汉 retiree treated in 深圳, long-term filing), parsing included,
//! and for the rules alone on an already-parsed query; the phases of an estimate on their own (the verdict, the
//! figures) and the options built on it.
//!
//! `YIDI_BENCH_LOOP=N` runs N rules-only estimates and nothing else, for a profiler (`perf`, `valgrind --tool=callgrind`):
//! the instructions per estimate are then the total over N, less a run with N=0 (loading the policies).
//! `YIDI_BENCH_QUERY` gives another query (JSON text), `YIDI_BENCH_CALL=options` runs `options` instead,
//! `YIDI_BENCH_LOCALE=zh-Hans|zh-Hant|en` words the answers in one language.

use criterion::{criterion_group, Criterion, Throughput};

/// As the CLI (src/main.rs): the allocator a batch runs with.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::hint::black_box;
use yidi::{estimate, parse_query, Policies};

const E1: &str = r#"{"insured":{"region":"420100","scheme":"employee","status":"retired"},"visit":{"region":"440300","kind":"inpatient","hospital_level":"tertiary","admission":"2025-03-01","discharge":"2025-03-15"},"filing":{"category":"long_term","start":"2024-06-01","area":"440300"},"bill":{"total":"30000","out_of_catalogue":"10000"}}"#;

/// A region with no figures of its own (保定, 河北), so that every stand-in region's slip is worked out (issue 11).
const STAND_IN: &str = r#"{"insured":{"region":"130600","scheme":"employee","status":"retired"},"visit":{"region":"131000","kind":"inpatient","hospital_level":"tertiary","admission":"2025-03-01","discharge":"2025-03-15"},"filing":{"category":"long_term","start":"2024-06-01","area":"131000"},"bill":{"total":"30000","out_of_catalogue":"10000"}}"#;

fn bench(c: &mut Criterion) {
    let p = Policies::default_policies().expect("default policies load");
    let q = parse_query(E1).expect("E1 parses");
    let mut g = c.benchmark_group("estimate");
    g.throughput(Throughput::Elements(1));
    g.bench_function("rules_only", |b| {
        b.iter(|| estimate(black_box(&p), black_box(&q)))
    });
    // As the page asks: the words in one language (no Traditional conversion).
    g.bench_function("rules_only_locale_zh_hans", |b| {
        b.iter(|| {
            yidi::in_locale(Some(yidi::Locale::ZhHans), || {
                estimate(black_box(&p), black_box(&q))
            })
        })
    });
    g.bench_function("parse_and_rules", |b| {
        b.iter(|| estimate(&p, &parse_query(black_box(E1)).expect("parses")))
    });
    g.bench_function("verdict", |b| {
        b.iter(|| yidi::verdict(black_box(&p), black_box(&q)))
    });
    g.bench_function("figures", |b| {
        b.iter(|| yidi::figures(black_box(&p), black_box(&q)))
    });
    let stand_in = parse_query(STAND_IN).expect("the stand-in query parses");
    g.bench_function("stand_in_range", |b| {
        b.iter(|| estimate(black_box(&p), black_box(&stand_in)))
    });
    g.bench_function("options", |b| {
        b.iter(|| yidi::options::options(black_box(&p), black_box(&q)))
    });
    g.finish();
    c.bench_function("load_default_policies", |b| {
        b.iter(Policies::default_policies)
    });
}

criterion_group!(benches, bench);

fn main() {
    if let Some(n) = std::env::var("YIDI_BENCH_LOOP")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        let p = Policies::default_policies().expect("default policies load");
        let text = std::env::var("YIDI_BENCH_QUERY").unwrap_or_else(|_| E1.to_string());
        let q = parse_query(&text).expect("the query parses");
        let options = std::env::var("YIDI_BENCH_CALL").is_ok_and(|c| c == "options");
        let locale = match std::env::var("YIDI_BENCH_LOCALE").as_deref() {
            Ok("zh-Hans") => Some(yidi::Locale::ZhHans),
            Ok("zh-Hant") => Some(yidi::Locale::ZhHant),
            Ok("en") => Some(yidi::Locale::En),
            _ => None,
        };
        yidi::in_locale(locale, || {
            for _ in 0..n {
                if options {
                    black_box(yidi::options::options(black_box(&p), black_box(&q)).is_ok());
                } else {
                    black_box(estimate(black_box(&p), black_box(&q)).is_ok());
                }
            }
        });
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
