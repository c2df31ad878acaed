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
 * Marks a run that is being given up on as interrupted and removes the
 * directory of the point it was measuring, at once and without awaiting:
 * for a process about to exit on a second Ctrl-C.
 */
export function abandonRunSync(dir: string): void {
  const manifest = JSON.parse(
    Deno.readTextFileSync(`${dir}/run.json`),
  ) as RunManifest;
  if (manifest.status !== "running") return;
  for (const entry of Deno.readDirSync(`${dir}/points`)) {
    if (!manifest.finishedPoints.includes(entry.name)) {
      Deno.removeSync(`${dir}/points/${entry.name}`, { recursive: true });
    }
  }
  manifest.status = "interrupted";
  manifest.finishedAt = new Date().toISOString();
  manifest.error = "stopped at once, in the middle of a point";
  const temporary = `${dir}/run.json.tmp-${crypto.randomUUID().slice(0, 8)}`;
  Deno.writeTextFileSync(temporary, JSON.stringify(manifest, null, 2) + "\n");
  Deno.renameSync(temporary, `${dir}/run.json`);
}

/**
 * Median time of one bcrypt hash at `cost` on this thread, ms: the CPU cost
 * of a hash with nothing else running, after enough warm-up for V8 to have
 * optimised bcryptjs (the first hashes run up to a quarter slower).
 */
export function measureHashMs(cost: number, repeats = 9): number {
  const warmUntil = performance.now() + 200;
  let first = 0;
  for (let i = 0; i < 3 || performance.now() < warmUntil; i++) {
    const started = performance.now();
    bcrypt.hashSync("warm-up the JIT", cost);
    first ||= performance.now() - started;
  }
  // At a high cost a few hashes are enough; they block the thread.
  const count = Math.max(3, Math.min(repeats, Math.floor(3000 / first)));
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    bcrypt.hashSync("correct horse battery staple", cost);
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

/**
 * The absolute directory for runs: the server runs in the project root,
 * so a path relative to the caller's directory would point elsewhere.
 *
 * @throws {RangeError} for a path Deno's permission flags cannot carry.
 */
function resolveRunsDir(runsDir: string | undefined): string {
  if (!runsDir) return DEFAULT_RUNS_DIR;
  const absolute = runsDir.startsWith("/")
    ? runsDir
    : `${Deno.cwd()}/${runsDir}`;
  if (absolute.includes(",")) {
    throw new RangeError(
      `Cannot use runs directory "${runsDir}": it contains a comma`,
    );
  }
  return absolute.replace(/\/+$/, "");
}

/** A new, empty run directory; never one that another run is using. */
async function createRunDir(
  runsDir: string,
  started: Date,
): Promise<{ id: string; dir: string }> {
  for (let attempt = 0;; attempt++) {
    const id = runIdFor(started) + (attempt ? `-${attempt}` : "");
    try {
      await Deno.mkdir(`${runsDir}/${id}`);
      return { id, dir: `${runsDir}/${id}` };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists) || attempt > 100) {
        throw error;
      }
    }
  }
}

function checkFileLimit(params: ExperimentParams): void {
  const limit = openFileLimit();
  // Client and server sockets share the limit of this process tree, and the
  // probe may hold one socket per interval of a stall on top of the batch.
  const needed = 2 * Math.max(...params.levels) + 2500;
  const suggestion = 2 ** Math.ceil(Math.log2(needed));
  if (limit !== null && limit < needed) {
    throw new RangeError(
      `Cannot run ${
        Math.max(...params.levels)
      } concurrent requests: the open-file limit is ${limit}, about ${needed} are needed. Raise it first, e.g. "ulimit -n ${suggestion}"`,
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
