/**
 * How the server stops: once, on SIGINT or SIGTERM, or when its standard
 * input closes (see stdin_watch.ts). Installed before anything else, so a
 * signal during start-up is handled too.
 * @module
 */
import type { ServerLog } from "./server_log.ts";
import { watchStdin } from "./stdin_watch.ts";

/** What the server does to stop, once it is running. */
export interface StopActions {
  /** Finishes the requests in flight and closes everything. */
  stop(): Promise<void>;
  /** Writes out buffered log lines at once, before a forced exit. */
  flushSync(): void;
}

/** The stop logic; `running` hands it the server once there is one. */
export interface StopControl {
  running(actions: StopActions): void;
}

/** Options of {@linkcode installStopControl}. */
export interface StopControlOptions {
  log: ServerLog;
  /** Exit once stopped after a signal (false under deno serve, which exits itself). */
  exitAfterSignal: boolean;
  /** Also stop when standard input closes. */
  watchStdin: boolean;
}

/**
 * A repeat within this long of the first signal is the same keypress:
 * `deno task` forwards Ctrl-C to its child, which also gets it from the
 * terminal, so one Ctrl-C often arrives twice.
 */
const SAME_SIGNAL_MS = 1000;

/** Installs the signal handlers and, if asked, the stdin watch. */
export function installStopControl(options: StopControlOptions): StopControl {
  const { log } = options;
  let actions: StopActions | undefined;
  let stoppingSince: number | undefined;
  const watch = options.watchStdin
    ? watchStdin(() => void handle("stdin closed", true))
    : undefined;

  async function handle(reason: string, exit: boolean): Promise<void> {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < SAME_SIGNAL_MS) return;
      log.info(`${reason} again: exiting without waiting`);
      actions?.flushSync();
      Deno.exit(1);
    }
    stoppingSince = Date.now();
    watch?.release();
    if (!actions) {
      log.info(`${reason} during start-up: exiting`);
      Deno.exit(0);
    }
    log.info(
      `${reason}: finishing the requests in flight (signal again to quit now)`,
    );
    await actions.stop();
    log.info("stopped");
    if (exit) Deno.exit(0);
  }

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(
      signal,
      () => void handle(signal, options.exitAfterSignal),
    );
  }
  return {
    running(ready) {
      actions = ready;
    },
  };
}
