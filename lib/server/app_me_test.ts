// GET /api/users/me: the user behind a valid bearer token, and 401 with
// WWW-Authenticate for every token that is absent, damaged, forged,
// expired, or names no user.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  createTestApp,
  me,
  newUser,
  registeredToken,
  TEST_SECRET,
  TEST_TTL_SECONDS,
  type TestApp,
} from "./testing/app_fixture.ts";
import {
  payloadOf,
  signedToken,
  unsignedToken,
  withSwappedPayload,
  withTamperedSignature,
} from "./testing/jwt_forgery.ts";
import { UserStore } from "./user_store.ts";

async function withToken(
  test: (t: TestApp, token: string) => Promise<void>,
): Promise<void> {
  const t = createTestApp();
  try {
    await test(t, await registeredToken(t.app, newUser("alice")));
  } finally {
    await t.close();
  }
}

async function assertRefused(response: Response, code: string) {
  assert.equal(response.status, 401);
  assert.equal(
    response.headers.get("www-authenticate"),
    'Bearer realm="looplab"',
  );
  assert.equal((await response.json()).error.code, code);
}

Deno.test("createApp() answers /me with the token's user", async () => {
  await withToken(async (t, token) => {
    for (const path of ["/api/users/me", "/api/users/me/"]) {
      const response = await t.app.request(path, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.deepEqual(body, {
        id: body.id,
        username: "alice",
        email: "alice@example.test",
      });
    }
  });
});

Deno.test("createApp() answers /me without Authorization with 401", async () => {
  await withToken(async (t) => {
    await assertRefused(await me(t.app), "missing_token");
  });
});

Deno.test("createApp() answers /me with a malformed Authorization with 401", async () => {
  await withToken(async (t, token) => {
    for (
      const header of [
        "",
        "Bearer",
        "Bearer ",
        `Basic ${btoa("alice:correct horse")}`,
        `Token ${token}`,
        `Bearer ${token} extra`,
      ]
    ) {
      await assertRefused(await me(t.app, header), "missing_token");
    }
    for (const header of ["Bearer abc", "Bearer a.b.c", `Bearer ${token}x`]) {
      await assertRefused(await me(t.app, header), "invalid_token");
    }
  });
});

Deno.test("createApp() answers /me with a tampered signature with 401", async () => {
  await withToken(async (t, token) => {
    const response = await me(t.app, `Bearer ${withTamperedSignature(token)}`);
    await assertRefused(response, "invalid_token");
  });
});

Deno.test("createApp() answers /me with a tampered payload with 401", async () => {
  await withToken(async (t, token) => {
    // Another user's id under the original signature.
    const other = await registeredToken(t.app, newUser("bob"));
    const forged = withSwappedPayload(token, payloadOf(other));
    await assertRefused(await me(t.app, `Bearer ${forged}`), "invalid_token");
  });
});

Deno.test("createApp() answers /me with an alg:none token with 401", async () => {
  await withToken(async (t, token) => {
    const forged = unsignedToken(payloadOf(token));
    await assertRefused(await me(t.app, `Bearer ${forged}`), "invalid_token");
    // The same without the trailing dot of the empty signature.
    const noDot = forged.replace(/\.$/, "");
    await assertRefused(await me(t.app, `Bearer ${noDot}`), "invalid_token");
  });
});

Deno.test("createApp() answers /me with a token of another algorithm with 401", async () => {
  await withToken(async (t, token) => {
    const hs512 = await signedToken(payloadOf(token), TEST_SECRET, "HS512");
    await assertRefused(await me(t.app, `Bearer ${hs512}`), "invalid_token");
  });
});

Deno.test("createApp() answers /me with a token of another secret with 401", async () => {
  await withToken(async (t, token) => {
    const foreign = await signedToken(
      payloadOf(token),
      "another-secret-of-16-chars-or-more",
    );
    await assertRefused(await me(t.app, `Bearer ${foreign}`), "invalid_token");
  });
});

Deno.test("createApp() answers /me with an expired token with 401", async () => {
  await withToken(async (t, token) => {
    t.clock.now += (TEST_TTL_SECONDS - 1) * 1000;
    assert.equal((await me(t.app, `Bearer ${token}`)).status, 200);
    t.clock.now += 2 * 1000;
    await assertRefused(await me(t.app, `Bearer ${token}`), "invalid_token");
  });
});

Deno.test("createApp() answers /me with a token for no user with 401", async () => {
  await withToken(async (t) => {
    const orphan = await t.tokens.issue(9999);
    assert.equal(t.store.findById(9999), undefined);
    await assertRefused(await me(t.app, `Bearer ${orphan}`), "invalid_token");
  });
});

Deno.test("createApp() answers /me with the token of a deleted user with 401", async () => {
  const dir = await Deno.makeTempDir({ prefix: "looplab-test-" });
  const path = `${dir}/users.db`;
  const t = createTestApp({ store: new UserStore(path) });
  try {
    const token = await registeredToken(t.app, newUser("alice"));
    assert.equal((await me(t.app, `Bearer ${token}`)).status, 200);
    // The API has no delete; another connection removes the row.
    const other = new DatabaseSync(path);
    other.exec("DELETE FROM users WHERE username = 'alice'");
    other.close();
    await assertRefused(await me(t.app, `Bearer ${token}`), "invalid_token");
  } finally {
    await t.close();
    await Deno.remove(dir, { recursive: true });
  }
});
