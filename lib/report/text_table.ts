/**
 * Plain-text tables for terminals: columns padded to their widest cell,
 * numbers aligned right.
 * @module
 */

/** A column: its heading and how to show a row's value. */
export interface TextColumn<T> {
  heading: string;
  value: (row: T) => string | number | null;
  /** Digits after the point for numbers. Default 0. */
  digits?: number;
}

function cell(value: string | number | null, digits: number): string {
  if (value === null) return "–";
  if (typeof value === "number") {
    return Number.isFinite(value) ? value.toFixed(digits) : "–";
  }
  return value;
}

/** Rows as an aligned text table with a heading line. */
export function textTable<T>(
  rows: readonly T[],
  columns: readonly TextColumn<T>[],
): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const shown = cells.map((values) =>
    values.map((value, i) => cell(value, columns[i].digits ?? 0))
  );
  const widths = columns.map((column, i) =>
    Math.max(column.heading.length, ...shown.map((values) => values[i].length))
  );
  const numeric = columns.map((_, i) =>
    cells.every((values) => typeof values[i] !== "string")
  );
  const line = (values: string[]) =>
    values.map((value, i) =>
      numeric[i] ? value.padStart(widths[i]) : value.padEnd(widths[i])
    )
      .join("  ").trimEnd();
  return [line(columns.map((column) => column.heading)), ...shown.map(line)]
    .join("\n");
}
