/**
 * Everything experiments.ipynb calls, in one import: running or loading a
 * run, the analysis, the prose and the charts.
 * @module
 */
import type * as Plot from "@observablehq/plot";
import { show } from "./notebook.ts";
import { renderSvg } from "./render_svg.ts";

export { markdown, notebookParams, runOrLoad, show } from "./notebook.ts";
export {
  environmentMarkdown,
  parametersMarkdown,
  runFilesMarkdown,
} from "./run_overview.ts";
export { diagnose, queueModel, serviceTimeMs } from "./analysis.ts";
export { analyseStall } from "./stall_analysis.ts";
export { loadReference } from "./reference.ts";
export {
  blockingVariant,
  concurrencySection,
  diagnosisLines,
  failuresSection,
  healthSection,
  resourcesSection,
  sequentialSection,
} from "./narrative_load.ts";
export {
  asyncAnswer,
  blockedLoopAnswer,
  healthGrowthAnswer,
  meanGrowthAnswer,
  queueModelSection,
  responsivenessAnswer,
  serviceTimeSource,
  topConcurrency,
} from "./narrative_analysis.ts";
export {
  referenceDifferences,
  sequentialComparison,
} from "./narrative_reference.ts";
export {
  blockedLoopReport,
  blockingQueueModel,
  comparisonCaption,
  healthTimelineCaption,
  loopDelayCaption,
  queueModelReport,
  rateSection,
  variantOf,
} from "./report_sections.ts";
export {
  batchesAt,
  healthPanels,
  loopDelayPanels,
  resourceBatches,
  variantLabels,
} from "./charts/chart_inputs.ts";
export { latencyVsConcurrency } from "./charts/latency_vs_concurrency.ts";
export { healthTimeline } from "./charts/health_timeline.ts";
export { loopDelayTimeline } from "./charts/loop_delay_timeline.ts";
export { resourceTimeline } from "./charts/resource_timeline.ts";
export { throughputVsConcurrency } from "./charts/throughput_vs_concurrency.ts";
export { queueModelChart } from "./charts/queue_model.ts";
export { sequentialClientServer } from "./charts/sequential_client_server.ts";

/** Shows a chart, given as Plot options, inline as SVG. */
export function chart(options: Plot.PlotOptions): Promise<void> {
  return show({ "image/svg+xml": renderSvg(options) });
}
