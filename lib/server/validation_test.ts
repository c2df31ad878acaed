// Field rules on their own: what checkRegistration and checkCredentials
// accept, normalise and refuse.
import assert from "node:assert/strict";
import {
  checkCredentials,
  checkRegistration,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_BYTES,
  passwordProblem,
} from "./validation.ts";

const valid = {
  username: "alice",
  email: "alice@example.test",
  password: "correct horse",
};

function problemFields(body: unknown): string[] {
  const checked = checkRegistration(body);
  return checked.ok ? [] : checked.problems.map((problem) => problem.field);
}

Deno.test("passwordProblem() accepts 8 to 72 bytes of UTF-8", () => {
  assert.equal(passwordProblem("x".repeat(MIN_PASSWORD_BYTES)), null);
  assert.equal(passwordProblem("x".repeat(MAX_PASSWORD_BYTES)), null);
  assert.match(passwordProblem("x".repeat(7))!, /at least 8 bytes/);
  assert.match(passwordProblem("x".repeat(73))!, /at most 72 bytes/);
  assert.match(passwordProblem("😀".repeat(19))!, /got 76/); // 4 bytes each
});

Deno.test("passwordProblem() refuses a NUL character", () => {
  assert.match(passwordProblem("correct\0horse")!, /NUL/);
});

Deno.test("checkRegistration() accepts and NFC-normalises a valid body", () => {
  const checked = checkRegistration({
    ...valid,
    email: "rene\u0301@example.test",
    password: "cre\u0300me brule\u0301e",
  });
  assert.deepEqual(checked, {
    ok: true,
    value: {
      username: "alice",
      email: "ren\u00e9@example.test",
      password: "cr\u00e8me brul\u00e9e",
    },
  });
});

Deno.test("checkRegistration() refuses bad usernames", () => {
  for (const username of ["ab", "x".repeat(33), "a b", "al/ce", "ålice"]) {
    assert.deepEqual(problemFields({ ...valid, username }), ["username"]);
  }
  for (const username of ["abc", "x".repeat(32), "a.b_c-d", "ALICE"]) {
    assert.deepEqual(problemFields({ ...valid, username }), [], username);
  }
});

Deno.test("checkRegistration() refuses bad emails", () => {
  const bad = [
    "alice",
    "alice@",
    "@example.test",
    "alice@localhost",
    "alice@example.",
    "al ice@example.test",
    "a@b@example.test",
    `${"x".repeat(65)}@example.test`,
    `alice@${"d".repeat(250)}.test`,
  ];
  for (const email of bad) {
    assert.deepEqual(problemFields({ ...valid, email }), ["email"], email);
  }
});

Deno.test("checkRegistration() refuses a body that is not an object", () => {
  for (const body of [null, "alice", 42, [valid]]) {
    assert.deepEqual(problemFields(body), ["body"]);
  }
});

Deno.test("checkCredentials() takes the login from username, or else email", () => {
  const fromUsername = checkCredentials({ username: "alice", password: "pw" });
  assert.deepEqual(fromUsername, {
    ok: true,
    value: { login: "alice", password: "pw" },
  });
  const fromEmail = checkCredentials({
    email: "a@example.test",
    password: "pw",
  });
  assert.deepEqual(fromEmail, {
    ok: true,
    value: { login: "a@example.test", password: "pw" },
  });
  // When both are given, username wins, as in the password flow.
  const both = checkCredentials({
    username: "alice",
    email: "a@example.test",
    password: "pw",
  });
  assert.ok(both.ok && both.value.login === "alice");
});

Deno.test("checkCredentials() NFC-normalises the login and the password", () => {
  const checked = checkCredentials({
    username: "rene\u0301@example.test",
    password: "cafe\u0301 au lait",
  });
  assert.deepEqual(checked, {
    ok: true,
    value: { login: "ren\u00e9@example.test", password: "caf\u00e9 au lait" },
  });
});

Deno.test("checkCredentials() names missing fields and a wrong grant_type", () => {
  const checked = checkCredentials({ grant_type: "implicit" });
  assert.deepEqual(
    checked.ok ? [] : checked.problems.map((problem) => problem.field),
    ["username", "password", "grant_type"],
  );
  assert.ok(
    checkCredentials({ grant_type: "", username: "a", password: "b" }).ok,
  );
});

Deno.test("checkCredentials() leaves the password length to the login route", () => {
  // Login must not reveal the rules by a different answer: a long password
  // passes here and simply fails to match.
  const long = "x".repeat(MAX_PASSWORD_BYTES + 10);
  assert.ok(checkCredentials({ username: "alice", password: long }).ok);
});
