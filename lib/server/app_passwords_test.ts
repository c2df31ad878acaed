// Password rules through the routes: bcrypt reads at most 72 bytes, so a
// longer password is refused rather than silently cut, and a password
// matches whichever Unicode normal form it was typed in.
import assert from "node:assert/strict";
import {
  createTestApp,
  login,
  newUser,
  register,
  type TestApp,
} from "./testing/app_fixture.ts";

const bytes = (text: string) => new TextEncoder().encode(text).length;

async function registerWith(t: TestApp, password: string): Promise<number> {
  return (await register(t.app, newUser("alice", password))).status;
}

Deno.test("createApp() refuses at login the longer of two passwords sharing 72 bytes", async () => {
  const t = createTestApp();
  try {
    const first72 = "correct horse battery staple ".repeat(3).slice(0, 72);
    assert.equal(bytes(first72), 72);
    assert.equal(await registerWith(t, first72), 201);
    assert.equal((await login(t.app, "alice", first72)).status, 200);
    // bcrypt alone would match these: it never reads past byte 72.
    for (const longer of [first72 + "x", first72 + "yz"]) {
      assert.equal((await login(t.app, "alice", longer)).status, 401);
    }
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 422 to a password over 72 bytes at register", async () => {
  const t = createTestApp();
  try {
    assert.equal(await registerWith(t, "p".repeat(73)), 422);
    // 25 three-byte characters: 25 characters, but 75 bytes.
    assert.equal(await registerWith(t, "€".repeat(25)), 422);
    assert.equal(await registerWith(t, "€".repeat(24)), 201);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() logs in with the NFC and NFD forms of a password", async () => {
  for (const registeredForm of ["NFC", "NFD"] as const) {
    const t = createTestApp();
    try {
      const password = "crème brûlée".normalize(registeredForm);
      assert.equal(await registerWith(t, password), 201);
      for (const form of ["NFC", "NFD"]) {
        const response = await login(t.app, "alice", password.normalize(form));
        assert.equal(response.status, 200, `${registeredForm} then ${form}`);
      }
    } finally {
      await t.close();
    }
  }
});

Deno.test("createApp() measures a password's length after NFC normalisation", async () => {
  const t = createTestApp();
  try {
    // 25 "é": 50 bytes in NFC, but 75 in NFD (e + combining accent).
    const nfd = "é".repeat(25).normalize("NFD");
    assert.ok(bytes(nfd) > 72);
    assert.equal(await registerWith(t, nfd), 201);
    assert.equal((await login(t.app, "alice", nfd)).status, 200);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 422 to a password under 8 bytes", async () => {
  const t = createTestApp();
  try {
    assert.equal(await registerWith(t, "1234567"), 422);
    assert.equal(await registerWith(t, "ééé"), 422); // 3 characters, 6 bytes
    assert.equal(await registerWith(t, "éééé"), 201); // 4 characters, 8 bytes
  } finally {
    await t.close();
  }
});

Deno.test("createApp() accepts a password of exactly 8 bytes", async () => {
  const t = createTestApp();
  try {
    assert.equal(await registerWith(t, "12345678"), 201);
    assert.equal((await login(t.app, "alice", "12345678")).status, 200);
  } finally {
    await t.close();
  }
});

Deno.test("createApp() answers 422 to a password with a NUL character", async () => {
  const t = createTestApp();
  try {
    const response = await register(
      t.app,
      newUser("alice", "correct\0horse"),
    );
    assert.equal(response.status, 422);
    const body = await response.json();
    assert.deepEqual(body.error.fields, [
      { field: "password", message: "must not contain a NUL character" },
    ]);
  } finally {
    await t.close();
  }
});
