/**
 * The parts of the report that describe a run rather than analyse it: its
 * parameters, the machine it ran on, and the files it left.
 * @module
 */
import type { ExperimentParams } from "../harness/experiment_plan.ts";
import type { RunEnvironment } from "../harness/environment.ts";
import { duration } from "./format.ts";
import { markdownTable } from "./markdown.ts";
import type { LoadedRun } from "./run_data.ts";

/** The parameters as a two-column table. */
export function parametersMarkdown(params: ExperimentParams): string {
  return markdownTable(["parameter", "value"], [
    ["profile", params.profile],
    ["bcrypt cost", params.cost],
    ["strategies", params.strategies.join(", ")],
    ["server threads", params.threads.join(", ")],
    ["concurrent registrations per batch", params.levels.join(", ")],
    ["sequential requests per endpoint", params.sequentialCount],
    [
      "constant-rate tests (fraction of the limit)",
      params.rateFractions.join(", ") || "none",
    ],
    ["health probe interval", duration(params.probeIntervalMs)],
    ["request timeout", duration(params.requestTimeoutMs)],
    ["CPU and memory sample interval", duration(params.sampleIntervalMs)],
    ["event-loop delay sample interval", duration(params.loopSampleMs)],
    ["cores", params.cores],
  ]);
}

/** The machine and software of a run. */
export function environmentMarkdown(environment: RunEnvironment): string {
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  const commit = environment.gitCommit
    ? `${environment.gitCommit.slice(0, 12)}${
      environment.gitDirty ? " (with uncommitted changes)" : ""
    }`
    : "unknown";
  return markdownTable(["", ""], [
    ["recorded", environment.recordedAt],
    ["Deno", environment.deno],
    ["V8", environment.v8],
    ["TypeScript", environment.typescript],
    ["OS", `${environment.os} ${environment.osRelease} (${environment.arch})`],
    ["CPU", environment.cpuModel ?? "unknown"],
    ["cores", environment.cores],
    ["memory", gib(environment.memoryTotalBytes)],
    ["open-file limit", environment.openFileLimit ?? "unknown"],
    ["git commit", commit],
  ]);
}

const PROJECT_ROOT = decodeURIComponent(
  new URL("../../", import.meta.url).pathname,
);

/** A path inside the project as the project sees it: data/runs/…. */
function projectPath(path: string): string {
  return path.startsWith(PROJECT_ROOT) ? path.slice(PROJECT_ROOT.length) : path;
}

/**
 * The run's status and where its files are; with `requested`, the
 * parameters the notebook asked for, the run's own when they differ (a
 * saved run loaded with LOOPLAB_RUN).
 */
export function runFilesMarkdown(
  run: LoadedRun,
  requested?: ExperimentParams,
): string {
  const { manifest } = run;
  const unfinished = manifest.plannedPoints.length -
    manifest.finishedPoints.length;
  const status = manifest.status === "complete"
    ? `Run \`${manifest.id}\` is complete: ${manifest.finishedPoints.length} points.`
    : `Run \`${manifest.id}\` is **${manifest.status}**: ${manifest.finishedPoints.length} points ` +
      `finished, ${unfinished} did not${
        manifest.error ? ` (${manifest.error})` : ""
      }.`;
  return [
    status,
    "",
    `Its files are in \`${
      projectPath(run.dir)
    }\`: \`run.json\` (plan and status), \`params.json\`, ` +
    "`environment.json`, `summary.csv` and `summary.json` (one row per point and endpoint), " +
    "and for each point " +
    "`points/<point>/` with `requests.jsonl`, `probes.jsonl`, `resources.jsonl` (client side) " +
    "and the server's own `server_requests.jsonl` and `loop_delay.jsonl`.",
    ...(requested &&
        JSON.stringify(requested) !== JSON.stringify(run.manifest.params)
      ? [
        "",
        "This run was loaded from disk and was made with other parameters than those above; " +
        "everything below uses its own:",
        "",
        parametersMarkdown(run.manifest.params),
      ]
      : []),
  ].join("\n");
}
