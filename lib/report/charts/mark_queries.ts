/**
 * Reads Plot options back without a DOM, for chart tests: marks by kind,
 * channel values, legend labels.
 * @module
 */
import type * as Plot from "@observablehq/plot";
import { LEGEND_CLASS } from "./legend.ts";

/** The fields of a Plot mark that tests read. */
export interface MarkView {
  /** The mark kind, such as "line", "dot", "text", "rule", "frame", "link". */
  ariaLabel: string;
  className?: string;
  data: unknown[] | null | undefined;
  channels: Record<string, { value: unknown; scale?: string }>;
  fx?: unknown;
  fy?: unknown;
  [option: string]: unknown;
}

/** Every mark of `options`, nested arrays flattened. */
export function allMarks(options: Plot.PlotOptions): MarkView[] {
  return ((options.marks ?? []) as unknown[]).flat(Infinity) as MarkView[];
}

/**
 * The data marks of a kind ("line", "dot", "text", "rule"…), legend marks left
 * out.
 */
export function marksOfKind(
  options: Plot.PlotOptions,
  kind: string,
): MarkView[] {
  return allMarks(options).filter((mark) =>
    mark.ariaLabel === kind && mark.className !== LEGEND_CLASS
  );
}

/** The labels of the legend, top to bottom. */
export function legendLabels(options: Plot.PlotOptions): string[] {
  return allMarks(options)
    .filter((mark) =>
      mark.className === LEGEND_CLASS && mark.ariaLabel === "text"
    )
    .map((mark) => (mark.data as { label: string }[])[0].label);
}

/**
 * The value of a channel or facet option: a field name, an accessor or an
 * array.
 */
function readValue(spec: unknown, datum: unknown, index: number): unknown {
  if (typeof spec === "string") return (datum as Record<string, unknown>)[spec];
  if (typeof spec === "function") return spec(datum, index);
  if (Array.isArray(spec)) return spec[index];
  return spec;
}

/** A channel's (or fx/fy's) value for each datum of the mark. */
export function channelValues(mark: MarkView, channel: string): unknown[] {
  const spec = channel === "fx" || channel === "fy"
    ? mark[channel]
    : mark.channels[channel]?.value;
  if (spec === undefined) {
    throw new RangeError(
      `Mark "${mark.ariaLabel}" has no channel "${channel}"`,
    );
  }
  return (mark.data ?? []).map((datum, index) => readValue(spec, datum, index));
}

/**
 * The text content of every `<text>` element of SVG markup, entities decoded.
 */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/gs)].map((match) =>
    match[1].replace(/<[^>]+>/g, "").replaceAll("&lt;", "<").replaceAll(
      "&gt;",
      ">",
    ).replaceAll("&amp;", "&")
  );
}
