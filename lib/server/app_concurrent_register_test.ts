// Two registrations of one username at once: both pass the "is it taken?"
// check before either is stored, so the database's UNIQUE index must
// decide, and the loser must get 409, not 500.
import assert from "node:assert/strict";
import { STRATEGIES } from "./config.ts";
import { createHasher } from "./hashing/strategies.ts";
import {
  createTestApp,
  newUser,
  register,
  TEST_COST,
} from "./testing/app_fixture.ts";

for (const strategy of STRATEGIES) {
  Deno.test(`createApp() answers one 201 and one 409 to a simultaneous taken username (${strategy})`, async () => {
    // Two workers, so that under "worker" both hashes run at the same time.
    const hasher = createHasher({
      strategy,
      cost: TEST_COST,
      poolSize: 2,
      queueLimit: 8,
    });
    const t = createTestApp({ hasher });
    try {
      const responses = await Promise.all([
        register(t.app, { ...newUser("alice"), email: "one@example.test" }),
        register(t.app, { ...newUser("alice"), email: "two@example.test" }),
      ]);
      const statuses = responses.map((response) => response.status).sort();
      assert.deepEqual(statuses, [201, 409]);
      const loser = responses.find((response) => response.status === 409)!;
      assert.match((await loser.json()).error.message, /username/);
      assert.equal(t.store.count(), 1);
      assert.deepEqual(t.reported, [], "no unexpected error was reported");
    } finally {
      await t.close();
    }
  });
}

Deno.test("createApp() stores one of many simultaneous registrations of one email", async () => {
  // More requests than workers: some hashes wait in the queue.
  const hasher = createHasher({
    strategy: "worker",
    cost: TEST_COST,
    poolSize: 2,
    queueLimit: 8,
  });
  const t = createTestApp({ hasher });
  try {
    const responses = await Promise.all(
      ["ann", "ben", "cat", "dan", "eve"].map((name) =>
        register(t.app, { ...newUser(name), email: "shared@example.test" })
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409]);
    assert.equal(t.store.count(), 1);
  } finally {
    await t.close();
  }
});
