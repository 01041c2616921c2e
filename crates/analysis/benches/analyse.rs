//! How `rapport analyse` scales: exact analysis of synthetic scenarios of 1k, 10k and 100k
//! nodes (three dials, two flags, a time limit; see `rapport_core::synthetic`).
//!
//! Run with `cargo bench --no-default-features --bench analyse`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rapport_analysis::analyse;
use rapport_core::framework::Framework;
use rapport_core::synthetic::synthetic;

fn analyse_synthetic(c: &mut Criterion) {
    let framework = Framework::builtin();
    let mut group = c.benchmark_group("analyse");
    group.sample_size(10);
    for nodes in [1_000usize, 10_000, 100_000] {
        let scenario = synthetic(nodes, 42);
        let report = analyse(&scenario, &framework);
        eprintln!(
            "synthetic {nodes} nodes: {} states, {} transitions, complete: {}",
            report.states, report.transitions, report.complete
        );
        group.bench_with_input(BenchmarkId::from_parameter(nodes), &scenario, |b, s| {
            b.iter(|| analyse(black_box(s), &framework));
        });
    }
    group.finish();
}

criterion_group!(benches, analyse_synthetic);
criterion_main!(benches);
