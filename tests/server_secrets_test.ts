// Neither a password nor its bcrypt hash ever leaves the server: not in a
// response, not on its stdout or stderr, not in its log files. Checked on
// a real process after successful and failed requests alike.
import assert from "node:assert/strict";
import { newUser } from "../lib/server/testing/app_fixture.ts";
import { storedUsers } from "./support/database.ts";
import {
  type Answer,
  call,
  getMe,
  postForm,
  postJson,
} from "./support/http_client.ts";
import {
  makeDataDir,
  type ServerProcess,
  withServer,
} from "./support/server_process.ts";

const PASSWORD = "Unmistakable-Passw0rd-7f3a";
const WRONG_PASSWORD = "Another-Distinct-Passw0rd-91c2";

/** Every request that handles a password, successful or not. */
async function exercise(url: string): Promise<Answer[]> {
  const user = newUser("alice", PASSWORD);
  const answers = [
    await postJson(`${url}/api/users/register`, user),
    await postJson(`${url}/api/users/register`, user), // 409
    await postJson(`${url}/api/users/register`, { ...user, username: "x" }), // 422
    // Over 72 bytes: 422.
    await postJson(
      `${url}/api/users/register`,
      newUser("bob", PASSWORD.repeat(4)),
    ),
    await postForm(`${url}/api/auth/token`, {
      username: "alice",
      password: PASSWORD,
    }),
    await postForm(`${url}/api/auth/token`, {
      username: "alice",
      password: WRONG_PASSWORD,
    }),
    await postForm(`${url}/api/auth/token`, {
      username: "nobody",
      password: PASSWORD,
    }),
    await call(`${url}/api/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"username": "alice", "password": "${PASSWORD}"`, // malformed: 400
    }),
  ];
  const token = answers[4].json().access_token;
  answers.push(await getMe(url, `Bearer ${token}`));
  return answers;
}

function assertNoSecret(where: string, text: string, secrets: string[]) {
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `${where} contains a secret`);
  }
}

Deno.test("server.ts never shows a password or a hash in answers, output or logs", async () => {
  const dir = await makeDataDir();
  const paths = {
    db: `${dir}/users.db`,
    requests: `${dir}/requests.jsonl`,
    loop: `${dir}/loop.jsonl`,
  };
  try {
    let answers: Answer[] = [];
    let process: ServerProcess | undefined;
    const status = await withServer({
      args: [
        "--cost",
        "4",
        "--db",
        paths.db,
        "--request-log",
        paths.requests,
        "--loop-log",
        paths.loop,
      ],
    }, async (server) => {
      process = server;
      answers = await exercise(server.url);
    });
    // Stopped: its output and its log files are complete.
    assert.equal(status.code, 0);
    assert.deepEqual(answers.map((answer) => answer.status), [
      201,
      409,
      422,
      422,
      200,
      401,
      401,
      400,
      200,
    ]);

    const hashes = storedUsers(paths.db).map((row) => row.passwordHash);
    assert.equal(hashes.length, 1);
    // The salt and checksum part of the hash, without the common prefix.
    const secrets = [PASSWORD, WRONG_PASSWORD, hashes[0], hashes[0].slice(7)];
    for (const [i, answer] of answers.entries()) {
      const headers = [...answer.headers].map(([k, v]) => `${k}: ${v}`);
      assertNoSecret(
        `answer ${i}`,
        [answer.text, ...headers].join("\n"),
        secrets,
      );
    }
    assertNoSecret("stdout", process!.stdout(), secrets);
    assertNoSecret("stderr", process!.stderr(), secrets);
    const requestLog = await Deno.readTextFile(paths.requests);
    assert.equal(requestLog.trimEnd().split("\n").length, answers.length);
    assertNoSecret("request log", requestLog, secrets);
    assertNoSecret("loop log", await Deno.readTextFile(paths.loop), secrets);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
