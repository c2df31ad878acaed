/**
 * Files of a run directory, written atomically: each file is written in
 * full under a temporary name and then renamed, so an interrupted run
 * leaves whole files or none, never half of one.
 * @module
 */
import { toJsonLines } from "./json_lines.ts";

/** Writes `text` to `path` through a temporary file and a rename. */
export async function writeFileAtomic(
  path: string,
  text: string,
): Promise<void> {
  const temporary = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  try {
    await Deno.writeTextFile(temporary, text);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

/** Writes a value as pretty JSON, atomically. */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
}

/** Writes records as JSON lines, atomically. */
export function writeJsonLinesAtomic(
  path: string,
  records: readonly unknown[],
): Promise<void> {
  return writeFileAtomic(path, toJsonLines(records));
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    return Number.isFinite(value) ? String(value) : "";
  }
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text with a header of `columns`; missing values are empty. */
export function toCsv<T extends object>(
  rows: readonly T[],
  columns: readonly (keyof T & string)[],
): string {
  const lines = [columns.join(",")];
  for (const row of rows) {
    lines.push(columns.map((column) => csvCell(row[column])).join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * A directory name for a run started at `date`, sortable and with no
 * colons: 2026-12-04T15-40-11.123Z.
 */
export function runIdFor(date: Date): string {
  return date.toISOString().replaceAll(":", "-");
}
