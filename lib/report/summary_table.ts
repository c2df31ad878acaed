/**
 * The summary of a run as a text table, as the terminal runner prints it.
 * @module
 */
import type { SummaryRow } from "../harness/point_summary.ts";
import { type TextColumn, textTable } from "./text_table.ts";

const COLUMNS: TextColumn<SummaryRow>[] = [
  { heading: "variant", value: (row) => row.variant },
  { heading: "kind", value: (row) => row.kind },
  {
    heading: "c",
    value: (row) => row.concurrency ?? `${row.rate_rps?.toFixed(1)}/s`,
  },
  { heading: "endpoint", value: (row) => row.endpoint },
  { heading: "n", value: (row) => row.requests },
  { heading: "failed", value: (row) => row.failed },
  { heading: "rps", value: (row) => row.throughput_rps, digits: 1 },
  { heading: "p50 ms", value: (row) => row.p50_ms, digits: 1 },
  { heading: "p95 ms", value: (row) => row.p95_ms, digits: 1 },
  { heading: "p99 ms", value: (row) => row.p99_ms, digits: 1 },
  { heading: "max ms", value: (row) => row.max_ms, digits: 1 },
  { heading: "cpu% peak", value: (row) => row.cpu_peak_pct },
  { heading: "rss MB", value: (row) => row.rss_peak_mb },
  { heading: "loop max ms", value: (row) => row.loop_delay_max_ms, digits: 1 },
];

/** The run's summary rows as a table. */
export function summaryTable(rows: readonly SummaryRow[]): string {
  return textTable(rows, COLUMNS);
}
