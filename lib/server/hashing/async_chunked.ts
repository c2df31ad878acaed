/**
 * bcryptjs's own asynchronous API: the same computation on the same loop,
 * cut into slices of about 100 ms with a yield between them. Other requests
 * run between slices, but only after every queued slice of every hash in
 * progress has run, so many hashes at once still starve the loop.
 * @module
 */
import bcrypt from "bcryptjs";
import type { PasswordHasher } from "./hasher.ts";

/** A hasher that yields to the event loop between slices of each hash. */
export function createAsyncChunkedHasher(cost: number): PasswordHasher {
  return {
    strategy: "async",
    hash: (password) => bcrypt.hash(password, cost),
    verify: async (password, hash) => {
      try {
        return await bcrypt.compare(password, hash);
      } catch {
        return false;
      }
    },
    close: () => Promise.resolve(),
  };
}
