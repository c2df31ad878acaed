// Graceful shutdown of server.ts run by `deno run`: on SIGTERM or SIGINT a
// request in flight still gets its answer, its row is committed, and the
// process exits 0.
import assert from "node:assert/strict";
import { newUser } from "../lib/server/testing/app_fixture.ts";
import { storedUsers } from "./support/database.ts";
import { postJson } from "./support/http_client.ts";
import { makeDataDir, startServer } from "./support/server_process.ts";
import { sleep, within } from "./support/waiting.ts";

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  for (const strategy of ["worker", "blocking"]) {
    Deno.test(`server.ts on ${signal} finishes a registration in flight and exits 0 (${strategy})`, async () => {
      const dir = await makeDataDir();
      const db = `${dir}/users.db`;
      // Cost 12: the hash takes a few hundred ms, long enough for the
      // signal to arrive while the request is still being served.
      const server = await startServer({
        args: ["--strategy", strategy, "--cost", "12", "--db", db],
      });
      try {
        let signalled = false;
        let answeredAfterSignal = false;
        const answer = postJson(
          `${server.url}/api/users/register`,
          newUser("alice"),
        ).then((answer) => {
          answeredAfterSignal = signalled;
          return answer;
        });
        // Lets the request reach the handler before the signal.
        await sleep(50);
        server.child.kill(signal);
        signalled = true;

        assert.equal((await answer).status, 201);
        // Otherwise the request was over before the signal and this test
        // would show nothing about shutdown.
        assert.ok(answeredAfterSignal, "the answer came after the signal");
        const status = await within(server.finished, 30_000, () => {
          throw new Error(`no exit after ${signal}:\n${server.stderr()}`);
        });
        assert.equal(status.code, 0, server.stderr());
        assert.match(server.stderr(), new RegExp(`${signal}: finishing`));
        assert.deepEqual(storedUsers(db).map((row) => row.username), ["alice"]);
      } finally {
        await server.stop();
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
}

Deno.test("server.ts takes a Ctrl-C that arrives twice at once as one (deno task forwards it)", async () => {
  const dir = await makeDataDir();
  const db = `${dir}/users.db`;
  const server = await startServer({
    args: ["--strategy", "worker", "--cost", "12", "--db", db],
  });
  try {
    const answer = postJson(
      `${server.url}/api/users/register`,
      newUser("alice"),
    );
    await sleep(50);
    server.child.kill("SIGINT");
    await sleep(20);
    server.child.kill("SIGINT");
    assert.equal((await answer).status, 201);
    const status = await within(server.finished, 30_000, () => {
      throw new Error(`no exit after SIGINT:\n${server.stderr()}`);
    });
    assert.equal(status.code, 0, server.stderr());
    assert.doesNotMatch(server.stderr(), /exiting without waiting/);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("server.ts on SIGTERM when idle closes its workers and exits 0", async () => {
  // Live hash workers would keep the process from ending.
  const dir = await makeDataDir();
  const server = await startServer({
    args: ["--strategy", "worker", "--cost", "4", "--db", `${dir}/users.db`],
  });
  try {
    server.child.kill("SIGTERM");
    const status = await within(server.finished, 30_000, () => {
      throw new Error(`no exit after SIGTERM:\n${server.stderr()}`);
    });
    assert.equal(status.code, 0);
    assert.match(
      server.stderr(),
      /SIGTERM: finishing the requests in flight.*\n.*stopped/,
    );
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
