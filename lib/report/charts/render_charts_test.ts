import assert from "node:assert/strict";
import type * as Plot from "@observablehq/plot";
import { renderSvg } from "../render_svg.ts";
import { type LoadedRun, loadRun } from "../run_data.ts";
import {
  healthPanels,
  loopDelayPanels,
  resourceBatches,
  variantLabels,
} from "./chart_inputs.ts";
import { healthTimeline } from "./health_timeline.ts";
import { latencyVsConcurrency } from "./latency_vs_concurrency.ts";
import { loopDelayTimeline } from "./loop_delay_timeline.ts";
import { svgTexts } from "./mark_queries.ts";
import { queueModelChart } from "./queue_model.ts";
import { resourceTimeline } from "./resource_timeline.ts";
import { sequentialClientServer } from "./sequential_client_server.ts";
import { syntheticRun } from "./synthetic_run.ts";
import { throughputVsConcurrency } from "./throughput_vs_concurrency.ts";

/** Every chart of a run, with the axis labels its SVG must show. */
async function chartsOf(
  run: LoadedRun,
): Promise<[string, Plot.PlotOptions, string[]][]> {
  const variants = variantLabels(run);
  const largest = Math.max(...run.manifest.params.levels);
  const blocking = run.rows.filter((row) =>
    row.variant === "blocking-t1" && row.kind === "batch" &&
    row.endpoint === "register"
  );
  const queue = blocking.map((row) => ({
    concurrency: row.concurrency ?? 0,
    serviceMs: row.hash_single_ms,
    modelMeanMs: ((row.concurrency ?? 0) + 1) / 2 * row.hash_single_ms,
    modelMaxMs: (row.concurrency ?? 0) * row.hash_single_ms,
    measuredMeanMs: row.mean_ms,
    measuredMaxMs: row.max_ms,
  }));
  const batches = await resourceBatches(run, run.manifest.variants[0].id);
  const concurrency = "concurrent requests (log scale)";
  const seconds = "seconds since the batch started";
  return [
    ["latency", latencyVsConcurrency(run.rows, { variants }), [
      concurrency,
      "register latency, ms (log scale)",
    ]],
    [
      "health latency",
      latencyVsConcurrency(run.rows, { variants, endpoint: "health" }),
      [concurrency],
    ],
    [
      "health timeline",
      healthTimeline(await healthPanels(run, largest), { variants }),
      [seconds, "health latency, ms"],
    ],
    [
      "loop delay",
      loopDelayTimeline(await loopDelayPanels(run, largest), { variants }),
      [seconds, "event-loop delay, ms"],
    ],
    ["cpu", resourceTimeline(batches, { cores: run.manifest.params.cores }), [
      "CPU, % (100 = one core busy)",
      "c=10",
    ]],
    ["rss", resourceTimeline(batches, { metric: "rss" }), [
      "resident memory, MB",
    ]],
    ["throughput", throughputVsConcurrency(run.rows, { variants }), [
      "registrations per second",
    ]],
    ["queue model", queueModelChart(queue), [
      "register latency, ms (log scale)",
      "measured mean",
    ]],
    ["sequential", sequentialClientServer(run.rows, { variants }), [
      "mean latency, ms (log scale)",
    ]],
  ];
}

async function assertRendersAll(run: LoadedRun): Promise<void> {
  for (const [name, options, labels] of await chartsOf(run)) {
    const svg = renderSvg(options);
    assert.match(svg, /^<svg [^>]*xmlns=/, name);
    assert.doesNotMatch(svg, /<(figure|div|span)\b/, `${name} has HTML in it`);
    const texts = svgTexts(svg);
    for (const label of labels) {
      assert.ok(
        texts.some((text) => text.startsWith(label)),
        `${name} shows no "${label}"`,
      );
    }
  }
}

Deno.test("every chart of a made-up run renders as standalone SVG with its axis labels", async () => {
  await assertRendersAll(syntheticRun());
});

const committedRuns = new URL("../../../data/runs", import.meta.url).pathname;

Deno.test("every chart of the run committed in data/runs renders", async () => {
  const dir = await completeRunDir(committedRuns);
  assert.ok(dir, "a complete run is committed under data/runs");
  await assertRendersAll(await loadRun(dir));
});

/** The newest run under `runsDir` that is complete, if any. */
async function completeRunDir(runsDir: string): Promise<string | null> {
  const ids: string[] = [];
  try {
    for await (const entry of Deno.readDir(runsDir)) ids.push(entry.name);
  } catch {
    return null;
  }
  for (const id of ids.sort().reverse()) {
    const manifest = await Deno.readTextFile(`${runsDir}/${id}/run.json`)
      .then((text) => JSON.parse(text)).catch(() => null);
    if (manifest?.status === "complete") return `${runsDir}/${id}`;
  }
  return null;
}
