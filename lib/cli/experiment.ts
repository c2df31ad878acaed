/**
 * `deno task experiment`: runs the experiment from a terminal with a
 * progress line, then prints the summary table. Ctrl-C stops after saving
 * the points that finished; a second Ctrl-C quits at once.
 * @module
 */
import { parseArgs } from "node:util";
import { type ProgressEvent, runExperiment } from "../harness/experiment.ts";
import {
  EXPERIMENT_STRATEGIES,
  type ExperimentStrategy,
  planParams,
  planPoints,
  PROFILES,
} from "../harness/experiment_plan.ts";
import { summaryTable } from "../report/summary_table.ts";

const HELP = `Usage: deno task experiment [options]

Runs the Loop Lab experiment and saves it under data/runs/<timestamp>/.

  --profile NAME        ${Object.keys(PROFILES).join(" | ")} [default: default]
  --strategies LIST     comma-separated: ${EXPERIMENT_STRATEGIES.join(",")}
  --threads LIST        server threads, e.g. 1,2
  --levels LIST         concurrent registrations per batch, e.g. 10,100,1000
  --cost N              bcrypt cost factor (4-31)
  --sequential N        sequential requests per endpoint; 0 skips
  --rates LIST          constant-rate tests as fractions of the limit, e.g. 0.5,0.9
  --runs-dir DIR        where runs are saved [default: data/runs]
  --dry-run             print the plan and exit
  --help                show this text`;

class UsageError extends Error {
  override name = "UsageError";
}

function numbers(flag: string, text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const values = text.split(",").map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isFinite(value))) {
    throw new UsageError(
      `Cannot read ${flag}: expected numbers separated by commas, got "${text}"`,
    );
  }
  return values;
}

function strategies(
  text: string | undefined,
): ExperimentStrategy[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(",").map((part) => part.trim());
  for (const name of names) {
    if (!(EXPERIMENT_STRATEGIES as readonly string[]).includes(name)) {
      throw new UsageError(
        `Cannot use strategy "${name}": choose from ${
          EXPERIMENT_STRATEGIES.join(", ")
        }`,
      );
    }
  }
  return names as ExperimentStrategy[];
}

function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`
    : `${seconds}s`;
}

function progressPrinter(): (event: ProgressEvent) => void {
  const encoder = new TextEncoder();
  const interactive = Deno.stderr.isTerminal();
  const write = (text: string) => Deno.stderr.writeSync(encoder.encode(text));
  const started = Date.now();
  let estimateMs = 0;
  let doneMs = 0;
  let currentEstimate = 0;
  return (event) => {
    if (event.type === "calibrated") {
      estimateMs = event.estimateMs;
      write(
        `One hash takes ${
          event.hashMs.toFixed(1)
        } ms here; ${event.points} points, about ${
          formatDuration(estimateMs)
        } in all.\n`,
      );
      return;
    }
    const position = `[${event.index + 1}/${event.total}] ${event.point.id}`;
    if (event.type === "point-start") {
      currentEstimate = event.estimateMs;
      if (!interactive) write(`${position} …\n`);
      return;
    }
    if (event.type === "requests") {
      if (!interactive) return;
      const width = 24;
      const filled = Math.round((event.done / event.of) * width);
      const left = Math.max(
        0,
        estimateMs - doneMs - currentEstimate * (event.done / event.of),
      );
      write(
        `\r${position} ${"█".repeat(filled)}${
          "░".repeat(width - filled)
        } ${event.done}/${event.of}  elapsed ${
          formatDuration(Date.now() - started)
        }, ~${formatDuration(left)} left   `,
      );
      return;
    }
    doneMs += currentEstimate;
    const failed = event.rows.reduce((sum, row) => sum + row.failed, 0);
    const note = failed > 0 ? `  (${failed} failed requests)` : "";
    write(`${interactive ? "\r\x1b[2K" : ""}${position} done${note}\n`);
  };
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      profile: { type: "string", default: "default" },
      strategies: { type: "string" },
      threads: { type: "string" },
      levels: { type: "string" },
      cost: { type: "string" },
      sequential: { type: "string" },
      rates: { type: "string" },
      "runs-dir": { type: "string" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    // deno-lint-ignore no-console -- command-line output
    console.log(HELP);
    return 0;
  }
  const params = planParams(values.profile!, {
    strategies: strategies(values.strategies),
    threads: numbers("--threads", values.threads),
    levels: numbers("--levels", values.levels),
    cost: numbers("--cost", values.cost)?.[0],
    sequentialCount: numbers("--sequential", values.sequential)?.[0],
    rateFractions: numbers("--rates", values.rates),
  });
  if (values["dry-run"]) {
    // deno-lint-ignore no-console -- command-line output
    console.log(planPoints(params).map((point) => point.id).join("\n"));
    return 0;
  }
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) Deno.exit(130);
    Deno.stderr.writeSync(
      new TextEncoder().encode(
        "\nStopping: saving what finished (Ctrl-C again to quit now)\n",
      ),
    );
    controller.abort();
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  try {
    const result = await runExperiment(params, {
      runsDir: values["runs-dir"],
      onProgress: progressPrinter(),
      signal: controller.signal,
    });
    // deno-lint-ignore no-console -- command-line output
    console.log(
      `\n${
        summaryTable(result.rows)
      }\n\nRun ${result.manifest.status}: ${result.dir}/summary.csv`,
    );
    return result.manifest.status === "complete" ? 0 : 1;
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    const badArgument = String((error as { code?: unknown }).code).startsWith(
      "ERR_PARSE_ARGS",
    );
    if (
      !(error instanceof UsageError || error instanceof RangeError ||
        badArgument)
    ) {
      throw error;
    }
    // deno-lint-ignore no-console -- command-line output
    console.error(
      `${
        (error as Error).message
      }\nRun "deno task experiment --help" for the options.`,
    );
    Deno.exit(2);
  }
}
