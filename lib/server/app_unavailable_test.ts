// When the hasher or the database cannot do the work right now, the app
// answers 503 with Retry-After, and serves the next request normally; any
// other failure of a dependency is a bare 500 that tells the client nothing.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  CRASH_PASSWORD,
  SILENT_PASSWORD,
} from "../../tests/fixtures/magic_passwords.ts";
import type { PasswordHasher } from "./hashing/hasher.ts";
import {
  createWorkerPoolHasher,
  type WorkerPoolOptions,
} from "./hashing/worker_pool.ts";
import {
  createTestApp,
  login,
  newUser,
  register,
  TEST_COST,
} from "./testing/app_fixture.ts";
import { UserStore } from "./user_store.ts";

function fixturePool(worker: string, options: Partial<WorkerPoolOptions>) {
  return createWorkerPoolHasher({
    cost: TEST_COST,
    size: 1,
    queueLimit: 4,
    workerUrl: new URL(`../../tests/fixtures/${worker}`, import.meta.url),
    ...options,
  });
}

async function assertUnavailable(response: Response): Promise<void> {
  assert.equal(response.status, 503);
  assert.equal(response.headers.get("retry-after"), "1");
  assert.equal((await response.json()).error.code, "unavailable");
}

Deno.test("createApp() answers 503 when a hash worker crashes, then recovers", async () => {
  const t = createTestApp({
    hasher: fixturePool("crashing_hash_worker.ts", {}),
  });
  try {
    await assertUnavailable(
      await register(t.app, newUser("alice", CRASH_PASSWORD)),
    );
    assert.equal(t.store.count(), 0);
    assert.equal((await register(t.app, newUser("bob"))).status, 201);
    // Login goes through the pool too.
    await assertUnavailable(await login(t.app, "bob", CRASH_PASSWORD));
    assert.equal((await login(t.app, "bob", "correct horse")).status, 200);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 503, not hangs, when a hash worker goes silent", async () => {
  const t = createTestApp({
    hasher: fixturePool("silent_hash_worker.ts", { jobTimeoutMs: 300 }),
  });
  try {
    await assertUnavailable(
      await register(t.app, newUser("alice", SILENT_PASSWORD)),
    );
    assert.equal(t.store.count(), 0);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 503 when the hash queue is full", async () => {
  // The silent worker holds its first job, and no timeout ends it during
  // the test, so the queue stays as set up here whatever the timing.
  const hasher = fixturePool("silent_hash_worker.ts", {
    queueLimit: 1,
    jobTimeoutMs: 60_000,
  });
  const t = createTestApp({ hasher });
  const held = hasher.hash(SILENT_PASSWORD);
  const queued = hasher.hash("queued password");
  try {
    await assertUnavailable(await register(t.app, newUser("alice")));
  } finally {
    await t.close();
    // Closing fails the two jobs above; that is expected here.
    await Promise.allSettled([held, queued]);
  }
});

Deno.test("createApp() answers 503 while another connection locks the database", async () => {
  const dir = await Deno.makeTempDir({ prefix: "looplab-test-" });
  const path = `${dir}/users.db`;
  const store = new UserStore(path, { busyTimeoutMs: 0 });
  const other = new DatabaseSync(path);
  const t = createTestApp({ store });
  try {
    other.exec("BEGIN IMMEDIATE");
    await assertUnavailable(await register(t.app, newUser("alice")));
    other.exec("ROLLBACK");
    assert.equal((await register(t.app, newUser("alice"))).status, 201);
  } finally {
    other.close();
    await t.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("createApp() answers 500 to an unexpected error and reports it once", async () => {
  const password = "correct horse";
  const failing: PasswordHasher = {
    strategy: "failing",
    hash: () => Promise.reject(new Error("disk on fire")),
    verify: () => Promise.reject(new Error("disk on fire")),
    close: () => Promise.resolve(),
  };
  const t = createTestApp({ hasher: failing });
  try {
    const response = await register(t.app, newUser("alice", password));
    assert.equal(response.status, 500);
    const body = await response.text();
    // The client learns nothing of the cause.
    assert.equal(
      body,
      '{"error":{"code":"internal_error","message":"Internal server error"}}',
    );
    assert.deepEqual(t.reported, ["unexpected error: Error: disk on fire"]);
  } finally {
    await t.close();
  }
});
