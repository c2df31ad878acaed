/**
 * Middleware that times each request inside the server: the time from the
 * handler's start to its response, sent as a `Server-Timing` header and,
 * when a sink is given, logged as one JSON line. It cannot see the time a
 * request waited before the event loop picked it up; the client can.
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import type { RecordSink } from "./json_lines_sink.ts";

/** One line of the request log. */
export interface RequestRecord {
  /** Handler start, ms since the epoch. */
  t: number;
  method: string;
  path: string;
  status: number;
  /** Handler duration, ms. */
  ms: number;
  /** Which server thread handled it. */
  thread: string;
}

/** Variables that handlers may set on the context. */
export interface TimingVariables {
  /** Extra `Server-Timing` metrics, such as the time spent hashing. */
  timings: { name: string; ms: number }[];
}

/** Records a named duration for the `Server-Timing` header. */
export function addTiming(
  c: Context<{ Variables: TimingVariables }>,
  name: string,
  ms: number,
): void {
  c.get("timings").push({ name, ms });
}

/** Runs `work` and records its duration under `name`. */
export async function timed<T>(
  c: Context<{ Variables: TimingVariables }>,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    addTiming(c, name, performance.now() - started);
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** Options of {@linkcode requestTiming}. */
export interface RequestTimingOptions {
  thread: string;
  sink?: RecordSink<RequestRecord>;
}

/** The timing middleware. */
export function requestTiming(
  options: RequestTimingOptions,
): MiddlewareHandler<{ Variables: TimingVariables }> {
  return async (c, next) => {
    const startedAt = performance.timeOrigin + performance.now();
    const started = performance.now();
    c.set("timings", []);
    await next();
    const ms = performance.now() - started;
    const metrics = [
      `app;dur=${round(ms)}`,
      ...c.get("timings").map((timing) =>
        `${timing.name};dur=${round(timing.ms)}`
      ),
    ];
    c.res.headers.set("server-timing", metrics.join(", "));
    options.sink?.write({
      t: round(startedAt),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: round(ms),
      thread: options.thread,
    });
  };
}
