/**
 * Shared chart helpers: stable series orders and panel titles drawn inside
 * faceted plots.
 * @module
 */
import * as Plot from "@observablehq/plot";

/** Distinct values in order of first appearance. */
export function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/**
 * A color-scale domain: every `preferred` value, then any other present one.
 * Passing a run's variant labels as `preferred` keeps each variant's colour
 * the same in every chart, even one where it is missing.
 */
export function colorDomain(
  present: Iterable<string>,
  preferred: readonly string[] = [],
): string[] {
  return distinct([...preferred, ...present]);
}

/** The present values, those in `preferred` first and in its order. */
export function panelOrder(
  present: Iterable<string>,
  preferred: readonly string[] = [],
): string[] {
  const found = new Set(present);
  return colorDomain(found, preferred).filter((value) => found.has(value));
}

/** Room above each `fy` panel for its title, px. */
const PANEL_TITLE_PX = 22;
const X_AXIS_PX = 40;

/**
 * Plot options for `panels` stacked as `fy` facets of `panelHeight` px each
 * (title room included), with the fy axis hidden for {@linkcode panelTitleMarks}.
 */
export function panelLayout(
  panels: readonly string[],
  panelHeight: number,
): Pick<Plot.PlotOptions, "height" | "marginTop" | "marginBottom" | "fy"> {
  return {
    height: PANEL_TITLE_PX + X_AXIS_PX +
      Math.max(1, panels.length) * panelHeight,
    marginTop: PANEL_TITLE_PX,
    marginBottom: X_AXIS_PX,
    fy: {
      domain: [...panels],
      axis: null,
      paddingInner: PANEL_TITLE_PX / panelHeight,
      paddingOuter: 0,
    },
  };
}

/**
 * A bold title just above the top-left corner of each `fy` panel, `titleOf`
 * the panel's value by default. Charts set the fy axis to null, use these
 * instead (which leaves the right margin free for a legend), with the room
 * that {@linkcode panelLayout} leaves above each panel.
 */
export function panelTitleMarks(
  panels: readonly string[],
  titleOf: (panel: string) => string = (panel) => panel,
): Plot.Markish[] {
  return [
    Plot.text(panels, {
      fy: (panel: string) => panel,
      text: titleOf,
      frameAnchor: "top-left",
      lineAnchor: "bottom",
      dy: -4,
      fontWeight: "bold",
    }),
  ];
}

/**
 * Tick format of log axes: plain numbers (0.01, 1,000), not SI ("10m", "1k").
 */
export const LOG_TICK_FORMAT = ",~g";

/** Positive and finite: can be placed on a log scale. */
export function isLoggable(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}

/**
 * The frame of a chart of one panel per variant against seconds since the
 * batch started: layout, margins for a legend, and a linear or log y axis
 * labelled `yLabel` (in ms).
 */
export function timelineFrame(options: {
  panels: readonly string[];
  panelHeight: number;
  width?: number;
  legendMargin: number;
  yLabel: string;
  logY: boolean;
}): Plot.PlotOptions {
  return {
    width: options.width ?? 900,
    ...panelLayout(options.panels, options.panelHeight),
    marginLeft: 60,
    marginRight: options.legendMargin,
    grid: true,
    x: {
      label: "seconds since the batch started",
      labelAnchor: "center",
      zero: true,
    },
    y: {
      type: options.logY ? "log" : "linear",
      tickFormat: options.logY ? LOG_TICK_FORMAT : undefined,
      label: `${options.yLabel}, ms${options.logY ? " (log scale)" : ""}`,
      labelAnchor: "center",
    },
  };
}

/** A log-scale axis labelled "`label` (log scale)", ticks as 0.01 or 1,000. */
export function logAxis(label: string): Plot.ScaleOptions {
  return {
    type: "log",
    tickFormat: LOG_TICK_FORMAT,
    label: `${label} (log scale)`,
    labelAnchor: "center",
  };
}
