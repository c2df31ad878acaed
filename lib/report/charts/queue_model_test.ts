import assert from "node:assert/strict";
import { channelValues, legendLabels, marksOfKind } from "./mark_queries.ts";
import {
  type QueueComparison,
  queueModelChart,
  queuePoints,
} from "./queue_model.ts";

function level(
  c: number,
  measuredMeanMs: number,
  measuredMaxMs: number,
): QueueComparison {
  const serviceMs = 2;
  return {
    concurrency: c,
    serviceMs,
    modelMeanMs: ((c + 1) / 2) * serviceMs,
    modelMaxMs: c * serviceMs,
    measuredMeanMs,
    measuredMaxMs,
  };
}

const levels = [level(100, 110, 210), level(10, 12, 25)];

Deno.test("queuePoints splits each level into measured and model, mean and max", () => {
  const points = queuePoints(levels);
  assert.equal(points.length, 8);
  assert.deepEqual(
    points.filter((p) => p.source === "model" && p.statistic === "max").map((
      p,
    ) => [p.concurrency, p.latencyMs]),
    [[10, 20], [100, 200]],
  );
});

Deno.test("queuePoints drops values a log scale cannot show", () => {
  assert.equal(queuePoints([level(10, 0, Number.NaN)]).length, 2);
});

Deno.test("queueModelChart draws measured dots and dashed model lines on log-log axes", () => {
  const options = queueModelChart(levels);
  assert.equal(options.x?.type, "log");
  assert.equal(options.y?.type, "log");
  assert.match(String(options.x?.label), /concurrent registrations/);
  assert.match(String(options.y?.label), /register latency, ms/);
  const [model] = marksOfKind(options, "line");
  assert.equal(model.strokeDasharray, "6,4");
  assert.deepEqual(
    new Set(channelValues(model, "stroke")),
    new Set(["mean", "max"]),
  );
  const [measured] = marksOfKind(options, "dot");
  assert.deepEqual(channelValues(measured, "y"), [12, 25, 110, 210]);
  assert.ok(
    legendLabels(options).some((label) =>
      label.includes("S = 2.0 ms per hash")
    ),
  );
});

Deno.test("queueModelChart without levels is an empty chart with a generic legend", () => {
  const options = queueModelChart([]);
  assert.equal(marksOfKind(options, "dot")[0].data?.length, 0);
  assert.ok(
    legendLabels(options).some((label) => label.includes("S = one hash")),
  );
});
