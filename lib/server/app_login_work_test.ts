// Login does one bcrypt comparison whoever asks, so its cost does not tell
// whether a user exists. Counted with a spy, not timed: timings are noisy.
import assert from "node:assert/strict";
import { createBlockingHasher } from "./hashing/blocking.ts";
import type { PasswordHasher } from "./hashing/hasher.ts";
import {
  createTestApp,
  login,
  newUser,
  register,
  TEST_COST,
} from "./testing/app_fixture.ts";

/** The blocking hasher, counting its calls. */
function spyHasher(): PasswordHasher & { hashes: number; verifies: number } {
  const real = createBlockingHasher(TEST_COST);
  const spy = {
    strategy: "spy",
    hashes: 0,
    verifies: 0,
    hash(password: string) {
      spy.hashes++;
      return real.hash(password);
    },
    verify(password: string, hash: string) {
      spy.verifies++;
      return real.verify(password, hash);
    },
    close: () => real.close(),
  };
  return spy;
}

Deno.test("createApp() runs one bcrypt verify for an unknown user", async () => {
  const hasher = spyHasher();
  const t = createTestApp({ hasher });
  try {
    const response = await login(t.app, "nobody", "correct horse");
    assert.equal(response.status, 401);
    assert.equal(hasher.verifies, 1);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() runs one bcrypt verify for each failed login", async () => {
  const hasher = spyHasher();
  const t = createTestApp({ hasher });
  try {
    await register(t.app, newUser("alice"));
    const attempts = [
      ["alice", "wrong horse"],
      ["alice", "correct horse" + "!".repeat(72)], // over 72 bytes
      ["nobody", "correct horse"],
    ];
    for (const [username, password] of attempts) {
      const before = hasher.verifies;
      assert.equal((await login(t.app, username, password)).status, 401);
      assert.equal(hasher.verifies - before, 1, `${username}/${password}`);
    }
  } finally {
    await t.close();
  }
});

Deno.test("createApp() runs no bcrypt work for a registration it refuses", async () => {
  const hasher = spyHasher();
  const t = createTestApp({ hasher });
  try {
    await register(t.app, newUser("alice"));
    assert.equal(hasher.hashes, 1);
    assert.equal((await register(t.app, newUser("alice"))).status, 409);
    assert.equal((await register(t.app, { username: "x" })).status, 422);
    assert.equal(hasher.hashes, 1);
  } finally {
    await t.close();
  }
});
