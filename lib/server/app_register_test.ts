// POST /api/users/register: the created user, and each way a registration
// is refused.
import assert from "node:assert/strict";
import { MAX_BODY_BYTES } from "./request_body.ts";
import {
  createTestApp,
  invalidFields,
  newUser,
  register,
} from "./testing/app_fixture.ts";

function post(body: BodyInit, contentType?: string): Request {
  const headers = contentType ? { "content-type": contentType } : undefined;
  return new Request("http://localhost/api/users/register/", {
    method: "POST",
    headers,
    body,
  });
}

async function errorCode(response: Response): Promise<string> {
  return (await response.json()).error.code;
}

Deno.test("createApp() answers 201 with the new user and no hash", async () => {
  const t = createTestApp();
  try {
    const response = await register(t.app, newUser());
    assert.equal(response.status, 201);
    const body = await response.json();
    assert.deepEqual(body, {
      id: body.id,
      username: "alice",
      email: "alice@example.test",
    });
    assert.equal(typeof body.id, "number");
    assert.equal(t.store.count(), 1);
    assert.match(t.store.findById(body.id)!.passwordHash, /^\$2b\$04\$/);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 400 to malformed JSON at register", async () => {
  const t = createTestApp();
  try {
    const response = await t.app.request(
      post('{"username": "alice",', "application/json"),
    );
    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), "malformed_json");
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 400 to an empty JSON body at register", async () => {
  const t = createTestApp();
  try {
    const response = await t.app.request(post("", "application/json"));
    assert.equal(response.status, 400);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 400 to a body that is not UTF-8", async () => {
  const t = createTestApp();
  try {
    const latin1 = new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d]); // {"é"}
    const response = await t.app.request(post(latin1, "application/json"));
    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), "malformed_body");
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 400, not 500, to a body that ends early", async () => {
  const t = createTestApp();
  try {
    // What the handler sees when the client goes away mid-upload.
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"username":'));
        controller.error(new Error("connection reset"));
      },
    });
    const response = await t.app.request("/api/users/register/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: broken,
      duplex: "half",
    } as RequestInit);
    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), "incomplete_body");
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 415 to a register body that is not JSON", async () => {
  const t = createTestApp();
  try {
    const form = new URLSearchParams({ ...newUser() }).toString();
    for (
      const type of [
        "application/x-www-form-urlencoded",
        "text/plain",
        undefined,
      ]
    ) {
      const response = await t.app.request(post(form, type));
      assert.equal(response.status, 415, String(type));
      assert.equal(await errorCode(response), "unsupported_media_type");
    }
    assert.equal(t.store.count(), 0);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 413 to a register body over 16 KiB", async () => {
  const t = createTestApp();
  try {
    // Valid JSON, so only the size can be the reason. app.request sends no
    // Content-Length, so this exercises the streamed count.
    const padding = "x".repeat(MAX_BODY_BYTES);
    const body = JSON.stringify({ ...newUser(), padding });
    const response = await t.app.request(post(body, "application/json"));
    assert.equal(response.status, 413);
    assert.equal(await errorCode(response), "body_too_large");
    assert.equal(t.store.count(), 0);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 413 when Content-Length is over 16 KiB", async () => {
  const t = createTestApp();
  try {
    const request = new Request("http://localhost/api/users/register", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(MAX_BODY_BYTES + 1),
      },
      body: JSON.stringify(newUser()),
    });
    const response = await t.app.request(request);
    assert.equal(response.status, 413);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() accepts a register body of exactly 16 KiB", async () => {
  const t = createTestApp();
  try {
    const bare = JSON.stringify({ ...newUser(), padding: "" });
    const padding = "x".repeat(MAX_BODY_BYTES - bare.length);
    const body = JSON.stringify({ ...newUser(), padding });
    assert.equal(new TextEncoder().encode(body).length, MAX_BODY_BYTES);
    const response = await t.app.request(post(body, "application/json"));
    assert.equal(response.status, 201);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 422 naming each invalid field", async () => {
  const t = createTestApp();
  try {
    const response = await register(t.app, {
      username: "a b",
      email: "not-an-email",
      password: "short",
    });
    assert.equal(response.status, 422);
    assert.deepEqual(await invalidFields(response), [
      "username",
      "email",
      "password",
    ]);
    assert.equal(t.store.count(), 0);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 422 naming missing and non-string fields", async () => {
  const t = createTestApp();
  try {
    const response = await t.app.request(
      post(JSON.stringify({ username: 42 }), "application/json"),
    );
    assert.equal(response.status, 422);
    const body = await response.json();
    assert.deepEqual(body.error.fields, [
      { field: "username", message: "must be a string" },
      { field: "email", message: "is required" },
      { field: "password", message: "is required" },
    ]);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 422 to a JSON body that is not an object", async () => {
  const t = createTestApp();
  try {
    const response = await t.app.request(
      post(JSON.stringify([newUser()]), "application/json"),
    );
    assert.equal(response.status, 422);
    assert.deepEqual(await invalidFields(response), ["body"]);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 409 to a taken username", async () => {
  const t = createTestApp();
  try {
    assert.equal((await register(t.app, newUser("alice"))).status, 201);
    const again = await register(t.app, {
      ...newUser("alice"),
      email: "other@example.test",
    });
    assert.equal(again.status, 409);
    const body = await again.json();
    assert.equal(body.error.code, "conflict");
    assert.match(body.error.message, /username/);
    assert.equal(t.store.count(), 1);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 409 to a taken email", async () => {
  const t = createTestApp();
  try {
    assert.equal((await register(t.app, newUser("alice"))).status, 201);
    const again = await register(t.app, {
      ...newUser("bob"),
      email: "alice@example.test",
    });
    assert.equal(again.status, 409);
    assert.match((await again.json()).error.message, /email/);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 409 to a username or email differing in case", async () => {
  const t = createTestApp();
  try {
    assert.equal((await register(t.app, newUser("alice"))).status, 201);
    const upper = await register(t.app, {
      username: "ALICE",
      email: "new@example.test",
      password: "correct horse",
    });
    assert.equal(upper.status, 409);
    const email = await register(t.app, {
      username: "someone",
      email: "Alice@Example.TEST",
      password: "correct horse",
    });
    assert.equal(email.status, 409);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 422 to an email with an invisible character", async () => {
  const t = createTestApp();
  try {
    await t.app.request(
      post(JSON.stringify(newUser("victim")), "application/json"),
    );
    for (
      const email of ["victim@example.test\u0000a", "vic\u200btim@example.test"]
    ) {
      const response = await t.app.request(
        post(
          JSON.stringify({ ...newUser("attacker"), email }),
          "application/json",
        ),
      );
      assert.equal(response.status, 422, JSON.stringify(email));
    }
  } finally {
    await t.close();
  }
});
