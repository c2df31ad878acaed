/**
 * Legends drawn as Plot marks, so they stay inside the SVG (Plot's own
 * categorical legend is HTML).
 * @module
 */
import * as Plot from "@observablehq/plot";

/** How a legend row shows its series. */
export type LegendSwatch = "dot" | "line" | "dashed" | "vertical";

/** One row of a legend. */
export interface LegendItem {
  label: string;
  /**
   * A value of the plot's color scale: the swatch takes that scale's colour.
   */
  key?: string;
  /** A CSS colour used as is, when there is no `key`; default currentColor. */
  color?: string;
  /** Default "dot". */
  swatch?: LegendSwatch;
}

/**
 * Where the legend sits: inside the frame at a top corner, or in the right
 * margin.
 */
export type LegendPosition = "top-left" | "top-right" | "right";

/** Options of {@linkcode legendMarks}. */
export interface LegendOptions {
  /** Default "top-left". */
  position?: LegendPosition;
  /** Distance between rows, px. Default 14. */
  rowHeight?: number;
  /** Gap between the frame's top edge and the first row, px. Default 8. */
  top?: number;
}

/** The part of a canvas path that the custom symbols draw on. */
interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

/** Horizontal line of about the swatch's width, for series drawn as lines. */
const LINE_SYMBOL: Plot.SymbolType = {
  draw(context: PathSink, size: number) {
    const half = Math.sqrt(size);
    context.moveTo(-half, 0);
    context.lineTo(half, 0);
  },
};

/** Vertical line, for events drawn as rules. */
const VERTICAL_SYMBOL: Plot.SymbolType = {
  draw(context: PathSink, size: number) {
    const half = Math.sqrt(size) * 0.8;
    context.moveTo(0, -half);
    context.lineTo(0, half);
  },
};

/**
 * Class of the legend's marks in the SVG, so tests and styles can find them.
 */
export const LEGEND_CLASS = "legend";
const SWATCH_GAP_PX = 8;
const TEXT_GAP_PX = 18;
/** A rough width of one character of Plot's 10 px system-ui text, px. */
const CHAR_WIDTH_PX = 6;

function swatchMark(
  item: LegendItem,
  frameAnchor: "top-left" | "top-right",
  dx: number,
  dy: number,
): Plot.Markish {
  const swatch = item.swatch ?? "dot";
  const color = item.key === undefined
    ? (item.color ?? "currentColor")
    : (datum: LegendItem) => datum.key;
  const stroked = swatch !== "dot";
  const symbol = swatch === "dot"
    ? "circle"
    : swatch === "vertical"
    ? VERTICAL_SYMBOL
    : LINE_SYMBOL;
  return Plot.dot([item], {
    frameAnchor,
    dx,
    dy,
    facet: "super",
    className: LEGEND_CLASS,
    symbol,
    r: 4,
    fill: stroked ? "none" : color,
    stroke: stroked ? color : "none",
    strokeWidth: 2,
    strokeDasharray: swatch === "dashed" ? "4,2" : undefined,
  });
}

/**
 * Marks that draw a legend: a swatch and a label per item, one row each.
 * Drawn once over all facets; labels get a white halo to stay readable over
 * data. Use {@linkcode legendMarginRight} to make room for position "right".
 */
export function legendMarks(
  items: readonly LegendItem[],
  options: LegendOptions = {},
): Plot.Markish[] {
  const position = options.position ?? "top-left";
  const rowHeight = options.rowHeight ?? 14;
  const top = options.top ?? 8;
  const frameAnchor = position === "top-left" ? "top-left" : "top-right";
  // Inside at the right the label ends before the swatch; elsewhere it follows it.
  const [swatchDx, textDx, textAnchor] = position === "top-left"
    ? [SWATCH_GAP_PX, TEXT_GAP_PX, "start"]
    : position === "top-right"
    ? [-SWATCH_GAP_PX, -TEXT_GAP_PX, "end"]
    : [SWATCH_GAP_PX + 6, TEXT_GAP_PX + 6, "start"];
  return items.flatMap((item, row) => {
    const dy = top + row * rowHeight;
    return [
      swatchMark(item, frameAnchor, swatchDx, dy),
      Plot.text([item], {
        frameAnchor,
        dx: textDx,
        dy,
        facet: "super",
        className: LEGEND_CLASS,
        text: (datum: LegendItem) => datum.label,
        textAnchor: textAnchor as "start" | "end",
        lineAnchor: "middle",
        fill: "currentColor",
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    ];
  });
}

/** A right margin that fits a legend at position "right", px. */
export function legendMarginRight(items: readonly LegendItem[]): number {
  const longest = Math.max(0, ...items.map((item) => item.label.length));
  return TEXT_GAP_PX + 16 + longest * CHAR_WIDTH_PX;
}
