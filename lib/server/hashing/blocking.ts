/**
 * The strategy under study: bcrypt runs on the request's own event loop and
 * nothing else on that loop runs until the hash is done.
 * @module
 */
import { runHashJobSync } from "./bcrypt_job.ts";
import type { PasswordHasher } from "./hasher.ts";

/** A hasher that blocks the event loop for the full duration of each hash. */
export function createBlockingHasher(cost: number): PasswordHasher {
  return {
    strategy: "blocking",
    // Promise.resolve keeps one async interface; the work itself is synchronous.
    hash: (password) =>
      Promise.resolve(runHashJobSync({ op: "hash", password, cost }) as string),
    verify: (password, hash) =>
      Promise.resolve(
        runHashJobSync({ op: "verify", password, hash }) as boolean,
      ),
    close: () => Promise.resolve(),
  };
}
