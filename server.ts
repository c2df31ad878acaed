/**
 * Loop Lab's auth server: registration hashes the password with bcryptjs in
 * the strategy chosen at start. `deno task serve` runs one thread, with
 * flags (`--help` lists them); `deno task serve:parallel` runs the same app
 * under `deno serve --parallel`, one event loop per thread.
 * @module
 */
import {
  ConfigError,
  describeConfig,
  helpText,
  parseConfig,
  type ServerConfig,
} from "./lib/server/config.ts";
import { detectLaunchMode } from "./lib/server/launch_mode.ts";
import { openServer } from "./lib/server/runtime.ts";
import { createServerLog, type ServerLog } from "./lib/server/server_log.ts";
import { watchStdin } from "./lib/server/stdin_watch.ts";

const EXIT_USAGE = 2;
const EXIT_FAILURE = 1;
/** How long a stop waits for requests in flight, ms. */
const SHUTDOWN_GRACE_MS = 30_000;

function openOrExit(
  config: ServerConfig,
  options: Parameters<typeof openServer>[1],
): ReturnType<typeof openServer> {
  try {
    return openServer(config, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    options.log.info(`Cannot start with db=${config.db}: ${reason}`);
    Deno.exit(EXIT_FAILURE);
  }
}

function configOrExit(
  args: readonly string[],
  command: string,
  log: ServerLog,
  check: (config: ServerConfig) => void = () => {},
): ServerConfig {
  try {
    const parsed = parseConfig(args);
    if (parsed.kind === "help") {
      log.print(helpText(command));
      Deno.exit(0);
    }
    check(parsed.config);
    return parsed.config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.info(`${error.message}\nRun "${command} --help" for the flags.`);
    Deno.exit(EXIT_USAGE);
  }
}

/**
 * Runs `stop` once: on the first SIGINT or SIGTERM, or, when the harness
 * asks for it with LOOPLAB_EXIT_WITH_STDIN=1, when standard input closes
 * because the process that started the server is gone. A second signal
 * exits at once.
 */
function stopOnce(
  log: ServerLog,
  stop: () => Promise<void>,
  exitAfterSignal: boolean,
): void {
  let stopping = false;
  const watch = Deno.env.get("LOOPLAB_EXIT_WITH_STDIN") === "1"
    ? watchStdin(() => void handle("stdin closed", true))
    : undefined;
  async function handle(reason: string, exit: boolean): Promise<void> {
    if (stopping) {
      log.info(`${reason} again: exiting without waiting`);
      Deno.exit(1);
    }
    stopping = true;
    watch?.release();
    log.info(
      `${reason}: finishing the requests in flight (a second signal quits now)`,
    );
    await stop();
    log.info("stopped");
    if (exit) Deno.exit(0);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => void handle(signal, exitAfterSignal));
  }
}

async function runStandalone(args: readonly string[]): Promise<void> {
  const log = createServerLog("main");
  const config = configOrExit(args, "deno task serve", log);
  const server = openOrExit(config, {
    thread: "main",
    log,
    jwtSecret: Deno.env.get("LOOPLAB_JWT_SECRET"),
  });
  let http: Deno.HttpServer;
  try {
    http = Deno.serve({
      hostname: config.host,
      port: config.port,
      onListen: ({ hostname, port }) =>
        log.info(
          `listening on http://${hostname}:${port} ${describeConfig(config)}`,
        ),
    }, server.fetch);
  } catch (error) {
    await server.closeWhenIdle(0);
    const reason = error instanceof Error ? error.message : String(error);
    log.info(`Cannot listen on ${config.host}:${config.port}: ${reason}`);
    Deno.exit(EXIT_FAILURE);
  }
  stopOnce(log, async () => {
    // shutdown() waits for every response; a stuck one must not hold the
    // process forever.
    const grace = new Promise((resolve) =>
      setTimeout(resolve, SHUTDOWN_GRACE_MS)
    );
    await Promise.race([http.shutdown(), grace]);
    await server.closeWhenIdle(0);
  }, true);
  await http.finished;
}

function underDenoServe(
  args: readonly string[],
  parallel: boolean,
): Deno.ServeDefaultExport {
  const thread = parallel ? `t-${crypto.randomUUID().slice(0, 4)}` : "main";
  const log = createServerLog(thread);
  const jwtSecret = Deno.env.get("LOOPLAB_JWT_SECRET");
  const command = "deno task serve:parallel";
  const config = configOrExit(args, command, log, () => {
    if (args.some((arg) => /^--(host|port)\b/.test(arg))) {
      throw new ConfigError(
        "Cannot take --host or --port after server.ts under deno serve: give them to deno serve, before server.ts",
      );
    }
    if (parallel && !jwtSecret) {
      throw new ConfigError(
        "Cannot run several threads without LOOPLAB_JWT_SECRET: each thread would sign tokens with its own random secret",
      );
    }
  });
  const server = openOrExit(config, { thread, log, jwtSecret });
  // deno serve stops accepting on the signal itself and exits once the
  // event loop is empty, which the hash workers prevent until closed.
  // Exiting here would cut off the other threads' requests in flight.
  // A signal in the first moments of a parallel start, before every thread
  // has reached this line, is missed by the late threads: the process then
  // needs a second signal. The harness waits for every thread's line below.
  stopOnce(log, () => server.closeWhenIdle(SHUTDOWN_GRACE_MS), false);
  log.info(`serving ${describeConfig(config)}`);
  return { fetch: server.fetch };
}

const launch = detectLaunchMode();

export default launch.underDenoServe
  ? underDenoServe(Deno.args, launch.parallel)
  : {};

if (import.meta.main && !launch.underDenoServe) await runStandalone(Deno.args);
