/**
 * Chart: health-probe latency over the time of a batch, one panel per
 * variant, failed probes marked.
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { ScheduledResult } from "../../harness/open_loop.ts";
import { legendMarginRight, legendMarks } from "./legend.ts";
import {
  isLoggable,
  panelOrder,
  panelTitleMarks,
  timelineFrame,
} from "./panels.ts";

/** The probes of one variant's batch. */
export interface HealthPanel {
  /** Variant label, the panel's title. */
  variant: string;
  /** Probe results; times are ms from the batch start. */
  probes: readonly ScheduledResult[];
  /**
   * When the batch's last request ended, ms from its start; drawn as a dashed
   * rule.
   */
  batchEndMs?: number;
}

/** One probe as plotted. */
export interface HealthPoint {
  variant: string;
  /** When the probe was due, s since the batch start. */
  seconds: number;
  /** From the intended send time to the end, ms. */
  latencyMs: number;
  ok: boolean;
}

/** Options of {@linkcode healthTimeline}. */
export interface HealthTimelineOptions {
  /** Log y scale. Default true. */
  logY?: boolean;
  /** Variant labels in panel order. Default the order of `panels`. */
  variants?: readonly string[];
  /** Outer width, px. Default 900. */
  width?: number;
  /** Height of one panel, px. Default 120. */
  panelHeight?: number;
}

/** Every probe of the panels as a point, in send order. */
export function healthPoints(panels: readonly HealthPanel[]): HealthPoint[] {
  return panels.flatMap(({ variant, probes }) =>
    [...probes].sort((a, b) => a.intendedMs - b.intendedMs).map((probe) => ({
      variant,
      seconds: probe.intendedMs / 1000,
      latencyMs: probe.endMs - probe.intendedMs,
      ok: probe.ok,
    }))
  );
}

const FAILED_COLOR = "crimson";
const OK_COLOR = "steelblue";

/**
 * Health latency (ms, from the intended send time) against time since the
 * batch start (s): one panel per variant. A failed probe is a red rule across
 * its panel, so it shows even when it has no latency to plot.
 */
export function healthTimeline(
  panels: readonly HealthPanel[],
  options: HealthTimelineOptions = {},
): Plot.PlotOptions {
  const logY = options.logY ?? true;
  const points = healthPoints(panels);
  const answered = points.filter((point) =>
    point.ok && (logY ? isLoggable(point.latencyMs) : true)
  );
  const failed = points.filter((point) => !point.ok);
  const order = panelOrder(
    panels.map((panel) => panel.variant),
    options.variants,
  );
  const failures = (variant: string) =>
    failed.filter((point) => point.variant === variant).length;
  const ends = panels.filter((panel) => panel.batchEndMs !== undefined);
  const legend = [
    { label: "probe answered", color: OK_COLOR },
    { label: "probe failed", color: FAILED_COLOR, swatch: "vertical" as const },
    ...(ends.length
      ? [{
        label: "last register answered",
        color: "gray",
        swatch: "vertical" as const,
      }]
      : []),
  ];
  const fy = (point: { variant: string }) => point.variant;
  return {
    ...timelineFrame({
      panels: order,
      panelHeight: options.panelHeight ?? 120,
      width: options.width,
      legendMargin: legendMarginRight(legend),
      yLabel: "health latency",
      logY,
    }),
    marks: [
      Plot.frame({ strokeOpacity: 0.2 }),
      Plot.ruleX(ends, {
        x: (panel: HealthPanel) => (panel.batchEndMs as number) / 1000,
        fy,
        stroke: "gray",
        strokeDasharray: "4,3",
      }),
      Plot.ruleX(failed, {
        x: "seconds",
        fy,
        stroke: FAILED_COLOR,
        strokeOpacity: 0.6,
      }),
      Plot.dot(answered, {
        x: "seconds",
        y: "latencyMs",
        fy,
        r: 1.5,
        fill: OK_COLOR,
      }),
      ...panelTitleMarks(order, (variant) => {
        const count = failures(variant);
        return count
          ? `${variant}: ${count} probe${count === 1 ? "" : "s"} failed`
          : variant;
      }),
      ...legendMarks(legend, { position: "right" }),
    ],
  };
}
