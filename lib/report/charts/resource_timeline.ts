/**
 * Chart: CPU or memory over a variant's batches placed end to end, with each
 * batch's start marked.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { legendMarginRight, legendMarks } from "./legend.ts";
import {
  batchStarts,
  type ResourceBatch,
  type ResourceMetric,
  type ResourcePoint,
  resourcePoints,
  resourceSeries,
} from "./resource_points.ts";

/** Headroom of the CPU scale above all cores busy, % of one core per core. */
const CEILING_HEADROOM_PERCENT = 10;

/** Options of {@linkcode resourceTimeline}. */
export interface ResourceTimelineOptions {
  /** Default "cpu". */
  metric?: ResourceMetric;
  /**
   * Cores of the machine: draws the "all cores busy" line on the CPU chart
   * and cuts the scale off a little above it, since a higher reading can only
   * come from a sampling window too short to measure.
   */
  cores?: number;
  /** Gap between two batches on the time axis, s. Default 0.5. */
  gapSeconds?: number;
  /** Outer width, px. Default 900. */
  width?: number;
  /** Outer height, px. Default 300. */
  height?: number;
}

/**
 * Server, machine and harness CPU (% of one core), or server RSS (MB),
 * against time (s) over one variant's batches in order, placed end to end:
 * a rule and the batch's label mark where each batch starts.
 */
export function resourceTimeline(
  batches: readonly ResourceBatch[],
  options: ResourceTimelineOptions = {},
): Plot.PlotOptions {
  const metric = options.metric ?? "cpu";
  const starts = batchStarts(batches, options.gapSeconds);
  const points = resourcePoints(batches, metric, options.gapSeconds);
  const series = resourceSeries(metric);
  const legend = series.map((name) => ({
    label: name,
    key: name,
    swatch: "line" as const,
  }));
  const boundaries = batches.map((batch, index) => ({
    label: batch.label,
    seconds: starts[index],
    row: index % 2,
  }));
  const allCores = metric === "cpu" && options.cores
    ? [options.cores * 100]
    : [];
  const ceiling = options.cores && allCores.length
    ? allCores[0] + options.cores * CEILING_HEADROOM_PERCENT
    : undefined;
  const cut = ceiling === undefined
    ? 0
    : points.filter((point) => point.value > ceiling).length;
  return {
    width: options.width ?? 900,
    height: options.height ?? 300,
    marginTop: 34,
    marginLeft: 60,
    marginRight: legendMarginRight(legend),
    grid: true,
    x: {
      label: "seconds of measured load, batches end to end",
      labelAnchor: "center",
    },
    y: {
      label: metric === "cpu"
        ? "CPU, % (100 = one core busy)"
        : "resident memory, MB",
      labelAnchor: "center",
      zero: true,
      domain: ceiling === undefined ? undefined : [0, ceiling],
    },
    color: { type: "categorical", domain: series },
    marks: [
      Plot.frame({ strokeOpacity: 0.2 }),
      Plot.ruleY(allCores, { stroke: "gray", strokeDasharray: "2,3" }),
      Plot.text(allCores, {
        y: (value: number) => value,
        text: (value: number) => `all ${value / 100} cores busy`,
        frameAnchor: "right",
        textAnchor: "end",
        dx: -4,
        dy: 8,
        fill: "gray",
      }),
      Plot.ruleX(boundaries, {
        x: "seconds",
        stroke: "currentColor",
        strokeOpacity: 0.6,
      }),
      // Labels of short batches alternate between two rows so they do not overlap.
      ...[0, 1].map((row) =>
        Plot.text(boundaries.filter((boundary) => boundary.row === row), {
          x: "seconds",
          text: "label",
          frameAnchor: "top",
          textAnchor: "start",
          lineAnchor: "bottom",
          dx: 3,
          dy: -4 - row * 12,
        })
      ),
      Plot.text(
        cut
          ? [`${cut} reading${cut === 1 ? "" : "s"} above the top cut off`]
          : [],
        {
          frameAnchor: "top-right",
          dx: -4,
          dy: 4,
          fill: "gray",
        },
      ),
      Plot.line(points, {
        clip: true,
        x: "seconds",
        y: "value",
        stroke: "series",
        z: (point: ResourcePoint) => `${point.series}|${point.batch}`,
        strokeWidth: 1.5,
      }),
      ...legendMarks(legend, { position: "right" }),
    ],
  };
}

export type {
  ResourceBatch,
  ResourceMetric,
  ResourcePoint,
} from "./resource_points.ts";
