import assert from "node:assert/strict";
import { loadReference, parseReferenceCsv } from "./reference.ts";

Deno.test("parseReferenceCsv() names the columns and calls registration register", () => {
  const rows = parseReferenceCsv(
    "endpoint,n_workers,n_users,n_requests,duration,n_failed,rps,wait_from,wait_to,min,max,avg,p50,p95,p99\n" +
      "registration,1,20,471,120,3,3.93,0.5,1,657,10611,3696.26,3300,7300,7900\n",
    "mixed",
  );
  assert.deepEqual(rows, [{
    test: "mixed",
    endpoint: "register",
    workers: 1,
    users: 20,
    requests: 471,
    durationS: 120,
    failed: 3,
    rps: 3.93,
    waitFromS: 0.5,
    waitToS: 1,
    min: 657,
    max: 10611,
    avg: 3696.26,
    p50: 3300,
    p95: 7300,
    p99: 7900,
  }]);
});

Deno.test("parseReferenceCsv() defaults the endpoint of the register-only file", () => {
  const rows = parseReferenceCsv(
    "n_workers,n_users,n_requests,duration,n_failed,rps,wait_from,wait_to,min,max,avg,p50,p95,p99\n" +
      "1,1,60,60,0,1,0.5,1,219,267,243,250,260,270\n",
    "register-only",
  );
  assert.equal(rows[0].endpoint, "register");
  assert.equal(rows[0].avg, 243);
});

Deno.test("parseReferenceCsv() rejects an unknown column", () => {
  assert.throws(() => parseReferenceCsv("speed\n1\n", "mixed"), TypeError);
});

Deno.test("loadReference() reads every published row", async () => {
  const reference = await loadReference();
  assert.equal(reference.cost, 12);
  assert.equal(
    reference.load.filter((row) => row.test === "register-only").length,
    10,
  );
  assert.equal(reference.load.filter((row) => row.test === "mixed").length, 18);
  assert.deepEqual(reference.sequential.map((row) => row.endpoint), [
    "register",
    "health",
  ]);
});
