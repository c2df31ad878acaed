/**
 * Runs an experiment: every point of the plan in turn, each on a fresh
 * server, saving each point's raw samples and the growing summary under
 * `data/runs/<timestamp>/` as it goes. A run that is stopped keeps every
 * point it finished.
 * @module
 */
import {
  collectEnvironment,
  openFileLimit,
  type RunEnvironment,
} from "./environment.ts";
import {
  estimatePointMs,
  type ExperimentParams,
  planPoints,
  planVariants,
  type Point,
} from "./experiment_plan.ts";
import { measureHashMs } from "./hash_calibration.ts";
import { DEFAULT_MAX_IN_FLIGHT } from "./open_loop.ts";
import { type PointData, runPoint } from "./point_runner.ts";
import { summarisePoint, type SummaryRow } from "./point_summary.ts";
import { clockTicksPerSecond, procAvailable } from "./proc_stats.ts";
import {
  createRunDir,
  resolveRunsDir,
  type RunManifest,
  savePoint,
  saveSummary,
} from "./run_directory.ts";
import { writeJsonAtomic } from "./run_files.ts";

/** Where a run is, for a progress display. */
export type ProgressEvent =
  | {
    type: "calibrated";
    /** The run's directory. */
    dir: string;
    hashMs: number;
    estimateMs: number;
    points: number;
  }
  | {
    type: "point-start";
    index: number;
    total: number;
    point: Point;
    estimateMs: number;
  }
  | {
    type: "requests";
    index: number;
    total: number;
    point: Point;
    done: number;
    of: number;
  }
  | {
    type: "point-done";
    index: number;
    total: number;
    point: Point;
    rows: SummaryRow[];
  };

/** Options of {@linkcode runExperiment}. */
export interface RunOptions {
  /** The directory that holds runs. Default: the project's data/runs. */
  runsDir?: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Stops the run: the point in progress is dropped, the rest kept. */
  signal?: AbortSignal;
}

/** What a run produced. */
export interface RunResult {
  dir: string;
  manifest: RunManifest;
  rows: SummaryRow[];
}

function checkFileLimit(params: ExperimentParams): void {
  const limit = openFileLimit();
  // Client and server sockets share the limit of this process tree, and the
  // probe may hold one socket per interval of a stall on top of the batch.
  const needed = 2 * (Math.max(...params.levels) + DEFAULT_MAX_IN_FLIGHT) + 500;
  const suggestion = 2 ** Math.ceil(Math.log2(needed));
  if (limit !== null && limit < needed) {
    throw new RangeError(
      `Cannot run ${
        Math.max(...params.levels)
      } concurrent requests: the open-file limit is ${limit}, about ${needed} are needed. Raise it first, e.g. "ulimit -n ${suggestion}"`,
    );
  }
}

/**
 * Runs every point of the plan and saves the run.
 *
 * @throws {RangeError} before starting, if the open-file limit is too low.
 */
export async function runExperiment(
  params: ExperimentParams,
  options: RunOptions = {},
): Promise<RunResult> {
  checkFileLimit(params);
  const started = new Date();
  const runsDir = resolveRunsDir(options.runsDir);
  await Deno.mkdir(runsDir, { recursive: true });
  const { id, dir } = await createRunDir(runsDir, started);
  await Deno.mkdir(`${dir}/points`);
  const points = planPoints(params);
  const environment: RunEnvironment = await collectEnvironment();
  const hashSingleMs = measureHashMs(params.cost);
  const manifest: RunManifest = {
    id,
    status: "running",
    startedAt: started.toISOString(),
    finishedAt: null,
    params,
    variants: planVariants(params),
    hashSingleMs,
    finishedPoints: [],
    plannedPoints: points.map((point) => point.id),
    error: null,
  };
  await writeJsonAtomic(`${dir}/params.json`, params);
  await writeJsonAtomic(`${dir}/environment.json`, environment);
  await writeJsonAtomic(`${dir}/run.json`, manifest);
  options.onProgress?.({
    type: "calibrated",
    dir,
    hashMs: hashSingleMs,
    points: points.length,
    estimateMs: points.reduce(
      (sum, point) => sum + estimatePointMs(point, hashSingleMs, params),
      0,
    ),
  });

  const counterSource = procAvailable() ? "proc" : "ps";
  const ticksPerSecond = await clockTicksPerSecond();
  const rows: SummaryRow[] = [];
  try {
    for (const [index, point] of points.entries()) {
      options.signal?.throwIfAborted();
      const total = points.length;
      options.onProgress?.({
        type: "point-start",
        index,
        total,
        point,
        estimateMs: estimatePointMs(point, hashSingleMs, params),
      });
      const pointDir = `${dir}/points/${point.id}`;
      await Deno.mkdir(pointDir, { recursive: true });
      let data: PointData;
      try {
        data = await runPoint(point, {
          params,
          dir: pointDir,
          hashMs: hashSingleMs,
          counterSource,
          ticksPerSecond,
          signal: options.signal,
          onRequests: (done, of) =>
            options.onProgress?.({
              type: "requests",
              index,
              total,
              point,
              done,
              of,
            }),
        });
      } catch (error) {
        await Deno.remove(pointDir, { recursive: true }).catch(() => {});
        throw error;
      }
      const pointRows = summarisePoint(point, data, {
        cost: params.cost,
        hashSingleMs,
      });
      await savePoint(pointDir, point, data, pointRows);
      rows.push(...pointRows);
      await saveSummary(dir, rows);
      manifest.finishedPoints.push(point.id);
      await writeJsonAtomic(`${dir}/run.json`, manifest);
      options.onProgress?.({
        type: "point-done",
        index,
        total,
        point,
        rows: pointRows,
      });
    }
    manifest.status = "complete";
  } catch (error) {
    const aborted = options.signal?.aborted ?? false;
    manifest.status = aborted ? "interrupted" : "failed";
    manifest.error = aborted
      ? "stopped before the end"
      : error instanceof Error
      ? error.message
      : String(error);
    if (!aborted) throw error;
  } finally {
    manifest.finishedAt = new Date().toISOString();
    await saveSummary(dir, rows);
    await writeJsonAtomic(`${dir}/run.json`, manifest);
  }
  return { dir, manifest, rows };
}
