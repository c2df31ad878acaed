/**
 * A fixed pool of Web Workers that run bcrypt off the server's event loop.
 * Jobs wait in a bounded queue; a worker that crashes, or that stops
 * answering, is replaced and its job fails with HasherUnavailableError.
 * @module
 */
import type { HashJob } from "./bcrypt_job.ts";
import type { HashReply, HashRequest, WorkerMessage } from "./hash_protocol.ts";
import { HasherUnavailableError, type PasswordHasher } from "./hasher.ts";

/** Options of {@linkcode createWorkerPoolHasher}. */
export interface WorkerPoolOptions {
  /** bcrypt cost factor for new hashes. */
  cost: number;
  /** Number of worker threads. */
  size: number;
  /** Jobs that may wait for a free worker; one more is refused. */
  queueLimit: number;
  /**
   * Time a worker may spend on one job before it counts as dead, in ms.
   * Default 120 000, far above a cost-16 hash (about 18 s here).
   */
  jobTimeoutMs?: number;
  /** The worker's entry module; tests swap in one that can crash. */
  workerUrl?: URL;
  /** Told about each crash or replacement, for the server's log. */
  onWorkerLost?: (reason: string) => void;
}

interface PendingJob {
  request: HashRequest;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Whether the worker has loaded its module and said so. */
  ready: boolean;
  current?: PendingJob;
  deadline?: number;
}

const DEFAULT_WORKER_URL = new URL("./hash_worker.ts", import.meta.url);
/** Crashes in a row, with no job finished between them, before backing off. */
const CRASHES_BEFORE_BACKOFF = 5;
/** Longest wait before a crashed worker is replaced, ms. */
const MAX_RESPAWN_DELAY_MS = 5000;

/** A hasher that runs every hash and verify in a pool of worker threads. */
export function createWorkerPoolHasher(
  options: WorkerPoolOptions,
): PasswordHasher {
  const { cost, size, queueLimit } = options;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`Cannot create a worker pool: size is ${size}`);
  }
  if (!Number.isInteger(queueLimit) || queueLimit < 0) {
    throw new RangeError(
      `Cannot create a worker pool: queue limit is ${queueLimit}`,
    );
  }
  const jobTimeoutMs = options.jobTimeoutMs ?? 120_000;
  const workerUrl = options.workerUrl ?? DEFAULT_WORKER_URL;
  const queue: PendingJob[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  let consecutiveCrashes = 0;
  const respawns = new Set<ReturnType<typeof setTimeout>>();

  function spawn(): Slot {
    const slot: Slot = {
      worker: new Worker(workerUrl.href, { type: "module" }),
      ready: false,
    };
    slot.worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      if ("ready" in event.data) return onReady(slot);
      settle(slot, event.data);
    };
    slot.worker.onerror = (event: ErrorEvent) => {
      // Handled here; unhandled, a worker's error would end the server.
      event.preventDefault();
      replace(slot, `hash worker crashed: ${event.message}`);
    };
    slot.worker.onmessageerror = () =>
      replace(slot, "hash worker sent an unreadable message");
    return slot;
  }

  function onReady(slot: Slot): void {
    slot.ready = true;
    if (slot.current) slot.deadline = Date.now() + jobTimeoutMs;
  }

  function start(slot: Slot, pending: PendingJob): void {
    slot.current = pending;
    // A worker still loading gets a second allowance; its clock restarts
    // when it says it is ready.
    slot.deadline = Date.now() + (slot.ready ? 1 : 2) * jobTimeoutMs;
    // A worker that died silently no longer keeps the process alive, so
    // the watchdog must, or its job would never settle.
    Deno.refTimer(watchdog);
    slot.worker.postMessage(pending.request);
  }

  /** Lets the process end once no job is running, as an idle pool should. */
  function releaseWatchdogWhenIdle(): void {
    if (!slots.some((slot) => slot.current)) Deno.unrefTimer(watchdog);
  }

  function dispatch(slot: Slot): void {
    const next = queue.shift();
    if (next) start(slot, next);
  }

  function settle(slot: Slot, reply: HashReply): void {
    const pending = slot.current;
    if (!pending || pending.request.id !== reply.id) return;
    slot.current = undefined;
    consecutiveCrashes = 0;
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new Error(`Cannot hash: ${reply.error}`));
    dispatch(slot);
    releaseWatchdogWhenIdle();
  }

  function addWorker(): void {
    const fresh = spawn();
    slots.push(fresh);
    dispatch(fresh);
    releaseWatchdogWhenIdle();
  }

  /**
   * Ends a worker that crashed or went silent, fails its job with 503 and
   * starts another. After several crashes in a row the new worker comes
   * after a growing delay, so a job that kills every worker costs a 503 for
   * itself and slows the pool down, but never disables it.
   */
  function replace(slot: Slot, reason: string): void {
    slot.worker.terminate();
    const index = slots.indexOf(slot);
    if (index === -1) return;
    slots.splice(index, 1);
    options.onWorkerLost?.(reason);
    slot.current?.reject(new HasherUnavailableError(reason));
    consecutiveCrashes++;
    if (closed) return;
    const excess = consecutiveCrashes - CRASHES_BEFORE_BACKOFF;
    if (excess <= 0) return addWorker();
    const delay = Math.min(MAX_RESPAWN_DELAY_MS, 100 * 2 ** excess);
    const timer = setTimeout(() => {
      respawns.delete(timer);
      if (!closed) addWorker();
    }, delay);
    respawns.add(timer);
    releaseWatchdogWhenIdle();
  }

  function failQueued(reason: string): void {
    for (const pending of queue.splice(0)) {
      pending.reject(new HasherUnavailableError(reason));
    }
  }

  // A busy worker cannot answer pings, so a dead one shows only as silence.
  const watchdog = setInterval(() => {
    const now = Date.now();
    for (const slot of [...slots]) {
      if (slot.current && slot.deadline !== undefined && now > slot.deadline) {
        replace(slot, `hash worker gave no answer in ${jobTimeoutMs} ms`);
      }
    }
  }, Math.min(1000, jobTimeoutMs));
  Deno.unrefTimer(watchdog);

  for (let i = 0; i < size; i++) slots.push(spawn());

  function run(job: HashJob): Promise<string | boolean> {
    if (closed) {
      return Promise.reject(
        new HasherUnavailableError("the hash worker pool is closed"),
      );
    }
    return new Promise((resolve, reject) => {
      const pending = { request: { id: nextId++, job }, resolve, reject };
      const idle = slots.find((slot) => !slot.current);
      if (idle) return start(idle, pending);
      if (queue.length >= queueLimit) {
        return reject(
          new HasherUnavailableError(
            `the hash queue is full: ${queue.length} jobs waiting`,
          ),
        );
      }
      queue.push(pending);
    });
  }

  return {
    strategy: "worker",
    hash: async (password) =>
      await run({ op: "hash", password, cost }) as string,
    verify: async (password, hash) =>
      await run({ op: "verify", password, hash }) as boolean,
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      clearInterval(watchdog);
      respawns.forEach(clearTimeout);
      failQueued("the hash worker pool is closed");
      for (const slot of slots.splice(0)) {
        slot.worker.terminate();
        slot.current?.reject(
          new HasherUnavailableError("the hash worker pool is closed"),
        );
      }
      return Promise.resolve();
    },
  };
}
