/**
 * What the notebook's cells call: parameters from the environment, the run
 * (measured now with live progress, or loaded from disk), and Markdown
 * output. The notebook holds no measuring logic of its own.
 * @module
 */
import {
  type ExperimentParams,
  planParams,
} from "../harness/experiment_plan.ts";
import { runExperiment } from "../harness/experiment.ts";
import { killLeftoverServers } from "../harness/launcher.ts";
import { parseOverrides } from "../harness/plan_overrides.ts";
import { createProgressTracker } from "./progress_text.ts";
import { type LoadedRun, loadRun } from "./run_data.ts";

type Env = (name: string) => string | undefined;

const defaultEnv: Env = (name) => Deno.env.get(name);

/**
 * The run's parameters: `profile` and overrides, each replaced by its
 * environment variable when set (LOOPLAB_PROFILE, LOOPLAB_STRATEGIES,
 * LOOPLAB_THREADS, LOOPLAB_LEVELS, LOOPLAB_COST, LOOPLAB_SEQUENTIAL,
 * LOOPLAB_RATES), so CI can run the same notebook with the quick profile.
 *
 * @throws {RangeError} for an unknown profile or a malformed value.
 */
export function notebookParams(
  defaults: {
    profile: string;
    strategies?: string;
    threads?: string;
    levels?: string;
    cost?: string;
  },
  env: Env = defaultEnv,
): ExperimentParams {
  const pick = (name: string, fallback?: string) =>
    env(`LOOPLAB_${name}`) || fallback;
  return planParams(
    pick("PROFILE", defaults.profile)!,
    parseOverrides({
      strategies: pick("STRATEGIES", defaults.strategies),
      threads: pick("THREADS", defaults.threads),
      levels: pick("LEVELS", defaults.levels),
      cost: pick("COST", defaults.cost),
      sequential: pick("SEQUENTIAL"),
      rates: pick("RATES"),
    }),
  );
}

/** Output for Jupyter: data by media type. */
export type MediaBundle = Record<string, string>;

interface JupyterApi {
  display(value: unknown, options: Record<string, unknown>): Promise<void>;
}

function jupyter(): JupyterApi | undefined {
  return (Deno as unknown as { jupyter?: JupyterApi }).jupyter;
}

/**
 * Shows a bundle in the notebook now; outside a kernel it does nothing.
 * It resolves a moment after sending, because the Deno kernel can report a
 * cell finished before that cell's output has gone out, and nbconvert then
 * drops the output (seen with Deno 2.9 in about one cell in fifteen, both
 * for a cell's value and for display calls).
 */
export async function show(bundle: MediaBundle): Promise<void> {
  const api = jupyter();
  if (!api) return;
  await api.display(bundle, { raw: true });
  await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Shows Markdown as rendered text. */
export function markdown(text: string): Promise<void> {
  return show({ "text/markdown": text });
}

type ShowText = (text: string, first: boolean) => Promise<void> | void;

function jupyterShow(): ShowText {
  const api = jupyter();
  if (!api) return () => {};
  const displayId = `looplab-progress-${crypto.randomUUID()}`;
  return (text, first) =>
    api.display({ "text/plain": text }, {
      raw: true,
      display_id: displayId,
      update: !first,
    });
}

/**
 * The run the notebook reports on. With LOOPLAB_RUN set to a run
 * directory, that run is loaded; otherwise the experiment runs now, with
 * its progress shown in one output updated in place, and is saved under
 * LOOPLAB_RUNS_DIR (default data/runs).
 */
export async function runOrLoad(
  params: ExperimentParams,
  options: { env?: Env; show?: ShowText; runsDir?: string } = {},
): Promise<LoadedRun> {
  const env = options.env ?? defaultEnv;
  const saved = env("LOOPLAB_RUN");
  if (saved) return await loadRun(saved);
  // A cell interrupted mid-run may have left its server running.
  killLeftoverServers();
  const show = options.show ?? jupyterShow();
  const track = createProgressTracker();
  const finished: string[] = [];
  let first = true;
  // A headless run shows no notebook; `deno task notebook` tails this file.
  const progressFile = env("LOOPLAB_PROGRESS_FILE");
  const result = await runExperiment(params, {
    runsDir: options.runsDir ?? (env("LOOPLAB_RUNS_DIR") || undefined),
    onProgress: (event) => {
      const view = track(event);
      if (view.finished) finished.push(view.finished);
      if (view.finished && progressFile) {
        Deno.writeTextFileSync(progressFile, `${view.finished}\n`, {
          append: true,
        });
      }
      const text = [...finished, ...(view.finished ? [] : [view.line])].join(
        "\n",
      );
      void show(text, first);
      first = false;
    },
  });
  return await loadRun(result.dir);
}
