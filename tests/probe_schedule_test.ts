/**
 * The open-loop probe against a server that stalls its loop for 500 ms:
 * probes keep being sent during the stall, and their latencies show it.
 */
import assert from "node:assert/strict";
import { freePort } from "../lib/harness/launcher.ts";
import { prepareHealthProbe } from "../lib/harness/health_probe.ts";
import { startOpenLoop } from "../lib/harness/open_loop.ts";

const FIXTURE = new URL("./fixtures/stalling_server.ts", import.meta.url);

async function waitUntilUp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  throw new Error(`Cannot reach the stalling server at ${url}`);
}

async function withStallingServer(
  body: (base: string) => Promise<void>,
): Promise<void> {
  const port = freePort();
  const server = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--allow-net=127.0.0.1:${port}`,
      FIXTURE.pathname,
      String(port),
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/api/health/`);
    await body(base);
  } finally {
    server.kill("SIGKILL");
    await server.status;
  }
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // The harness's own loop is busy, as when it starts a big batch.
  }
}

Deno.test("prepareHealthProbe() keeps its schedule while the harness's own loop is busy", async () => {
  await withStallingServer(async (base) => {
    const probe = await prepareHealthProbe({
      baseUrl: base,
      intervalMs: 20,
      timeoutMs: 5000,
    });
    const originEpochMs = performance.timeOrigin + performance.now();
    probe.start(originEpochMs);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const busyFrom = performance.timeOrigin + performance.now() - originEpochMs;
    busyWait(400);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const results = await probe.stop();

    // Times share the caller's origin, though the probe runs in a worker.
    assert.ok(
      results[0].intendedMs >= 0 && results[0].intendedMs < 100,
      `${results[0].intendedMs}`,
    );
    const duringBusy = results.filter((r) =>
      r.intendedMs > busyFrom + 20 && r.intendedMs < busyFrom + 380
    );
    assert.ok(
      duringBusy.length >= 12,
      `${duringBusy.length} probes while the harness was busy`,
    );
    // The probe's thread was free: probes left on time and came back fast.
    for (const r of duringBusy) {
      assert.ok(
        r.startMs - r.intendedMs < 50,
        `sent ${r.startMs - r.intendedMs} ms late`,
      );
      assert.ok(r.ok);
    }
  });
});

Deno.test("startOpenLoop() keeps its schedule while the server stalls for 500 ms", async () => {
  await withStallingServer(async (base) => {
    const intervalMs = 20;
    const origin = performance.now();
    const probe = startOpenLoop({
      baseUrl: base,
      request: () => ({
        endpoint: "health",
        method: "GET",
        path: "/api/health/",
      }),
      intervalMs,
      durationMs: 1200,
      timeoutMs: 5000,
      origin,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stallSentAt = performance.now() - origin;
    const stall = await fetch(`${base}/stall?ms=500`);
    await stall.body?.cancel();
    const results = await probe.finished;

    // On schedule: 1200 ms / 20 ms = 60 sends, each within a few ms of due.
    assert.ok(
      results.length >= 58 && results.length <= 61,
      `sent ${results.length}`,
    );
    const lateSends = results.filter((r) => r.startMs - r.intendedMs > 100);
    assert.equal(
      lateSends.length,
      0,
      "probes must be sent on time during the stall",
    );
    assert.ok(results.every((r) => r.ok), "every probe is answered");

    // Probes due during the stall were sent and waited for it.
    const duringStall = results.filter((r) =>
      r.intendedMs > stallSentAt + 50 && r.intendedMs < stallSentAt + 400
    );
    assert.ok(
      duringStall.length >= 10,
      `${duringStall.length} probes during the stall`,
    );
    const worst = Math.max(...duringStall.map((r) => r.endMs - r.intendedMs));
    assert.ok(
      worst >= 300,
      `the stall shows in probe latency: worst ${worst.toFixed(0)} ms`,
    );
    // After the stall the server answers quickly again.
    const after = results.filter((r) => r.intendedMs > stallSentAt + 800);
    assert.ok(
      after.length > 0 && after.every((r) => r.endMs - r.intendedMs < 200),
    );
  });
});
