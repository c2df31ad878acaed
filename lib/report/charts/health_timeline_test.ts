import assert from "node:assert/strict";
import type { ScheduledResult } from "../../harness/open_loop.ts";
import {
  type HealthPanel,
  healthPoints,
  healthTimeline,
} from "./health_timeline.ts";
import {
  allMarks,
  channelValues,
  legendLabels,
  marksOfKind,
} from "./mark_queries.ts";

function probe(index: number, latencyMs: number, ok = true): ScheduledResult {
  const intendedMs = index * 20;
  return {
    endpoint: "health",
    index,
    intendedMs,
    startMs: intendedMs + 1,
    endMs: intendedMs + latencyMs,
    status: ok ? 200 : 0,
    ok,
    error: ok ? null : "timeout",
    serverMs: null,
    hashMs: null,
  };
}

const panels: HealthPanel[] = [
  {
    variant: "blocking, 1 thread",
    probes: [probe(1, 300), probe(0, 500), probe(2, 0, false)],
    batchEndMs: 520,
  },
  { variant: "worker pool ×2, 1 thread", probes: [probe(0, 2), probe(1, 1.5)] },
];

Deno.test("healthPoints measures latency from the intended send time, in send order", () => {
  const points = healthPoints(panels);
  assert.deepEqual(
    points.slice(0, 3).map((p) => [p.seconds, p.latencyMs, p.ok]),
    [
      [0, 500, true],
      [0.02, 300, true],
      [0.04, 0, false],
    ],
  );
});

Deno.test("healthTimeline puts each variant in its own panel, log y by default", () => {
  const options = healthTimeline(panels);
  assert.equal(options.y?.type, "log");
  assert.match(String(options.x?.label), /seconds since the batch started/);
  assert.match(String(options.y?.label), /health latency, ms/);
  assert.deepEqual(options.fy?.domain, [
    "blocking, 1 thread",
    "worker pool ×2, 1 thread",
  ]);
  const [dots] = marksOfKind(options, "dot");
  assert.equal(dots.data?.length, 4, "the failed probe is not a dot");
  assert.deepEqual(channelValues(dots, "y"), [500, 300, 2, 1.5]);
});

Deno.test("healthTimeline marks each failed probe with a rule and counts it in the title", () => {
  const options = healthTimeline(panels);
  const [ends, failed] = marksOfKind(options, "rule");
  assert.deepEqual(channelValues(failed, "x"), [0.04]);
  assert.equal(failed.stroke, "crimson");
  assert.deepEqual(channelValues(ends, "x"), [0.52]);
  const titles = allMarks(options).find((mark) => mark.fontWeight === "bold");
  assert.deepEqual(titles && channelValues(titles, "text"), [
    "blocking, 1 thread: 1 probe failed",
    "worker pool ×2, 1 thread",
  ]);
  assert.deepEqual(legendLabels(options), [
    "probe answered",
    "probe failed",
    "last register answered",
  ]);
});

Deno.test("healthTimeline with linear y keeps zero latencies; no failures draw no rules", () => {
  const options = healthTimeline([{
    variant: "a",
    probes: [probe(0, 0), probe(1, 4)],
  }], { logY: false });
  assert.equal(options.y?.type, "linear");
  assert.equal(marksOfKind(options, "dot")[0].data?.length, 2);
  assert.equal(marksOfKind(options, "rule")[1].data?.length, 0);
  assert.ok(!legendLabels(options).includes("last register answered"));
});

Deno.test("healthTimeline of no panels is an empty chart", () => {
  const options = healthTimeline([]);
  assert.deepEqual(options.fy?.domain, []);
  assert.equal(marksOfKind(options, "dot")[0].data?.length, 0);
});
