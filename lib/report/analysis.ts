/**
 * The analysis of a run, computed from its summary rows: a queueing model
 * of the blocking case, how latencies grow with concurrency, and a one-line
 * diagnosis per server variant. Pure functions, so the numbers the notebook
 * writes can be checked by tests.
 * @module
 */
import type { SummaryRow } from "../harness/point_summary.ts";

/** When a variant's event loop counts as blocked, as a profiler would say. */
export interface BlockedLoopThresholds {
  /** Median event-loop delay at or above this is blocked, ms. Default 10. */
  p50Ms: number;
  /** Largest event-loop delay at or above this is blocked, ms. Default 100. */
  maxMs: number;
}

export const DEFAULT_THRESHOLDS: BlockedLoopThresholds = {
  p50Ms: 10,
  maxMs: 100,
};

/** The batch rows of one endpoint, by variant, sorted by concurrency. */
export function batchSeries(
  rows: readonly SummaryRow[],
  endpoint: "register" | "health",
): Map<string, SummaryRow[]> {
  const series = new Map<string, SummaryRow[]>();
  for (const row of rows) {
    if (row.kind !== "batch" || row.endpoint !== endpoint) continue;
    series.set(row.variant, [...(series.get(row.variant) ?? []), row]);
  }
  for (const list of series.values()) {
    list.sort((a, b) => (a.concurrency ?? 0) - (b.concurrency ?? 0));
  }
  return series;
}

/** The sequential row of a variant and endpoint, if the run has one. */
export function sequentialRow(
  rows: readonly SummaryRow[],
  variant: string,
  endpoint: "register" | "health",
): SummaryRow | undefined {
  return rows.find((row) =>
    row.kind === "sequential" && row.variant === variant &&
    row.endpoint === endpoint
  );
}

/**
 * Time the server spends on one registration with nothing else to do, ms:
 * the mean server-side time of the sequential registrations of `variant`
 * when the run has them, else the single-hash time the run measured.
 */
export function serviceTimeMs(
  rows: readonly SummaryRow[],
  variant: string,
): number {
  const sequential = sequentialRow(rows, variant, "register");
  if (sequential?.server_mean_ms) return sequential.server_mean_ms;
  const any = rows.find((row) => row.variant === variant) ?? rows[0];
  return any?.hash_single_ms ?? 0;
}

/** Model and measurement of one concurrency level. Times in ms. */
export interface QueueModelPoint {
  concurrency: number;
  serviceMs: number;
  modelMeanMs: number;
  modelMaxMs: number;
  measuredMeanMs: number;
  measuredMaxMs: number;
  /** measured ÷ model. */
  meanRatio: number;
  maxRatio: number;
}

/**
 * The queue at a server that can run `servers` hashes at once, each taking
 * S ms, when c requests arrive together: the k-th finishes after about
 * ceil(k / servers)·S, so the mean is about (c / servers + 1) / 2 · S and
 * the last waits ceil(c / servers)·S. With one event loop, servers = 1.
 */
export function queueModel(
  rows: readonly SummaryRow[],
  variant: string,
  serviceMs: number,
  servers = 1,
): QueueModelPoint[] {
  const measured = batchSeries(rows, "register").get(variant) ?? [];
  return measured.map((row) => {
    const c = row.concurrency ?? 0;
    const rounds = Math.ceil(c / servers);
    let total = 0;
    for (let k = 1; k <= c; k++) total += Math.ceil(k / servers) * serviceMs;
    const modelMeanMs = c > 0 ? total / c : 0;
    const modelMaxMs = rounds * serviceMs;
    return {
      concurrency: c,
      serviceMs,
      modelMeanMs,
      modelMaxMs,
      measuredMeanMs: row.mean_ms,
      measuredMaxMs: row.max_ms,
      meanRatio: modelMeanMs > 0 ? row.mean_ms / modelMeanMs : NaN,
      maxRatio: modelMaxMs > 0 ? row.max_ms / modelMaxMs : NaN,
    };
  });
}

/** How a statistic changes from the lowest to the highest level. */
export interface Growth {
  variant: string;
  label: string;
  fromConcurrency: number;
  toConcurrency: number;
  from: number;
  to: number;
  /** to ÷ from. */
  factor: number;
  /** Least-squares slope against concurrency: ms per request in the batch. */
  slopePerRequest: number;
}

function leastSquaresSlope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const p of points) {
    numerator += (p.x - meanX) * (p.y - meanY);
    denominator += (p.x - meanX) ** 2;
  }
  return denominator > 0 ? numerator / denominator : NaN;
}

/** Growth of `stat` of `endpoint` across the batch levels, per variant. */
export function growthByVariant(
  rows: readonly SummaryRow[],
  endpoint: "register" | "health",
  stat: "mean_ms" | "p50_ms" | "p99_ms" | "max_ms",
): Growth[] {
  return [...batchSeries(rows, endpoint)].filter(([, list]) => list.length > 0)
    .map(
      ([variant, list]) => {
        const first = list[0];
        const last = list[list.length - 1];
        return {
          variant,
          label: first.variant_label,
          fromConcurrency: first.concurrency ?? 0,
          toConcurrency: last.concurrency ?? 0,
          from: first[stat],
          to: last[stat],
          factor: first[stat] > 0 ? last[stat] / first[stat] : NaN,
          slopePerRequest: leastSquaresSlope(
            list.map((row) => ({ x: row.concurrency ?? 0, y: row[stat] })),
          ),
        };
      },
    );
}

/** A variant's state at its highest concurrency, in a profiler's words. */
export interface Diagnosis {
  variant: string;
  label: string;
  concurrency: number;
  loopBlocked: boolean;
  loopP50Ms: number;
  loopMaxMs: number;
  healthP99Ms: number | null;
  registerThroughput: number;
  physicalLimit: number;
  /** Throughput ÷ physical limit. */
  efficiency: number;
  failed: number;
}

/** One diagnosis per variant, at the highest batch level it reached. */
export function diagnose(
  rows: readonly SummaryRow[],
  thresholds: BlockedLoopThresholds = DEFAULT_THRESHOLDS,
): Diagnosis[] {
  const health = batchSeries(rows, "health");
  return [...batchSeries(rows, "register")].map(([variant, list]) => {
    const top = list[list.length - 1];
    const probe = health.get(variant)?.find((row) =>
      row.concurrency === top.concurrency
    );
    return {
      variant,
      label: top.variant_label,
      concurrency: top.concurrency ?? 0,
      loopBlocked: top.loop_delay_p50_ms >= thresholds.p50Ms ||
        top.loop_delay_max_ms >= thresholds.maxMs,
      loopP50Ms: top.loop_delay_p50_ms,
      loopMaxMs: top.loop_delay_max_ms,
      healthP99Ms: probe?.p99_ms ?? null,
      registerThroughput: top.throughput_rps,
      physicalLimit: top.physical_limit_rps,
      efficiency: top.physical_limit_rps > 0
        ? top.throughput_rps / top.physical_limit_rps
        : NaN,
      failed: top.failed + (probe?.failed ?? 0),
    };
  });
}

/** Every row with failed requests, for the report's list of failures. */
export function failedRows(rows: readonly SummaryRow[]): SummaryRow[] {
  return rows.filter((row) => row.failed > 0);
}
