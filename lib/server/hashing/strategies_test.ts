// The three hashing strategies are interchangeable: each makes standard
// $2b$ hashes that every other one verifies, so a server can change its
// strategy without locking out the users it already has.
import assert from "node:assert/strict";
import { STRATEGIES, type StrategyName } from "../config.ts";
import type { PasswordHasher } from "./hasher.ts";
import { createHasher } from "./strategies.ts";

const PASSWORD = "correct horse ☃";

async function withHashers(
  test: (hashers: Map<StrategyName, PasswordHasher>) => Promise<void>,
): Promise<void> {
  const hashers = new Map(
    STRATEGIES.map((strategy) => [
      strategy,
      createHasher({ strategy, cost: 4, poolSize: 1, queueLimit: 8 }),
    ]),
  );
  try {
    await test(hashers);
  } finally {
    for (const hasher of hashers.values()) await hasher.close();
  }
}

Deno.test("createHasher() builds the strategy it is asked for", async () => {
  await withHashers(async (hashers) => {
    for (const [name, hasher] of hashers) assert.equal(hasher.strategy, name);
    await Promise.resolve();
  });
});

Deno.test("createHasher() makes $2b$ hashes at the cost given, in every strategy", async () => {
  await withHashers(async (hashers) => {
    for (const [name, hasher] of hashers) {
      const hash = await hasher.hash(PASSWORD);
      assert.match(hash, /^\$2b\$04\$[./A-Za-z0-9]{53}$/, name);
      assert.notEqual(await hasher.hash(PASSWORD), hash, `${name}: salted`);
    }
  });
});

Deno.test("createHasher() verifies under every strategy a hash made by any", async () => {
  await withHashers(async (hashers) => {
    for (const [maker, making] of hashers) {
      const hash = await making.hash(PASSWORD);
      for (const [checker, checking] of hashers) {
        const label = `made by ${maker}, checked by ${checker}`;
        assert.equal(await checking.verify(PASSWORD, hash), true, label);
        assert.equal(await checking.verify("wrong horse", hash), false, label);
      }
    }
  });
});

Deno.test("createHasher() answers false, not throws, for a malformed hash", async () => {
  await withHashers(async (hashers) => {
    for (const [name, hasher] of hashers) {
      for (const hash of ["", "not a hash", "$2b$04$short"]) {
        assert.equal(await hasher.verify(PASSWORD, hash), false, name);
      }
    }
  });
});
