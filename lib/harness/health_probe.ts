/**
 * The health probe: `GET /api/health/` on a fixed schedule while a batch
 * runs, each probe sent on time whether or not earlier ones have answered.
 * It runs in a worker thread of the harness, because starting a batch of a
 * thousand requests keeps the harness's main loop busy for a good part of
 * a second, and probes scheduled there would leave late and count the
 * client's delay as the server's.
 * @module
 */
import type { ScheduledResult } from "./open_loop.ts";

/** Messages to the probe's worker. */
export type ProbeCommand =
  | {
    type: "start";
    baseUrl: string;
    intervalMs: number;
    timeoutMs: number;
    /** Result times are ms from this moment, ms since the epoch. */
    originEpochMs: number;
  }
  | { type: "stop" };

/** Messages from the probe's worker. */
export type ProbeReply =
  | { type: "loaded" }
  | { type: "results"; results: ScheduledResult[] };

/** Options of {@linkcode prepareHealthProbe}. */
export interface HealthProbeOptions {
  baseUrl: string;
  /** Time between probes, ms. */
  intervalMs: number;
  /** Abort a probe after this long, ms. */
  timeoutMs: number;
}

/** A probe whose thread is loaded and waiting for `start`. */
export interface HealthProbe {
  /**
   * Sends the first probe now, the next every interval. Result times are
   * ms from `originEpochMs` (ms since the epoch), usually this moment.
   */
  start(originEpochMs: number): void;
  /** Stops sending; resolves with every probe once all have ended. */
  stop(): Promise<ScheduledResult[]>;
  /** Ends the probe at once, dropping its results: for an aborted run. */
  cancel(): void;
}

const WORKER_URL = new URL("./health_probe_worker.ts", import.meta.url);

/**
 * Starts the probe's thread and resolves once it has loaded, so that
 * `start` sends the first probe without a start-up delay.
 */
export async function prepareHealthProbe(
  options: HealthProbeOptions,
): Promise<HealthProbe> {
  if (!(options.intervalMs > 0)) {
    throw new RangeError(`Cannot probe: interval is ${options.intervalMs} ms`);
  }
  const worker = new Worker(WORKER_URL.href, { type: "module" });
  const waiting: ((reply: ProbeReply) => void)[] = [];
  const failed = new Promise<never>((_, reject) => {
    worker.onerror = (event) => {
      event.preventDefault();
      reject(
        new Error(`Cannot probe: the probe's thread failed: ${event.message}`),
      );
    };
  });
  failed.catch(() => {});
  worker.onmessage = (event: MessageEvent<ProbeReply>) =>
    waiting.shift()?.(event.data);
  const next = () =>
    Promise.race([
      new Promise<ProbeReply>((resolve) => waiting.push(resolve)),
      failed,
    ]);

  try {
    await next();
  } catch (error) {
    worker.terminate();
    throw error;
  }
  let stopping: Promise<ScheduledResult[]> | undefined;
  return {
    start(originEpochMs) {
      worker.postMessage(
        { type: "start", ...options, originEpochMs } satisfies ProbeCommand,
      );
    },
    stop() {
      stopping ??= (async () => {
        const done = next();
        worker.postMessage({ type: "stop" } satisfies ProbeCommand);
        try {
          const reply = await done;
          return reply.type === "results" ? reply.results : [];
        } finally {
          worker.terminate();
        }
      })();
      return stopping;
    },
    cancel: () => worker.terminate(),
  };
}
