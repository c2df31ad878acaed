/**
 * Reading JSON-lines files back. A process that was killed may leave a last
 * line half-written; such a line is counted, not fatal.
 * @module
 */

/** The records of a JSON-lines text, and how many lines could not be read. */
export interface ParsedLines<T> {
  records: T[];
  unreadable: number;
}

/** Parses JSON-lines text; blank lines are skipped. */
export function parseJsonLines<T>(text: string): ParsedLines<T> {
  const records: T[] = [];
  let unreadable = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      unreadable++;
    }
  }
  return { records, unreadable };
}

/** Reads a JSON-lines file; a missing file reads as empty. */
export async function readJsonLines<T>(path: string): Promise<ParsedLines<T>> {
  try {
    return parseJsonLines<T>(await Deno.readTextFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return { records: [], unreadable: 0 };
    }
    throw error;
  }
}

/** Records as JSON-lines text. */
export function toJsonLines(records: readonly unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join("\n") +
    (records.length ? "\n" : "");
}
