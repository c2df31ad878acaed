import assert from "node:assert/strict";
import type { SummaryRow } from "../harness/point_summary.ts";
import { asyncAnswer } from "./narrative_analysis.ts";
import { failuresSection } from "./narrative_load.ts";

function row(overrides: Partial<SummaryRow>): SummaryRow {
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

Deno.test("failuresSection() lists every point with failures and their kinds", () => {
  const text = failuresSection([
    row({}),
    row({
      point_id: "async-t1-c1000",
      requests: 1000,
      ok: 990,
      failed: 10,
      timeouts: 7,
      resets: 3,
    }),
  ]);
  assert.match(text, /10 of 1,100 requests failed/);
  assert.match(
    text,
    /\| async-t1-c1000 \| register \| 1000 \| 10 \| 7 \| 3 \|/,
  );
  assert.doesNotMatch(text, /blocking-t1-c100/);
});

Deno.test("failuresSection() says so when nothing failed", () => {
  assert.match(
    failuresSection([row({})]),
    /No request failed in this run: all 100 requests/,
  );
});

Deno.test("asyncAnswer() sets the async finish times beside the blocking ones", () => {
  const text = asyncAnswer([
    row({}),
    row({
      variant: "async-t1",
      variant_label: "async, 1 thread",
      strategy: "async",
      p50_ms: 3900,
      max_ms: 4000,
    }),
  ]);
  // 3.9 s of 4 s against 2 s of 4 s: the async batch finishes together.
  assert.match(
    text,
    /p50 3\.9 s and max 4 s \(p50 ÷ max = 98 %\), against 2 s and 4 s \(50 %\)/,
  );
});

Deno.test("asyncAnswer() says when there is nothing to compare", () => {
  assert.match(asyncAnswer([row({})]), /no async variant/);
});
