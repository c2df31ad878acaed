import assert from "node:assert/strict";
import { classifyFetchError, serverTimingMetric } from "./timed_request.ts";

function fetchFailed(cause: string): TypeError {
  return new TypeError("fetch failed", { cause: new Error(cause) });
}

Deno.test("classifyFetchError() reads the kind from the error and its cause", () => {
  const cases: [unknown, string][] = [
    [new DOMException("signal timed out", "TimeoutError"), "timeout"],
    [
      fetchFailed("tcp connect error: Connection refused (os error 111)"),
      "refused",
    ],
    [
      fetchFailed("tcp connect error: Connection timed out (os error 110)"),
      "timeout",
    ],
    [fetchFailed("connection reset by peer"), "reset"],
    [fetchFailed("connection closed before message completed"), "reset"],
    [fetchFailed("something else"), "network"],
  ];
  for (const [error, kind] of cases) {
    assert.equal(classifyFetchError(error), kind, String(error));
  }
});

Deno.test("serverTimingMetric() finds one metric's duration among several", () => {
  const header = "app;dur=38.5, hash;dur=36.9";
  assert.equal(serverTimingMetric(header, "app"), 38.5);
  assert.equal(serverTimingMetric(header, "hash"), 36.9);
  assert.equal(serverTimingMetric(header, "db"), null);
  assert.equal(serverTimingMetric(null, "app"), null);
  assert.equal(serverTimingMetric("app;desc=x", "app"), null);
});
