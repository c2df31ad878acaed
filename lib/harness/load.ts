/**
 * Closed-loop load: n requests one after another, or c requests started
 * together. Each batch uses its own HTTP client, so every batch starts
 * with no open connections and leaves none behind.
 * @module
 */
import {
  type RequestResult,
  type RequestSpec,
  sendTimed,
} from "./timed_request.ts";

/** Options shared by the load shapes. */
export interface LoadOptions {
  baseUrl: string;
  /** The request to send as number `index`. */
  request: (index: number) => RequestSpec;
  /** Abort a request after this long, ms. */
  timeoutMs: number;
  /** Aborts the requests in flight, for a run that is stopped. */
  signal?: AbortSignal;
  /** Called as each request ends, for progress displays. */
  onResult?: (result: RequestResult) => void;
}

function reporting(
  options: LoadOptions,
  result: Promise<RequestResult>,
): Promise<RequestResult> {
  return options.onResult
    ? result.then((value) => {
      try {
        options.onResult!(value);
      } catch {
        // A progress display that fails must not lose the measurement.
      }
      return value;
    })
    : result;
}

function checkCount(name: string, count: number): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`Cannot send requests: ${name} is ${count}`);
  }
}

/** Sends `count` requests, each after the previous one has finished. */
export async function runSequential(
  options: LoadOptions & { count: number },
): Promise<RequestResult[]> {
  checkCount("count", options.count);
  using client = Deno.createHttpClient({});
  const context = { ...options, client, origin: performance.now() };
  const results: RequestResult[] = [];
  for (let index = 0; index < options.count; index++) {
    results.push(
      await reporting(
        options,
        sendTimed(context, options.request(index), index),
      ),
    );
    options.signal?.throwIfAborted();
  }
  return results;
}

/**
 * Starts `concurrency` requests at the same moment and resolves when all
 * have ended. `origin` is the batch's start, for aligning other samples.
 */
export async function runConcurrentBatch(
  options: LoadOptions & { concurrency: number; origin?: number },
): Promise<RequestResult[]> {
  checkCount("concurrency", options.concurrency);
  using client = Deno.createHttpClient({});
  const context = {
    ...options,
    client,
    origin: options.origin ?? performance.now(),
  };
  const specs = Array.from(
    { length: options.concurrency },
    (_, index) => options.request(index),
  );
  return await Promise.all(
    specs.map((spec, index) =>
      reporting(options, sendTimed(context, spec, index))
    ),
  );
}
