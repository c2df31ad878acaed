/**
 * The one interface every hashing strategy implements, and the errors a
 * caller must tell apart from a wrong password.
 * @module
 */

/** Hashes and checks passwords as standard `$2b$` bcrypt strings. */
export interface PasswordHasher {
  /** The strategy's name, as given to `--strategy`. */
  readonly strategy: string;
  /** A new salted bcrypt hash of `password` at the configured cost. */
  hash(password: string): Promise<string>;
  /** Whether `password` matches `hash`; false for a malformed hash. */
  verify(password: string, hash: string): Promise<boolean>;
  /** Releases threads and timers; later calls are refused. */
  close(): Promise<void>;
}

/**
 * The hasher could not do the work right now (a worker died, the queue is
 * full, the pool is closing). The request may be retried: answer 503.
 */
export class HasherUnavailableError extends Error {
  override name = "HasherUnavailableError";
}
