import assert from "node:assert/strict";
import { percentile, percentileOfSorted } from "./percentiles.ts";

const TEN = [15, 20, 35, 40, 50, 60, 70, 80, 90, 100];

Deno.test("percentile() follows the nearest-rank method on hand-worked cases", () => {
  const cases: [number, number][] = [
    [0, 15], // the smallest sample
    [5, 15], // rank ceil(0.5) = 1
    [10, 15], // rank 1
    [11, 20], // rank ceil(1.1) = 2
    [30, 35], // rank 3
    [50, 50], // rank 5
    [90, 90], // rank 9
    [95, 100], // rank ceil(9.5) = 10
    [100, 100], // the largest
  ];
  for (const [p, expected] of cases) {
    assert.equal(percentile(TEN, p), expected, `p${p}`);
  }
});

Deno.test("percentile() sorts its input and leaves it unchanged", () => {
  const shuffled = [90, 15, 60, 100, 35, 20, 80, 50, 40, 70];
  const copy = [...shuffled];
  assert.equal(percentile(shuffled, 50), 50);
  assert.deepEqual(shuffled, copy);
});

Deno.test("percentile() returns only measured values, never interpolated", () => {
  assert.equal(percentile([1, 2], 50), 1);
  assert.equal(percentile([1, 2], 51), 2);
  assert.equal(percentile([7], 99), 7);
});

Deno.test("percentile() gives 0 for no samples", () => {
  assert.equal(percentile([], 99), 0);
});

Deno.test("percentileOfSorted() rejects p outside 0-100", () => {
  assert.throws(() => percentileOfSorted([1], -1), RangeError);
  assert.throws(() => percentileOfSorted([1], 100.5), RangeError);
  assert.throws(() => percentileOfSorted([1], Number.NaN), RangeError);
});

Deno.test("percentile() does not take one rank too many on floating-point noise", () => {
  const thousand = Array.from({ length: 1000 }, (_, i) => i + 1);
  assert.equal(percentile(thousand, 99.9), 999);
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(hundred, 7), 7);
  assert.equal(percentile(hundred, 99), 99);
});
