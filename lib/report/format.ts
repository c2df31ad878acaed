/**
 * Numbers as the report's prose shows them: durations in ms or s with
 * sensible precision, rates, percentages, ratios.
 * @module
 */

function significant(value: number, digits: number): string {
  if (value === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  // 20 ms, not 20.0 ms: trailing zeros claim a precision nobody measured.
  return String(Number(value.toFixed(decimals)));
}

/** A duration given in ms: "0.62 ms", "38.4 ms", "412 ms", "12.3 s". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "n/a";
  if (Math.abs(ms) >= 1000) return `${significant(ms / 1000, 3)} s`;
  return `${significant(ms, 3)} ms`;
}

/** A rate per second: "26.1/s". */
export function perSecond(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return "n/a";
  }
  return `${significant(value, 3)}/s`;
}

/** A fraction as a percentage: 0.987 → "99 %". */
export function percentOf(fraction: number | null | undefined): string {
  if (
    fraction === null || fraction === undefined || !Number.isFinite(fraction)
  ) return "n/a";
  return `${Math.round(fraction * 100)} %`;
}

/** A ratio: 1.04 → "1.04×", 0.5 → "0.5×", 1234.5 → "1235×". */
export function times(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
    return "n/a";
  }
  return `${
    Math.abs(ratio) >= 100 ? Math.round(ratio) : significant(ratio, 3)
  }×`;
}

/** A whole count with thousands separated: 1000 → "1,000". */
export function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}
