/**
 * `deno task experiment`: runs the experiment from a terminal with a
 * progress line, then prints the summary table. Ctrl-C stops after saving
 * the points that finished; a second Ctrl-C quits at once.
 * @module
 */
import { parseArgs } from "node:util";
import { type ProgressEvent, runExperiment } from "../harness/experiment.ts";
import { abandonRunSync } from "../harness/run_directory.ts";
import {
  EXPERIMENT_STRATEGIES,
  planParams,
  planPoints,
  PROFILES,
} from "../harness/experiment_plan.ts";
import { parseOverrides } from "../harness/plan_overrides.ts";
import { createProgressTracker } from "../report/progress_text.ts";
import { summaryTable } from "../report/summary_table.ts";

const HELP = `Usage: deno task experiment [options]

Runs the Loop Lab experiment and saves it under data/runs/<timestamp>/.

  --profile NAME        ${Object.keys(PROFILES).join(" | ")} [default: default]
  --strategies LIST     comma-separated: ${EXPERIMENT_STRATEGIES.join(",")}
  --threads LIST        server threads, e.g. 1,2
  --levels LIST         concurrent registrations per batch, e.g. 10,100,1000
  --cost N              bcrypt cost factor (4-31)
  --sequential N        sequential requests per endpoint; 0 skips
  --rates LIST          constant-rate tests as fractions of the limit, e.g. 0.5,0.9,
                        or "none"
  --runs-dir DIR        where runs are saved [default: data/runs]
  --dry-run             print the plan and exit
  --help                show this text`;

const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

function progressPrinter(): (event: ProgressEvent) => void {
  const encoder = new TextEncoder();
  const interactive = Deno.stderr.isTerminal();
  const write = (text: string) => Deno.stderr.writeSync(encoder.encode(text));
  const track = createProgressTracker();
  return (event) => {
    const view = track(event);
    if (interactive) {
      write(
        `\r\x1b[2K${view.finished ?? view.line}${view.finished ? "\n" : ""}`,
      );
    } else if (view.finished) {
      write(`${view.finished}\n`);
    }
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
  for (const [name, value] of Object.entries(values)) {
    if (value === "") {
      throw new RangeError(`Cannot use --${name}: the value is empty`);
    }
  }
  if (values.help) {
    // deno-lint-ignore no-console -- command-line output
    console.log(HELP);
    return 0;
  }
  const params = planParams(values.profile!, parseOverrides(values));
  if (values["dry-run"]) {
    // deno-lint-ignore no-console -- command-line output
    console.log(planPoints(params).map((point) => point.id).join("\n"));
    return 0;
  }
  const controller = new AbortController();
  let runDir: string | undefined;
  let stoppedAt = 0;
  const onInterrupt = () => {
    if (controller.signal.aborted) {
      // deno task forwards Ctrl-C, which also reaches us from the terminal:
      // a repeat within a second is the same keypress.
      if (Date.now() - stoppedAt < 1000) return;
      if (runDir) abandonRunSync(runDir);
      Deno.exit(130);
    }
    stoppedAt = Date.now();
    Deno.stderr.writeSync(
      new TextEncoder().encode(
        "\nStopping: saving what finished (Ctrl-C again to quit now)\n",
      ),
    );
    controller.abort();
  };
  for (const signal of STOP_SIGNALS) {
    Deno.addSignalListener(signal, onInterrupt);
  }
  const printProgress = progressPrinter();
  try {
    const result = await runExperiment(params, {
      runsDir: values["runs-dir"],
      onProgress: (event) => {
        if (event.type === "calibrated") runDir = event.dir;
        printProgress(event);
      },
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
    for (const signal of STOP_SIGNALS) {
      Deno.removeSignalListener(signal, onInterrupt);
    }
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    const badArgument = String((error as { code?: unknown }).code).startsWith(
      "ERR_PARSE_ARGS",
    );
    if (!(error instanceof RangeError || badArgument)) {
      // deno-lint-ignore no-console -- command-line output
      console.error(`The run failed: ${(error as Error).message ?? error}`);
      Deno.exit(1);
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
