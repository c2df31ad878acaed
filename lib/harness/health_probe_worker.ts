/**
 * Entry module of the health probe's worker thread: it runs the open loop
 * of health requests on its own event loop, so that work on the harness's
 * main loop (starting a thousand requests at once) cannot delay a probe.
 * @module
 */
import { type OpenLoop, startOpenLoop } from "./open_loop.ts";
import type { ProbeCommand, ProbeReply } from "./health_probe.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ProbeCommand>) => void) | null;
  postMessage(reply: ProbeReply): void;
  close(): void;
};

let loop: OpenLoop | undefined;

scope.onmessage = async ({ data }) => {
  if (data.type === "start") {
    // Each thread has its own time origin: meet on the epoch.
    const origin = data.originEpochMs - performance.timeOrigin;
    loop = startOpenLoop({
      baseUrl: data.baseUrl,
      request: () => ({
        endpoint: "health",
        method: "GET",
        path: "/api/health/",
      }),
      intervalMs: data.intervalMs,
      timeoutMs: data.timeoutMs,
      origin,
    });
    return;
  }
  const results = loop ? await loop.stop() : [];
  scope.postMessage({ type: "results", results });
  scope.close();
};

scope.postMessage({ type: "loaded" });
