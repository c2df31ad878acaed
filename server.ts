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
import { installStopControl } from "./lib/server/stop_control.ts";

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
    options.log.info(reason);
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

const watchStdinWanted = () => Deno.env.get("LOOPLAB_EXIT_WITH_STDIN") === "1";

async function runStandalone(args: readonly string[]): Promise<void> {
  const log = createServerLog("main");
  const control = installStopControl({
    log,
    exitAfterSignal: true,
    watchStdin: watchStdinWanted(),
  });
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
  control.running({
    async stop() {
      // shutdown() waits for every response; a stuck one must not hold the
      // process forever.
      const grace = new Promise((resolve) =>
        setTimeout(resolve, SHUTDOWN_GRACE_MS)
      );
      await Promise.race([http.shutdown(), grace]);
      await server.closeWhenIdle(0);
    },
    flushSync: server.flushSync,
  });
  await http.finished;
}

function underDenoServe(
  args: readonly string[],
  parallel: boolean,
): Deno.ServeDefaultExport {
  const thread = parallel ? `t-${crypto.randomUUID().slice(0, 4)}` : "main";
  const log = createServerLog(thread);
  // deno serve stops accepting on the signal itself and exits once the
  // event loop is empty, which the hash workers prevent until closed;
  // exiting here would cut off the other threads' requests in flight.
  const control = installStopControl({
    log,
    exitAfterSignal: false,
    watchStdin: watchStdinWanted(),
  });
  const jwtSecret = Deno.env.get("LOOPLAB_JWT_SECRET");
  const command = "deno task serve:parallel";
  const config = configOrExit(args, command, log, () => {
    const envAddress = ["LOOPLAB_HOST", "LOOPLAB_PORT"].filter((name) =>
      Deno.env.get(name)
    );
    if (envAddress.length > 0) {
      throw new ConfigError(
        `Cannot use ${
          envAddress.join(" or ")
        } under deno serve: give --host and --port to deno serve, as in: deno serve --parallel --port 8001 ... server.ts`,
      );
    }
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
  // A signal in the first moments of a parallel start, before every thread
  // has installed its handler, is missed by the late threads: the process
  // then needs a second signal. The harness waits for every thread's line.
  control.running({
    stop: () => server.closeWhenIdle(SHUTDOWN_GRACE_MS),
    flushSync: server.flushSync,
  });
  log.info(`serving ${describeConfig(config)}`);
  return { fetch: server.fetch };
}

const launch = detectLaunchMode();

export default launch.underDenoServe
  ? underDenoServe(Deno.args, launch.parallel)
  : {};

if (import.meta.main && !launch.underDenoServe) await runStandalone(Deno.args);
