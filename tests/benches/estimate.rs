//! Estimates per second for a typical query (E1: 武汉 retiree treated in 深圳, long-term filing), parsing included,
//! and for the rules alone on an already-parsed query.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use yidi::{estimate, parse_query, Policies};

const E1: &str = r#"{"insured":{"region":"420100","scheme":"employee","status":"retired"},"visit":{"region":"440300","kind":"inpatient","hospital_level":"tertiary","admission":"2025-03-01","discharge":"2025-03-15"},"filing":{"category":"long_term","start":"2024-06-01","area":"440300"},"bill":{"total":"30000","out_of_catalogue":"10000"}}"#;

fn bench(c: &mut Criterion) {
    let p = Policies::default_policies().expect("default policies load");
    let q = parse_query(E1).expect("E1 parses");
    let mut g = c.benchmark_group("estimate");
    g.throughput(Throughput::Elements(1));
    g.bench_function("rules_only", |b| {
        b.iter(|| estimate(black_box(&p), black_box(&q)))
    });
    g.bench_function("parse_and_rules", |b| {
        b.iter(|| estimate(&p, &parse_query(black_box(E1)).expect("parses")))
    });
    g.finish();
    c.bench_function("load_default_policies", |b| {
        b.iter(Policies::default_policies)
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
