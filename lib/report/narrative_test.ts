import assert from "node:assert/strict";
import { asyncAnswer } from "./narrative_analysis.ts";
import { failuresSection } from "./narrative_load.ts";
import { summaryRow } from "./testing/summary_row.ts";

const row = summaryRow;

Deno.test("failuresSection() lists every point with failures and their kinds", () => {
  const text = failuresSection([
    row({}),
    row({
      point_id: "async-t1-c1000",
      requests: 1000,
      ok: 990,
      failed: 10,
      timeouts: 7,
      resets: 3,
    }),
  ]);
  assert.match(text, /10 of 1,100 requests failed/);
  assert.match(
    text,
    /\| async-t1-c1000 \| register \| 1000 \| 10 \| 7 \| 3 \|/,
  );
  assert.doesNotMatch(text, /blocking-t1-c100/);
});

Deno.test("failuresSection() says so when nothing failed", () => {
  assert.match(
    failuresSection([row({})]),
    /No request failed in this run: all 100 requests/,
  );
});

Deno.test("asyncAnswer() sets the async finish times beside the blocking ones", () => {
  const text = asyncAnswer([
    row({}),
    row({
      variant: "async-t1",
      variant_label: "async, 1 thread",
      strategy: "async",
      p50_ms: 3900,
      max_ms: 4000,
    }),
  ]);
  // 3.9 s of 4 s against 2 s of 4 s: the async batch finishes together.
  assert.match(
    text,
    /p50 3\.9 s and max 4 s \(p50 ÷ max = 98 %\), against 2 s and 4 s \(50 %\)/,
  );
});

Deno.test("asyncAnswer() says when there is nothing to compare", () => {
  assert.match(asyncAnswer([row({})]), /no async variant/);
});

Deno.test("failuresSection() explains probes held back and kernel timeouts", () => {
  const text = failuresSection([
    row({
      endpoint: "health",
      requests: 3000,
      ok: 1000,
      failed: 2000,
      not_sent: 1500,
      timeouts: 500,
    }),
  ]);
  assert.match(text, /1,500 of them were probes the harness held back/);
  assert.match(text, /Timeouts include connections the kernel gave up on/);
});
