import assert from "node:assert/strict";
import {
  latencyPoints,
  latencyVsConcurrency,
} from "./latency_vs_concurrency.ts";
import { channelValues, legendLabels, marksOfKind } from "./mark_queries.ts";
import { syntheticRun } from "./synthetic_run.ts";

const rows = syntheticRun().rows;

Deno.test("latencyPoints keeps the register batches, one point per percentile", () => {
  const points = latencyPoints(rows, "register", ["p50", "p99"]);
  // 4 variants × 2 levels, less the unfinished point, × 2 percentiles.
  assert.equal(points.length, 7 * 2);
  assert.ok(
    points.every((point) =>
      point.concurrency === 10 || point.concurrency === 100
    ),
  );
  const blocking = points.find((p) =>
    p.variant === "blocking, 1 thread" && p.concurrency === 10 &&
    p.percentile === "p99"
  );
  assert.equal(blocking?.latencyMs, 22);
});

Deno.test("latencyPoints drops values a log scale cannot show", () => {
  const zeroed = rows.map((row) => ({ ...row, p95_ms: 0 }));
  assert.equal(latencyPoints(zeroed, "register", ["p95"]).length, 0);
});

Deno.test("latencyVsConcurrency draws log-log lines per variant, a panel per percentile", () => {
  const options = latencyVsConcurrency(rows);
  assert.equal(options.x?.type, "log");
  assert.equal(options.y?.type, "log");
  assert.match(String(options.x?.label), /concurrent requests/);
  assert.match(String(options.y?.label), /register latency, ms/);
  assert.deepEqual(options.fx?.domain, ["p50", "p95", "p99"]);
  const [line] = marksOfKind(options, "line");
  assert.equal(line.channels.stroke.value, "variant");
  assert.deepEqual(
    new Set(channelValues(line, "fx")),
    new Set(["p50", "p95", "p99"]),
  );
  assert.equal(marksOfKind(options, "dot").length, 1);
  assert.deepEqual(legendLabels(options), options.color?.domain);
});

Deno.test("latencyVsConcurrency keeps colours of the given variants, even missing ones", () => {
  const variants = ["worker pool ×2, 1 thread", "gone, 9 threads"];
  const options = latencyVsConcurrency(rows, { variants, endpoint: "health" });
  const domain = options.color?.domain as string[];
  assert.deepEqual(domain.slice(0, 2), variants);
  assert.equal(domain.length, 5);
  assert.match(String(options.y?.label), /health latency during the batch/);
});

Deno.test("latencyVsConcurrency of no rows is an empty chart, not an error", () => {
  const options = latencyVsConcurrency([]);
  assert.deepEqual(marksOfKind(options, "line")[0].data, []);
  assert.deepEqual(legendLabels(options), []);
});
