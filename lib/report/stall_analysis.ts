/**
 * What the health probe and the loop monitor saw while one batch ran: how
 * long the event loop went without a tick, and how many probes waited for
 * the batch instead of being answered on their own.
 * @module
 */
import { latencyStats } from "../harness/latency_summary.ts";
import type { PointSamples } from "./run_data.ts";

/** The stall of one batch. Times in ms from the batch start unless named. */
export interface StallAnalysis {
  pointId: string;
  /** When the last registration of the batch ended. */
  batchEndMs: number;
  /** Largest event-loop delay sample: a stretch with no tick, ms. */
  longestStallMs: number;
  /** When that stretch ended. */
  longestStallEndedAtMs: number;
  /** Loop-monitor ticks during the batch, and how many a free loop makes. */
  loopTicks: number;
  expectedLoopTicks: number;
  /** Probes due while the batch ran. */
  probesDuringBatch: number;
  /** Of those, the ones answered only in the last 10 % of the batch or later. */
  probesAnsweredAtEnd: number;
  probeP50Ms: number;
  probeMaxMs: number;
  /** Probes due during the batch that failed (timeout, reset …). */
  probesFailed: number;
}

/** Analyses the stall of a batch point's samples. */
export function analyseStall(
  samples: PointSamples,
  loopSampleMs: number,
): StallAnalysis {
  const batchEndMs = Math.max(
    0,
    ...samples.requests.map((result) => result.endMs),
  );
  let longestStallMs = 0;
  let longestStallEndedAtMs = 0;
  let loopTicks = 0;
  for (const sample of samples.loopDelay) {
    const at = sample.t - samples.originEpochMs;
    if (at > batchEndMs) continue;
    loopTicks++;
    if (sample.delayMs > longestStallMs) {
      longestStallMs = sample.delayMs;
      longestStallEndedAtMs = at;
    }
  }
  const threads =
    new Set(samples.loopDelay.map((sample) => sample.thread)).size || 1;
  const during = samples.probes.filter((probe) =>
    probe.intendedMs < batchEndMs
  );
  const answered = during.filter((probe) => probe.ok);
  const latency = latencyStats(
    answered.map((probe) => probe.endMs - probe.intendedMs),
  );
  return {
    pointId: samples.point.id,
    batchEndMs,
    longestStallMs,
    longestStallEndedAtMs,
    loopTicks,
    expectedLoopTicks: Math.floor((batchEndMs / loopSampleMs) * threads),
    probesDuringBatch: during.length,
    probesAnsweredAtEnd:
      answered.filter((probe) => probe.endMs >= 0.9 * batchEndMs).length,
    probeP50Ms: latency.p50,
    probeMaxMs: latency.max,
    probesFailed: during.length - answered.length,
  };
}
