/**
 * The directory of a run: its manifest, where it goes, how it is created
 * so that no two runs share one, how finished points and the summary are
 * saved, and how a run given up on is marked.
 * @module
 */
import type { ExperimentParams, Point, Variant } from "./experiment_plan.ts";
import type { PointData } from "./point_runner.ts";
import { SUMMARY_COLUMNS, type SummaryRow } from "./point_summary.ts";
import {
  runIdFor,
  toCsv,
  writeFileAtomic,
  writeJsonAtomic,
  writeJsonLinesAtomic,
} from "./run_files.ts";

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

const DEFAULT_RUNS_DIR = decodeURIComponent(
  new URL("../../data/runs", import.meta.url).pathname,
);

/**
 * The absolute directory for runs: the server runs in the project root,
 * so a path relative to the caller's directory would point elsewhere.
 *
 * @throws {RangeError} for a path Deno's permission flags cannot carry.
 */
export function resolveRunsDir(runsDir: string | undefined): string {
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
export async function createRunDir(
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

export async function savePoint(
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

export async function saveSummary(
  dir: string,
  rows: SummaryRow[],
): Promise<void> {
  await writeFileAtomic(`${dir}/summary.csv`, toCsv(rows, SUMMARY_COLUMNS));
  await writeJsonAtomic(`${dir}/summary.json`, rows);
}

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
