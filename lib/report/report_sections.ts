/**
 * Sections of the report that combine a loaded run's samples with the
 * analysis, so that each notebook cell stays one call.
 * @module
 */
import { type ExperimentParams, PROFILES } from "../harness/experiment_plan.ts";
import type { SummaryRow } from "../harness/point_summary.ts";
import {
  type BlockedLoopThresholds,
  DEFAULT_THRESHOLDS,
  queueModel,
  type QueueModelPoint,
  serviceTimeMs,
} from "./analysis.ts";
import { count, duration, percentOf, perSecond } from "./format.ts";
import { markdownTable } from "./markdown.ts";
import {
  blockedLoopAnswer,
  queueModelSection,
  serviceTimeSource,
  topConcurrency,
} from "./narrative_analysis.ts";
import { blockingVariant } from "./narrative_load.ts";
import type { LoadedRun } from "./run_data.ts";
import { analyseStall } from "./stall_analysis.ts";

/** The id of the variant with this strategy and thread count, if planned. */
export function variantOf(
  run: LoadedRun,
  strategy: string,
  threads: number,
): string | undefined {
  return run.manifest.variants.find((variant) =>
    variant.strategy === strategy && variant.threads === threads
  )?.id;
}

/** Q1 for the blocking 1-thread variant at its largest batch. */
export async function blockedLoopReport(run: LoadedRun): Promise<string> {
  const variant = blockingVariant(run.rows);
  if (!variant) return blockedLoopAnswer(undefined, "", 0, 0);
  const concurrency = topConcurrency(run.rows, variant);
  const samples = await run.samples(`${variant}-c${concurrency}`);
  const loopSampleMs = run.manifest.params.loopSampleMs;
  const label = samples.point.variant.label;
  return blockedLoopAnswer(
    analyseStall(samples, loopSampleMs),
    label,
    concurrency,
    loopSampleMs,
  );
}

/** The queue model for the blocking 1-thread variant; [] without one. */
export function blockingQueueModel(
  rows: readonly SummaryRow[],
): QueueModelPoint[] {
  const variant = blockingVariant(rows);
  return variant ? queueModel(rows, variant, serviceTimeMs(rows, variant)) : [];
}

/** The queue model's explanation and table. */
export function queueModelReport(rows: readonly SummaryRow[]): string {
  const variant = blockingVariant(rows);
  const label = rows.find((row) => row.variant === variant)?.variant_label ??
    "";
  return queueModelSection(
    blockingQueueModel(rows),
    label,
    variant ? serviceTimeSource(rows, variant) : "",
  );
}

/** What the health timeline shows, with the run's own numbers. */
export function healthTimelineCaption(
  params: ExperimentParams,
  concurrency: number,
): string {
  return `Health probes during the batch of ${
    count(concurrency)
  } registrations, one panel ` +
    `per variant. Each dot is a probe, placed at the moment it was due (one every ` +
    `${
      duration(params.probeIntervalMs)
    }); its height is how long it took from then to its ` +
    "answer. The dashed line marks the last registration's answer.";
}

/** What the event-loop delay chart shows. */
export function loopDelayCaption(
  params: ExperimentParams,
  concurrency: number,
): string {
  return `Event-loop delay inside the server during the batch of ${
    count(concurrency)
  }. A ` +
    `timer asks to run every ${
      duration(params.loopSampleMs)
    }; a tick that runs D ms late is ` +
    "drawn as a ramp up to D, ending when the loop came back. Threads of one server share a panel.";
}

/** How the strategy comparison calls a loop blocked. */
export function comparisonCaption(
  thresholds: BlockedLoopThresholds = DEFAULT_THRESHOLDS,
): string {
  return "The same batches against every strategy and number of server threads. A loop counts " +
    `as blocked when its delay p50 is at least ${
      duration(thresholds.p50Ms)
    } or its largest ` +
    `delay at least ${
      duration(thresholds.maxMs)
    }. The physical limit is the usable cores ` +
    "divided by the time of one hash, timed alone in the harness at the start of the run; " +
    "hashes back to back in a warm server can run a little faster, so a saturated server may " +
    "show slightly more than 100 % of it.";
}

/** The constant-rate tests, if the run has any. */
export function rateSection(
  rows: readonly SummaryRow[],
  profile: string,
): string {
  const rate = rows.filter((row) => row.kind === "rate");
  if (rate.length === 0) {
    const withRates = Object.entries(PROFILES).filter(([, settings]) =>
      settings.rateFractions.length > 0
    ).map(([name]) => `\`${name}\``);
    return `_This run (profile \`${profile}\`) has no constant-rate tests; the ` +
      `${withRates.join(" and ")} profiles run them, or \`LOOPLAB_RATES\`._`;
  }
  return [
    "Registrations sent at a constant rate, each on schedule whether or not earlier ones have " +
    "answered, with the health probe beside them. Latency counts from when each request was " +
    "due, so a server that falls behind cannot hide it.",
    "",
    markdownTable(
      [
        "variant",
        "endpoint",
        "rate",
        "of the limit",
        "requests",
        "failed",
        "p50",
        "p99",
        "max",
        "loop delay max",
      ],
      rate.map((row) => [
        row.variant_label,
        row.endpoint,
        perSecond(row.rate_rps),
        percentOf((row.rate_rps ?? 0) / row.physical_limit_rps),
        row.requests,
        row.failed,
        duration(row.p50_ms),
        duration(row.p99_ms),
        duration(row.max_ms),
        duration(row.loop_delay_max_ms),
      ]),
    ),
  ].join("\n");
}
