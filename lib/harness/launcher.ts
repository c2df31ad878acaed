/**
 * Starts `server.ts` as a subprocess on a free loopback port, waits until
 * its health route answers, and stops it again: SIGTERM, then SIGKILL after
 * a grace period. Use it with `await using` so that the server is stopped
 * also when the code in between throws.
 * @module
 */
import type { StrategyName } from "../server/config.ts";

/** How to run the server. */
export interface ServerLaunchOptions {
  strategy: StrategyName;
  /** Event-loop threads: 1 runs `deno run`, more run `deno serve --parallel`. */
  threads: number;
  /** bcrypt cost factor. */
  cost: number;
  /** Workers per thread in the worker strategy. */
  poolSize: number;
  /** Hash jobs that may wait for a worker. Default 100 000, so none is refused. */
  queueLimit?: number;
  /** A directory for the database and logs; the server may write only here. */
  workDir: string;
  /** Port to listen on; a free one is picked when absent. */
  port?: number;
  /** How long to wait for the first healthy answer, ms. Default 30 000. */
  startTimeoutMs?: number;
  /** Event-loop delay sampling interval, ms. Default 10. */
  loopSampleMs?: number;
}

/** A server that is up. */
export interface RunningServer extends AsyncDisposable {
  pid: number;
  baseUrl: string;
  /** The files the server writes. */
  files: { db: string; requestLog: string; loopLog: string };
  /** The last lines the server wrote to stdout and stderr. */
  outputTail(): string;
  /** Stops the server; safe to call more than once. */
  stop(graceMs?: number): Promise<Deno.CommandStatus>;
}

/** The server did not come up; the message ends with its output. */
export class ServerStartError extends Error {
  override name = "ServerStartError";
}

const PROJECT_ROOT = new URL("../../", import.meta.url);
const SERVER_ENTRY = new URL("server.ts", PROJECT_ROOT);
const TAIL_LINES = 40;
const live = new Set<Deno.ChildProcess>();
let exitHookInstalled = false;

function killLeftovers(): void {
  for (const child of live) {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/**
 * Kills every server this process started that is still running: for a
 * notebook whose cell was interrupted before its `finally` could run.
 * Returns how many there were.
 */
export function killLeftoverServers(): number {
  const count = live.size;
  killLeftovers();
  return count;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(
    "",
  );
}

/** The command line and environment that start the server. */
export function serverCommand(
  options: ServerLaunchOptions,
  port: number,
  files: RunningServer["files"],
): { args: string[]; env: Record<string, string> } {
  const root = decodeURIComponent(PROJECT_ROOT.pathname);
  const permissions = [
    `--allow-env=LOOPLAB_*`,
    `--allow-read=${root},${options.workDir}`,
    `--allow-write=${options.workDir}`,
  ];
  const config = [
    `--strategy=${options.strategy}`,
    `--cost=${options.cost}`,
    `--pool-size=${options.poolSize}`,
    `--queue-limit=${options.queueLimit ?? 100_000}`,
    `--db=${files.db}`,
    `--request-log=${files.requestLog}`,
    `--loop-log=${files.loopLog}`,
    `--loop-sample-ms=${options.loopSampleMs ?? 10}`,
  ];
  const env: Record<string, string> = {
    // Settings of the caller's shell must not reach the server: the flags
    // below say everything, and an address variable breaks deno serve.
    LOOPLAB_HOST: "",
    LOOPLAB_PORT: "",
    LOOPLAB_DENO_SERVE: "",
    LOOPLAB_JWT_SECRET: randomSecret(),
    // The server ends when our end of its stdin pipe closes: when we die.
    LOOPLAB_EXIT_WITH_STDIN: "1",
  };
  const entry = decodeURIComponent(SERVER_ENTRY.pathname);
  if (options.threads <= 1) {
    return {
      args: [
        "run",
        `--allow-net=127.0.0.1:${port}`,
        ...permissions,
        entry,
        "--host=127.0.0.1",
        `--port=${port}`,
        ...config,
      ],
      env,
    };
  }
  env.LOOPLAB_DENO_SERVE = "parallel";
  env.DENO_JOBS = String(options.threads);
  return {
    args: [
      "serve",
      "--parallel",
      "--host=127.0.0.1",
      `--port=${port}`,
      ...permissions,
      entry,
      ...config,
    ],
    env,
  };
}

async function collectLines(
  stream: ReadableStream<Uint8Array>,
  lines: string[],
  onLine: (line: string) => void,
): Promise<void> {
  const decoder = new TextDecoderStream();
  let partial = "";
  for await (const chunk of stream.pipeThrough(decoder)) {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop() ?? "";
    parts.forEach(onLine);
    lines.push(...parts);
    if (lines.length > TAIL_LINES) lines.splice(0, lines.length - TAIL_LINES);
  }
  if (partial) lines.push(partial);
}

/** The line each server thread prints once its handler is in place. */
const THREAD_READY = /looplab\[[^\]]+\] (serving|listening on) /;

async function healthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/api/health/`, {
      signal: AbortSignal.timeout(1000),
    });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts the server and resolves once `/api/health/` answers 200.
 *
 * @throws {ServerStartError} if it exits or stays unhealthy past the
 * start timeout; the server is stopped first.
 */
export async function launchServer(
  options: ServerLaunchOptions,
): Promise<RunningServer> {
  if (!Number.isInteger(options.threads) || options.threads < 1) {
    throw new RangeError(`Cannot launch: threads is ${options.threads}`);
  }
  await Deno.mkdir(options.workDir, { recursive: true });
  const port = options.port ?? freePort();
  const files = {
    db: `${options.workDir}/users.db`,
    requestLog: `${options.workDir}/server_requests.jsonl`,
    loopLog: `${options.workDir}/loop_delay.jsonl`,
  };
  const { args, env } = serverCommand(options, port, files);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    env,
    cwd: decodeURIComponent(PROJECT_ROOT.pathname),
    // Held open and never written: it closes when this process ends.
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  live.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    globalThis.addEventListener("unload", killLeftovers);
  }
  const output: string[] = [];
  let readyThreads = 0;
  const countReady = (line: string) => {
    if (THREAD_READY.test(line)) readyThreads++;
  };
  const drained = Promise.all([
    collectLines(child.stdout, output, countReady),
    collectLines(child.stderr, output, countReady),
  ]).catch(() => {});
  let exited = false;
  const status = child.status.then((value) => {
    exited = true;
    live.delete(child);
    child.stdin.close().catch(() => {});
    return value;
  });

  let stopping: Promise<Deno.CommandStatus> | undefined;
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: RunningServer = {
    pid: child.pid,
    baseUrl,
    files,
    outputTail: () => output.join("\n"),
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (!exited) child.kill("SIGTERM");
        const timer = setTimeout(() => {
          if (!exited) child.kill("SIGKILL");
        }, graceMs);
        try {
          const result = await status;
          await drained;
          return result;
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopping;
    },
    [Symbol.asyncDispose]: async () => {
      await server.stop();
    },
  };

  // One healthy answer is not enough with several threads: a batch sent
  // then would find some threads still starting, and a SIGTERM that early
  // is missed by the threads that have not installed their handler yet.
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (readyThreads < options.threads || !(await healthy(baseUrl))) {
    if (exited || Date.now() > deadline) {
      const why = exited ? "it exited" : "it did not answer in time";
      await server.stop(1000);
      throw new ServerStartError(
        `Cannot start the server (${
          args.join(" ")
        }): ${why}. Its output:\n${server.outputTail()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return server;
}
