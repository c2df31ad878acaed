import assert from "node:assert/strict";
import type { SummaryRow } from "../harness/point_summary.ts";
import { summaryRow } from "./testing/summary_row.ts";
import {
  diagnose,
  failedRows,
  growthByVariant,
  queueModel,
  serviceTimeMs,
} from "./analysis.ts";

/** The analysis tests' base row: a batch of 10 with S = 40 ms. */
function row(overrides: Partial<SummaryRow>): SummaryRow {
  return summaryRow({
    point_id: "p",
    concurrency: 10,
    requests: 10,
    ok: 10,
    duration_s: 0.4,
    mean_ms: 220,
    p50_ms: 200,
    p90_ms: 360,
    p95_ms: 380,
    p99_ms: 400,
    max_ms: 400,
    cpu_mean_pct: 90,
    rss_peak_mb: 80,
    machine_cpu_peak_pct: 120,
    harness_cpu_peak_pct: 20,
    loop_delay_p50_ms: 0.5,
    loop_delay_p99_ms: 40,
    loop_delay_max_ms: 40,
    ...overrides,
  });
}

Deno.test("queueModel() gives (c+1)/2·S mean and c·S max for one loop", () => {
  const rows = [row({ concurrency: 10, mean_ms: 220, max_ms: 400 })];
  const [point] = queueModel(rows, "blocking-t1", 40);
  assert.equal(point.modelMeanMs, 220); // (10 + 1) / 2 · 40
  assert.equal(point.modelMaxMs, 400); // 10 · 40
  assert.equal(point.meanRatio, 1);
  assert.equal(point.maxRatio, 1);
});

Deno.test("queueModel() serves several at once when there are several servers", () => {
  const rows = [row({ concurrency: 4, mean_ms: 60, max_ms: 80 })];
  const [point] = queueModel(rows, "blocking-t1", 40, 2);
  // Two finish at 40 ms and two at 80 ms.
  assert.equal(point.modelMeanMs, 60);
  assert.equal(point.modelMaxMs, 80);
});

Deno.test("serviceTimeMs() prefers the sequential server time over the hash time", () => {
  const batch = row({});
  assert.equal(serviceTimeMs([batch], "blocking-t1"), 40);
  const sequential = row({
    kind: "sequential",
    concurrency: 1,
    server_mean_ms: 42.5,
  });
  assert.equal(serviceTimeMs([batch, sequential], "blocking-t1"), 42.5);
});

Deno.test("growthByVariant() reports factor and least-squares slope", () => {
  const rows = [
    row({ concurrency: 10, mean_ms: 200 }),
    row({ concurrency: 100, mean_ms: 2000 }),
    row({ concurrency: 1000, mean_ms: 20000 }),
  ];
  const [growth] = growthByVariant(rows, "register", "mean_ms");
  assert.equal(growth.factor, 100);
  assert.ok(Math.abs(growth.slopePerRequest - 20) < 1e-9);
  assert.equal(growth.fromConcurrency, 10);
  assert.equal(growth.toConcurrency, 1000);
});

Deno.test("diagnose() calls a loop blocked at p50 ≥ 10 ms or max ≥ 100 ms", () => {
  const rows = [
    row({ concurrency: 1000, loop_delay_p50_ms: 0.4, loop_delay_max_ms: 150 }),
    row({
      variant: "worker-p2-t1",
      concurrency: 1000,
      loop_delay_p50_ms: 0.4,
      loop_delay_max_ms: 20,
    }),
    row({
      variant: "async-t1",
      concurrency: 1000,
      loop_delay_p50_ms: 12,
      loop_delay_max_ms: 20,
    }),
  ];
  const verdicts = Object.fromEntries(
    diagnose(rows).map((d) => [d.variant, d.loopBlocked]),
  );
  assert.deepEqual(verdicts, {
    "blocking-t1": true,
    "worker-p2-t1": false,
    "async-t1": true,
  });
});

Deno.test("diagnose() uses the highest level and adds the health probe's failures", () => {
  const rows = [
    row({ concurrency: 10 }),
    row({ concurrency: 1000, throughput_rps: 20, failed: 2 }),
    row({ concurrency: 1000, endpoint: "health", p99_ms: 9000, failed: 3 }),
  ];
  const [diagnosis] = diagnose(rows);
  assert.equal(diagnosis.concurrency, 1000);
  assert.equal(diagnosis.healthP99Ms, 9000);
  assert.equal(diagnosis.failed, 5);
  assert.equal(diagnosis.efficiency, 0.8);
});

Deno.test("failedRows() lists only rows with failures", () => {
  const rows = [row({}), row({ point_id: "bad", failed: 1 })];
  assert.deepEqual(failedRows(rows).map((r) => r.point_id), ["bad"]);
});
