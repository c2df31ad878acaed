/**
 * Chart: batch latency percentiles against concurrency, one panel per
 * percentile, a line per variant.
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { SummaryRow } from "../../harness/point_summary.ts";
import { legendMarginRight, legendMarks } from "./legend.ts";
import { colorDomain, isLoggable, logAxis } from "./panels.ts";

/** A latency percentile of the summary rows. */
export type LatencyPercentile = "p50" | "p90" | "p95" | "p99";

/** One plotted point: a percentile of one variant's batch. */
export interface LatencyPoint {
  variant: string;
  /** Requests started together. */
  concurrency: number;
  percentile: LatencyPercentile;
  /** Latency, ms. */
  latencyMs: number;
}

/** Options of {@linkcode latencyVsConcurrency}. */
export interface LatencyVsConcurrencyOptions {
  /**
   * Endpoint drawn: "register" (default), or "health" for the probe during each
   * batch.
   */
  endpoint?: string;
  /** Panels, left to right. Default p50, p95, p99. */
  percentiles?: readonly LatencyPercentile[];
  /** Variant labels in legend order; keeps colours stable across charts. */
  variants?: readonly string[];
  /** Outer width, px. Default 900. */
  width?: number;
  /** Outer height, px. Default 360. */
  height?: number;
}

const DEFAULT_PERCENTILES: readonly LatencyPercentile[] = ["p50", "p95", "p99"];

/**
 * The batch rows of `endpoint` as one point per percentile, by concurrency.
 * Drops values a log scale cannot show.
 */
export function latencyPoints(
  rows: readonly SummaryRow[],
  endpoint: string,
  percentiles: readonly LatencyPercentile[] = DEFAULT_PERCENTILES,
): LatencyPoint[] {
  return rows
    .filter((row) => row.kind === "batch" && row.endpoint === endpoint)
    .filter((row) => isLoggable(row.concurrency))
    .flatMap((row) =>
      percentiles.map((percentile) => ({
        variant: row.variant_label,
        concurrency: row.concurrency as number,
        percentile,
        latencyMs: row[`${percentile}_ms`],
      }))
    )
    .filter((point) => isLoggable(point.latencyMs))
    .sort((a, b) => a.concurrency - b.concurrency);
}

/**
 * Latency (ms, log) against concurrency (log) from the run's batch rows: one
 * panel per percentile, one coloured line per variant, legend at the right.
 */
export function latencyVsConcurrency(
  rows: readonly SummaryRow[],
  options: LatencyVsConcurrencyOptions = {},
): Plot.PlotOptions {
  const endpoint = options.endpoint ?? "register";
  const percentiles = options.percentiles ?? DEFAULT_PERCENTILES;
  const points = latencyPoints(rows, endpoint, percentiles);
  const variants = colorDomain(points.map((p) => p.variant), options.variants);
  const legend = variants.map((variant) => ({ label: variant, key: variant }));
  const what = endpoint === "register"
    ? "register latency"
    : `${endpoint} latency during the batch`;
  const channels = {
    x: "concurrency",
    y: "latencyMs",
    fx: "percentile",
    stroke: "variant",
  } as const;
  return {
    width: options.width ?? 900,
    height: options.height ?? 360,
    marginRight: legendMarginRight(legend),
    marginLeft: 60,
    marginBottom: 40,
    grid: true,
    inset: 8,
    x: logAxis("concurrent requests"),
    y: logAxis(`${what}, ms`),
    fx: {
      domain: [...percentiles],
      label: null,
      padding: 0.12,
      tickFormat: (p: string) => `${p} latency`,
    },
    color: { type: "categorical", domain: variants },
    marks: [
      Plot.frame({ strokeOpacity: 0.2 }),
      Plot.line(points, { ...channels, strokeWidth: 1.5 }),
      Plot.dot(points, { ...channels, r: 3, fill: "variant", tip: false }),
      ...legendMarks(legend, { position: "right" }),
    ],
  };
}
