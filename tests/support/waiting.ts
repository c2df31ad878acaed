/**
 * Waiting for another process without leaving timers behind, which
 * Deno.test would report as a leak. The limits here only stop a broken
 * test from hanging; no test asserts on how long anything took.
 * @module
 */

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The promise's value, or `onTimeout()`'s if it has not settled after
 * `ms`. The timer is cleared either way.
 */
export async function within<T, U>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => U | Promise<U>,
): Promise<T | U> {
  const timedOut = Symbol("timed out");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof timedOut>((resolve) => {
    timer = setTimeout(() => resolve(timedOut), ms);
  });
  try {
    const first = await Promise.race([promise, timeout]);
    return first === timedOut ? await onTimeout() : first as T;
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `ready()` until it holds; throws after `ms` with `what()`. */
export async function waitFor(
  ready: () => boolean,
  ms: number,
  what: () => string,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${what()}`);
    await sleep(10);
  }
}
