import assert from "node:assert/strict";
import {
  batchEndMs,
  batchesAt,
  healthPanels,
  loopDelayPanels,
  resourceBatches,
  variantLabels,
} from "./chart_inputs.ts";
import { syntheticRun, UNFINISHED_POINT } from "./synthetic_run.ts";

const run = syntheticRun();

Deno.test("variantLabels lists the run's variants in plan order", () => {
  assert.deepEqual(variantLabels(run), [
    "blocking, 1 thread",
    "worker pool ×2, 1 thread",
    "blocking, 2 threads",
    "worker pool ×1, 2 threads",
  ]);
});

Deno.test("batchesAt skips a variant whose batch did not finish", async () => {
  assert.equal(UNFINISHED_POINT, "worker-p1-t2-c100");
  assert.equal((await batchesAt(run, 10)).length, 4);
  assert.deepEqual((await batchesAt(run, 100)).map((s) => s.point.variant.id), [
    "blocking-t1",
    "worker-p2-t1",
    "blocking-t2",
  ]);
  assert.deepEqual(await batchesAt(run, 5000), []);
});

Deno.test("healthPanels and loopDelayPanels carry each variant's samples", async () => {
  const health = await healthPanels(run, 10);
  assert.equal(health[0].variant, "blocking, 1 thread");
  assert.equal(health[0].batchEndMs, 20);
  assert.ok(health[0].probes.length > 0);
  const loop = await loopDelayPanels(run, 10);
  assert.equal(loop.length, 4);
  assert.ok(
    loop.every((panel) => panel.originEpochMs > 0 && panel.samples.length > 0),
  );
});

Deno.test("resourceBatches lists a variant's finished batches by concurrency, labelled", async () => {
  assert.deepEqual(
    (await resourceBatches(run, "blocking-t1")).map((batch) => batch.label),
    ["c=10", "c=100"],
  );
  assert.deepEqual(
    (await resourceBatches(run, "worker-p1-t2")).map((batch) => batch.label),
    ["c=10"],
  );
  assert.deepEqual(await resourceBatches(run, "nope"), []);
});

Deno.test("batchEndMs is undefined without requests", async () => {
  const [samples] = await batchesAt(run, 10);
  assert.equal(batchEndMs({ ...samples, requests: [] }), undefined);
});
