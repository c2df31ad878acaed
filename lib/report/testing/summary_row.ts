/**
 * A summary row for tests of the analysis and the prose: a blocking
 * 1-thread batch of 100 at cost 9, with `overrides` on top. Not used by the
 * report itself.
 * @module
 */
import type { SummaryRow } from "../../harness/point_summary.ts";

/** A plausible row; each test changes only what it is about. */
export function summaryRow(overrides: Partial<SummaryRow> = {}): SummaryRow {
  return {
    point_id: "blocking-t1-c100",
    kind: "batch",
    variant: "blocking-t1",
    variant_label: "blocking, 1 thread",
    strategy: "blocking",
    threads: 1,
    pool_size: 1,
    cost: 9,
    concurrency: 100,
    rate_rps: null,
    endpoint: "register",
    requests: 100,
    ok: 100,
    failed: 0,
    timeouts: 0,
    resets: 0,
    refused: 0,
    network_errors: 0,
    http_errors: 0,
    not_sent: 0,
    throughput_rps: 25,
    duration_s: 4,
    min_ms: 40,
    mean_ms: 2000,
    p50_ms: 2000,
    p90_ms: 3600,
    p95_ms: 3800,
    p99_ms: 3960,
    max_ms: 4000,
    server_mean_ms: 40,
    server_p50_ms: 40,
    server_p99_ms: 41,
    hash_mean_ms: 39,
    cpu_peak_pct: 100,
    cpu_mean_pct: 95,
    rss_peak_mb: 90,
    machine_cpu_peak_pct: 150,
    harness_cpu_peak_pct: 30,
    loop_delay_p50_ms: 1,
    loop_delay_p99_ms: 3900,
    loop_delay_max_ms: 3900,
    usable_cores: 1,
    physical_limit_rps: 25,
    hash_single_ms: 40,
    ...overrides,
  };
}
