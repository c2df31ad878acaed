/**
 * End-to-end runs of the experiment runner, small enough for CI: a run
 * directory holds every file the notebook reads, every request sent is
 * accounted for, and an interrupted run keeps the points it finished.
 */
import assert from "node:assert/strict";
import { runExperiment } from "../lib/harness/experiment.ts";
import { planParams } from "../lib/harness/experiment_plan.ts";
import { loadRun } from "../lib/report/run_data.ts";

const SMALL = {
  strategies: ["blocking", "worker"] as ("blocking" | "worker")[],
  threads: [1],
  levels: [5, 20],
  sequentialCount: 3,
  rateFractions: [0.5],
  rateDurationMs: 300,
  settleMs: 100,
  warmupRequests: 2,
};

const POINT_FILES = [
  "point.json",
  "requests.jsonl",
  "probes.jsonl",
  "resources.jsonl",
  "loop_delay.jsonl",
  "server_requests.jsonl",
];

Deno.test("runExperiment() saves every file the notebook needs", async () => {
  const runsDir = await Deno.makeTempDir();
  try {
    const params = planParams("quick", SMALL);
    const { dir, manifest, rows } = await runExperiment(params, { runsDir });
    assert.equal(manifest.status, "complete");
    assert.deepEqual(manifest.finishedPoints, manifest.plannedPoints);
    for (
      const name of [
        "run.json",
        "params.json",
        "environment.json",
        "summary.csv",
        "summary.json",
      ]
    ) {
      assert.ok((await Deno.stat(`${dir}/${name}`)).isFile, name);
    }
    for (const pointId of manifest.finishedPoints) {
      for (const name of POINT_FILES) {
        assert.ok(
          (await Deno.stat(`${dir}/points/${pointId}/${name}`)).isFile,
          `${pointId}/${name}`,
        );
      }
      // The database is scratch space, not a result.
      await assert.rejects(() =>
        Deno.stat(`${dir}/points/${pointId}/users.db`)
      );
    }
    const csv = (await Deno.readTextFile(`${dir}/summary.csv`)).trim().split(
      "\n",
    );
    assert.equal(csv.length, rows.length + 1);

    const run = await loadRun(dir);
    assert.equal(run.rows.length, rows.length);
    const batch = await run.samples("blocking-t1-c20");
    // Every request sent is counted: ok + HTTP errors + network errors.
    assert.equal(batch.requests.length, 20);
    const row = rows.find((r) =>
      r.point_id === "blocking-t1-c20" && r.endpoint === "register"
    )!;
    assert.equal(
      row.requests,
      row.ok + row.http_errors + row.timeouts + row.resets + row.refused +
        row.network_errors +
        row.not_sent,
    );
    assert.equal(row.failed, row.requests - row.ok);
    assert.ok(batch.probes.length > 0, "the health probe ran beside the batch");
    assert.ok(
      batch.loopDelay.length > 0,
      "the server's loop monitor was read back",
    );
    assert.ok(
      batch.serverRequests.some((r) =>
        /^\/api\/users\/register\/?$/.test(r.path)
      ),
    );
    // CPU % is of one core, so it cannot exceed the cores (plus tick rounding).
    const cpu = batch.resources.map((s) => s.serverCpuPercent ?? 0);
    assert.ok(
      Math.max(...cpu) <= params.cores * 100 * 1.25,
      `cpu ${Math.max(...cpu)}`,
    );
    const rate = rows.find((r) =>
      r.kind === "rate" && r.endpoint === "register"
    )!;
    assert.ok(rate.rate_rps! > 0 && rate.requests > 0);
  } finally {
    await Deno.remove(runsDir, { recursive: true });
  }
});

Deno.test("runExperiment() stopped after a point keeps that point and drops the rest", async () => {
  const runsDir = await Deno.makeTempDir();
  try {
    const params = planParams("quick", {
      ...SMALL,
      strategies: ["blocking"],
      rateFractions: [],
    });
    const controller = new AbortController();
    const { dir, manifest, rows } = await runExperiment(params, {
      runsDir,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === "point-done") controller.abort();
      },
    });
    assert.equal(manifest.status, "interrupted");
    assert.deepEqual(manifest.finishedPoints, ["blocking-t1-sequential"]);
    assert.ok(
      rows.length > 0 &&
        rows.every((r) => r.point_id === "blocking-t1-sequential"),
    );
    const saved = JSON.parse(await Deno.readTextFile(`${dir}/run.json`));
    assert.equal(saved.status, "interrupted");
    const pointDirs = [...Deno.readDirSync(`${dir}/points`)].map((entry) =>
      entry.name
    );
    assert.deepEqual(pointDirs, ["blocking-t1-sequential"]);
    const csv = (await Deno.readTextFile(`${dir}/summary.csv`)).trim().split(
      "\n",
    );
    assert.equal(csv.length, rows.length + 1);
  } finally {
    await Deno.remove(runsDir, { recursive: true });
  }
});

Deno.test("runExperiment() stopped in the middle of a batch drops only that batch", async () => {
  const runsDir = await Deno.makeTempDir();
  try {
    const params = planParams("quick", {
      ...SMALL,
      strategies: ["blocking"],
      levels: [400],
      cost: 8,
      rateFractions: [],
    });
    const controller = new AbortController();
    const { dir, manifest } = await runExperiment(params, {
      runsDir,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === "requests" && event.point.kind === "batch") {
          controller.abort();
        }
      },
    });
    assert.equal(manifest.status, "interrupted");
    assert.deepEqual(manifest.finishedPoints, ["blocking-t1-sequential"]);
    const pointDirs = [...Deno.readDirSync(`${dir}/points`)].map((entry) =>
      entry.name
    );
    assert.deepEqual(pointDirs, ["blocking-t1-sequential"]);
  } finally {
    await Deno.remove(runsDir, { recursive: true });
  }
});

Deno.test("runExperiment() gives runs started together their own directories", async () => {
  const runsDir = await Deno.makeTempDir();
  try {
    const params = planParams("quick", {
      ...SMALL,
      strategies: ["blocking"],
      levels: [5],
      sequentialCount: 0,
      rateFractions: [],
    });
    const [a, b] = await Promise.all([
      runExperiment(params, { runsDir }),
      runExperiment(params, { runsDir }),
    ]);
    assert.notEqual(a.dir, b.dir);
    for (const run of [a, b]) {
      const saved = JSON.parse(await Deno.readTextFile(`${run.dir}/run.json`));
      assert.equal(saved.status, "complete");
      assert.deepEqual(saved.finishedPoints, ["blocking-t1-c5"]);
    }
  } finally {
    await Deno.remove(runsDir, { recursive: true });
  }
});
