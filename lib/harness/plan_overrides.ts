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

const WHOLE = /^\d+$/;
const DECIMAL = /^\d*\.?\d+$/;

function numbers(
  name: string,
  text: string | undefined,
  form: RegExp = WHOLE,
): number[] | undefined {
  if (!given(text)) return undefined;
  const parts = text.split(",").map((part) => part.trim());
  if (parts.some((part) => !form.test(part))) {
    const kind = form === WHOLE ? "whole numbers" : "numbers";
    throw new RangeError(
      `Cannot read ${name}: expected ${kind} separated by commas, got "${text}"`,
    );
  }
  return parts.map(Number);
}

function single(name: string, text: string | undefined): number | undefined {
  const values = numbers(name, text);
  if (values && values.length !== 1) {
    throw new RangeError(
      `Cannot read ${name}: expected one number, got "${text}"`,
    );
  }
  return values?.[0];
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
    cost: single("cost", text.cost),
    sequentialCount: single("sequential", text.sequential),
    rateFractions: given(text.rates) && text.rates.trim() === "none"
      ? []
      : numbers("rates", text.rates, DECIMAL),
  };
}
