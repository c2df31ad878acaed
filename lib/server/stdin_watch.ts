/**
 * Lets the server end with the process that started it. The harness keeps
 * a pipe open to the server's standard input and never writes to it; when
 * the harness dies in any way (a killed notebook kernel, SIGKILL), the pipe
 * closes and the server sees end-of-file. A signal handler alone cannot
 * catch that.
 * @module
 */

/** A watch on standard input. */
export interface StdinWatch {
  /** Stops watching, so a pending read no longer keeps the process alive. */
  release(): void;
}

/** Calls `onClosed` once standard input reaches its end. */
export function watchStdin(onClosed: () => void): StdinWatch {
  let released = false;
  (async () => {
    try {
      for await (const _ of Deno.stdin.readable) {
        // Nothing is ever sent; reading only waits for the end.
      }
    } catch {
      // Cancelled by release(), or stdin was never readable.
    }
    if (!released) onClosed();
  })();
  return {
    release() {
      if (released) return;
      released = true;
      try {
        // Cancels the pending read; the only way to unblock it.
        Deno.stdin.close();
      } catch {
        // Already closed.
      }
    },
  };
}
