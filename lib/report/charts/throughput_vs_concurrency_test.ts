import assert from "node:assert/strict";
import { channelValues, legendLabels, marksOfKind } from "./mark_queries.ts";
import { SYNTHETIC_HASH_MS, syntheticRun } from "./synthetic_run.ts";
import {
  throughputLimits,
  throughputPoints,
  throughputVsConcurrency,
} from "./throughput_vs_concurrency.ts";

const rows = syntheticRun().rows;

Deno.test("throughputPoints keeps register batches only", () => {
  const points = throughputPoints(rows);
  assert.equal(points.length, 7);
  assert.ok(points.every((point) => point.throughputRps === 400));
});

Deno.test("throughputLimits has one limit per usable core count", () => {
  assert.deepEqual(throughputLimits(rows), [
    { usableCores: 1, limitRps: 1000 / SYNTHETIC_HASH_MS },
    { usableCores: 2, limitRps: 2000 / SYNTHETIC_HASH_MS },
  ]);
});

Deno.test("throughputVsConcurrency draws a line per variant and dashed limit lines", () => {
  const options = throughputVsConcurrency(rows);
  assert.equal(options.x?.type, "log");
  assert.match(String(options.x?.label), /concurrent registrations/);
  assert.match(String(options.y?.label), /registrations per second/);
  const [limits] = marksOfKind(options, "rule");
  assert.deepEqual(channelValues(limits, "y"), [500, 1000]);
  assert.equal(limits.strokeDasharray, "6,4");
  const labels = marksOfKind(options, "text").flatMap((mark) =>
    channelValues(mark, "text")
  );
  assert.deepEqual(labels, [
    "limit with 1 core: 500/s",
    "limit with 2 cores: 1000/s",
  ]);
  assert.equal(
    marksOfKind(options, "line")[0].channels.stroke.value,
    "variant",
  );
  assert.deepEqual(legendLabels(options).at(-1), "physical limit");
});

Deno.test("throughputVsConcurrency of no rows is an empty chart", () => {
  const options = throughputVsConcurrency([]);
  assert.equal(marksOfKind(options, "rule")[0].data?.length, 0);
  assert.deepEqual(legendLabels(options), ["physical limit"]);
});
