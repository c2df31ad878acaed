// The worker pool on its own: it survives a worker that crashes or goes
// silent, and it refuses work beyond its queue limit instead of piling up.
import assert from "node:assert/strict";
import {
  CRASH_PASSWORD,
  SILENT_PASSWORD,
} from "../../../tests/fixtures/magic_passwords.ts";
import { HasherUnavailableError } from "./hasher.ts";
import {
  createWorkerPoolHasher,
  type WorkerPoolOptions,
} from "./worker_pool.ts";

const fixture = (name: string) =>
  new URL(`../../../tests/fixtures/${name}`, import.meta.url);

function pool(options: Partial<WorkerPoolOptions> = {}) {
  const lost: string[] = [];
  const hasher = createWorkerPoolHasher({
    cost: 4,
    size: 1,
    queueLimit: 4,
    onWorkerLost: (reason) => lost.push(reason),
    ...options,
  });
  return { hasher, lost };
}

Deno.test("createWorkerPoolHasher() hashes and verifies in a worker", async () => {
  const { hasher } = pool({ size: 2 });
  try {
    const hash = await hasher.hash("correct horse");
    assert.match(hash, /^\$2b\$04\$/);
    assert.equal(await hasher.verify("correct horse", hash), true);
    assert.equal(await hasher.verify("wrong horse", hash), false);
    assert.equal(await hasher.verify("correct horse", "not a hash"), false);
  } finally {
    await hasher.close();
  }
});

Deno.test("createWorkerPoolHasher() fails a job whose worker crashes, then recovers", async () => {
  const { hasher, lost } = pool({
    workerUrl: fixture("crashing_hash_worker.ts"),
  });
  try {
    await assert.rejects(hasher.hash(CRASH_PASSWORD), HasherUnavailableError);
    assert.equal(lost.length, 1);
    assert.match(lost[0], /crashed/);
    // The only worker died: the job after it needs the replacement.
    assert.match(await hasher.hash("correct horse"), /^\$2b\$/);
  } finally {
    await hasher.close();
  }
});

Deno.test("createWorkerPoolHasher() fails a job whose worker goes silent", async () => {
  // A small timeout, so the watchdog acts soon.
  const { hasher, lost } = pool({
    workerUrl: fixture("silent_hash_worker.ts"),
    jobTimeoutMs: 300,
  });
  try {
    // Without the watchdog this would never settle: the test would hang,
    // or end with "Promise resolution is still pending".
    await assert.rejects(
      hasher.hash(SILENT_PASSWORD),
      (error: Error) =>
        error instanceof HasherUnavailableError && /no answer/.test(
          error.message,
        ),
    );
    assert.equal(lost.length, 1);
    assert.match(lost[0], /no answer in 300 ms/);
    // The deadline runs from when the new worker is ready, so a slow
    // start-up does not count against its first job.
    assert.match(await hasher.hash("correct horse"), /^\$2b\$/);
  } finally {
    await hasher.close();
  }
});

Deno.test("createWorkerPoolHasher() is never disabled by jobs that crash every worker", async () => {
  const { hasher, lost } = pool({
    workerUrl: fixture("crashing_hash_worker.ts"),
  });
  try {
    // More crashes in a row than the pool takes before it backs off.
    for (let i = 0; i < 8; i++) {
      await assert.rejects(hasher.hash(CRASH_PASSWORD), HasherUnavailableError);
    }
    assert.equal(lost.length, 8);
    assert.match(await hasher.hash("correct horse"), /^\$2b\$/);
  } finally {
    await hasher.close();
  }
});

Deno.test("createWorkerPoolHasher() keeps the other workers' jobs when one crashes", async () => {
  const { hasher } = pool({
    size: 2,
    workerUrl: fixture("crashing_hash_worker.ts"),
  });
  try {
    const [crashed, fine] = await Promise.allSettled([
      hasher.hash(CRASH_PASSWORD),
      hasher.hash("correct horse"),
    ]);
    assert.equal(crashed.status, "rejected");
    assert.equal(fine.status, "fulfilled");
  } finally {
    await hasher.close();
  }
});

Deno.test("createWorkerPoolHasher() refuses a job beyond the queue limit", async () => {
  const { hasher } = pool({ size: 1, queueLimit: 1 });
  try {
    // Submitted in one tick: the first runs, the second waits, the third
    // finds the queue full.
    const running = hasher.hash("first password");
    const waiting = hasher.hash("second password");
    await assert.rejects(
      hasher.hash("third password"),
      (error: Error) =>
        error instanceof HasherUnavailableError && /queue is full/.test(
          error.message,
        ),
    );
    // Refusing the third harmed neither of the others.
    assert.match(await running, /^\$2b\$/);
    assert.match(await waiting, /^\$2b\$/);
  } finally {
    await hasher.close();
  }
});

Deno.test("createWorkerPoolHasher() fails running and queued jobs on close", async () => {
  const { hasher } = pool({ size: 1, queueLimit: 4 });
  const running = hasher.hash("first password");
  const waiting = hasher.hash("second password");
  await hasher.close();
  await assert.rejects(running, HasherUnavailableError);
  await assert.rejects(waiting, HasherUnavailableError);
  await assert.rejects(hasher.hash("later"), HasherUnavailableError);
});

Deno.test("createWorkerPoolHasher() throws RangeError for a bad size or queue limit", () => {
  assert.throws(() => pool({ size: 0 }), RangeError);
  assert.throws(() => pool({ size: 1.5 }), RangeError);
  assert.throws(() => pool({ queueLimit: -1 }), RangeError);
});
