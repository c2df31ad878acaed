/**
 * Wires a configuration into a running app: database, hasher, tokens,
 * request log and event-loop monitor, and how to close them again.
 * @module
 */
import bcrypt from "bcryptjs";
import type { Hono } from "hono";
import { createApp } from "./app.ts";
import type { ServerConfig } from "./config.ts";
import { createHasher } from "./hashing/strategies.ts";
import { createJsonLinesFile, type RecordSink } from "./json_lines_sink.ts";
import { type LoopDelaySample, startLoopMonitor } from "./loop_monitor.ts";
import type { RequestRecord, TimingVariables } from "./request_timing.ts";
import type { ServerLog } from "./server_log.ts";
import { createTokenService, signingSecretFrom } from "./tokens.ts";
import { UserStore } from "./user_store.ts";

/** An app with its resources open. */
export interface OpenServer {
  app: Hono<{ Variables: TimingVariables }>;
  /** The app's handler, counting the requests in flight. */
  fetch: (request: Request, info?: Deno.ServeHandlerInfo) => Promise<Response>;
  /**
   * Waits until no request is in flight (at most `graceMs`, default 30 s),
   * then closes everything, writing out buffered log lines.
   */
  closeWhenIdle(graceMs?: number): Promise<void>;
  /** Writes out buffered log lines at once, for a forced exit. */
  flushSync(): void;
}

function ensureParentDirectory(path: string): void {
  const slash = path.lastIndexOf("/");
  if (path === ":memory:" || slash <= 0) return;
  Deno.mkdirSync(path.slice(0, slash), { recursive: true });
}

function randomPassword(): string {
  return crypto.randomUUID();
}

/** Opens every resource the configuration names and builds the app. */
export function openServer(
  config: ServerConfig,
  options: { thread: string; log: ServerLog; jwtSecret: string | undefined },
): OpenServer {
  const { thread, log } = options;
  const signing = signingSecretFrom(options.jwtSecret);
  if (signing.generated) {
    log.warn(
      "LOOPLAB_JWT_SECRET is not set: signing tokens with a random secret; they end with this process",
    );
  }
  let store: UserStore;
  try {
    ensureParentDirectory(config.db);
    store = new UserStore(config.db);
  } catch (error) {
    throw new Error(
      `Cannot open the database ${config.db}: ${(error as Error).message}`,
    );
  }
  const hasher = createHasher(config, (reason) => log.warn(reason));
  // Log files are created now, so a path the server may not write fails
  // the start, not every write after it.
  for (const path of [config.requestLog, config.loopLog]) {
    if (path) {
      try {
        Deno.writeTextFileSync(path, "", { append: true });
      } catch (error) {
        throw new Error(
          `Cannot open the log file ${path}: ${(error as Error).message}`,
        );
      }
    }
  }
  const onWriteError = (error: Error) =>
    log.warn(`cannot write a log file: ${error.message}`);
  const requestLog: RecordSink<RequestRecord> | undefined = config.requestLog
    ? createJsonLinesFile(config.requestLog, { onWriteError })
    : undefined;
  const loopLog: RecordSink<LoopDelaySample> | undefined = config.loopLog
    ? createJsonLinesFile(config.loopLog, { onWriteError })
    : undefined;
  const monitor = loopLog
    ? startLoopMonitor({
      intervalMs: config.loopSampleMs,
      thread,
      sink: loopLog,
    })
    : undefined;

  const app = createApp({
    store,
    hasher,
    tokens: createTokenService({
      secret: signing.secret,
      ttlSeconds: config.tokenTtlSeconds,
    }),
    dummyHash: bcrypt.hashSync(randomPassword(), config.cost),
    cost: config.cost,
    thread,
    requestLog,
    reportError: (line) => log.warn(line),
  });

  let inFlight = 0;
  let closing: Promise<void> | undefined;
  const close = async () => {
    monitor?.stop();
    await hasher.close();
    store.close();
    await requestLog?.close();
    await loopLog?.close();
  };
  return {
    app,
    flushSync() {
      requestLog?.flushSync();
      loopLog?.flushSync();
    },
    async fetch(request, info) {
      inFlight++;
      try {
        return await app.fetch(request, info);
      } finally {
        inFlight--;
      }
    },
    closeWhenIdle(graceMs = 30_000) {
      closing ??= (async () => {
        const deadline = Date.now() + graceMs;
        while (inFlight > 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await close();
      })();
      return closing;
    },
  };
}
