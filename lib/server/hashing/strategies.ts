/**
 * Builds the hasher for the strategy named in the configuration.
 * @module
 */
import type { ServerConfig } from "../config.ts";
import { createAsyncChunkedHasher } from "./async_chunked.ts";
import { createBlockingHasher } from "./blocking.ts";
import type { PasswordHasher } from "./hasher.ts";
import { createWorkerPoolHasher } from "./worker_pool.ts";

/** The hasher that `config.strategy` names, ready to use. */
export function createHasher(
  config: Pick<ServerConfig, "strategy" | "cost" | "poolSize" | "queueLimit">,
  onWorkerLost?: (reason: string) => void,
): PasswordHasher {
  switch (config.strategy) {
    case "blocking":
      return createBlockingHasher(config.cost);
    case "async":
      return createAsyncChunkedHasher(config.cost);
    case "worker":
      return createWorkerPoolHasher({
        cost: config.cost,
        size: config.poolSize,
        queueLimit: config.queueLimit,
        onWorkerLost,
      });
  }
}
