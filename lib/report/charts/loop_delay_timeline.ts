/**
 * Chart: the server's event-loop delay over the time of a batch, one panel
 * per variant, a line per thread.
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { LoopDelaySample } from "../../server/loop_monitor.ts";
import { legendMarginRight, legendMarks } from "./legend.ts";
import {
  distinct,
  isLoggable,
  panelOrder,
  panelTitleMarks,
  timelineFrame,
} from "./panels.ts";
import { duration } from "../format.ts";

/** The loop-delay samples of one variant's batch. */
export interface LoopDelayPanel {
  /** Variant label, the panel's title. */
  variant: string;
  /** Start of the batch, ms since the epoch. */
  originEpochMs: number;
  samples: readonly LoopDelaySample[];
}

/** One sample as plotted. */
export interface LoopDelayPoint {
  variant: string;
  /** "thread 1", "thread 2"… in order of first sample within the panel. */
  thread: string;
  /** When the tick ran, s since the batch start. */
  seconds: number;
  /** How late the tick ran, ms. */
  delayMs: number;
}

/** Options of {@linkcode loopDelayTimeline}. */
export interface LoopDelayTimelineOptions {
  /** Log y scale (drops zero delays). Default false. */
  logY?: boolean;
  /** Variant labels in panel order. Default the order of `panels`. */
  variants?: readonly string[];
  /** Outer width, px. Default 900. */
  width?: number;
  /** Height of one panel, px. Default 110. */
  panelHeight?: number;
}

/**
 * Every sample as a point, in time order; server thread ids become "thread N".
 */
export function loopDelayPoints(
  panels: readonly LoopDelayPanel[],
): LoopDelayPoint[] {
  return panels.flatMap(({ variant, originEpochMs, samples }) => {
    const sorted = [...samples].sort((a, b) => a.t - b.t);
    const threads = distinct(sorted.map((sample) => sample.thread));
    return sorted.map((sample) => ({
      variant,
      thread: `thread ${threads.indexOf(sample.thread) + 1}`,
      seconds: (sample.t - originEpochMs) / 1000,
      delayMs: sample.delayMs,
    }));
  });
}

/**
 * Each sample (t, D) as a ramp from (t − D, 0) to (t, D): at each moment, how
 * late a timer due then would run. A tick that ran D ms late was due at t − D.
 */
export function delayRamps(
  points: readonly LoopDelayPoint[],
): LoopDelayPoint[] {
  return points.flatMap((point) => [
    { ...point, seconds: point.seconds - point.delayMs / 1000, delayMs: 0 },
    point,
  ]);
}

function longestDelayTitle(points: readonly LoopDelayPoint[]) {
  return (variant: string) => {
    const delays = points.filter((p) => p.variant === variant).map((p) =>
      p.delayMs
    );
    return delays.length
      ? `${variant}: longest delay ${duration(Math.max(...delays))}`
      : `${variant}: no samples`;
  };
}

/**
 * Event-loop delay (ms: how late a timer ran) against time since the batch
 * start (s), one panel per variant titled with its longest delay, a coloured
 * line per server thread. On the default linear scale a loop blocked for D ms
 * is a ramp up to D ms ({@linkcode delayRamps}); a log scale plots the samples.
 */
export function loopDelayTimeline(
  panels: readonly LoopDelayPanel[],
  options: LoopDelayTimelineOptions = {},
): Plot.PlotOptions {
  const logY = options.logY ?? false;
  const points = loopDelayPoints(panels).filter((point) =>
    logY ? isLoggable(point.delayMs) : Number.isFinite(point.delayMs)
  );
  const order = panelOrder(
    panels.map((panel) => panel.variant),
    options.variants,
  );
  const threads = distinct(points.map((point) => point.thread)).sort();
  const legend = threads.map((thread) => ({
    label: thread,
    key: thread,
    swatch: "line" as const,
  }));
  const channels = {
    x: "seconds",
    y: "delayMs",
    fy: "variant",
    stroke: "thread",
  } as const;
  return {
    ...timelineFrame({
      panels: order,
      panelHeight: options.panelHeight ?? 110,
      width: options.width,
      legendMargin: legendMarginRight(legend),
      yLabel: "event-loop delay",
      logY,
    }),
    color: { type: "categorical", domain: threads },
    marks: [
      Plot.frame({ strokeOpacity: 0.2 }),
      Plot.line(logY ? points : delayRamps(points), {
        ...channels,
        strokeWidth: 1.2,
      }),
      ...panelTitleMarks(order, longestDelayTitle(points)),
      ...legendMarks(legend, { position: "right" }),
    ],
  };
}
