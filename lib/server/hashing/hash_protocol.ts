/**
 * The messages between the worker pool and its hash workers.
 * @module
 */
import { type HashJob, runHashJobSync } from "./bcrypt_job.ts";

/** A job as posted to a worker; `id` pairs it with its reply. */
export interface HashRequest {
  id: number;
  job: HashJob;
}

/** A worker's answer to one HashRequest. */
export type HashReply =
  | { id: number; ok: true; value: string | boolean }
  | { id: number; ok: false; error: string };

/** Runs one request on the worker's thread and builds its reply. */
export function answerHashRequest(request: HashRequest): HashReply {
  try {
    return { id: request.id, ok: true, value: runHashJobSync(request.job) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: request.id, ok: false, error: message };
  }
}

/** Sent once by a worker when it is listening, before any reply. */
export interface WorkerReady {
  ready: true;
}

/** Anything a hash worker posts. */
export type WorkerMessage = HashReply | WorkerReady;

/** The parts of a worker's global scope that a hash worker uses. */
export interface HashWorkerScope {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage(message: WorkerMessage): void;
}
