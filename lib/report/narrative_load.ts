/**
 * The report's prose about the measurements themselves: sequential
 * baselines, registrations under concurrency, health while they run, CPU
 * and memory, the strategy comparison and the failures. Every number comes
 * from the run's rows.
 * @module
 */
import type { SummaryRow } from "../harness/point_summary.ts";
import {
  batchSeries,
  type Diagnosis,
  failedRows,
  growthByVariant,
  sequentialRow,
} from "./analysis.ts";
import { count, duration, percentOf, perSecond, times } from "./format.ts";
import { DEFAULT_MAX_IN_FLIGHT } from "../harness/open_loop.ts";
import { markdownTable } from "./markdown.ts";

/** The variant the assignment is about: blocking, one event loop. */
export function blockingVariant(
  rows: readonly SummaryRow[],
): string | undefined {
  return rows.find((row) => row.strategy === "blocking" && row.threads === 1)
    ?.variant;
}

function labelOf(rows: readonly SummaryRow[], variant: string): string {
  return rows.find((row) => row.variant === variant)?.variant_label ?? variant;
}

/** Sequential baselines: client side against server side, per variant. */
export function sequentialSection(rows: readonly SummaryRow[]): string {
  const sequential = rows.filter((row) => row.kind === "sequential");
  if (sequential.length === 0) {
    return "_This run measured no sequential requests._";
  }
  const table = markdownTable(
    [
      "variant",
      "endpoint",
      "requests",
      "client mean",
      "server mean",
      "client − server",
      "failed",
    ],
    sequential.map((row) => [
      row.variant_label,
      row.endpoint,
      row.requests,
      duration(row.mean_ms),
      duration(row.server_mean_ms),
      duration(row.mean_ms - (row.server_mean_ms ?? 0)),
      row.failed,
    ]),
  );
  const variant = blockingVariant(rows) ?? sequential[0].variant;
  const register = sequentialRow(rows, variant, "register");
  const health = sequentialRow(rows, variant, "health");
  const prose: string[] = [];
  if (register && health) {
    prose.push(
      `With nothing else running (${
        labelOf(rows, variant)
      }), a registration took ` +
        `${duration(register.mean_ms)} at the client and ${
          duration(register.server_mean_ms)
        } ` +
        `inside the handler, of which bcrypt took ${
          duration(register.hash_mean_ms)
        } ` +
        `(one hash at cost ${register.cost} measured ${
          duration(register.hash_single_ms)
        } in the harness). ` +
        `A health check took ${duration(health.mean_ms)} at the client and ` +
        `${
          duration(health.server_mean_ms)
        } inside the handler. The client−server gap ` +
        `(${
          duration(register.mean_ms - (register.server_mean_ms ?? 0))
        } for register, ` +
        `${
          duration(health.mean_ms - (health.server_mean_ms ?? 0))
        } for health) is what the handler ` +
        `cannot see: the loopback round trip, HTTP parsing and the fetch client.`,
    );
  }
  return [table, "", ...prose].join("\n");
}

/** Registrations under concurrent batches: how latency grows, per variant. */
export function concurrencySection(rows: readonly SummaryRow[]): string {
  const growth = growthByVariant(rows, "register", "mean_ms");
  if (growth.length === 0) return "_This run measured no concurrent batches._";
  const table = markdownTable(
    [
      "variant",
      "c",
      "requests",
      "failed",
      "mean",
      "p50",
      "p95",
      "p99",
      "max",
      "throughput",
    ],
    [...batchSeries(rows, "register").values()].flat().map((row) => [
      row.variant_label,
      row.concurrency,
      row.requests,
      row.failed,
      duration(row.mean_ms),
      duration(row.p50_ms),
      duration(row.p95_ms),
      duration(row.p99_ms),
      duration(row.max_ms),
      perSecond(row.throughput_rps),
    ]),
  );
  const lines = growth.map((g) => {
    const hash = rows.find((row) =>
      row.variant === g.variant
    )?.hash_single_ms ?? NaN;
    const cores = rows.find((row) => row.variant === g.variant)?.usable_cores ??
      1;
    return `- **${g.label}**: mean ${
      duration(g.from)
    } at c=${g.fromConcurrency} → ` +
      `${duration(g.to)} at c=${g.toConcurrency} (${
        times(g.factor)
      }); each request in the batch ` +
      `added ${
        duration(g.slopePerRequest)
      } to the mean, against S/(2·cores) = ` +
      `${duration(hash / (2 * cores))} for ${cores} usable core${
        cores === 1 ? "" : "s"
      }.`;
  });
  return [table, "", ...lines].join("\n");
}

/** Health probes while registrations run, per variant and level. */
export function healthSection(rows: readonly SummaryRow[]): string {
  const series = [...batchSeries(rows, "health").values()].flat();
  if (series.length === 0) return "_This run probed no health during batches._";
  const idle =
    sequentialRow(rows, blockingVariant(rows) ?? "", "health")?.mean_ms ??
      rows.find((row) => row.kind === "sequential" && row.endpoint === "health")
        ?.mean_ms;
  const table = markdownTable(
    ["variant", "c", "probes", "failed", "p50", "p99", "max", "p99 ÷ idle"],
    series.map((row) => [
      row.variant_label,
      row.concurrency,
      row.requests,
      row.failed,
      duration(row.p50_ms),
      duration(row.p99_ms),
      duration(row.max_ms),
      idle ? times(row.p99_ms / idle) : "–",
    ]),
  );
  const growth = growthByVariant(rows, "health", "p99_ms").map((g) =>
    `- **${g.label}**: health p99 ${
      duration(g.from)
    } at c=${g.fromConcurrency} → ` +
    `${duration(g.to)} at c=${g.toConcurrency}, about ${
      duration(g.slopePerRequest)
    } more ` +
    `per registration in the batch.`
  );
  const baseline = idle === undefined
    ? ""
    : `On an idle server a health check took ${
      duration(idle)
    } (sequential mean).`;
  return [table, "", baseline, "", ...growth].join("\n");
}

/** CPU and memory peaks per variant, and whether the client kept up. */
export function resourcesSection(rows: readonly SummaryRow[]): string {
  const top = [...batchSeries(rows, "register").values()].map((list) =>
    list[list.length - 1]
  );
  if (top.length === 0) return "_This run has no batch to report CPU for._";
  const table = markdownTable(
    [
      "variant",
      "c",
      "server CPU peak",
      "server CPU mean",
      "usable cores",
      "RSS peak",
      "machine CPU peak",
      "harness CPU peak",
    ],
    top.map((row) => [
      row.variant_label,
      row.concurrency,
      row.cpu_peak_pct === null ? "–" : `${Math.round(row.cpu_peak_pct)} %`,
      row.cpu_mean_pct === null ? "–" : `${Math.round(row.cpu_mean_pct)} %`,
      row.usable_cores,
      row.rss_peak_mb === null ? "–" : `${row.rss_peak_mb.toFixed(0)} MB`,
      row.machine_cpu_peak_pct === null
        ? "–"
        : `${Math.round(row.machine_cpu_peak_pct)} %`,
      row.harness_cpu_peak_pct === null
        ? "–"
        : `${Math.round(row.harness_cpu_peak_pct)} %`,
    ]),
  );
  const harnessPeak = Math.max(
    ...top.map((row) => row.harness_cpu_peak_pct ?? 0),
  );
  const client = harnessPeak < 90
    ? `The harness itself never used more than ${
      Math.round(harnessPeak)
    } % of a core, so the client was not what limited these runs.`
    : `The harness peaked at ${
      Math.round(harnessPeak)
    } % of a core: at those moments the client, which shares the machine, competed with the server.`;
  return [
    "CPU is in percent of one core: 100 % is one core fully busy, 200 % both cores of this machine.",
    "",
    table,
    "",
    client,
  ].join("\n");
}

/** One line per variant, as a profiler would put it. */
export function diagnosisLines(diagnoses: readonly Diagnosis[]): string {
  return diagnoses.map((d) => {
    const verdict = d.loopBlocked ? "**loop blocked**" : "**loop responsive**";
    const health = d.healthP99Ms === null
      ? ""
      : `; health p99 ${duration(d.healthP99Ms)}`;
    const failures = d.failed > 0 ? `; ${count(d.failed)} requests failed` : "";
    return `- ${d.label}: ${verdict} at c=${d.concurrency} — loop delay p50 ${
      duration(d.loopP50Ms)
    }, ` +
      `max ${duration(d.loopMaxMs)}${health}; ${
        perSecond(d.registerThroughput)
      } registrations, ` +
      `${percentOf(d.efficiency)} of its ${
        perSecond(d.physicalLimit)
      } limit${failures}.`;
  }).join("\n");
}

/** Every row with failed requests, by kind; says so when there is none. */
export function failuresSection(rows: readonly SummaryRow[]): string {
  const failed = failedRows(rows);
  const total = rows.reduce((sum, row) => sum + row.requests, 0);
  if (failed.length === 0) {
    return `No request failed in this run: all ${
      count(total)
    } requests measured got a 2xx answer.`;
  }
  const sum = (field: "failed" | "not_sent" | "timeouts") =>
    failed.reduce((total, row) => total + row[field], 0);
  const notSent = sum("not_sent");
  const notes = [
    notSent === 0
      ? ""
      : ` ${count(notSent)} of them were probes the harness held back, ` +
        `not sent, because ${
          count(DEFAULT_MAX_IN_FLIGHT)
        } probes were already waiting for the ` +
        "server: a stall long enough to fill that many is itself the finding.",
    sum("timeouts") === 0
      ? ""
      : " Timeouts include connections the kernel gave up on " +
        "because the server, its accept queue full, did not take them in time.",
  ].join("");
  return [
    `${count(sum("failed"))} of ${
      count(total)
    } requests failed. They are counted, not ` +
    "dropped: latency percentiles cover the successful requests, and these rows say what " +
    `happened to the rest.${notes}`,
    "",
    markdownTable(
      [
        "point",
        "endpoint",
        "requests",
        "failed",
        "timeouts",
        "resets",
        "refused",
        "other network",
        "HTTP errors",
        "not sent",
      ],
      failed.map((row) => [
        row.point_id,
        row.endpoint,
        row.requests,
        row.failed,
        row.timeouts,
        row.resets,
        row.refused,
        row.network_errors,
        row.http_errors,
        row.not_sent,
      ]),
    ),
  ].join("\n");
}
