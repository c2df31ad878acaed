// server.ts as a process, over a real socket: the auth flow and a
// representative set of refusals, as a client sees them.
import assert from "node:assert/strict";
import { newUser } from "../lib/server/testing/app_fixture.ts";
import {
  call,
  getMe,
  postForm,
  postJson,
  tokenFor,
} from "./support/http_client.ts";
import { makeDataDir, withServer } from "./support/server_process.ts";

async function withDataDir(test: (dir: string) => Promise<void>) {
  const dir = await makeDataDir();
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const serverIn = (dir: string) => ({
  args: ["--cost", "4", "--db", `${dir}/users.db`],
});

Deno.test("server.ts registers, issues a token and answers /me over a socket", async () => {
  await withDataDir(async (dir) => {
    const status = await withServer(serverIn(dir), async ({ url }) => {
      const health = await call(`${url}/api/health/`);
      assert.equal(health.status, 200);
      assert.deepEqual(health.json(), { status: "OK" });

      const user = newUser("alice");
      const registered = await postJson(`${url}/api/users/register/`, user);
      assert.equal(registered.status, 201);
      const { id } = registered.json();
      assert.deepEqual(registered.json(), {
        id,
        username: "alice",
        email: "alice@example.test",
      });

      const token = await tokenFor(url, "alice", user.password);
      const viaJson = await postJson(`${url}/api/auth/token`, {
        username: "alice@example.test",
        password: user.password,
      });
      assert.equal(viaJson.status, 200);
      assert.equal(viaJson.json().token_type, "bearer");

      const who = await getMe(url, `Bearer ${token}`);
      assert.equal(who.status, 200);
      assert.deepEqual(who.json(), registered.json());
    });
    assert.equal(status.code, 0);
  });
});

Deno.test("server.ts answers the refusals over a socket", async () => {
  await withDataDir(async (dir) => {
    await withServer(serverIn(dir), async ({ url }) => {
      const register = `${url}/api/users/register`;
      const user = newUser("alice");
      assert.equal((await postJson(register, user)).status, 201);

      assert.equal((await postJson(register, user)).status, 409);
      const invalid = await postJson(register, { ...user, email: "nope" });
      assert.equal(invalid.status, 422);
      assert.deepEqual(
        invalid.json().error.fields.map((f: { field: string }) => f.field),
        ["email"],
      );
      const malformed = await call(register, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
      });
      assert.equal(malformed.status, 400);
      const form = await postForm(register, { ...user });
      assert.equal(form.status, 415);
      // fetch sends Content-Length here: the declared size is refused.
      const huge = await postJson(register, {
        ...user,
        pad: "x".repeat(17_000),
      });
      assert.equal(huge.status, 413);

      const wrong = await postForm(`${url}/api/auth/token`, {
        username: "alice",
        password: "wrong horse",
      });
      assert.equal(wrong.status, 401);
      assert.match(wrong.headers.get("www-authenticate")!, /^Bearer/);
      const missing = await postForm(`${url}/api/auth/token`, {
        username: "alice",
      });
      assert.equal(missing.status, 422);

      const anonymous = await getMe(url);
      assert.equal(anonymous.status, 401);
      assert.match(anonymous.headers.get("www-authenticate")!, /^Bearer/);
      assert.equal((await getMe(url, "Bearer not.a.token")).status, 401);

      const unknown = await call(`${url}/api/users`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json().error.code, "not_found");
      const wrongMethod = await call(`${url}/api/users/register/`);
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.headers.get("allow"), "POST");
    });
  });
});

Deno.test("server.ts keeps users in its database across a restart", async () => {
  await withDataDir(async (dir) => {
    const user = newUser("alice");
    await withServer(serverIn(dir), async ({ url }) => {
      assert.equal(
        (await postJson(`${url}/api/users/register`, user)).status,
        201,
      );
    });
    await withServer(serverIn(dir), async ({ url }) => {
      await tokenFor(url, "alice", user.password);
      assert.equal(
        (await postJson(`${url}/api/users/register`, user)).status,
        409,
      );
    });
  });
});
