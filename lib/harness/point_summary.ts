/**
 * Turns what was measured at a point into rows of the run's summary: one
 * row per endpoint, with request counts by outcome, exact latency
 * percentiles, server-side times, CPU, memory and event-loop delay.
 * @module
 */
import type { Point } from "./experiment_plan.ts";
import { latencyStats, summarise } from "./latency_summary.ts";
import type { PointData } from "./point_runner.ts";
import type { ErrorKind, RequestResult } from "./timed_request.ts";

/** One row of summary.csv. Times in ms, CPU in % of one core. */
export interface SummaryRow {
  point_id: string;
  kind: Point["kind"];
  variant: string;
  variant_label: string;
  strategy: string;
  threads: number;
  pool_size: number;
  cost: number;
  /** Requests started together (batch), 1 (sequential) or null (rate). */
  concurrency: number | null;
  /** Arrival rate of a rate point, per second. */
  rate_rps: number | null;
  endpoint: string;
  requests: number;
  ok: number;
  failed: number;
  timeouts: number;
  resets: number;
  refused: number;
  network_errors: number;
  http_errors: number;
  not_sent: number;
  throughput_rps: number;
  duration_s: number;
  min_ms: number;
  mean_ms: number;
  p50_ms: number;
  p90_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  server_mean_ms: number | null;
  server_p50_ms: number | null;
  server_p99_ms: number | null;
  hash_mean_ms: number | null;
  cpu_peak_pct: number | null;
  cpu_mean_pct: number | null;
  rss_peak_mb: number | null;
  machine_cpu_peak_pct: number | null;
  harness_cpu_peak_pct: number | null;
  loop_delay_p50_ms: number;
  loop_delay_p99_ms: number;
  loop_delay_max_ms: number;
  usable_cores: number;
  /** Usable cores ÷ single-hash time: the most registrations per second. */
  physical_limit_rps: number;
  /** Single-hash time this run measured, ms. */
  hash_single_ms: number;
}

/** The columns of summary.csv, in order. */
export const SUMMARY_COLUMNS: (keyof SummaryRow)[] = [
  "point_id",
  "kind",
  "variant",
  "variant_label",
  "strategy",
  "threads",
  "pool_size",
  "cost",
  "concurrency",
  "rate_rps",
  "endpoint",
  "requests",
  "ok",
  "failed",
  "timeouts",
  "resets",
  "refused",
  "network_errors",
  "http_errors",
  "not_sent",
  "throughput_rps",
  "duration_s",
  "min_ms",
  "mean_ms",
  "p50_ms",
  "p90_ms",
  "p95_ms",
  "p99_ms",
  "max_ms",
  "server_mean_ms",
  "server_p50_ms",
  "server_p99_ms",
  "hash_mean_ms",
  "cpu_peak_pct",
  "cpu_mean_pct",
  "rss_peak_mb",
  "machine_cpu_peak_pct",
  "harness_cpu_peak_pct",
  "loop_delay_p50_ms",
  "loop_delay_p99_ms",
  "loop_delay_max_ms",
  "usable_cores",
  "physical_limit_rps",
  "hash_single_ms",
];

function countErrors(
  results: readonly RequestResult[],
): Record<ErrorKind, number> {
  const counts: Record<ErrorKind, number> = {
    timeout: 0,
    reset: 0,
    refused: 0,
    network: 0,
    http: 0,
    not_sent: 0,
  };
  for (const result of results) if (result.error) counts[result.error]++;
  return counts;
}

function peak(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length ? Math.max(...known) : null;
}

function mean(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length
    ? known.reduce((sum, value) => sum + value, 0) / known.length
    : null;
}

function known(values: (number | null)[]): number[] {
  return values.filter((value): value is number => value !== null);
}

/**
 * Latency of open-loop requests counts from when they were due, not from
 * when they were sent, so a late send does not shorten it.
 */
function fromIntended<T extends RequestResult & { intendedMs?: number }>(
  results: readonly T[],
) {
  return results.map((result) => ({
    ...result,
    startMs: result.intendedMs ?? result.startMs,
  }));
}

/** The summary rows of one point. */
export function summarisePoint(
  point: Point,
  data: PointData,
  run: { cost: number; hashSingleMs: number },
): SummaryRow[] {
  const resources = data.resources;
  const loop = latencyStats(data.loopDelay.map((sample) => sample.delayMs));
  const shared = {
    point_id: point.id,
    kind: point.kind,
    variant: point.variant.id,
    variant_label: point.variant.label,
    strategy: point.variant.strategy,
    threads: point.variant.threads,
    pool_size: point.variant.poolSize,
    cost: run.cost,
    concurrency: point.kind === "batch"
      ? point.concurrency
      : point.kind === "sequential"
      ? 1
      : null,
    rate_rps: data.rateRps ?? null,
    cpu_peak_pct: peak(resources.map((sample) => sample.serverCpuPercent)),
    cpu_mean_pct: mean(resources.map((sample) => sample.serverCpuPercent)),
    rss_peak_mb: peak(
      resources.map((sample) =>
        sample.serverRssBytes === null ? null : sample.serverRssBytes / 2 ** 20
      ),
    ),
    machine_cpu_peak_pct: peak(
      resources.map((sample) => sample.machineCpuPercent),
    ),
    harness_cpu_peak_pct: peak(
      resources.map((sample) => sample.harnessCpuPercent),
    ),
    loop_delay_p50_ms: loop.p50,
    loop_delay_p99_ms: loop.p99,
    loop_delay_max_ms: loop.max,
    usable_cores: point.variant.usableCores,
    physical_limit_rps: (point.variant.usableCores * 1000) / run.hashSingleMs,
    hash_single_ms: run.hashSingleMs,
  };
  const groups = new Map<string, (RequestResult & { intendedMs?: number })[]>();
  for (const result of [...data.requests, ...data.probes]) {
    const group = groups.get(result.endpoint) ?? [];
    group.push(result);
    groups.set(result.endpoint, group);
  }
  return [...groups].map(([endpoint, results]) => {
    const summary = summarise(fromIntended(results));
    const errors = countErrors(results);
    const server = latencyStats(
      known(results.map((result) => result.serverMs)),
    );
    const hash = known(results.map((result) => result.hashMs));
    const answered = results.some((result) => result.serverMs !== null);
    return {
      ...shared,
      endpoint,
      requests: summary.requests,
      ok: summary.requests - summary.failed,
      failed: summary.failed,
      timeouts: errors.timeout,
      resets: errors.reset,
      refused: errors.refused,
      network_errors: errors.network,
      http_errors: errors.http,
      not_sent: errors.not_sent,
      throughput_rps: summary.throughput,
      duration_s: summary.durationS,
      min_ms: summary.min,
      mean_ms: summary.mean,
      p50_ms: summary.p50,
      p90_ms: summary.p90,
      p95_ms: summary.p95,
      p99_ms: summary.p99,
      max_ms: summary.max,
      server_mean_ms: answered ? server.mean : null,
      server_p50_ms: answered ? server.p50 : null,
      server_p99_ms: answered ? server.p99 : null,
      hash_mean_ms: hash.length
        ? hash.reduce((sum, ms) => sum + ms, 0) / hash.length
        : null,
    };
  });
}
