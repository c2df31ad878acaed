// The event-loop delay monitor: it samples on its own, a blocked loop
// shows as a late sample, and stop() ends it.
import assert from "node:assert/strict";
import { createMemorySink } from "./json_lines_sink.ts";
import { type LoopDelaySample, startLoopMonitor } from "./loop_monitor.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `ready()` holds, with a timer that keeps the test alive. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await sleep(5);
}

Deno.test("startLoopMonitor() writes samples with t, delayMs and thread", async () => {
  const sink = createMemorySink<LoopDelaySample>();
  const before = Date.now();
  const monitor = startLoopMonitor({ intervalMs: 5, thread: "t-1", sink });
  try {
    await until(() => sink.records.length >= 3);
  } finally {
    monitor.stop();
  }
  for (const sample of sink.records) {
    assert.deepEqual(Object.keys(sample).sort(), ["delayMs", "t", "thread"]);
    assert.equal(sample.thread, "t-1");
    assert.ok(sample.delayMs >= 0);
    assert.ok(sample.t >= before - 1, "t is ms since the epoch");
  }
});

Deno.test("startLoopMonitor() shows a blocked loop as one late sample", async () => {
  const sink = createMemorySink<LoopDelaySample>();
  const monitor = startLoopMonitor({ intervalMs: 5, thread: "main", sink });
  try {
    await until(() => sink.records.length >= 1);
    const blockMs = 200;
    const start = performance.now();
    while (performance.now() - start < blockMs) {
      // Busy: no timer can run now.
    }
    const seen = sink.records.length;
    await until(() => sink.records.length > seen);
    // A lower bound only: a slower machine makes the delay larger, not
    // smaller. The tick was due at most 5 ms into the block.
    assert.ok(
      sink.records[seen].delayMs >= blockMs - 10,
      `delay ${sink.records[seen].delayMs} ms after a ${blockMs} ms block`,
    );
  } finally {
    monitor.stop();
  }
});

Deno.test("startLoopMonitor() writes nothing after stop()", async () => {
  const sink = createMemorySink<LoopDelaySample>();
  const monitor = startLoopMonitor({ intervalMs: 1, thread: "main", sink });
  await until(() => sink.records.length >= 1);
  monitor.stop();
  const count = sink.records.length;
  await sleep(20);
  assert.equal(sink.records.length, count);
});

Deno.test("startLoopMonitor() throws RangeError for an interval that is not positive", () => {
  const sink = createMemorySink<LoopDelaySample>();
  for (const intervalMs of [0, -5, NaN]) {
    assert.throws(
      () => startLoopMonitor({ intervalMs, thread: "main", sink }),
      RangeError,
    );
  }
});
