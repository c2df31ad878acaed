/**
 * Chart: measured mean and max register latency of one variant beside a one-
 * loop queue model.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { legendMarks } from "./legend.ts";
import { isLoggable, logAxis } from "./panels.ts";
import type { QueueModelPoint } from "../analysis.ts";

/** Model and measurement at one concurrency level, ms, as the analysis gives them. */
export type QueueComparison = Pick<
  QueueModelPoint,
  | "concurrency"
  | "serviceMs"
  | "modelMeanMs"
  | "modelMaxMs"
  | "measuredMeanMs"
  | "measuredMaxMs"
>;

/** Options of {@linkcode queueModelChart}. */
export interface QueueModelOptions {
  /** Outer width, px. Default 700. */
  width?: number;
  /** Outer height, px. Default 380. */
  height?: number;
}

/** One plotted value. */
export interface QueuePoint {
  source: "measured" | "model";
  statistic: "mean" | "max";
  concurrency: number;
  latencyMs: number;
}

/**
 * Each comparison as four points (measured and model, mean and max); drops what
 * a log scale cannot show.
 */
export function queuePoints(
  comparisons: readonly QueueComparison[],
): QueuePoint[] {
  const sorted = [...comparisons].sort((a, b) => a.concurrency - b.concurrency);
  const points = (source: QueuePoint["source"]): QueuePoint[] =>
    sorted.flatMap((level) => [
      {
        source,
        statistic: "mean" as const,
        concurrency: level.concurrency,
        latencyMs: source === "model"
          ? level.modelMeanMs
          : level.measuredMeanMs,
      },
      {
        source,
        statistic: "max" as const,
        concurrency: level.concurrency,
        latencyMs: source === "model" ? level.modelMaxMs : level.measuredMaxMs,
      },
    ]);
  return [...points("measured"), ...points("model")].filter((point) =>
    isLoggable(point.concurrency) && isLoggable(point.latencyMs)
  );
}

/**
 * Register latency (ms, log) against concurrency (log): measured mean and
 * max as dots, the model's as dashed lines of the same colours. Where the
 * dots sit on the lines, one event loop serving hashes in turn explains it.
 */
export function queueModelChart(
  comparisons: readonly QueueComparison[],
  options: QueueModelOptions = {},
): Plot.PlotOptions {
  const points = queuePoints(comparisons);
  const serviceMs = comparisons[0]?.serviceMs;
  const service = isLoggable(serviceMs)
    ? `S = ${serviceMs.toFixed(1)} ms per hash`
    : "S = one hash";
  const legend = [
    { label: "measured max", key: "max" },
    {
      label: `model max ≈ c·S (${service})`,
      key: "max",
      swatch: "dashed" as const,
    },
    { label: "measured mean", key: "mean" },
    { label: "model mean ≈ (c+1)/2·S", key: "mean", swatch: "dashed" as const },
  ];
  const channels = {
    x: "concurrency",
    y: "latencyMs",
    stroke: "statistic",
  } as const;
  return {
    width: options.width ?? 700,
    height: options.height ?? 380,
    marginLeft: 60,
    grid: true,
    inset: 8,
    x: logAxis("concurrent registrations"),
    y: logAxis("register latency, ms"),
    color: {
      type: "categorical",
      domain: ["max", "mean"],
      range: ["firebrick", "steelblue"],
    },
    marks: [
      Plot.frame({ strokeOpacity: 0.2 }),
      Plot.line(points.filter((point) => point.source === "model"), {
        ...channels,
        strokeDasharray: "6,4",
        strokeWidth: 1.5,
      }),
      Plot.dot(points.filter((point) => point.source === "measured"), {
        ...channels,
        fill: "statistic",
        r: 4,
      }),
      ...legendMarks(legend, { position: "top-left" }),
    ],
  };
}
