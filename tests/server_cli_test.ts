// server.ts's command line as a user meets it: --help, and a clear message
// with exit code 2 (never a stack trace) for a value it cannot use.
import assert from "node:assert/strict";
import { freePort, ROOT, runToExit } from "./support/server_process.ts";

/** What Deno prints for an uncaught error. */
const STACK_TRACE = /\n\s+at |Uncaught|error: /;

Deno.test("server.ts --help prints the flags on stdout and exits 0", async () => {
  const { status, stdout, stderr } = await runToExit({ args: ["--help"] });
  assert.equal(status.code, 0);
  assert.match(stdout, /^Usage: deno task serve \[flags\]/);
  for (
    const flag of [
      "--host",
      "--port",
      "--strategy",
      "--cost",
      "--pool-size",
      "--queue-limit",
      "--db",
      "--request-log",
      "--loop-log",
      "--loop-sample-ms",
      "--token-ttl",
    ]
  ) {
    assert.match(stdout, new RegExp(`^  ${flag} `, "m"), flag);
  }
  assert.equal(stderr, "");
});

Deno.test("server.ts exits 2 with a message for a bad flag value", async () => {
  for (
    const [args, message] of [
      [["--strategy", "threads"], /Cannot use --strategy: expected one of/],
      [["--cost=3"], /Cannot use --cost: expected a whole number from 4 to 20/],
      [["--port", "99999"], /Cannot use --port/],
      [["--verbose"], /Cannot understand argument: "--verbose"/],
      [["--db"], /Cannot use --db: it needs a value/],
    ] as const
  ) {
    const { status, stdout, stderr } = await runToExit({ args: [...args] });
    assert.equal(status.code, 2, args.join(" "));
    assert.match(stderr, message);
    assert.match(stderr, /Run "deno task serve --help" for the flags/);
    assert.doesNotMatch(stderr, STACK_TRACE);
    assert.equal(stdout, "");
  }
});

Deno.test("server.ts exits 2 naming a bad LOOPLAB_* variable", async () => {
  const { status, stderr } = await runToExit({
    env: { LOOPLAB_COST: "cheap" },
  });
  assert.equal(status.code, 2);
  assert.match(stderr, /Cannot use LOOPLAB_COST/);
  assert.doesNotMatch(stderr, STACK_TRACE);
});

Deno.test("server.ts exits 1 with a message when its port is taken", async () => {
  const port = freePort();
  // Holds the port for the whole test, so the server cannot have it.
  const holder = Deno.listen({ hostname: "127.0.0.1", port });
  try {
    const { status, stderr } = await runToExit({
      args: ["--port", String(port), "--db", ":memory:", "--cost", "4"],
    });
    assert.equal(status.code, 1);
    assert.match(stderr, new RegExp(`Cannot listen on 127.0.0.1:${port}`));
    assert.doesNotMatch(stderr, STACK_TRACE);
  } finally {
    holder.close();
  }
});

Deno.test("server.ts exits 1 with a message when it may not write the database", async () => {
  // The serve task may write under data/ only.
  const { status, stderr } = await runToExit({
    args: ["--db", `${ROOT}/users.db`],
  });
  assert.equal(status.code, 1);
  assert.match(stderr, /Cannot open the database /);
  assert.doesNotMatch(stderr, STACK_TRACE);
});

Deno.test("server.ts under deno serve --parallel exits 2 without LOOPLAB_JWT_SECRET", async () => {
  const { status, stderr } = await runToExit({
    args: ["--db", ":memory:"],
    parallelThreads: 2,
  });
  assert.equal(status.code, 2);
  assert.match(stderr, /Cannot run several threads without LOOPLAB_JWT_SECRET/);
  assert.doesNotMatch(stderr, STACK_TRACE);
});
