import assert from "node:assert/strict";
import type { ResourceSample } from "../../harness/resource_sampler.ts";
import { channelValues, legendLabels, marksOfKind } from "./mark_queries.ts";
import {
  batchStarts,
  type ResourceBatch,
  resourcePoints,
} from "./resource_points.ts";
import { resourceTimeline } from "./resource_timeline.ts";

function sample(
  t: number,
  cpu: number | null,
  rssMb: number | null = 50,
): ResourceSample {
  return {
    t,
    serverCpuPercent: cpu,
    serverRssBytes: rssMb === null ? null : rssMb * 2 ** 20,
    serverThreads: 7,
    machineCpuPercent: cpu === null ? null : cpu + 10,
    machineMemoryUsedBytes: 0,
    loadAverage1m: 0,
    harnessCpuPercent: cpu === null ? null : 5,
    harnessRssBytes: 0,
  };
}

const batches: ResourceBatch[] = [
  {
    label: "c=10",
    originEpochMs: 1000,
    resources: [sample(1000, null), sample(2000, 100)],
  },
  {
    label: "c=100",
    originEpochMs: 50_000,
    resources: [sample(49_500, 90, null), sample(53_000, 100, 80)],
  },
];

Deno.test("batchStarts places batches end to end with a gap, samples before the origin included", () => {
  // c=10 spans 0–1 s; c=100 starts 0.5 s early, so its origin is 0.5 s after 1 s + 0.5 s gap.
  assert.deepEqual(batchStarts(batches), [0, 2]);
  assert.deepEqual(batchStarts(batches, 0), [0, 1.5]);
  assert.deepEqual(batchStarts([]), []);
});

Deno.test("resourcePoints leaves null readings out and converts RSS to MB", () => {
  const cpu = resourcePoints(batches, "cpu");
  assert.equal(cpu.length, 3 * 3);
  assert.deepEqual(
    cpu.filter((p) => p.series === "server process").map((
      p,
    ) => [p.seconds, p.value]),
    [
      [1, 100],
      [1.5, 90],
      [5, 100],
    ],
  );
  assert.deepEqual(
    resourcePoints(batches, "rss").map((p) => [p.batch, p.value]),
    [
      ["c=10", 50],
      ["c=10", 50],
      ["c=100", 80],
    ],
  );
});

Deno.test("resourceTimeline shows server, machine and harness CPU with batch rules and labels", () => {
  const options = resourceTimeline(batches, { cores: 2 });
  assert.match(String(options.y?.label), /CPU, % \(100 = one core busy\)/);
  assert.match(String(options.x?.label), /seconds/);
  assert.deepEqual(legendLabels(options), [
    "server process",
    "whole machine",
    "load generator (harness)",
  ]);
  const [cores, boundaries] = marksOfKind(options, "rule");
  assert.deepEqual(cores.data, [200]);
  assert.deepEqual(channelValues(boundaries, "x"), [0, 2]);
  const labels = marksOfKind(options, "text").flatMap((mark) =>
    mark.channels.text.value === "label" ? channelValues(mark, "text") : []
  );
  assert.deepEqual(labels.sort(), ["c=10", "c=100"]);
  const [line] = marksOfKind(options, "line");
  assert.equal(line.channels.stroke.value, "series");
  assert.equal(
    new Set(channelValues(line, "z")).size,
    6,
    "no line joins two batches",
  );
});

Deno.test("resourceTimeline of RSS has no all-cores line; no batches is an empty chart", () => {
  const rss = resourceTimeline(batches, { metric: "rss", cores: 2 });
  assert.match(String(rss.y?.label), /resident memory, MB/);
  assert.equal(marksOfKind(rss, "rule")[0].data?.length, 0);
  const empty = resourceTimeline([]);
  assert.equal(marksOfKind(empty, "line")[0].data?.length, 0);
});

Deno.test("resourceTimeline cuts CPU readings above all cores off and says how many", () => {
  const spiky = [{
    ...batches[0],
    resources: [sample(1000, null), sample(1003, 1276)],
  }];
  const options = resourceTimeline(spiky, { cores: 2 });
  assert.deepEqual(options.y?.domain, [0, 220]);
  const notes = marksOfKind(options, "text").filter((mark) =>
    mark.frameAnchor === "top-right"
  );
  assert.deepEqual(notes[0].data, ["2 readings above the top cut off"]);
  assert.equal(marksOfKind(options, "line")[0].clip, "frame");
  const unknownCores = resourceTimeline(spiky);
  assert.equal(unknownCores.y?.domain, undefined);
});
