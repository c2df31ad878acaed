/**
 * Measures one point of an experiment: a fresh server and database, a
 * warm-up, then the load of the point with the health probe and the
 * resource sampler running beside it, and the server's own logs read back.
 * @module
 */
import type { RequestRecord } from "../server/request_timing.ts";
import type { LoopDelaySample } from "../server/loop_monitor.ts";
import type { ExperimentParams, Point } from "./experiment_plan.ts";
import { readJsonLines } from "./json_lines.ts";
import { launchServer, type RunningServer } from "./launcher.ts";
import { runConcurrentBatch, runSequential } from "./load.ts";
import { type HealthProbe, prepareHealthProbe } from "./health_probe.ts";
import { type ScheduledResult, startOpenLoop } from "./open_loop.ts";
import type { CounterSource } from "./proc_stats.ts";
import {
  type ResourceSample,
  startResourceSampler,
} from "./resource_sampler.ts";
import type { RequestResult, RequestSpec } from "./timed_request.ts";

/** Everything measured at one point. Times are ms from `originEpochMs`. */
export interface PointData {
  /** Start of the measured load, ms since the epoch. */
  originEpochMs: number;
  /** The load: registrations (and health, for sequential points). */
  requests: (RequestResult & { intendedMs?: number })[];
  /** Open-loop health probes sent while the load ran. */
  probes: ScheduledResult[];
  resources: ResourceSample[];
  /** The server's event-loop delay samples during the load. */
  loopDelay: LoopDelaySample[];
  /** The server's log line for each request during the load. */
  serverRequests: RequestRecord[];
  /** Log lines that could not be parsed (a cut-off last line). */
  unreadableLogLines: number;
  /** Arrival rate of a rate point, requests per second. */
  rateRps?: number;
  /** How the server process ended. */
  serverExit: { code: number; signal: string | null };
}

/** What a point needs besides the point itself. */
export interface PointContext {
  params: ExperimentParams;
  /** The point's own directory; the server writes its logs here. */
  dir: string;
  /** Single-hash time at this cost, ms, for the arrival rate of rate points. */
  hashMs: number;
  counterSource: CounterSource;
  ticksPerSecond: number;
  /** Told how many requests of the load have ended, now and then. */
  onRequests?: (done: number, total: number) => void;
  /** Aborts the requests in flight; the point then throws. */
  signal?: AbortSignal;
}

/** A password every load-test user shares; it protects nothing. */
const LOAD_TEST_PASSWORD = "correct horse battery staple";

function registerRequest(prefix: string): (index: number) => RequestSpec {
  return (index) => ({
    endpoint: "register",
    method: "POST",
    path: "/api/users/register/",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      username: `${prefix}${index}`,
      email: `${prefix}${index}@loadtest.invalid`,
      password: LOAD_TEST_PASSWORD,
    }),
  });
}

const healthRequest = (): RequestSpec => ({
  endpoint: "health",
  method: "GET",
  path: "/api/health/",
});

async function warmUp(
  server: RunningServer,
  context: PointContext,
): Promise<void> {
  const count = context.params.warmupRequests;
  if (count < 1) return;
  const timeoutMs = context.params.requestTimeoutMs;
  const results = [
    ...await runSequential({
      baseUrl: server.baseUrl,
      request: registerRequest("warmup"),
      timeoutMs,
      count,
    }),
    ...await runSequential({
      baseUrl: server.baseUrl,
      request: healthRequest,
      timeoutMs,
      count: count * 4,
    }),
  ];
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) {
    throw new Error(
      `Cannot warm up the server: ${failed.length} of ${results.length} requests failed, first: ${
        failed[0].error
      } ${failed[0].status} ${failed[0].detail ?? ""}`,
    );
  }
}

function progress(context: PointContext, total: number): () => void {
  let done = 0;
  return () => {
    done++;
    if (done === total || done % Math.max(1, Math.ceil(total / 50)) === 0) {
      context.onRequests?.(done, total);
    }
  };
}

async function runLoad(
  point: Point,
  server: RunningServer,
  context: PointContext,
  origin: number,
  probe: HealthProbe | undefined,
): Promise<Pick<PointData, "requests" | "probes" | "rateRps">> {
  const { params } = context;
  const base = {
    baseUrl: server.baseUrl,
    timeoutMs: params.requestTimeoutMs,
    signal: context.signal,
  };
  if (point.kind === "sequential") {
    const onResult = progress(context, point.count * 2);
    const health = await runSequential({
      ...base,
      request: healthRequest,
      count: point.count,
      onResult,
    });
    const register = await runSequential({
      ...base,
      request: registerRequest("seq"),
      count: point.count,
      onResult,
    });
    return { requests: [...health, ...register], probes: [] };
  }
  if (!probe) throw new Error("Cannot run a batch: no health probe");
  probe.start(performance.timeOrigin + origin);
  try {
    if (point.kind === "batch") {
      const requests = await runConcurrentBatch({
        ...base,
        request: registerRequest("batch"),
        concurrency: point.concurrency,
        origin,
        onResult: progress(context, point.concurrency),
      });
      context.signal?.throwIfAborted();
      await new Promise((resolve) => setTimeout(resolve, params.settleMs));
      return { requests, probes: await probe.stop() };
    }
    const rateRps = (point.fraction * point.variant.usableCores * 1000) /
      context.hashMs;
    const total = Math.ceil((point.durationMs / 1000) * rateRps);
    const load = startOpenLoop({
      ...base,
      request: registerRequest("rate"),
      intervalMs: 1000 / rateRps,
      durationMs: point.durationMs,
      origin,
      onResult: progress(context, total),
    });
    const requests = await load.finished;
    context.signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, params.settleMs));
    return { requests, probes: await probe.stop(), rateRps };
  } finally {
    // On an abort, probes stuck on a stalled server are not waited for.
    if (context.signal?.aborted) probe.cancel();
    else await probe.stop();
  }
}

/**
 * Measures a point. The server is stopped before this returns or throws.
 *
 * @throws {Error} if the server cannot start or warm up, or on abort.
 */
export async function runPoint(
  point: Point,
  context: PointContext,
): Promise<PointData> {
  const { params } = context;
  await using server = await launchServer({
    strategy: point.variant.serverStrategy,
    threads: point.variant.threads,
    cost: params.cost,
    poolSize: point.variant.poolSize,
    workDir: context.dir,
    loopSampleMs: params.loopSampleMs,
  });
  await warmUp(server, context);
  // Loaded before the clock starts, so the first probe leaves at once.
  const probe = point.kind === "sequential"
    ? undefined
    : await prepareHealthProbe({
      baseUrl: server.baseUrl,
      intervalMs: params.probeIntervalMs,
      timeoutMs: params.requestTimeoutMs,
    });
  const origin = performance.now();
  const originEpochMs = performance.timeOrigin + origin;
  const sampler = startResourceSampler({
    pid: server.pid,
    intervalMs: params.sampleIntervalMs,
    source: context.counterSource,
    ticksPerSecond: context.ticksPerSecond,
  });
  let load: Awaited<ReturnType<typeof runLoad>>;
  let resources: ResourceSample[];
  try {
    load = await runLoad(point, server, context, origin, probe);
  } finally {
    resources = await sampler.stop();
    probe?.cancel(); // a no-op once stopped; frees the thread on a throw
    // Stopped by the user: queued requests would keep the server busy for
    // as long as the batch had left, so it gets little time to finish.
    if (context.signal?.aborted) await server.stop(1000);
  }
  context.signal?.throwIfAborted();
  const status = await server.stop();
  const loop = await readJsonLines<LoopDelaySample>(server.files.loopLog);
  const logged = await readJsonLines<RequestRecord>(server.files.requestLog);
  await removeDatabase(server.files.db);
  return {
    originEpochMs,
    ...load,
    resources,
    loopDelay: loop.records.filter((sample) => sample.t >= originEpochMs),
    serverRequests: logged.records.filter((record) =>
      record.t >= originEpochMs
    ),
    unreadableLogLines: loop.unreadable + logged.unreadable,
    serverExit: { code: status.code, signal: status.signal },
  };
}

async function removeDatabase(path: string): Promise<void> {
  for (const suffix of ["", "-wal", "-shm"]) {
    await Deno.remove(`${path}${suffix}`).catch(() => {});
  }
}
