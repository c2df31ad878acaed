// server.ts under `deno serve --parallel`, as the serve:parallel task runs
// it: every thread verifies the tokens any thread issued, because they
// share LOOPLAB_JWT_SECRET, and SIGTERM ends all of them with exit 0 once
// the requests in flight are answered.
import assert from "node:assert/strict";
import { newUser } from "../lib/server/testing/app_fixture.ts";
import { storedUsers } from "./support/database.ts";
import { postJson, tokenFor } from "./support/http_client.ts";
import {
  JWT_SECRET,
  makeDataDir,
  startServer,
} from "./support/server_process.ts";
import { sleep, waitFor, within } from "./support/waiting.ts";

const THREADS = 2;

/** GET /me on a new connection, so the kernel may pick another thread. */
async function meOnNewConnection(url: string, token: string) {
  const client = Deno.createHttpClient({});
  try {
    const response = await fetch(`${url}/api/users/me`, {
      client,
      headers: { authorization: `Bearer ${token}` },
    });
    await response.body?.cancel();
    return response.status;
  } finally {
    client.close();
  }
}

interface LogLine {
  path: string;
  status: number;
  thread: string;
}

function readLog(path: string): LogLine[] {
  let text = "";
  try {
    text = Deno.readTextFileSync(path);
  } catch {
    return []; // Not written yet.
  }
  return text.trimEnd().split("\n").filter(Boolean).map((line) =>
    JSON.parse(line)
  );
}

Deno.test("server.ts under deno serve --parallel honours a token on every thread and exits 0", async () => {
  const dir = await makeDataDir();
  const requestLog = `${dir}/requests.jsonl`;
  const server = await startServer({
    parallelThreads: THREADS,
    env: { LOOPLAB_JWT_SECRET: JWT_SECRET },
    args: [
      "--cost",
      "4",
      "--db",
      `${dir}/users.db`,
      "--request-log",
      requestLog,
    ],
  });
  try {
    const user = newUser("alice");
    const registered = await postJson(`${server.url}/api/users/register`, user);
    assert.equal(registered.status, 201);
    const token = await tokenFor(server.url, "alice", user.password);

    // New connections until the log shows that each thread answered /me;
    // with two threads, 60 connections all to one would be a 1-in-2^59 fluke.
    const meAnswers = () =>
      readLog(requestLog).filter((line) => line.path === "/api/users/me");
    const threadsSeen = () => new Set(meAnswers().map((line) => line.thread));
    let sent = 0;
    while (sent < 60 && threadsSeen().size < THREADS) {
      assert.equal(await meOnNewConnection(server.url, token), 200);
      sent++;
      // Each thread writes its log lines in batches, every 250 ms.
      if (sent % 10 === 0) {
        await waitFor(
          () => meAnswers().length === sent,
          10_000,
          () => `${sent} lines in ${requestLog}`,
        );
      }
    }
    await waitFor(
      () => meAnswers().length === sent,
      10_000,
      () => `${sent} lines in ${requestLog}`,
    );
    assert.equal(threadsSeen().size, THREADS, "every thread answered /me");
    assert.ok(meAnswers().every((line) => line.status === 200));

    server.child.kill("SIGTERM");
    const status = await within(server.finished, 30_000, () => {
      throw new Error(`no exit after SIGTERM:\n${server.stderr()}`);
    });
    assert.equal(status.code, 0, server.stderr());
    assert.equal(server.stderr().match(/\] stopped/g)?.length, THREADS);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("server.ts under deno serve --parallel finishes a registration in flight on SIGTERM", async () => {
  const dir = await makeDataDir();
  const db = `${dir}/users.db`;
  // Cost 12 keeps the request in flight for a few hundred ms.
  const server = await startServer({
    parallelThreads: THREADS,
    env: { LOOPLAB_JWT_SECRET: JWT_SECRET },
    args: ["--strategy", "worker", "--cost", "12", "--db", db],
  });
  try {
    let signalled = false;
    let answeredAfterSignal = false;
    const answer = postJson(
      `${server.url}/api/users/register`,
      newUser("alice"),
    )
      .then((answer) => {
        answeredAfterSignal = signalled;
        return answer;
      });
    await sleep(50); // lets the request reach a thread first
    server.child.kill("SIGTERM");
    signalled = true;
    assert.equal((await answer).status, 201);
    assert.ok(answeredAfterSignal, "the answer came after the signal");
    const status = await within(server.finished, 30_000, () => {
      throw new Error(`no exit after SIGTERM:\n${server.stderr()}`);
    });
    assert.equal(status.code, 0, server.stderr());
    assert.deepEqual(storedUsers(db).map((row) => row.username), ["alice"]);
  } finally {
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
