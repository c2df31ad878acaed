/**
 * Plan overrides given as text, as the terminal runner's flags and the
 * notebook's environment variables give them: "10,100,1000", "1,2",
 * "blocking,worker".
 * @module
 */
import {
  EXPERIMENT_STRATEGIES,
  type ExperimentStrategy,
  type ProfileSettings,
} from "./experiment_plan.ts";

/** Overrides as text; an absent or empty value keeps the profile's. */
export interface OverrideText {
  strategies?: string;
  threads?: string;
  levels?: string;
  cost?: string;
  sequential?: string;
  rates?: string;
}

function given(text: string | undefined): text is string {
  return text !== undefined && text.trim() !== "";
}

function numbers(name: string, text: string | undefined): number[] | undefined {
  if (!given(text)) return undefined;
  const values = text.split(",").map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isFinite(value))) {
    throw new RangeError(
      `Cannot read ${name}: expected numbers separated by commas, got "${text}"`,
    );
  }
  return values;
}

function strategies(
  text: string | undefined,
): ExperimentStrategy[] | undefined {
  if (!given(text)) return undefined;
  const names = text.split(",").map((name) => name.trim());
  for (const name of names) {
    if (!(EXPERIMENT_STRATEGIES as readonly string[]).includes(name)) {
      throw new RangeError(
        `Cannot use strategy "${name}": choose from ${
          EXPERIMENT_STRATEGIES.join(", ")
        }`,
      );
    }
  }
  return names as ExperimentStrategy[];
}

/**
 * The overrides that the texts ask for.
 *
 * @throws {RangeError} for a value that is not a number or a strategy.
 */
export function parseOverrides(text: OverrideText): Partial<ProfileSettings> {
  return {
    strategies: strategies(text.strategies),
    threads: numbers("threads", text.threads),
    levels: numbers("levels", text.levels),
    cost: numbers("cost", text.cost)?.[0],
    sequentialCount: numbers("sequential", text.sequential)?.[0],
    rateFractions: given(text.rates) && text.rates.trim() === "none"
      ? []
      : numbers("rates", text.rates),
  };
}
