// POST /api/auth/token: the OAuth2 password flow as a form, the same as
// JSON, and the refusals.
import assert from "node:assert/strict";
import { costOf } from "./hashing/bcrypt_job.ts";
import { createBlockingHasher } from "./hashing/blocking.ts";
import {
  createTestApp,
  invalidFields,
  login,
  me,
  newUser,
  postJson,
  register,
  TEST_COST,
  type TestApp,
} from "./testing/app_fixture.ts";

async function withAlice(test: (t: TestApp) => Promise<void>): Promise<void> {
  const t = createTestApp();
  try {
    assert.equal((await register(t.app, newUser("alice"))).status, 201);
    await test(t);
  } finally {
    await t.close();
  }
}

async function assertTokenWorks(t: TestApp, response: Response) {
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.deepEqual(Object.keys(body).sort(), ["access_token", "token_type"]);
  assert.equal(body.token_type, "bearer");
  const who = await me(t.app, `Bearer ${body.access_token}`);
  assert.equal(who.status, 200);
  assert.equal((await who.json()).username, "alice");
}

Deno.test("createApp() issues a bearer token for a password-flow form", async () => {
  await withAlice(async (t) => {
    const response = await login(t.app, "alice", "correct horse");
    assert.equal(response.headers.get("cache-control"), "no-store");
    await assertTokenWorks(t, response);
  });
});

Deno.test("createApp() issues a token for a form without grant_type", async () => {
  await withAlice(async (t) => {
    const response = await t.app.request("/api/auth/token/", {
      method: "POST",
      body: new URLSearchParams({
        username: "alice",
        password: "correct horse",
      }),
    });
    await assertTokenWorks(t, response);
  });
});

Deno.test("createApp() issues a token for JSON credentials", async () => {
  await withAlice(async (t) => {
    const response = await postJson(t.app, "/api/auth/token/", {
      username: "alice",
      password: "correct horse",
    });
    await assertTokenWorks(t, response);
  });
});

Deno.test("createApp() issues a token for the email in the username field", async () => {
  await withAlice(async (t) => {
    await assertTokenWorks(
      t,
      await login(t.app, "alice@example.test", "correct horse"),
    );
    await assertTokenWorks(
      t,
      await login(t.app, "ALICE@example.TEST", "correct horse"),
    );
  });
});

Deno.test("createApp() issues a token for JSON with an email field", async () => {
  await withAlice(async (t) => {
    const response = await postJson(t.app, "/api/auth/token", {
      email: "alice@example.test",
      password: "correct horse",
    });
    await assertTokenWorks(t, response);
  });
});

Deno.test("createApp() issues a token for an email typed in another Unicode form", async () => {
  const t = createTestApp();
  try {
    const nfc = "ren\u00e9@example.test";
    const nfd = "rene\u0301@example.test";
    const registered = await register(t.app, {
      username: "rene",
      email: nfd,
      password: "correct horse",
    });
    assert.equal(registered.status, 201);
    // Registration stores the NFC form; login must find it from either.
    assert.equal((await registered.json()).email, nfc);
    assert.equal((await login(t.app, nfc, "correct horse")).status, 200);
    assert.equal((await login(t.app, nfd, "correct horse")).status, 200);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 401 with WWW-Authenticate to a wrong password", async () => {
  await withAlice(async (t) => {
    const response = await login(t.app, "alice", "wrong horse");
    assert.equal(response.status, 401);
    assert.match(response.headers.get("www-authenticate")!, /^Bearer /);
    assert.equal((await response.json()).error.code, "invalid_credentials");
  });
});

Deno.test("createApp() answers an unknown user as it answers a wrong password", async () => {
  await withAlice(async (t) => {
    const wrong = await login(t.app, "alice", "wrong horse");
    const unknown = await login(t.app, "nobody", "correct horse");
    assert.equal(unknown.status, 401);
    // The same body, so the answer does not tell which users exist.
    assert.deepEqual(await unknown.json(), await wrong.json());
  });
});

Deno.test("createApp() answers 422 naming missing login fields", async () => {
  await withAlice(async (t) => {
    const empty = await t.app.request("/api/auth/token", {
      method: "POST",
      body: new URLSearchParams({ username: "", password: "" }),
    });
    assert.equal(empty.status, 422);
    assert.deepEqual(await invalidFields(empty), ["username", "password"]);
    const noPassword = await postJson(t.app, "/api/auth/token", {
      username: "alice",
    });
    assert.equal(noPassword.status, 422);
    assert.deepEqual(await invalidFields(noPassword), ["password"]);
  });
});

Deno.test("createApp() answers 422 to a grant_type other than password", async () => {
  await withAlice(async (t) => {
    const response = await t.app.request("/api/auth/token", {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        username: "alice",
        password: "correct horse",
      }),
    });
    assert.equal(response.status, 422);
    assert.deepEqual(await invalidFields(response), ["grant_type"]);
  });
});

Deno.test("createApp() answers 415 and 400 to unreadable login bodies", async () => {
  await withAlice(async (t) => {
    const text = await t.app.request("/api/auth/token", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "alice:correct horse",
    });
    assert.equal(text.status, 415);
    const broken = await t.app.request("/api/auth/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    assert.equal(broken.status, 400);
  });
});

Deno.test("createApp() rehashes at the current cost a password stored at another", async () => {
  const t = createTestApp();
  try {
    // As if registered before the server's cost was changed.
    const old = await createBlockingHasher(TEST_COST + 1).hash("correct horse");
    const { id } = t.store.create({
      username: "veteran",
      email: "veteran@example.test",
      passwordHash: old,
    });
    assert.equal((await login(t.app, "veteran", "correct horse")).status, 200);
    const stored = t.store.findById(id)!.passwordHash;
    assert.equal(costOf(stored), TEST_COST);
    assert.notEqual(stored, old);
    assert.equal((await login(t.app, "veteran", "correct horse")).status, 200);
  } finally {
    await t.close();
  }
});
