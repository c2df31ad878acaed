// Each --strategy of server.ts registers and logs in, and a server started
// with one strategy logs in the users that another strategy registered in
// the same database.
import assert from "node:assert/strict";
import { newUser } from "../lib/server/testing/app_fixture.ts";
import { storedUsers } from "./support/database.ts";
import { postJson, tokenFor } from "./support/http_client.ts";
import { makeDataDir, withServer } from "./support/server_process.ts";

Deno.test("server.ts logs in, under every strategy, users registered under any", async () => {
  const dir = await makeDataDir();
  const db = `${dir}/users.db`;
  // Each server logs in everyone registered so far, then adds its own
  // user; the last run checks the users of the two other strategies.
  const runs = ["blocking", "async", "worker", "blocking"];
  const registered: { name: string; password: string; by: string }[] = [];
  try {
    for (const [i, strategy] of runs.entries()) {
      const status = await withServer({
        args: [
          "--strategy",
          strategy,
          "--cost",
          "4",
          "--pool-size",
          "2",
          "--db",
          db,
        ],
      }, async ({ url }) => {
        for (const user of registered) {
          await tokenFor(url, user.name, user.password).catch((error) => {
            throw new Error(
              `${strategy} cannot log in ${user.name} from ${user.by}: ${error.message}`,
            );
          });
        }
        const user = newUser(
          `user-${i}-${strategy}`,
          `password of ${strategy}`,
        );
        const answer = await postJson(`${url}/api/users/register`, user);
        assert.equal(answer.status, 201, strategy);
        await tokenFor(url, user.username, user.password);
        registered.push({
          name: user.username,
          password: user.password,
          by: strategy,
        });
      });
      assert.equal(status.code, 0, strategy);
    }
    const hashes = storedUsers(db).map((row) => row.passwordHash);
    assert.equal(hashes.length, runs.length);
    for (const hash of hashes) assert.match(hash, /^\$2b\$04\$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
