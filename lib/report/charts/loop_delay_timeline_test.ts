import assert from "node:assert/strict";
import {
  delayRamps,
  type LoopDelayPanel,
  loopDelayPoints,
  loopDelayTimeline,
} from "./loop_delay_timeline.ts";
import {
  allMarks,
  channelValues,
  legendLabels,
  marksOfKind,
} from "./mark_queries.ts";

const ORIGIN = 1_800_000_000_000;
const panels: LoopDelayPanel[] = [
  {
    variant: "blocking, 2 threads",
    originEpochMs: ORIGIN,
    samples: [
      { t: ORIGIN + 3000, delayMs: 2990, thread: "t-bb" },
      { t: ORIGIN + 10, delayMs: 0.5, thread: "t-aa" },
      { t: ORIGIN + 20, delayMs: 0.4, thread: "t-bb" },
    ],
  },
  {
    variant: "worker pool ×2, 1 thread",
    originEpochMs: ORIGIN,
    samples: [{ t: ORIGIN + 10, delayMs: 0, thread: "main" }],
  },
];

Deno.test("loopDelayPoints names threads by first sample and times them from the batch start", () => {
  assert.deepEqual(
    loopDelayPoints(panels).map((p) => [p.thread, p.seconds, p.delayMs]),
    [
      ["thread 1", 0.01, 0.5],
      ["thread 2", 0.02, 0.4],
      ["thread 2", 3, 2990],
      ["thread 1", 0.01, 0],
    ],
  );
});

Deno.test("delayRamps starts each sample's ramp when its tick was due", () => {
  const [point] = loopDelayPoints(panels).slice(2, 3);
  const [start, end] = delayRamps([point]);
  assert.ok(Math.abs(start.seconds - 0.01) < 1e-9);
  assert.equal(start.delayMs, 0);
  assert.deepEqual([end.seconds, end.delayMs], [3, 2990]);
});

Deno.test("loopDelayTimeline draws ramps per thread, a panel per variant titled with its longest delay", () => {
  const options = loopDelayTimeline(panels);
  assert.equal(options.y?.type, "linear");
  assert.match(String(options.y?.label), /event-loop delay, ms/);
  assert.match(String(options.x?.label), /seconds since the batch started/);
  assert.deepEqual(options.fy?.domain, [
    "blocking, 2 threads",
    "worker pool ×2, 1 thread",
  ]);
  const [line] = marksOfKind(options, "line");
  assert.equal(line.channels.stroke.value, "thread");
  assert.equal(line.data?.length, 8, "two points per sample");
  const titles = allMarks(options).find((mark) => mark.fontWeight === "bold");
  assert.deepEqual(titles && channelValues(titles, "text"), [
    "blocking, 2 threads: longest delay 2.99 s",
    "worker pool ×2, 1 thread: longest delay 0 ms",
  ]);
  assert.deepEqual(legendLabels(options), ["thread 1", "thread 2"]);
});

Deno.test("loopDelayTimeline on a log scale plots the samples and drops zero delays", () => {
  const options = loopDelayTimeline(panels, {
    logY: true,
    variants: ["worker pool ×2, 1 thread"],
  });
  assert.equal(options.y?.type, "log");
  assert.equal(marksOfKind(options, "line")[0].data?.length, 3);
  assert.deepEqual(options.fy?.domain, [
    "worker pool ×2, 1 thread",
    "blocking, 2 threads",
  ]);
});

Deno.test("loopDelayTimeline of a panel without samples says so", () => {
  const options = loopDelayTimeline([{
    variant: "v",
    originEpochMs: 0,
    samples: [],
  }]);
  const titles = allMarks(options).find((mark) => mark.fontWeight === "bold");
  assert.deepEqual(titles && channelValues(titles, "text"), ["v: no samples"]);
});
