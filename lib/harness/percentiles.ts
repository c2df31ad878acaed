/**
 * Exact percentiles from raw samples, by the nearest-rank method: the
 * p-th percentile is the smallest sample with at least p % of the samples
 * at or below it. Every value reported is one that was measured.
 * @module
 */

/** A copy of the samples in ascending order. */
export function sortedAscending(samples: readonly number[]): Float64Array {
  return Float64Array.from(samples).sort();
}

/**
 * The p-th percentile of samples already sorted ascending; 0 for none.
 *
 * @throws {RangeError} if p is outside 0-100.
 */
export function percentileOfSorted(
  sorted: ArrayLike<number>,
  p: number,
): number {
  if (!(p >= 0 && p <= 100)) {
    throw new RangeError(`Cannot take a percentile: p is ${p}, not 0-100`);
  }
  const n = sorted.length;
  if (n === 0) return 0;
  // p·n/100 in floating point can land just above a whole number (99.9 %
  // of 1000 is 999.0000000000001), which would take one rank too many.
  const rank = Math.max(1, Math.ceil((p * n) / 100 - 1e-9));
  return sorted[rank - 1];
}

/** The p-th percentile of unsorted samples; 0 for none. */
export function percentile(samples: readonly number[], p: number): number {
  return percentileOfSorted(sortedAscending(samples), p);
}
