// The timing middleware on a bare Hono app: the Server-Timing header and
// the request record, for answers and for errors.
import assert from "node:assert/strict";
import { Hono } from "hono";
import { createMemorySink } from "./json_lines_sink.ts";
import {
  type RequestRecord,
  requestTiming,
  timed,
  type TimingVariables,
} from "./request_timing.ts";

function timedApp() {
  const sink = createMemorySink<RequestRecord>();
  const app = new Hono<{ Variables: TimingVariables }>();
  app.use(requestTiming({ thread: "t-9", sink }));
  app.get("/plain", (c) => c.text("ok"));
  app.get("/work", async (c) => {
    await timed(c, "hash", () => Promise.resolve(1));
    await timed(c, "db", () => Promise.resolve(2));
    return c.text("done");
  });
  app.get("/failing", async (c) => {
    await timed(c, "hash", () => Promise.reject(new Error("hash failed")));
    return c.text("unreachable");
  });
  app.onError((_error, c) => c.text("failed", 500));
  return { app, sink };
}

Deno.test("requestTiming() sets Server-Timing with the app's duration", async () => {
  const { app } = timedApp();
  const response = await app.request("/plain");
  assert.match(response.headers.get("server-timing")!, /^app;dur=\d+(\.\d+)?$/);
});

Deno.test("requestTiming() adds each timed() step to Server-Timing in order", async () => {
  const { app } = timedApp();
  const response = await app.request("/work");
  assert.match(
    response.headers.get("server-timing")!,
    /^app;dur=[\d.]+, hash;dur=[\d.]+, db;dur=[\d.]+$/,
  );
});

Deno.test("timed() records the step even when it throws", async () => {
  const { app } = timedApp();
  const response = await app.request("/failing");
  assert.equal(response.status, 500);
  assert.match(response.headers.get("server-timing")!, /hash;dur=/);
});

Deno.test("requestTiming() writes one record per request", async () => {
  const { app, sink } = timedApp();
  await app.request("/plain?secret=not-logged");
  await app.request("/failing");
  assert.equal(sink.records.length, 2);
  const [plain, failing] = sink.records;
  assert.deepEqual(
    { method: plain.method, path: plain.path, status: plain.status },
    { method: "GET", path: "/plain", status: 200 },
  );
  assert.equal(failing.status, 500);
  for (const record of sink.records) {
    assert.deepEqual(Object.keys(record).sort(), [
      "method",
      "ms",
      "path",
      "status",
      "t",
      "thread",
    ]);
    assert.equal(record.thread, "t-9");
    assert.ok(record.ms >= 0);
    assert.ok(Math.abs(record.t - Date.now()) < 60_000, "t is epoch ms");
  }
});
