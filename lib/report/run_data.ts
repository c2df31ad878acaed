/**
 * Loads a saved run back as flat records: its manifest, environment,
 * summary rows and, for each finished point, the raw samples. The notebook
 * and the charts read runs only through this module.
 * @module
 */
import type { RunManifest } from "../harness/run_directory.ts";
import type { RunEnvironment } from "../harness/environment.ts";
import type { Point } from "../harness/experiment_plan.ts";
import { readJsonLines } from "../harness/json_lines.ts";
import type { ScheduledResult } from "../harness/open_loop.ts";
import type { SummaryRow } from "../harness/point_summary.ts";
import type { ResourceSample } from "../harness/resource_sampler.ts";
import type { RequestResult } from "../harness/timed_request.ts";
import type { LoopDelaySample } from "../server/loop_monitor.ts";
import type { RequestRecord } from "../server/request_timing.ts";

/** The raw samples of one finished point. Times in `t` are epoch ms. */
export interface PointSamples {
  point: Point;
  /** Start of the measured load, ms since the epoch. */
  originEpochMs: number;
  rateRps: number | null;
  /** Client-side results; startMs/endMs are ms from the origin. */
  requests: (RequestResult & { intendedMs?: number })[];
  probes: ScheduledResult[];
  resources: ResourceSample[];
  loopDelay: LoopDelaySample[];
  serverRequests: RequestRecord[];
  summary: SummaryRow[];
}

/** A run as saved under data/runs/<id>/. */
export interface LoadedRun {
  dir: string;
  manifest: RunManifest;
  environment: RunEnvironment;
  /** Every summary row of the finished points. */
  rows: SummaryRow[];
  /** Raw samples of a finished point, read on first use. */
  samples(pointId: string): Promise<PointSamples>;
}

interface PointFile {
  point: Point;
  originEpochMs: number;
  rateRps: number | null;
  summary: SummaryRow[];
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await Deno.readTextFile(path)) as T;
}

async function loadPoint(dir: string, pointId: string): Promise<PointSamples> {
  const base = `${dir}/points/${pointId}`;
  const meta = await readJson<PointFile>(`${base}/point.json`);
  const [requests, probes, resources, loop, logged] = await Promise.all([
    readJsonLines<PointSamples["requests"][number]>(`${base}/requests.jsonl`),
    readJsonLines<ScheduledResult>(`${base}/probes.jsonl`),
    readJsonLines<ResourceSample>(`${base}/resources.jsonl`),
    readJsonLines<LoopDelaySample>(`${base}/loop_delay.jsonl`),
    readJsonLines<RequestRecord>(`${base}/server_requests.jsonl`),
  ]);
  // The server's logs also hold its warm-up; keep what the load saw.
  const measured = <T extends { t: number }>(records: T[]) =>
    records.filter((record) => record.t >= meta.originEpochMs);
  return {
    point: meta.point,
    originEpochMs: meta.originEpochMs,
    rateRps: meta.rateRps,
    requests: requests.records,
    probes: probes.records,
    resources: resources.records,
    loopDelay: measured(loop.records),
    serverRequests: measured(logged.records),
    summary: meta.summary,
  };
}

/**
 * Loads the run in `dir`.
 *
 * @throws {Deno.errors.NotFound} if it holds no run.json.
 */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const manifest = await readJson<RunManifest>(`${dir}/run.json`);
  const environment = await readJson<RunEnvironment>(`${dir}/environment.json`);
  const rows = await readJson<SummaryRow[]>(`${dir}/summary.json`).catch(
    () => [],
  );
  const cache = new Map<string, Promise<PointSamples>>();
  return {
    dir,
    manifest,
    environment,
    rows,
    samples(pointId) {
      if (!manifest.finishedPoints.includes(pointId)) {
        return Promise.reject(
          new RangeError(
            `Cannot load point "${pointId}": it did not finish in run ${manifest.id}`,
          ),
        );
      }
      let loaded = cache.get(pointId);
      if (!loaded) {
        loaded = loadPoint(dir, pointId);
        cache.set(pointId, loaded);
      }
      return loaded;
    },
  };
}

/** The newest run directory under `runsDir` that has a run.json, if any. */
export async function latestRunDir(runsDir: string): Promise<string | null> {
  const ids: string[] = [];
  try {
    for await (const entry of Deno.readDir(runsDir)) {
      if (entry.isDirectory) ids.push(entry.name);
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  for (const id of ids.sort().reverse()) {
    try {
      await Deno.stat(`${runsDir}/${id}/run.json`);
      return `${runsDir}/${id}`;
    } catch {
      continue;
    }
  }
  return null;
}
