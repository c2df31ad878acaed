// Routing of the app: health, unknown routes, wrong methods, trailing
// slashes, and the timing every answer carries.
import assert from "node:assert/strict";
import { createTestApp, newUser, register } from "./testing/app_fixture.ts";

Deno.test("createApp() answers GET /api/health/ with status OK", async () => {
  const t = createTestApp();
  try {
    for (const path of ["/api/health", "/api/health/"]) {
      const response = await t.app.request(path);
      assert.equal(response.status, 200, path);
      assert.deepEqual(await response.json(), { status: "OK" });
    }
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers an unknown route with a JSON 404", async () => {
  const t = createTestApp();
  try {
    const response = await t.app.request("/api/nothing/here/");
    assert.equal(response.status, 404);
    assert.match(response.headers.get("content-type")!, /application\/json/);
    const body = await response.json();
    assert.equal(body.error.code, "not_found");
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers a wrong method with 405 and Allow", async () => {
  const t = createTestApp();
  try {
    const cases = [
      { method: "GET", path: "/api/users/register/", allow: "POST" },
      { method: "DELETE", path: "/api/auth/token", allow: "POST" },
      { method: "POST", path: "/api/health/", allow: "GET, HEAD" },
      { method: "PUT", path: "/api/users/me", allow: "GET, HEAD" },
    ];
    for (const { method, path, allow } of cases) {
      const response = await t.app.request(path, { method });
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.headers.get("allow"), allow);
      assert.equal((await response.json()).error.code, "method_not_allowed");
    }
  } finally {
    await t.close();
  }
});

Deno.test("createApp() routes register with and without a trailing slash", async () => {
  const t = createTestApp();
  try {
    const plain = await register(t.app, newUser("plain"));
    const slashed = await t.app.request("/api/users/register/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(newUser("slashed")),
    });
    assert.equal(plain.status, 201);
    assert.equal(slashed.status, 201);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() sends Server-Timing with app, and hash on register", async () => {
  const t = createTestApp();
  try {
    const health = await t.app.request("/api/health");
    assert.match(health.headers.get("server-timing")!, /^app;dur=[\d.]+$/);
    const registered = await register(t.app, newUser());
    assert.match(
      registered.headers.get("server-timing")!,
      /^app;dur=[\d.]+, hash;dur=[\d.]+$/,
    );
    // Error answers are timed too.
    const missing = await t.app.request("/nowhere");
    assert.match(missing.headers.get("server-timing")!, /app;dur=/);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() logs one request record per request", async () => {
  const t = createTestApp();
  try {
    await t.app.request("/api/health/");
    await register(t.app, newUser());
    await t.app.request("/nowhere");
    assert.deepEqual(
      t.requestLog.map(({ method, path, status, thread }) => ({
        method,
        path,
        status,
        thread,
      })),
      [
        // Logged as routed: without the trailing slash.
        { method: "GET", path: "/api/health", status: 200, thread: "test" },
        {
          method: "POST",
          path: "/api/users/register",
          status: 201,
          thread: "test",
        },
        { method: "GET", path: "/nowhere", status: 404, thread: "test" },
      ],
    );
    for (const record of t.requestLog) {
      assert.equal(typeof record.t, "number");
      assert.ok(record.ms >= 0);
    }
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 404, not 405, to a path with two trailing slashes", async () => {
  const t = createTestApp();
  try {
    const response = await t.app.request("/api/health//");
    assert.equal(response.status, 404);
  } finally {
    await t.close();
  }
});
