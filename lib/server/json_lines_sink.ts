/**
 * An append-only JSON-lines file written in batches, so that logging a
 * request costs a string push on the hot path and one write a quarter
 * second. Several threads may append to the same file: each batch is one
 * append, and lines are never split between batches.
 * @module
 */

/** Where records go: a file, or memory in tests. */
export interface RecordSink<T> {
  write(record: T): void;
  /** Writes what is buffered. */
  flush(): Promise<void>;
  /** Writes what is buffered, blocking; for the last moment before exit. */
  flushSync(): void;
  /** Flushes and stops the timer; later writes are dropped. */
  close(): Promise<void>;
}

/** Options of {@linkcode createJsonLinesFile}. */
export interface JsonLinesFileOptions {
  /** Time between batch writes, in ms. Default 250. */
  flushEveryMs?: number;
  /** Told once when a write fails; the records of that batch are lost. */
  onWriteError?: (error: Error) => void;
}

/** A sink that appends one JSON object per line to `path`. */
export function createJsonLinesFile<T>(
  path: string,
  options: JsonLinesFileOptions = {},
): RecordSink<T> {
  let buffered: string[] = [];
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  let warned = false;

  function take(): string | null {
    if (buffered.length === 0) return null;
    const text = buffered.join("\n") + "\n";
    buffered = [];
    return text;
  }

  function failed(error: unknown): void {
    if (warned) return;
    warned = true;
    options.onWriteError?.(
      error instanceof Error ? error : new Error(String(error)),
    );
  }

  function flush(): Promise<void> {
    writing = writing.then(async () => {
      const text = take();
      if (text === null) return;
      try {
        await Deno.writeTextFile(path, text, { append: true });
      } catch (error) {
        failed(error);
      }
    });
    return writing;
  }

  const timer = setInterval(flush, options.flushEveryMs ?? 250);
  Deno.unrefTimer(timer);

  return {
    write(record) {
      if (!closed) buffered.push(JSON.stringify(record));
    },
    flush,
    flushSync() {
      const text = take();
      if (text === null) return;
      try {
        Deno.writeTextFileSync(path, text, { append: true });
      } catch (error) {
        failed(error);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await flush();
    },
  };
}

/** A sink that keeps records in an array, for tests. */
export function createMemorySink<T>(): RecordSink<T> & { records: T[] } {
  const records: T[] = [];
  return {
    records,
    write: (record) => void records.push(record),
    flush: () => Promise.resolve(),
    flushSync: () => {},
    close: () => Promise.resolve(),
  };
}
