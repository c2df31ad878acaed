// What a hash worker replies to each request, run on the test's thread.
import assert from "node:assert/strict";
import { answerHashRequest } from "./hash_protocol.ts";

Deno.test("answerHashRequest() replies to a hash job with the hash and its id", () => {
  const reply = answerHashRequest({
    id: 7,
    job: { op: "hash", password: "correct horse", cost: 4 },
  });
  assert.equal(reply.id, 7);
  assert.equal(reply.ok, true);
  assert.match(String(reply.ok && reply.value), /^\$2b\$04\$/);
});

Deno.test("answerHashRequest() replies to a verify job with the match", () => {
  const hash = answerHashRequest({
    id: 1,
    job: { op: "hash", password: "correct horse", cost: 4 },
  });
  assert.ok(hash.ok);
  const verify = (password: string) =>
    answerHashRequest({
      id: 2,
      job: { op: "verify", password, hash: String(hash.value) },
    });
  assert.deepEqual(verify("correct horse"), { id: 2, ok: true, value: true });
  assert.deepEqual(verify("wrong horse"), { id: 2, ok: true, value: false });
});

Deno.test("answerHashRequest() replies with an error, not throws, for a bad job", () => {
  // A password that is not a string, as a broken message could carry.
  const reply = answerHashRequest({
    id: 3,
    job: { op: "hash", password: 12345678 as unknown as string, cost: 4 },
  });
  assert.equal(reply.id, 3);
  assert.equal(reply.ok, false);
  assert.ok(!reply.ok && reply.error.length > 0);
});
