/**
 * The server's own log lines on stderr: start-up, warnings, unexpected
 * errors. The one place in the server that prints. Request records go to
 * the request log file instead.
 * @module
 */

/** Prints server messages; tests pass a capturing `write`. */
export interface ServerLog {
  info(message: string): void;
  /** Prints a warning once; repeats of the same text are counted, not printed. */
  warn(message: string): void;
  /** Prints text as it is on stdout, such as the help text. */
  print(text: string): void;
}

/** A log that prefixes each line with the program and thread name. */
export function createServerLog(
  thread: string,
  // deno-lint-ignore no-console -- the server's single console sink
  write: (line: string) => void = (line) => console.error(line),
  // deno-lint-ignore no-console -- the server's single console sink
  print: (text: string) => void = (text) => console.log(text),
): ServerLog {
  const warned = new Set<string>();
  const prefix = `looplab[${thread}]`;
  return {
    info: (message) => write(`${prefix} ${message}`),
    print,
    warn(message) {
      if (warned.has(message)) return;
      warned.add(message);
      write(`${prefix} warning: ${message}`);
    },
  };
}
