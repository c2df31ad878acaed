/**
 * Event-loop delay, measured as timer drift: a timer asks to run every
 * `intervalMs`; how late it runs is how long the loop was busy with
 * something else. One sample per tick, so a 7 s block shows as one sample of
 * about 7000 ms at the moment the loop came back.
 * @module
 */
import type { RecordSink } from "./json_lines_sink.ts";

/** One timer tick. */
export interface LoopDelaySample {
  /** When the tick ran, ms since the epoch. */
  t: number;
  /** How late it ran, ms. */
  delayMs: number;
  thread: string;
}

/** Options of {@linkcode startLoopMonitor}. */
export interface LoopMonitorOptions {
  /** Requested time between ticks, ms. Default 10. */
  intervalMs?: number;
  thread: string;
  sink: RecordSink<LoopDelaySample>;
}

/** A running monitor; `stop` ends it. */
export interface LoopMonitor {
  stop(): void;
}

/** Starts sampling; the timer does not keep the process alive. */
export function startLoopMonitor(options: LoopMonitorOptions): LoopMonitor {
  const intervalMs = options.intervalMs ?? 10;
  if (!(intervalMs > 0)) {
    throw new RangeError(
      `Cannot monitor the event loop: interval is ${intervalMs} ms`,
    );
  }
  let expected = performance.now() + intervalMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const tick = () => {
    if (stopped) return;
    const now = performance.now();
    options.sink.write({
      t: Math.round((performance.timeOrigin + now) * 1000) / 1000,
      delayMs: Math.round(Math.max(0, now - expected) * 1000) / 1000,
      thread: options.thread,
    });
    expected = now + intervalMs;
    timer = setTimeout(tick, intervalMs);
    Deno.unrefTimer(timer);
  };
  timer = setTimeout(tick, intervalMs);
  Deno.unrefTimer(timer);

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
