/**
 * Chart inputs read from a loaded run, skipping points that did not finish:
 * the glue between run_data and the charts.
 * @module
 */
import type { Point } from "../../harness/experiment_plan.ts";
import type { LoadedRun, PointSamples } from "../run_data.ts";
import type { HealthPanel } from "./health_timeline.ts";
import type { LoopDelayPanel } from "./loop_delay_timeline.ts";
import type { ResourceBatch } from "./resource_points.ts";

/**
 * The run's variant labels in plan order: pass as `variants` to keep colours
 * and panels stable.
 */
export function variantLabels(run: LoadedRun): string[] {
  return run.manifest.variants.map((variant) => variant.label);
}

async function finishedSamples(
  run: LoadedRun,
  pointIds: readonly string[],
): Promise<PointSamples[]> {
  const finished = pointIds.filter((id) =>
    run.manifest.finishedPoints.includes(id)
  );
  return await Promise.all(finished.map((id) => run.samples(id)));
}

/**
 * The batches of `concurrency`, one per variant that finished it, in plan
 * order.
 */
export function batchesAt(
  run: LoadedRun,
  concurrency: number,
): Promise<PointSamples[]> {
  return finishedSamples(
    run,
    run.manifest.variants.map((variant) => `${variant.id}-c${concurrency}`),
  );
}

/**
 * When the batch's last request ended, ms from its start; undefined without
 * requests.
 */
export function batchEndMs(samples: PointSamples): number | undefined {
  return samples.requests.length
    ? Math.max(...samples.requests.map((request) => request.endMs))
    : undefined;
}

/**
 * The health probes of each variant's batch of `concurrency`, for
 * `healthTimeline`.
 */
export async function healthPanels(
  run: LoadedRun,
  concurrency: number,
): Promise<HealthPanel[]> {
  return (await batchesAt(run, concurrency)).map((samples) => ({
    variant: samples.point.variant.label,
    probes: samples.probes,
    batchEndMs: batchEndMs(samples),
  }));
}

/**
 * The loop-delay samples of each variant's batch of `concurrency`, for
 * `loopDelayTimeline`.
 */
export async function loopDelayPanels(
  run: LoadedRun,
  concurrency: number,
): Promise<LoopDelayPanel[]> {
  return (await batchesAt(run, concurrency)).map((samples) => ({
    variant: samples.point.variant.label,
    originEpochMs: samples.originEpochMs,
    samples: samples.loopDelay,
  }));
}

function batchLabel(point: Point): string {
  return point.kind === "batch" ? `c=${point.concurrency}` : point.id;
}

/**
 * The resource samples of a variant's finished batches, by rising concurrency,
 * for `resourceTimeline`.
 */
export async function resourceBatches(
  run: LoadedRun,
  variantId: string,
): Promise<ResourceBatch[]> {
  const levels = [...run.manifest.params.levels].sort((a, b) => a - b);
  const batches = await finishedSamples(
    run,
    levels.map((level) => `${variantId}-c${level}`),
  );
  return batches.map((samples) => ({
    label: batchLabel(samples.point),
    originEpochMs: samples.originEpochMs,
    resources: samples.resources,
  }));
}
