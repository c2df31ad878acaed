/**
 * Open-loop load: requests sent on a fixed schedule, each on time whether
 * or not the ones before it have answered. Latency is measured from the
 * intended send time, so a stalled server cannot hide its stall by slowing
 * the sender down (coordinated omission). The health probe and the
 * constant-rate test are both built on it.
 * @module
 */
import {
  type RequestResult,
  type RequestSpec,
  sendTimed,
} from "./timed_request.ts";

/** A request of an open loop, with its schedule. */
export interface ScheduledResult extends RequestResult {
  /** When it was due, ms from the origin. */
  intendedMs: number;
}

/** Requests an open loop keeps in flight at most, unless told otherwise. */
export const DEFAULT_MAX_IN_FLIGHT = 2000;

/** Options of {@linkcode startOpenLoop}. */
export interface OpenLoopOptions {
  baseUrl: string;
  request: (index: number) => RequestSpec;
  /** Time between sends, ms. */
  intervalMs: number;
  /** Stop sending after this long, ms; by default only `stop()` ends it. */
  durationMs?: number;
  /** Abort a request after this long, ms. */
  timeoutMs: number;
  /**
   * Requests in flight at most; a send due beyond it is recorded as
   * `not_sent`, never silently skipped. Keeps file descriptors bounded.
   * Default 2000.
   */
  maxInFlight?: number;
  /** `performance.now()` that result times are relative to. */
  origin?: number;
  /** Aborts the requests in flight, for a run that is stopped. */
  signal?: AbortSignal;
  /** Called as each request ends, for progress displays. */
  onResult?: (result: ScheduledResult) => void;
}

/** A running open loop. */
export interface OpenLoop {
  /** Resolves when the duration is over and every request has ended. */
  finished: Promise<ScheduledResult[]>;
  /** Stops sending and resolves when every request sent has ended. */
  stop(): Promise<ScheduledResult[]>;
}

/** Starts sending now: the first request is due at once. */
export function startOpenLoop(options: OpenLoopOptions): OpenLoop {
  const { intervalMs } = options;
  if (!(intervalMs > 0)) {
    throw new RangeError(
      `Cannot run an open loop: interval is ${intervalMs} ms`,
    );
  }
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const start = performance.now();
  const origin = options.origin ?? start;
  const client = Deno.createHttpClient({});
  const context = { ...options, client, origin };
  const inFlight = new Set<Promise<ScheduledResult>>();
  const results: ScheduledResult[] = [];
  let index = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let resolveFinished!: (results: ScheduledResult[]) => void;
  const finished = new Promise<ScheduledResult[]>((resolve) =>
    resolveFinished = resolve
  );

  function send(dueAt: number): void {
    const intendedMs = dueAt - origin;
    const spec = options.request(index);
    const position = index++;
    if (inFlight.size >= maxInFlight) {
      results.push({
        endpoint: spec.endpoint,
        index: position,
        intendedMs,
        startMs: intendedMs,
        endMs: intendedMs,
        status: 0,
        ok: false,
        error: "not_sent",
        detail: `${maxInFlight} requests were already in flight`,
        serverMs: null,
        hashMs: null,
      });
      return;
    }
    const request = sendTimed(context, spec, position).then((result) => {
      const scheduled = { ...result, intendedMs };
      results.push(scheduled);
      try {
        options.onResult?.(scheduled);
      } catch {
        // A progress display that fails must not lose the measurement.
      }
      inFlight.delete(request);
      return scheduled;
    });
    inFlight.add(request);
  }

  async function drain(): Promise<ScheduledResult[]> {
    stopped = true;
    clearTimeout(timer);
    while (inFlight.size > 0) await Promise.all([...inFlight]);
    client.close();
    results.sort((a, b) => a.index - b.index);
    resolveFinished(results);
    return results;
  }

  const endAt = options.durationMs === undefined
    ? Infinity
    : start + options.durationMs;
  let nextDue = start;
  const tick = () => {
    if (stopped) return;
    if (options.signal?.aborted) {
      void drain();
      return;
    }
    const now = performance.now();
    // Catch up on every send that fell due while this loop was busy.
    while (nextDue <= now && nextDue < endAt) {
      send(nextDue);
      nextDue += intervalMs;
    }
    if (nextDue >= endAt) {
      void drain();
      return;
    }
    timer = setTimeout(tick, Math.max(0, nextDue - performance.now()));
  };
  tick();

  let stopping: Promise<ScheduledResult[]> | undefined;
  return {
    finished,
    stop: () => stopping ??= stopped ? finished : drain(),
  };
}
