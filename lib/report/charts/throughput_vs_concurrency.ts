/**
 * Chart: register throughput against batch concurrency per variant, with the
 * physical limits as dashed lines.
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { SummaryRow } from "../../harness/point_summary.ts";
import { legendMarginRight, legendMarks } from "./legend.ts";
import { colorDomain, isLoggable, logAxis } from "./panels.ts";

/** One variant's register throughput at one concurrency. */
export interface ThroughputPoint {
  variant: string;
  /** Requests started together. */
  concurrency: number;
  /** Registrations answered per second. */
  throughputRps: number;
}

/** A physical limit shared by the variants with that many usable cores. */
export interface ThroughputLimit {
  /** Usable cores ÷ single-hash time, registrations per second. */
  limitRps: number;
  usableCores: number;
}

/** Options of {@linkcode throughputVsConcurrency}. */
export interface ThroughputVsConcurrencyOptions {
  /** Variant labels in legend order; keeps colours stable across charts. */
  variants?: readonly string[];
  /** Outer width, px. Default 800. */
  width?: number;
  /** Outer height, px. Default 360. */
  height?: number;
}

function registerBatches(rows: readonly SummaryRow[]): SummaryRow[] {
  return rows.filter((row) =>
    row.kind === "batch" && row.endpoint === "register" &&
    isLoggable(row.concurrency)
  );
}

/** The register throughput of each batch, by concurrency. */
export function throughputPoints(
  rows: readonly SummaryRow[],
): ThroughputPoint[] {
  return registerBatches(rows)
    .map((row) => ({
      variant: row.variant_label,
      concurrency: row.concurrency as number,
      throughputRps: row.throughput_rps,
    }))
    .sort((a, b) => a.concurrency - b.concurrency);
}

/**
 * The distinct physical limits of the batch rows: variants with as many usable
 * cores share one.
 */
export function throughputLimits(
  rows: readonly SummaryRow[],
): ThroughputLimit[] {
  const limits = new Map<number, ThroughputLimit>();
  for (const row of registerBatches(rows)) {
    if (!Number.isFinite(row.physical_limit_rps)) continue;
    limits.set(row.usable_cores, {
      limitRps: row.physical_limit_rps,
      usableCores: row.usable_cores,
    });
  }
  return [...limits.values()].sort((a, b) => a.usableCores - b.usableCores);
}

function limitLabel(limit: ThroughputLimit): string {
  const cores = `${limit.usableCores} core${
    limit.usableCores === 1 ? "" : "s"
  }`;
  return `limit with ${cores}: ${Math.round(limit.limitRps)}/s`;
}

/**
 * Register throughput (requests/s) against concurrency (log), a coloured
 * line per variant. Each variant's physical limit (usable cores ÷ hash time)
 * is a dashed gray line, one per core count since variants share them.
 */
export function throughputVsConcurrency(
  rows: readonly SummaryRow[],
  options: ThroughputVsConcurrencyOptions = {},
): Plot.PlotOptions {
  const points = throughputPoints(rows);
  const limits = throughputLimits(rows);
  const variants = colorDomain(points.map((p) => p.variant), options.variants);
  const legend = [
    ...variants.map((variant) => ({ label: variant, key: variant })),
    { label: "physical limit", color: "gray", swatch: "dashed" as const },
  ];
  const channels = {
    x: "concurrency",
    y: "throughputRps",
    stroke: "variant",
  } as const;
  return {
    width: options.width ?? 800,
    height: options.height ?? 360,
    marginLeft: 60,
    marginRight: legendMarginRight(legend),
    grid: true,
    inset: 8,
    x: logAxis("concurrent registrations"),
    y: { label: "registrations per second", labelAnchor: "center", zero: true },
    color: { type: "categorical", domain: variants },
    marks: [
      Plot.frame({ strokeOpacity: 0.2 }),
      Plot.ruleY(limits, {
        y: "limitRps",
        stroke: "gray",
        strokeDasharray: "6,4",
      }),
      Plot.text(limits, {
        y: "limitRps",
        text: limitLabel,
        frameAnchor: "left",
        textAnchor: "start",
        lineAnchor: "bottom",
        dx: 4,
        dy: -3,
        fill: "gray",
      }),
      Plot.line(points, { ...channels, strokeWidth: 1.5 }),
      Plot.dot(points, { ...channels, r: 3, fill: "variant" }),
      ...legendMarks(legend, { position: "right" }),
    ],
  };
}
