/**
 * One HTTP request, timed from the client, with the server's own time read
 * from its `Server-Timing` header. A failure becomes a result with an error
 * kind, never an exception, so that every request sent is counted.
 * @module
 */

/** Why a request failed. "http" means a response with a non-2xx status. */
export type ErrorKind =
  | "timeout"
  | "reset"
  | "refused"
  | "network"
  | "http"
  | "not_sent";

/** What to send. */
export interface RequestSpec {
  /** Name of the endpoint in results, such as "register". */
  endpoint: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/** The outcome of one request. Times are ms from the batch's origin. */
export interface RequestResult {
  endpoint: string;
  /** Position in its batch or sequence. */
  index: number;
  startMs: number;
  endMs: number;
  /** 0 when no response arrived. */
  status: number;
  ok: boolean;
  error: ErrorKind | null;
  /** The error message, for network errors. */
  detail?: string;
  /** `app;dur` of Server-Timing: time inside the handler, ms. */
  serverMs: number | null;
  /** `hash;dur` of Server-Timing: time waiting for bcrypt, ms. */
  hashMs: number | null;
}

/** Reads one metric's duration from a Server-Timing header. */
export function serverTimingMetric(
  header: string | null,
  name: string,
): number | null {
  if (!header) return null;
  for (const entry of header.split(",")) {
    const [metric, ...params] = entry.trim().split(";");
    if (metric.trim() !== name) continue;
    for (const param of params) {
      const [key, value] = param.trim().split("=");
      if (key === "dur" && value !== undefined && value !== "") {
        const ms = Number(value);
        if (Number.isFinite(ms)) return ms;
      }
    }
  }
  return null;
}

/** A fetch error's message with its cause, which holds the OS's reason. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? error.message : `${error.message}: ${cause}`;
}

/** The error kind of a thrown fetch error. */
export function classifyFetchError(error: unknown): ErrorKind {
  if (error instanceof DOMException) {
    if (error.name === "TimeoutError" || error.name === "AbortError") {
      return "timeout";
    }
  }
  const message = describeError(error);
  if (/refused/i.test(message)) return "refused";
  // The kernel gave up connecting: the server's accept queue stayed full.
  if (/timed out/i.test(message)) return "timeout";
  if (
    /reset|broken pipe|closed before|connection closed|incomplete/i.test(
      message,
    )
  ) {
    return "reset";
  }
  return "network";
}

/** Where and how to send: shared by every request of a batch. */
export interface SendContext {
  baseUrl: string;
  client: Deno.HttpClient;
  /** `performance.now()` of the batch start; results are relative to it. */
  origin: number;
  /** Abort a request after this long, ms. */
  timeoutMs: number;
  /** Aborts every request of the batch, for a run that is stopped. */
  signal?: AbortSignal;
}

/** Sends one request and always resolves with its result. */
export async function sendTimed(
  context: SendContext,
  spec: RequestSpec,
  index: number,
): Promise<RequestResult> {
  const started = performance.now();
  const base = {
    endpoint: spec.endpoint,
    index,
    startMs: started - context.origin,
  };
  try {
    const response = await fetch(`${context.baseUrl}${spec.path}`, {
      method: spec.method,
      body: spec.body,
      headers: spec.headers,
      client: context.client,
      signal: context.signal
        ? AbortSignal.any([
          context.signal,
          AbortSignal.timeout(context.timeoutMs),
        ])
        : AbortSignal.timeout(context.timeoutMs),
    });
    // Read the whole body, so the connection is free the moment we are done.
    await response.arrayBuffer();
    const timing = response.headers.get("server-timing");
    return {
      ...base,
      endMs: performance.now() - context.origin,
      status: response.status,
      ok: response.ok,
      error: response.ok ? null : "http",
      serverMs: serverTimingMetric(timing, "app"),
      hashMs: serverTimingMetric(timing, "hash"),
    };
  } catch (error) {
    return {
      ...base,
      endMs: performance.now() - context.origin,
      status: 0,
      ok: false,
      error: classifyFetchError(error),
      detail: describeError(error),
      serverMs: null,
      hashMs: null,
    };
  }
}
