/**
 * The summary columns of a set of requests: counts, throughput and exact
 * latency percentiles, as in the original project's results and more.
 * @module
 */
import { percentileOfSorted, sortedAscending } from "./percentiles.ts";

/** Latency statistics in ms; all 0 when there are no samples. */
export interface LatencyStats {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** Statistics of a list of latencies, in the unit given (ms here). */
export function latencyStats(latencies: readonly number[]): LatencyStats {
  const sorted = sortedAscending(latencies);
  const n = sorted.length;
  let total = 0;
  for (const value of sorted) total += value;
  return {
    min: n ? sorted[0] : 0,
    mean: n ? total / n : 0,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: n ? sorted[n - 1] : 0,
  };
}

/** The part of a request result that a summary reads. */
export interface TimedOutcome {
  /** Start, ms from the start of the batch. */
  startMs: number;
  /** End, ms from the start of the batch. */
  endMs: number;
  ok: boolean;
}

/** Counts, throughput and latency of one group of requests. */
export interface RequestSummary extends LatencyStats {
  requests: number;
  failed: number;
  /** Successful requests per second between the first start and last end. */
  throughput: number;
  /** Span from the first start to the last end, in s. */
  durationS: number;
}

/**
 * Summarises a group of requests. Latency statistics cover the successful
 * requests; failed ones are counted in `failed`, never dropped silently.
 */
export function summarise(outcomes: readonly TimedOutcome[]): RequestSummary {
  const ok = outcomes.filter((outcome) => outcome.ok);
  let first = Infinity;
  let last = -Infinity;
  for (const outcome of outcomes) {
    first = Math.min(first, outcome.startMs);
    last = Math.max(last, outcome.endMs);
  }
  const durationS = outcomes.length ? (last - first) / 1000 : 0;
  return {
    requests: outcomes.length,
    failed: outcomes.length - ok.length,
    throughput: durationS > 0 ? ok.length / durationS : 0,
    durationS,
    ...latencyStats(ok.map((outcome) => outcome.endMs - outcome.startMs)),
  };
}
