// What server.ts records for the experiments: one request-log line per
// request, event-loop delay samples, and Server-Timing on every answer.
import assert from "node:assert/strict";
import { newUser } from "../lib/server/testing/app_fixture.ts";
import { call, postJson, tokenFor } from "./support/http_client.ts";
import { makeDataDir, withServer } from "./support/server_process.ts";
import { waitFor } from "./support/waiting.ts";

/** The file's size, 0 while it does not exist. */
function fileSize(path: string): number {
  try {
    return Deno.statSync(path).size;
  } catch {
    return 0;
  }
}

function readJsonLines(path: string): Record<string, unknown>[] {
  return Deno.readTextFileSync(path).trimEnd().split("\n").map((line) =>
    JSON.parse(line)
  );
}

Deno.test("server.ts writes one request-log line per request and loop samples", async () => {
  const dir = await makeDataDir();
  const requestLog = `${dir}/requests.jsonl`;
  const loopLog = `${dir}/loop.jsonl`;
  try {
    const timings: Record<string, string | null> = {};
    const status = await withServer({
      args: [
        "--cost",
        "4",
        "--db",
        `${dir}/users.db`,
        "--request-log",
        requestLog,
        "--loop-log",
        loopLog,
        "--loop-sample-ms",
        "5",
      ],
    }, async ({ url }) => {
      const user = newUser("alice");
      const health = await call(`${url}/api/health/`);
      const registered = await postJson(`${url}/api/users/register/`, user);
      await tokenFor(url, "alice", user.password);
      const missing = await call(`${url}/missing`);
      timings.health = health.headers.get("server-timing");
      timings.register = registered.headers.get("server-timing");
      timings.missing = missing.headers.get("server-timing");
      // Samples reach the file in batches; waits for the first batch.
      await waitFor(() => fileSize(loopLog) > 0, 10_000, () => loopLog);
    });
    assert.equal(status.code, 0);

    assert.match(timings.health!, /^app;dur=[\d.]+$/);
    assert.match(timings.register!, /^app;dur=[\d.]+, hash;dur=[\d.]+$/);
    assert.match(timings.missing!, /^app;dur=[\d.]+$/);

    const requests = readJsonLines(requestLog);
    assert.deepEqual(
      requests.map(({ method, path, status }) => `${method} ${path} ${status}`),
      [
        "GET /api/health 200",
        "POST /api/users/register 201",
        "POST /api/auth/token 200",
        "GET /missing 404",
      ],
    );
    for (const line of requests) {
      assert.deepEqual(Object.keys(line).sort(), [
        "method",
        "ms",
        "path",
        "status",
        "t",
        "thread",
      ]);
      assert.equal(line.thread, "main");
      assert.equal(typeof line.t, "number");
      assert.equal(typeof line.ms, "number");
    }

    const samples = readJsonLines(loopLog);
    assert.ok(samples.length > 0, "the loop monitor wrote samples");
    for (const sample of samples) {
      assert.deepEqual(Object.keys(sample).sort(), ["delayMs", "t", "thread"]);
      assert.equal(sample.thread, "main");
      assert.ok((sample.delayMs as number) >= 0);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
