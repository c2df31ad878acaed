/**
 * Progress of a run as one line of text, for the terminal's progress bar
 * and the notebook's display that is updated in place.
 * @module
 */
import type { ProgressEvent } from "../harness/experiment.ts";

/** A duration as "4m05s" or "42s". */
export function shortDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${
    String(seconds % 60).padStart(2, "0")
  }s`;
}

/** What a progress display shows after an event. */
export interface ProgressView {
  /** The current line, replaced on the next event. */
  line: string;
  /** A line that stays, when a point has finished (or the run is planned). */
  finished?: string;
}

/** Tracks a run's events and tells the line to show. */
export function createProgressTracker(
  now: () => number = Date.now,
): (event: ProgressEvent) => ProgressView {
  const started = now();
  let estimateMs = 0;
  let doneEstimateMs = 0;
  let pointEstimateMs = 0;
  const left = (fraction: number) =>
    shortDuration(
      Math.max(0, estimateMs - doneEstimateMs - pointEstimateMs * fraction),
    );
  return (event) => {
    if (event.type === "calibrated") {
      estimateMs = event.estimateMs;
      const line =
        `One hash takes ${
          event.hashMs.toFixed(1)
        } ms here; ${event.points} points, ` +
        `about ${shortDuration(estimateMs)} in all.`;
      return { line, finished: line };
    }
    const position = `[${event.index + 1}/${event.total}] ${event.point.id}`;
    const elapsed = shortDuration(now() - started);
    if (event.type === "point-start") {
      pointEstimateMs = event.estimateMs;
      return {
        line: `${position} starting · elapsed ${elapsed}, ~${left(0)} left`,
      };
    }
    if (event.type === "requests") {
      const width = 24;
      const fraction = event.of > 0 ? Math.min(1, event.done / event.of) : 1;
      const filled = Math.round(fraction * width);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      return {
        line:
          `${position} ${bar} ${event.done}/${event.of} · elapsed ${elapsed}, ~${
            left(fraction)
          } left`,
      };
    }
    doneEstimateMs += pointEstimateMs;
    pointEstimateMs = 0;
    const failed = event.rows.reduce((sum, row) => sum + row.failed, 0);
    const finished = `${position} done${
      failed > 0 ? ` (${failed} failed requests)` : ""
    }`;
    return { line: finished, finished };
  };
}
