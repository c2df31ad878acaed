/**
 * Made-up raw samples of one point, for chart tests that must not depend on
 * a saved run.
 * @module
 */
import type { Point } from "../../harness/experiment_plan.ts";
import type { SummaryRow } from "../../harness/point_summary.ts";
import type { PointSamples } from "../run_data.ts";

/**
 * Made-up samples of a point that started at `originEpochMs`: requests that
 * end 2 ms apart, health probes every 20 ms (blocking variants answer them
 * late and drop the third), loop delay every 10 ms per thread, resources
 * every 100 ms with some null readings.
 */
export function syntheticSamples(
  point: Point,
  originEpochMs: number,
  summary: SummaryRow[],
): PointSamples {
  const c = point.kind === "batch" ? point.concurrency : 1;
  const durationMs = c * 2;
  const blocking = point.variant.strategy === "blocking";
  const result = {
    endpoint: "register",
    status: 200,
    ok: true,
    error: null,
    serverMs: 2,
    hashMs: 2,
  };
  const requests = Array.from(
    { length: c },
    (_, k) => ({ ...result, index: k, startMs: 0, endMs: (k + 1) * 2 }),
  );
  const probes = Array.from(
    { length: Math.ceil(durationMs / 20) + 5 },
    (_, k) => {
      const intendedMs = k * 20;
      const failed = blocking && k === 2;
      const latencyMs = blocking && intendedMs < durationMs
        ? durationMs - intendedMs
        : 1;
      return {
        ...result,
        endpoint: "health",
        index: k,
        intendedMs,
        startMs: intendedMs,
        endMs: intendedMs + (failed ? 0 : latencyMs),
        ok: !failed,
        error: failed ? "not_sent" as const : null,
      };
    },
  );
  const threads = point.variant.threads === 1 ? ["main"] : ["t-a1", "t-b2"];
  const loopDelay = threads.flatMap((thread) =>
    Array.from({ length: durationMs / 10 + 1 }, (_, k) => ({
      t: originEpochMs + k * 10,
      delayMs: blocking && k === durationMs / 10 ? durationMs : 0.5,
      thread,
    }))
  );
  const resources = Array.from({ length: durationMs / 100 + 2 }, (_, k) => ({
    t: originEpochMs + k * 100,
    serverCpuPercent: k === 0 ? null : 100,
    serverRssBytes: k === 1 ? null : 60 * 2 ** 20,
    serverThreads: 7,
    machineCpuPercent: k === 0 ? null : 110,
    machineMemoryUsedBytes: 2 ** 30,
    loadAverage1m: 1,
    harnessCpuPercent: k === 0 ? null : 10,
    harnessRssBytes: 2 ** 26,
  }));
  const serverRequests: PointSamples["serverRequests"] = [];
  return {
    point,
    originEpochMs,
    rateRps: null,
    requests,
    probes,
    resources,
    loopDelay,
    serverRequests,
    summary,
  };
}
