// The whole flow, register then log in then /me, under each hashing
// strategy: the routes must not depend on where bcrypt runs.
import assert from "node:assert/strict";
import { STRATEGIES } from "./config.ts";
import { createHasher } from "./hashing/strategies.ts";
import {
  createTestApp,
  login,
  me,
  newUser,
  register,
  TEST_COST,
} from "./testing/app_fixture.ts";

for (const strategy of STRATEGIES) {
  Deno.test(`createApp() registers and logs in under the ${strategy} strategy`, async () => {
    const hasher = createHasher({
      strategy,
      cost: TEST_COST,
      poolSize: 1,
      queueLimit: 4,
    });
    const t = createTestApp({ hasher });
    try {
      const user = newUser("alice");
      const registered = await register(t.app, user);
      assert.equal(registered.status, 201);
      const { id } = await registered.json();
      assert.match(t.store.findById(id)!.passwordHash, /^\$2b\$04\$/);

      assert.equal((await login(t.app, "alice", "wrong horse")).status, 401);
      const issued = await login(t.app, "alice", user.password);
      assert.equal(issued.status, 200);
      const token = (await issued.json()).access_token;
      const who = await me(t.app, `Bearer ${token}`);
      assert.equal((await who.json()).id, id);
    } finally {
      await t.close();
    }
  });
}
