/**
 * Runs server.ts as a real process, as the deno.json tasks do: the same
 * permissions (read from deno.json, so that the tests notice when a task
 * changes), on 127.0.0.1 and a free port, with files in a fresh directory
 * under data/, the only place the serve tasks may write.
 * @module
 */
import { waitFor, within } from "./waiting.ts";

/** The project's root directory, where the tasks run. */
export const ROOT = decodeURIComponent(
  new URL("../..", import.meta.url).pathname,
).replace(/\/$/, "");
const HOST = "127.0.0.1";
/** A secret for tests that need tokens to outlive a thread or a process. */
export const JWT_SECRET = "e2e-test-secret-0123456789abcdef";

type ServeTask = "serve" | "serve:parallel";

/** The `--allow-*` flags of a task in deno.json. */
export function taskPermissions(task: ServeTask): string[] {
  const config = JSON.parse(Deno.readTextFileSync(`${ROOT}/deno.json`));
  const entry = config.tasks[task];
  const command: string = typeof entry === "string" ? entry : entry.command;
  const flags = command.split(/\s+/).filter((word) =>
    word.startsWith("--allow")
  );
  if (flags.length === 0) throw new Error(`Cannot find permissions in ${task}`);
  return flags;
}

/** A port that was free a moment ago: the OS picks it for a port-0 listener. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: HOST, port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** A fresh directory under data/, for a test's database and logs. */
export function makeDataDir(): Promise<string> {
  Deno.mkdirSync(`${ROOT}/data`, { recursive: true });
  return Deno.makeTempDir({ dir: `${ROOT}/data`, prefix: "test-" });
}

/** The environment without LOOPLAB_* from outside, plus `extra`. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env = Object.fromEntries(
    Object.entries(Deno.env.toObject()).filter(([name]) =>
      !name.startsWith("LOOPLAB_")
    ),
  );
  return { ...env, NO_COLOR: "1", ...extra };
}

/** A started process and what it has printed so far. */
export interface RunningProcess {
  child: Deno.ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit status once both outputs are read to the end. */
  finished: Promise<Deno.CommandStatus>;
}

function spawn(args: string[], env: Record<string, string>): RunningProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: cleanEnv(env),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const text = { stdout: "", stderr: "" };
  // Read both pipes all along, so that a full pipe never stalls the server.
  const drain = async (name: "stdout" | "stderr") => {
    for await (
      const chunk of child[name].pipeThrough(new TextDecoderStream())
    ) {
      text[name] += chunk;
    }
  };
  const drained = Promise.all([drain("stdout"), drain("stderr")]);
  return {
    child,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    finished: drained.then(() => child.status),
  };
}

/**
 * Sends SIGTERM, and SIGKILL if the process is still there after
 * `graceMs`; resolves with the exit status either way.
 */
export async function stopProcess(
  running: RunningProcess,
  graceMs = 10_000,
): Promise<Deno.CommandStatus> {
  const signal = (name: Deno.Signal) => {
    try {
      running.child.kill(name);
    } catch {
      // It has exited already.
    }
  };
  signal("SIGTERM");
  return await within(running.finished, graceMs, () => {
    signal("SIGKILL");
    return running.finished;
  });
}

/** Options of {@linkcode startServer} and {@linkcode runToExit}. */
export interface StartOptions {
  /** Flags after server.ts. */
  args?: string[];
  env?: Record<string, string>;
  /** Run under `deno serve --parallel` with this many threads. */
  parallelThreads?: number;
}

/**
 * The deno command line. `deno serve` always gets a port, since its
 * default is 8000; `deno run` gets one only when `port` is given.
 */
function commandLine(options: StartOptions, port?: number): string[] {
  const args = options.args ?? [];
  if (options.parallelThreads) {
    return [
      "serve",
      "--parallel",
      "--host",
      HOST,
      "--port",
      String(port ?? freePort()),
      ...taskPermissions("serve:parallel"),
      "server.ts",
      ...args,
    ];
  }
  const listen = port === undefined
    ? []
    : ["--host", HOST, "--port", String(port)];
  return ["run", ...taskPermissions("serve"), "server.ts", ...listen, ...args];
}

function environment(options: StartOptions): Record<string, string> {
  if (!options.parallelThreads) return { ...options.env };
  return {
    LOOPLAB_DENO_SERVE: "parallel",
    DENO_JOBS: String(options.parallelThreads),
    ...options.env,
  };
}

/** Runs server.ts to its end, for a command line that makes it exit. */
export async function runToExit(
  options: StartOptions,
): Promise<{ status: Deno.CommandStatus; stdout: string; stderr: string }> {
  const running = spawn(commandLine(options), environment(options));
  const status = await within(
    running.finished,
    30_000,
    () => stopProcess(running, 1000),
  );
  return { status, stdout: running.stdout(), stderr: running.stderr() };
}

/** A server process that has started listening. */
export interface ServerProcess extends RunningProcess {
  url: string;
  /** Stops it (SIGTERM, then SIGKILL) and returns its exit status. */
  stop(): Promise<Deno.CommandStatus>;
}

/** How the process shows it is ready to take requests. */
function isReady(stderr: string, options: StartOptions): boolean {
  const threads = options.parallelThreads;
  if (!threads) return /listening on http:\/\//.test(stderr);
  const serving = stderr.match(/\] serving /g)?.length ?? 0;
  return /Listening on http:\/\//.test(stderr) && serving >= threads;
}

/**
 * Starts the server and waits until it listens. If another process took
 * the free port in between, it tries again on a new one.
 */
export async function startServer(
  options: StartOptions = {},
): Promise<ServerProcess> {
  for (let attempt = 1;; attempt++) {
    const port = freePort();
    const running = spawn(commandLine(options, port), environment(options));
    let exited = false;
    running.finished.then(() => exited = true);
    await waitFor(
      () => exited || isReady(running.stderr(), options),
      30_000,
      () => `server start; stderr so far:\n${running.stderr()}`,
    ).catch(async (error) => {
      await stopProcess(running, 1000);
      throw error;
    });
    if (!exited) {
      return {
        ...running,
        url: `http://${HOST}:${port}`,
        stop: () => stopProcess(running),
      };
    }
    await running.finished;
    if (attempt < 3 && /AddrInUse|in use/i.test(running.stderr())) continue;
    throw new Error(`Cannot start the server:\n${running.stderr()}`);
  }
}

/** Runs `test` with a started server, and always stops it afterwards. */
export async function withServer(
  options: StartOptions,
  test: (server: ServerProcess) => Promise<void>,
): Promise<Deno.CommandStatus> {
  const server = await startServer(options);
  let status: Deno.CommandStatus;
  try {
    await test(server);
  } finally {
    status = await server.stop();
  }
  return status;
}
