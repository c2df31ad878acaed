import assert from "node:assert/strict";
import { count, duration, percentOf, perSecond, times } from "./format.ts";

Deno.test("duration() keeps three significant digits and switches to s at 1000 ms", () => {
  assert.equal(duration(0.6151), "0.615 ms");
  assert.equal(duration(38.43), "38.4 ms");
  assert.equal(duration(412.2), "412 ms");
  assert.equal(duration(20), "20 ms"); // no trailing zeros
  assert.equal(duration(12345), "12.3 s");
  assert.equal(duration(null), "n/a");
});

Deno.test("perSecond(), percentOf(), times() and count() format as the prose needs", () => {
  assert.equal(perSecond(26.08), "26.1/s");
  assert.equal(percentOf(0.987), "99 %");
  assert.equal(times(2.04), "2.04×");
  assert.equal(times(2.6), "2.6×");
  assert.equal(times(116783.4), "116783×");
  assert.equal(count(1000), "1,000");
});
