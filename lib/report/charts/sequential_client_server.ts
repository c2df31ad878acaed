/**
 * Chart: sequential requests' mean latency seen by the client beside the
 * server's own time, per endpoint and variant.
 * @module
 */
import * as Plot from "@observablehq/plot";
import type { SummaryRow } from "../../harness/point_summary.ts";
import { legendMarginRight, legendMarks } from "./legend.ts";
import {
  distinct,
  isLoggable,
  logAxis,
  panelLayout,
  panelOrder,
  panelTitleMarks,
} from "./panels.ts";

/** One endpoint of one variant, measured one request at a time. */
export interface SequentialPair {
  endpoint: string;
  variant: string;
  /** Mean from send to full response at the client, ms. */
  clientMs: number;
  /**
   * Mean time inside the server's handler (Server-Timing), ms; null if unknown.
   */
  serverMs: number | null;
}

/** Options of {@linkcode sequentialClientServer}. */
export interface SequentialClientServerOptions {
  /** Variant labels in row order. Default the order of the rows. */
  variants?: readonly string[];
  /** Endpoints in panel order. Default the order of the rows. */
  endpoints?: readonly string[];
  /** Outer width, px. Default 800. */
  width?: number;
}

const SIDES = ["server (handler)", "client (round trip)"];

/**
 * The sequential rows as client/server pairs; drops a pair whose client mean a
 * log scale cannot show.
 */
export function sequentialPairs(rows: readonly SummaryRow[]): SequentialPair[] {
  return rows
    .filter((row) => row.kind === "sequential" && isLoggable(row.mean_ms))
    .map((row) => ({
      endpoint: row.endpoint,
      variant: row.variant_label,
      clientMs: row.mean_ms,
      serverMs: isLoggable(row.server_mean_ms) ? row.server_mean_ms : null,
    }));
}

function formatMs(ms: number): string {
  return ms < 1 ? `${ms.toFixed(3)} ms` : `${ms.toFixed(2)} ms`;
}

/**
 * Mean latency (ms, log) of sequential requests: one panel per endpoint, a
 * row per variant, the server's handler time and the client's round trip as
 * two labelled dots joined by a line. The gap is time outside the handler.
 */
export function sequentialClientServer(
  rows: readonly SummaryRow[],
  options: SequentialClientServerOptions = {},
): Plot.PlotOptions {
  const pairs = sequentialPairs(rows);
  const withServer = pairs.filter((pair) => pair.serverMs !== null);
  const variants = panelOrder(
    pairs.map((pair) => pair.variant),
    options.variants,
  );
  const endpoints = panelOrder(
    pairs.map((pair) => pair.endpoint),
    options.endpoints,
  );
  const legend = SIDES.map((side) => ({ label: side, key: side }));
  const longestVariant = Math.max(
    0,
    ...distinct(variants).map((v) => v.length),
  );
  const shared = { y: "variant", fy: "endpoint" } as const;
  const labels = {
    ...shared,
    fontSize: 9,
    fill: "currentColor",
    lineAnchor: "middle",
  } as const;
  return {
    width: options.width ?? 800,
    ...panelLayout(endpoints, 30 + 22 * Math.max(1, variants.length)),
    marginLeft: 20 + longestVariant * 6,
    marginRight: legendMarginRight(legend),
    grid: true,
    x: { ...logAxis("mean latency, ms"), inset: 70 },
    y: { domain: variants, label: null },
    color: {
      type: "categorical",
      domain: SIDES,
      range: ["darkorange", "steelblue"],
    },
    marks: [
      Plot.frame({ strokeOpacity: 0.2 }),
      Plot.link(withServer, {
        ...shared,
        x1: "serverMs",
        x2: "clientMs",
        stroke: "gray",
      }),
      Plot.dot(withServer, {
        ...shared,
        x: "serverMs",
        fill: () => SIDES[0],
        r: 4,
      }),
      Plot.dot(pairs, { ...shared, x: "clientMs", fill: () => SIDES[1], r: 4 }),
      Plot.text(withServer, {
        ...labels,
        x: "serverMs",
        text: (p: SequentialPair) => formatMs(p.serverMs as number),
        textAnchor: "end",
        dx: -7,
      }),
      Plot.text(pairs, {
        ...labels,
        x: "clientMs",
        text: (p: SequentialPair) => formatMs(p.clientMs),
        textAnchor: "start",
        dx: 7,
      }),
      ...panelTitleMarks(
        endpoints,
        (endpoint) => `${endpoint}: one request at a time`,
      ),
      ...legendMarks(legend, { position: "right" }),
    ],
  };
}
