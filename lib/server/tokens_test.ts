// The token service on its own: what it signs, when a token stops being
// valid by the service's clock, and the secret it needs.
import assert from "node:assert/strict";
import { createTokenService, signingSecretFrom } from "./tokens.ts";
import {
  payloadOf,
  signedToken,
  unsignedToken,
} from "./testing/jwt_forgery.ts";

const SECRET = "0123456789abcdef-test";

function serviceAt(clock: { now: number }, ttlSeconds = 60) {
  return createTokenService({
    secret: SECRET,
    ttlSeconds,
    now: () => clock.now,
  });
}

Deno.test("createTokenService() reads back the user id it signed", async () => {
  const tokens = serviceAt({ now: Date.now() });
  const token = await tokens.issue(42);
  assert.equal(await tokens.userIdOf(token), 42);
});

Deno.test("createTokenService() signs HS256 with sub, iat and exp = iat + ttl", async () => {
  const clock = { now: Date.UTC(2030, 0, 1) };
  const token = await serviceAt(clock, 90).issue(7);
  const header = JSON.parse(atob(token.split(".")[0]));
  assert.equal(header.alg, "HS256");
  const iat = clock.now / 1000;
  assert.deepEqual(payloadOf(token), { sub: "7", iat, exp: iat + 90 });
});

Deno.test("createTokenService() refuses a token once its clock reaches exp", async () => {
  // On a whole second, so that iat (in seconds) is exactly the clock's now.
  const clock = { now: Math.floor(Date.now() / 1000) * 1000 };
  const tokens = serviceAt(clock, 60);
  const token = await tokens.issue(1);
  clock.now += 59_999;
  assert.equal(await tokens.userIdOf(token), 1);
  clock.now += 1;
  assert.equal(await tokens.userIdOf(token), null);
});

Deno.test("createTokenService() accepts its token when its clock runs ahead of the system's", async () => {
  // The service must judge by the clock it was given, not by Date.now().
  const clock = { now: Date.now() + 3_600_000 };
  const tokens = serviceAt(clock, 60);
  assert.equal(await tokens.userIdOf(await tokens.issue(5)), 5);
});

Deno.test("createTokenService() refuses a token issued after its clock's now", async () => {
  const clock = { now: Date.now() };
  const tokens = serviceAt(clock, 600);
  const iat = Math.floor(clock.now / 1000) + 300;
  const fromTheFuture = await signedToken(
    { sub: "1", iat, exp: iat + 600 },
    SECRET,
  );
  assert.equal(await tokens.userIdOf(fromTheFuture), null);
});

Deno.test("createTokenService() refuses tokens without a usable exp or sub", async () => {
  const clock = { now: Date.now() };
  const tokens = serviceAt(clock);
  const iat = Math.floor(clock.now / 1000);
  const exp = iat + 60;
  const payloads = [
    { sub: "1", iat }, // no exp: would never expire
    { sub: "1", iat, exp: String(exp) },
    { iat, exp },
    { sub: "0", iat, exp },
    { sub: "-3", iat, exp },
    { sub: "1.5", iat, exp },
    { sub: "alice", iat, exp },
  ];
  for (const payload of payloads) {
    const token = await signedToken(payload, SECRET);
    assert.equal(await tokens.userIdOf(token), null, JSON.stringify(payload));
  }
});

Deno.test("createTokenService() refuses an alg:none token", async () => {
  const clock = { now: Date.now() };
  const tokens = serviceAt(clock);
  const real = await tokens.issue(1);
  assert.equal(await tokens.userIdOf(unsignedToken(payloadOf(real))), null);
});

Deno.test("createTokenService() refuses garbage without throwing", async () => {
  const tokens = serviceAt({ now: Date.now() });
  for (
    const garbage of ["", ".", "..", "a.b.c", "e30.e30.e30", "x".repeat(9)]
  ) {
    assert.equal(await tokens.userIdOf(garbage), null, garbage);
  }
});

Deno.test("createTokenService() throws RangeError for a secret under 16 characters", () => {
  assert.throws(
    () => createTokenService({ secret: "short", ttlSeconds: 60 }),
    RangeError,
  );
});

Deno.test("signingSecretFrom() uses the given secret", () => {
  assert.deepEqual(signingSecretFrom("from-the-environment"), {
    secret: "from-the-environment",
    generated: false,
  });
});

Deno.test("signingSecretFrom() makes a fresh random secret when none is set", () => {
  for (const unset of [undefined, ""]) {
    const first = signingSecretFrom(unset);
    const second = signingSecretFrom(unset);
    assert.equal(first.generated, true);
    assert.ok(first.secret.length >= 32);
    assert.notEqual(first.secret, second.secret);
    // Long enough for createTokenService.
    createTokenService({ secret: first.secret, ttlSeconds: 1 });
  }
});
