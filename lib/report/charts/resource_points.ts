/**
 * Resource samples of a variant's batches as points on one time axis,
 * batches end to end.
 * @module
 */
import type { ResourceSample } from "../../harness/resource_sampler.ts";

/** The resource samples of one batch. */
export interface ResourceBatch {
  /** Short label drawn at the batch's start, such as "c=1000". */
  label: string;
  /** Start of the batch's measured load, ms since the epoch. */
  originEpochMs: number;
  resources: readonly ResourceSample[];
}

/** Which readings: CPU (% of one core) or resident memory (MB). */
export type ResourceMetric = "cpu" | "rss";

/** One sample of one series, as plotted. */
export interface ResourcePoint {
  batch: string;
  series: string;
  /** s on the joined time axis. */
  seconds: number;
  /** CPU in % of one core, or RSS in MB (2^20 bytes). */
  value: number;
}

type Reading = (sample: ResourceSample) => number | null;

const MB = 2 ** 20;
const SERIES: Record<ResourceMetric, [string, Reading][]> = {
  cpu: [
    ["server process", (s) => s.serverCpuPercent],
    ["whole machine", (s) => s.machineCpuPercent],
    ["load generator (harness)", (s) => s.harnessCpuPercent],
  ],
  rss: [[
    "server RSS",
    (s) => s.serverRssBytes === null ? null : s.serverRssBytes / MB,
  ]],
};

/**
 * Where each batch starts on the joined axis, s: batches follow one another
 * with `gapSeconds` between.
 */
export function batchStarts(
  batches: readonly ResourceBatch[],
  gapSeconds = 0.5,
): number[] {
  let next = 0;
  return batches.map(({ originEpochMs, resources }) => {
    const local = resources.map((sample) => (sample.t - originEpochMs) / 1000);
    const first = Math.min(0, ...local);
    const start = next - first;
    next = start + Math.max(0, ...local) + gapSeconds;
    return start;
  });
}

/**
 * The known readings of `metric`, on the joined time axis; null readings are
 * left out.
 */
export function resourcePoints(
  batches: readonly ResourceBatch[],
  metric: ResourceMetric,
  gapSeconds = 0.5,
): ResourcePoint[] {
  const starts = batchStarts(batches, gapSeconds);
  return batches.flatMap((batch, index) =>
    SERIES[metric].flatMap(([series, read]) =>
      batch.resources.flatMap((sample) => {
        const value = read(sample);
        if (value === null || !Number.isFinite(value)) return [];
        const seconds = starts[index] + (sample.t - batch.originEpochMs) / 1000;
        return [{ batch: batch.label, series, seconds, value }];
      })
    )
  ).sort((a, b) => a.seconds - b.seconds);
}

/** The names of the series of `metric`, in legend order. */
export function resourceSeries(metric: ResourceMetric): string[] {
  return SERIES[metric].map(([name]) => name);
}
