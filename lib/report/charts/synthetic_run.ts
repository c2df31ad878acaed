/**
 * A small made-up run in memory, for chart tests that must not depend on a
 * saved run.
 * @module
 */
import {
  planParams,
  planPoints,
  planVariants,
  type Point,
} from "../../harness/experiment_plan.ts";
import {
  SUMMARY_COLUMNS,
  type SummaryRow,
} from "../../harness/point_summary.ts";
import type { RunEnvironment } from "../../harness/environment.ts";
import type { LoadedRun } from "../run_data.ts";
import { syntheticSamples } from "./synthetic_samples.ts";

/** Single-hash time of the made-up run, ms. */
export const SYNTHETIC_HASH_MS = 2;
/** The one planned point the made-up run did not finish. */
export const UNFINISHED_POINT = "worker-p1-t2-c100";
const EPOCH_MS = 1_800_000_000_000;

/** A summary row with every number 0 but the identity fields and `values`. */
export function summaryRow(
  point: Point,
  endpoint: string,
  values: Partial<SummaryRow> = {},
): SummaryRow {
  const zeros = Object.fromEntries(
    SUMMARY_COLUMNS.map((column) => [column, 0]),
  );
  return {
    ...zeros as unknown as SummaryRow,
    point_id: point.id,
    kind: point.kind,
    variant: point.variant.id,
    variant_label: point.variant.label,
    strategy: point.variant.strategy,
    threads: point.variant.threads,
    pool_size: point.variant.poolSize,
    concurrency: point.kind === "batch"
      ? point.concurrency
      : point.kind === "sequential"
      ? 1
      : null,
    rate_rps: null,
    endpoint,
    server_mean_ms: null,
    usable_cores: point.variant.usableCores,
    physical_limit_rps: (point.variant.usableCores * 1000) / SYNTHETIC_HASH_MS,
    hash_single_ms: SYNTHETIC_HASH_MS,
    ...values,
  };
}

function rowsOf(point: Point): SummaryRow[] {
  const c = point.kind === "batch" ? point.concurrency : 1;
  const meanMs = ((c + 1) / 2) * SYNTHETIC_HASH_MS;
  const register = summaryRow(point, "register", {
    mean_ms: meanMs,
    p50_ms: meanMs,
    p95_ms: 1.9 * meanMs,
    p99_ms: 2 * meanMs,
    max_ms: c * SYNTHETIC_HASH_MS,
    throughput_rps: 400,
    server_mean_ms: point.kind === "sequential" ? 1.5 : null,
  });
  // The health row of a sequential point has no server time: it must still plot.
  const health = summaryRow(point, "health", {
    mean_ms: 0.4,
    p50_ms: 0.3,
    p95_ms: 5,
    p99_ms: 9,
  });
  return [register, health];
}

/**
 * A run of blocking and worker variants at 1 and 2 threads, levels 10 and
 * 100, sequential points, no rate points; {@linkcode UNFINISHED_POINT} is missing.
 */
export function syntheticRun(): LoadedRun {
  const params = planParams("quick", {
    strategies: ["blocking", "worker"],
    levels: [10, 100],
    sequentialCount: 5,
    rateFractions: [],
  }, 2);
  const planned = planPoints(params);
  const finished = planned.filter((point) => point.id !== UNFINISHED_POINT);
  const samples = new Map(
    finished.map((
      point,
      index,
    ) => [
      point.id,
      syntheticSamples(point, EPOCH_MS + index * 60_000, rowsOf(point)),
    ]),
  );
  return {
    dir: "synthetic",
    manifest: {
      id: "synthetic",
      status: "complete",
      startedAt: new Date(EPOCH_MS).toISOString(),
      finishedAt: null,
      params,
      variants: planVariants(params),
      hashSingleMs: SYNTHETIC_HASH_MS,
      finishedPoints: finished.map((point) => point.id),
      plannedPoints: planned.map((point) => point.id),
      error: null,
    },
    environment: { cores: 2 } as RunEnvironment,
    rows: finished.flatMap(rowsOf),
    samples: (id) => {
      const found = samples.get(id);
      return found
        ? Promise.resolve(found)
        : Promise.reject(new RangeError(`Cannot load point "${id}"`));
    },
  };
}
