import assert from "node:assert/strict";
import { latencyStats, summarise } from "./latency_summary.ts";

Deno.test("latencyStats() matches hand-worked values", () => {
  const stats = latencyStats([4, 1, 3, 2, 10]);
  assert.deepEqual(stats, {
    min: 1,
    mean: 4,
    p50: 3, // rank ceil(2.5) = 3 of [1, 2, 3, 4, 10]
    p90: 10, // rank ceil(4.5) = 5
    p95: 10,
    p99: 10,
    max: 10,
  });
});

Deno.test("latencyStats() reports 0, not a sentinel, for no samples", () => {
  assert.deepEqual(latencyStats([]), {
    min: 0,
    mean: 0,
    p50: 0,
    p90: 0,
    p95: 0,
    p99: 0,
    max: 0,
  });
});

Deno.test("summarise() counts failures and keeps them out of latency", () => {
  const summary = summarise([
    { startMs: 0, endMs: 100, ok: true },
    { startMs: 0, endMs: 300, ok: true },
    { startMs: 0, endMs: 2000, ok: false }, // a timeout
  ]);
  assert.equal(summary.requests, 3);
  assert.equal(summary.failed, 1);
  assert.equal(summary.max, 300);
  assert.equal(summary.mean, 200);
  // 2 successes over the 2 s span from first start to last end.
  assert.equal(summary.durationS, 2);
  assert.equal(summary.throughput, 1);
});

Deno.test("summarise() of nothing is all zeros", () => {
  const summary = summarise([]);
  assert.equal(summary.requests, 0);
  assert.equal(summary.throughput, 0);
  assert.equal(summary.durationS, 0);
  assert.equal(summary.p99, 0);
});
