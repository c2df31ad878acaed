import assert from "node:assert/strict";
import { channelValues, legendLabels, marksOfKind } from "./mark_queries.ts";
import {
  sequentialClientServer,
  sequentialPairs,
} from "./sequential_client_server.ts";
import { syntheticRun } from "./synthetic_run.ts";

const rows = syntheticRun().rows;

Deno.test("sequentialPairs reads client and server means of the sequential rows", () => {
  const pairs = sequentialPairs(rows);
  // Sequential points exist only for the 1-thread variants, two endpoints each.
  assert.equal(pairs.length, 4);
  const register = pairs.find((p) =>
    p.endpoint === "register" && p.variant === "blocking, 1 thread"
  );
  assert.deepEqual(register, {
    endpoint: "register",
    variant: "blocking, 1 thread",
    clientMs: 2,
    serverMs: 1.5,
  });
  assert.equal(pairs.find((p) => p.endpoint === "health")?.serverMs, null);
});

Deno.test("sequentialClientServer joins server and client dots, a panel per endpoint", () => {
  const options = sequentialClientServer(rows);
  assert.equal(options.x?.type, "log");
  assert.match(String(options.x?.label), /mean latency, ms/);
  assert.deepEqual(options.fy?.domain, ["register", "health"]);
  assert.deepEqual(options.y?.domain, [
    "blocking, 1 thread",
    "worker pool ×2, 1 thread",
  ]);
  const [link] = marksOfKind(options, "link");
  assert.equal(
    link.data?.length,
    2,
    "only pairs with a server time are joined",
  );
  const [server, client] = marksOfKind(options, "dot");
  assert.deepEqual(channelValues(server, "x"), [1.5, 1.5]);
  assert.deepEqual(channelValues(client, "x"), [2, 0.4, 2, 0.4]);
  assert.deepEqual(legendLabels(options), [
    "server (handler)",
    "client (round trip)",
  ]);
  const labels = marksOfKind(options, "text").flatMap((mark) =>
    mark.fontWeight === "bold" ? [] : channelValues(mark, "text")
  );
  assert.ok(labels.includes("0.400 ms") && labels.includes("1.50 ms"));
});

Deno.test("sequentialClientServer of a run without sequential points is an empty chart", () => {
  const options = sequentialClientServer(
    rows.filter((row) => row.kind !== "sequential"),
  );
  assert.deepEqual(options.fy?.domain, []);
  assert.equal(marksOfKind(options, "dot")[1].data?.length, 0);
});
