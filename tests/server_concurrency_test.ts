// Simultaneous registrations over real sockets, with the worker strategy:
// hashes run in parallel threads, so both requests pass the "is it taken?"
// check and the database must turn the second into a 409.
import assert from "node:assert/strict";
import { newUser } from "../lib/server/testing/app_fixture.ts";
import { storedUsers } from "./support/database.ts";
import { postJson } from "./support/http_client.ts";
import { makeDataDir, withServer } from "./support/server_process.ts";

Deno.test("server.ts answers one 201 and one 409 to two simultaneous registrations of a username", async () => {
  const dir = await makeDataDir();
  const db = `${dir}/users.db`;
  try {
    await withServer({
      args: [
        "--strategy",
        "worker",
        "--pool-size",
        "2",
        "--cost",
        "6",
        "--db",
        db,
      ],
    }, async ({ url }) => {
      // Several rounds, each with a new name, to meet more interleavings.
      for (const round of [1, 2, 3, 4, 5]) {
        const name = `racer-${round}`;
        const answers = await Promise.all([
          postJson(`${url}/api/users/register`, {
            ...newUser(name),
            email: `${name}-a@example.test`,
          }),
          postJson(`${url}/api/users/register`, {
            ...newUser(name),
            email: `${name}-b@example.test`,
          }),
        ]);
        assert.deepEqual(
          answers.map((answer) => answer.status).sort(),
          [201, 409],
          `round ${round}: ${answers.map((answer) => answer.text)}`,
        );
      }
    });
    assert.equal(storedUsers(db).length, 5);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("server.ts registers many different users at once under the worker strategy", async () => {
  const dir = await makeDataDir();
  const db = `${dir}/users.db`;
  try {
    await withServer({
      args: [
        "--strategy",
        "worker",
        "--pool-size",
        "2",
        "--cost",
        "4",
        "--db",
        db,
      ],
    }, async ({ url }) => {
      const names = Array.from({ length: 12 }, (_, i) => `crowd-${i}`);
      const answers = await Promise.all(
        names.map((name) =>
          postJson(`${url}/api/users/register`, newUser(name))
        ),
      );
      assert.deepEqual(
        answers.map((answer) => answer.status),
        names.map(() => 201),
      );
    });
    assert.equal(storedUsers(db).length, 12);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
