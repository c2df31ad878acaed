/**
 * Runs an experiment: every point of the plan in turn, each on a fresh
 * server, saving each point's raw samples and the growing summary under
 * `data/runs/<timestamp>/` as it goes. A run that is stopped keeps every
 * point it finished.
 * @module
 */
import bcrypt from "bcryptjs";
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
  type Variant,
} from "./experiment_plan.ts";
import { percentile } from "./percentiles.ts";
import { type PointData, runPoint } from "./point_runner.ts";
import {
  summarisePoint,
  SUMMARY_COLUMNS,
  type SummaryRow,
} from "./point_summary.ts";
import { clockTicksPerSecond, procAvailable } from "./proc_stats.ts";
import {
  runIdFor,
  toCsv,
  writeJsonAtomic,
  writeJsonLinesAtomic,
} from "./run_files.ts";
import { writeFileAtomic } from "./run_files.ts";

/** Where a run is, for a progress display. */
export type ProgressEvent =
  | { type: "calibrated"; hashMs: number; estimateMs: number; points: number }
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

/** How a run ended. */
export type RunStatus = "running" | "complete" | "interrupted" | "failed";

/** The index file of a run directory, run.json. */
export interface RunManifest {
  id: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  params: ExperimentParams;
  variants: Variant[];
  /** Single-hash time measured in the harness at the start, ms. */
  hashSingleMs: number;
  /** Points finished and saved, in order. */
  finishedPoints: string[];
  /** Points planned, in order. */
  plannedPoints: string[];
  error: string | null;
}

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

const DEFAULT_RUNS_DIR = decodeURIComponent(
  new URL("../../data/runs", import.meta.url).pathname,
);

/**
 * Median time of one bcrypt hash at `cost` on this thread, ms: the CPU cost
 * of a hash with nothing else running, after enough warm-up for V8 to have
 * optimised bcryptjs (the first hashes run up to a quarter slower).
 */
export function measureHashMs(cost: number, repeats = 9): number {
  const warmUntil = performance.now() + 200;
  for (let i = 0; i < 3 || performance.now() < warmUntil; i++) {
    bcrypt.hashSync("warm-up the JIT", cost);
  }
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    bcrypt.hashSync("correct horse battery staple", cost);
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

function checkFileLimit(params: ExperimentParams): void {
  const limit = openFileLimit();
  // Client and server sockets share the limit of this process tree, and the
  // probe may hold one socket per interval of a stall on top of the batch.
  const needed = 2 * Math.max(...params.levels) + 2500;
  if (limit !== null && limit < needed) {
    throw new RangeError(
      `Cannot run ${
        Math.max(...params.levels)
      } concurrent requests: the open-file limit is ${limit}, about ${needed} are needed. Raise it first, e.g. "ulimit -n 65536"`,
    );
  }
}

async function savePoint(
  dir: string,
  point: Point,
  data: PointData,
  rows: SummaryRow[],
): Promise<void> {
  await writeJsonLinesAtomic(`${dir}/requests.jsonl`, data.requests);
  await writeJsonLinesAtomic(`${dir}/probes.jsonl`, data.probes);
  await writeJsonLinesAtomic(`${dir}/resources.jsonl`, data.resources);
  // point.json is written last: a point directory without it is unfinished.
  await writeJsonAtomic(`${dir}/point.json`, {
    point,
    originEpochMs: data.originEpochMs,
    rateRps: data.rateRps ?? null,
    unreadableLogLines: data.unreadableLogLines,
    serverExit: data.serverExit,
    summary: rows,
  });
}

async function saveSummary(dir: string, rows: SummaryRow[]): Promise<void> {
  await writeFileAtomic(`${dir}/summary.csv`, toCsv(rows, SUMMARY_COLUMNS));
  await writeJsonAtomic(`${dir}/summary.json`, rows);
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
  const id = runIdFor(started);
  const dir = `${options.runsDir ?? DEFAULT_RUNS_DIR}/${id}`;
  await Deno.mkdir(`${dir}/points`, { recursive: true });
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
    manifest.error = error instanceof Error ? error.message : String(error);
    if (!aborted) throw error;
  } finally {
    manifest.finishedAt = new Date().toISOString();
    await saveSummary(dir, rows);
    await writeJsonAtomic(`${dir}/run.json`, manifest);
  }
  return { dir, manifest, rows };
}
