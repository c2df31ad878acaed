/**
 * The report's answers to the original's four questions, and the queue
 * model set beside the measurements. Every number comes from the run.
 * @module
 */
import type { SummaryRow } from "../harness/point_summary.ts";
import {
  batchSeries,
  type Diagnosis,
  growthByVariant,
  type QueueModelPoint,
  sequentialRow,
} from "./analysis.ts";
import { count, duration, percentOf, times } from "./format.ts";
import { markdownTable } from "./markdown.ts";
import type { StallAnalysis } from "./stall_analysis.ts";

/** Q1: how the event loop behaves when blocked. */
export function blockedLoopAnswer(
  stall: StallAnalysis | undefined,
  label: string,
  concurrency: number,
  loopSampleMs: number,
): string {
  if (!stall) return "_This run has no blocking 1-thread batch to look at._";
  return `While the ${
    count(concurrency)
  } registrations of the largest batch ran on ${label} ` +
    `(${
      duration(stall.batchEndMs)
    } from first send to last answer), the loop monitor, which asks ` +
    `for a tick every ${loopSampleMs} ms, ticked ${
      count(stall.loopTicks)
    } times where a free loop ` +
    `ticks about ${
      count(stall.expectedLoopTicks)
    } times. Its longest gap was ` +
    `${duration(stall.longestStallMs)}, ending ${
      duration(stall.longestStallEndedAtMs)
    } into the ` +
    `batch. A JavaScript event loop runs one callback at a time: while bcrypt computes inside a ` +
    `handler, no timer fires, no socket is read and no response is written, so everything else ` +
    `queues — in the kernel's accept queue and in the loop's ready list. Of the ` +
    `${count(stall.probesDuringBatch)} health probes due during the batch, ` +
    `${
      count(stall.probesAnsweredAtEnd)
    } were answered only in the last tenth of the batch or ` +
    `later and ${count(stall.probesFailed)} failed; the answered ones took ` +
    `${duration(stall.probeP50Ms)} at the median and ${
      duration(stall.probeMaxMs)
    } at worst.`;
}

/** Q2: how responsiveness is affected under load, from the diagnoses. */
export function responsivenessAnswer(
  rows: readonly SummaryRow[],
  diagnoses: readonly Diagnosis[],
): string {
  const idleRow = rows.find((row) =>
    row.kind === "sequential" && row.endpoint === "health"
  );
  const idle = idleRow?.mean_ms;
  const lines = diagnoses.map((d) => {
    const ratio = idle && d.healthP99Ms !== null
      ? ` (${times(d.healthP99Ms / idle)} the idle time)`
      : "";
    return `- ${d.label}: health p99 ${
      duration(d.healthP99Ms)
    } at c=${d.concurrency}${ratio}; ` +
      `the loop was ${d.loopBlocked ? "blocked" : "free"} (delay max ${
        duration(d.loopMaxMs)
      }).`;
  });
  const head = idle === undefined
    ? "Responsiveness, as the health probe saw it at the largest batch:"
    : `An idle health check took ${duration(idle)}. At the largest batch:`;
  return [head, "", ...lines].join("\n");
}

/** Q3: how health behaves, and how its time grows, with concurrency. */
export function healthGrowthAnswer(rows: readonly SummaryRow[]): string {
  const growth = growthByVariant(rows, "health", "p99_ms");
  if (growth.length === 0) return "_No health probes in this run._";
  return growth.map((g) => {
    const hash = rows.find((row) =>
      row.variant === g.variant
    )?.hash_single_ms ?? NaN;
    return `- ${g.label}: p99 ${duration(g.from)} → ${
      duration(g.to)
    } from c=${g.fromConcurrency} ` +
      `to c=${g.toConcurrency}: ${
        duration(g.slopePerRequest)
      } per registration in the batch, ` +
      `${times(g.slopePerRequest / hash)} the time of one hash (${
        duration(hash)
      }).`;
  }).join("\n");
}

/** Q4: how the mean registration time grows with concurrency. */
export function meanGrowthAnswer(rows: readonly SummaryRow[]): string {
  const growth = growthByVariant(rows, "register", "mean_ms");
  if (growth.length === 0) return "_No batches in this run._";
  return growth.map((g) => {
    const row = rows.find((candidate) => candidate.variant === g.variant);
    const hash = row?.hash_single_ms ?? NaN;
    const cores = row?.usable_cores ?? 1;
    const queue = hash / (2 * cores);
    return `- ${g.label}: mean ${duration(g.from)} → ${duration(g.to)} (${
      times(g.factor)
    } for ` +
      `${
        times(g.toConcurrency / g.fromConcurrency)
      } the requests). The slope, ` +
      `${duration(g.slopePerRequest)} per request, is ${
        percentOf(g.slopePerRequest / queue)
      } of ` +
      `S/(2·${cores}) = ${
        duration(queue)
      }, the slope of a queue served ${cores} at a time.`;
  }).join("\n");
}

/** The queue model beside the blocking variant's measurements. */
export function queueModelSection(
  model: readonly QueueModelPoint[],
  label: string,
  serviceSource: string,
): string {
  if (model.length === 0) {
    return "_This run has no blocking 1-thread batches to model._";
  }
  const table = markdownTable(
    [
      "c",
      "model mean",
      "measured mean",
      "measured ÷ model",
      "model max",
      "measured max",
      "measured ÷ model",
    ],
    model.map((point) => [
      point.concurrency,
      duration(point.modelMeanMs),
      duration(point.measuredMeanMs),
      times(point.meanRatio),
      duration(point.modelMaxMs),
      duration(point.measuredMaxMs),
      times(point.maxRatio),
    ]),
  );
  const top = model[model.length - 1];
  return [
    `Model for ${label}: one event loop serves registrations one after another, each taking ` +
    `S = ${
      duration(top.serviceMs)
    } (${serviceSource}). When c arrive together, the k-th ` +
    `finishes after about k·S: the mean is (c+1)/2·S and the last waits c·S.`,
    "",
    table,
    "",
    `At c=${top.concurrency} the measured mean is ${
      times(top.meanRatio)
    } the model's and the ` +
    `measured max ${
      times(top.maxRatio)
    }. Where the ratio is above 1, requests waited for more ` +
    "than the hashes ahead of them: connection set-up in a loop that accepts only between hashes, " +
    "SQLite commits, and responses written only when the loop gets to them.",
  ].join("\n");
}

/** The service time's origin, for the model's caption. */
export function serviceTimeSource(
  rows: readonly SummaryRow[],
  variant: string,
): string {
  return sequentialRow(rows, variant, "register")?.server_mean_ms
    ? "the mean server-side time of the sequential registrations"
    : "the single-hash time measured in the harness";
}

/** The highest batch level a variant reached. */
export function topConcurrency(
  rows: readonly SummaryRow[],
  variant: string,
): number {
  const list = batchSeries(rows, "register").get(variant) ?? [];
  return list[list.length - 1]?.concurrency ?? 0;
}

/**
 * What slicing the hash on the same loop (bcryptjs's async API) changed,
 * against the blocking variant with the same threads.
 */
export function asyncAnswer(rows: readonly SummaryRow[]): string {
  const register = batchSeries(rows, "register");
  const health = batchSeries(rows, "health");
  const lines: string[] = [];
  for (const [variant, list] of register) {
    const top = list[list.length - 1];
    if (top.strategy !== "async") continue;
    const blocking = [...register.values()].map((series) =>
      series[series.length - 1]
    )
      .find((row) =>
        row.strategy === "blocking" && row.threads === top.threads
      );
    const probe = health.get(variant)?.find((row) =>
      row.concurrency === top.concurrency
    );
    if (!blocking) continue;
    const blockingProbe = health.get(blocking.variant)?.find((row) =>
      row.concurrency === blocking.concurrency
    );
    lines.push(
      `- ${top.variant_label}, c=${top.concurrency}: registrations finished with p50 ` +
        `${duration(top.p50_ms)} and max ${
          duration(top.max_ms)
        } (p50 ÷ max = ` +
        `${percentOf(top.p50_ms / top.max_ms)}), against ${
          duration(blocking.p50_ms)
        } and ` +
        `${duration(blocking.max_ms)} (${
          percentOf(blocking.p50_ms / blocking.max_ms)
        }) when ` +
        `blocking; health p99 ${duration(probe?.p99_ms)} against ` +
        `${duration(blockingProbe?.p99_ms)}; largest loop delay ${
          duration(top.loop_delay_max_ms)
        } ` +
        `against ${duration(blocking.loop_delay_max_ms)}.`,
    );
  }
  if (lines.length === 0) {
    return "_This run has no async variant beside a blocking one._";
  }
  return [
    "Slicing the hash does not make the work smaller or move it off the loop. Every " +
    "registration's slices take turns with every other's, so each one is stretched over the " +
    "whole batch: they finish together near the end instead of one after another, and a " +
    "health check still waits behind the slices queued before it.",
    "",
    ...lines,
  ].join("\n");
}
