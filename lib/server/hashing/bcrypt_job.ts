/**
 * The synchronous bcrypt work, shared by the blocking strategy and the
 * worker threads so that every strategy produces the same hashes.
 * @module
 */
import bcrypt from "bcryptjs";

/** A unit of hashing work, as posted to a worker. */
export type HashJob =
  | { op: "hash"; password: string; cost: number }
  | { op: "verify"; password: string; hash: string };

/** Runs a job on the calling thread; this blocks it for the whole hash. */
export function runHashJobSync(job: HashJob): string | boolean {
  if (job.op === "hash") return bcrypt.hashSync(job.password, job.cost);
  return verifySync(job.password, job.hash);
}

/** bcrypt comparison that answers false, not throws, for a malformed hash. */
export function verifySync(password: string, hash: string): boolean {
  try {
    return bcrypt.compareSync(password, hash);
  } catch {
    return false;
  }
}

/** The cost factor written in a `$2b$` hash, or null if it has none. */
export function costOf(hash: string): number | null {
  const match = /^\$2[abxy]?\$(\d{2})\$/.exec(hash);
  return match ? Number(match[1]) : null;
}
