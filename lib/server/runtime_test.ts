// openServer(): a configuration wired into a working app, and a close that
// lets the requests in flight finish first.
import assert from "node:assert/strict";
import { defaultConfig, type ServerConfig } from "./config.ts";
import { openServer } from "./runtime.ts";
import { createServerLog } from "./server_log.ts";
import { newUser } from "./testing/app_fixture.ts";

const SECRET = "runtime-test-secret-0123456789";

async function withTempDir(test: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "looplab-test-" });
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function open(config: Partial<ServerConfig>, jwtSecret?: string) {
  const lines: string[] = [];
  const server = openServer(
    { ...defaultConfig(1), cost: 4, db: ":memory:", ...config },
    {
      thread: "main",
      log: createServerLog("main", (line) => lines.push(line)),
      jwtSecret,
    },
  );
  return { server, lines };
}

function registerRequest(name: string): Request {
  return new Request("http://127.0.0.1/api/users/register", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(newUser(name)),
  });
}

Deno.test("openServer() serves the app with the configured strategy", async () => {
  const { server } = open({ strategy: "worker", poolSize: 1 }, SECRET);
  try {
    const response = await server.fetch(registerRequest("alice"));
    assert.equal(response.status, 201);
    assert.match(response.headers.get("server-timing")!, /hash;dur=/);
  } finally {
    await server.closeWhenIdle();
  }
});

Deno.test("openServer() warns when it must make up a JWT secret", async () => {
  const generated = open({});
  const given = open({}, SECRET);
  try {
    assert.equal(generated.lines.length, 1);
    assert.match(generated.lines[0], /LOOPLAB_JWT_SECRET is not set/);
    assert.deepEqual(given.lines, []);
  } finally {
    await generated.server.closeWhenIdle();
    await given.server.closeWhenIdle();
  }
});

Deno.test("openServer() closeWhenIdle() lets a request in flight finish", async () => {
  // Under the worker strategy a request waits on a worker; closing the pool
  // under it would turn its 201 into a 503.
  const { server } = open({ strategy: "worker", poolSize: 1 }, SECRET);
  const inFlight = server.fetch(registerRequest("alice"));
  const closed = server.closeWhenIdle();
  assert.equal((await inFlight).status, 201);
  await closed;
});

Deno.test("openServer() closeWhenIdle() writes out both log files", async () => {
  await withTempDir(async (dir) => {
    const { server } = open({
      requestLog: `${dir}/requests.jsonl`,
      loopLog: `${dir}/loop.jsonl`,
      loopSampleMs: 1,
    }, SECRET);
    await server.fetch(new Request("http://127.0.0.1/api/health"));
    await server.fetch(new Request("http://127.0.0.1/nowhere"));
    // The monitor's 1 ms timer was set first, so it ticks before this one.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server.closeWhenIdle();
    const requests = (await Deno.readTextFile(`${dir}/requests.jsonl`))
      .trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(requests.map((record) => record.status), [200, 404]);
    const samples = (await Deno.readTextFile(`${dir}/loop.jsonl`))
      .trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.ok(samples.length >= 1);
    assert.equal(samples[0].thread, "main");
  });
});

Deno.test("openServer() creates the database's directory", async () => {
  await withTempDir(async (dir) => {
    const { server } = open({ db: `${dir}/nested/users.db` }, SECRET);
    await server.closeWhenIdle();
    assert.ok((await Deno.stat(`${dir}/nested/users.db`)).isFile);
  });
});
