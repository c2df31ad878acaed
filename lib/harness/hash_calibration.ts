/**
 * The time of one bcrypt hash on this thread, for the physical limit and
 * the progress estimate.
 * @module
 */
import bcrypt from "bcryptjs";
import { percentile } from "./percentiles.ts";

/**
 * Median time of one bcrypt hash at `cost` on this thread, ms: the CPU cost
 * of a hash with nothing else running, after enough warm-up for V8 to have
 * optimised bcryptjs (the first hashes run up to a quarter slower).
 */
export function measureHashMs(cost: number, repeats = 9): number {
  const warmUntil = performance.now() + 200;
  let first = 0;
  for (let i = 0; i < 3 || performance.now() < warmUntil; i++) {
    const started = performance.now();
    bcrypt.hashSync("warm-up the JIT", cost);
    first ||= performance.now() - started;
  }
  // At a high cost a few hashes are enough; they block the thread.
  const count = Math.max(3, Math.min(repeats, Math.floor(3000 / first)));
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    bcrypt.hashSync("correct horse battery staple", cost);
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}
