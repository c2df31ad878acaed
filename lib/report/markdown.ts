/**
 * Markdown pieces for the report: tables and escaped cells.
 * @module
 */

/** A cell made safe for a Markdown table. */
export function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return String(value).replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** A Markdown table; numbers are expected already formatted. */
export function markdownTable(
  headings: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  const line = (cells: readonly (string | number | null | undefined)[]) =>
    `| ${cells.map(cell).join(" | ")} |`;
  return [
    line(headings),
    `|${headings.map(() => " --- ").join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}
