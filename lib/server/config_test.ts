// parseConfig(): flags over environment variables over defaults, both
// flag spellings, and a ConfigError for anything it cannot use.
import assert from "node:assert/strict";
import {
  ConfigError,
  defaultConfig,
  describeConfig,
  helpText,
  parseConfig,
  type ServerConfig,
} from "./config.ts";

const DEFAULTS = defaultConfig(4);

/** parseConfig with a fixed environment, expecting a configuration. */
function parse(
  args: string[],
  env: Record<string, string> = {},
): ServerConfig {
  const parsed = parseConfig(args, (name) => env[name], DEFAULTS);
  if (parsed.kind !== "run") throw new Error("expected a configuration");
  return parsed.config;
}

Deno.test("parseConfig() gives the defaults when nothing is set", () => {
  assert.deepEqual(parse([]), DEFAULTS);
  assert.equal(DEFAULTS.host, "127.0.0.1");
  assert.equal(DEFAULTS.poolSize, 4);
});

Deno.test("parseConfig() reads every flag", () => {
  const config = parse([
    "--host",
    "127.0.0.2",
    "--port",
    "9001",
    "--strategy",
    "worker",
    "--cost",
    "4",
    "--pool-size",
    "3",
    "--queue-limit",
    "7",
    "--db",
    ":memory:",
    "--request-log",
    "req.jsonl",
    "--loop-log",
    "loop.jsonl",
    "--loop-sample-ms",
    "5",
    "--token-ttl",
    "60",
  ]);
  assert.deepEqual(config, {
    host: "127.0.0.2",
    port: 9001,
    strategy: "worker",
    cost: 4,
    poolSize: 3,
    queueLimit: 7,
    db: ":memory:",
    requestLog: "req.jsonl",
    loopLog: "loop.jsonl",
    loopSampleMs: 5,
    tokenTtlSeconds: 60,
  });
});

Deno.test("parseConfig() reads the --flag=value form", () => {
  const config = parse(["--port=9002", "--db=data/a=b.db", "--strategy=async"]);
  assert.equal(config.port, 9002);
  assert.equal(config.db, "data/a=b.db"); // only the first "=" splits
  assert.equal(config.strategy, "async");
});

Deno.test("parseConfig() reads LOOPLAB_* environment variables", () => {
  const config = parse([], {
    LOOPLAB_PORT: "9003",
    LOOPLAB_STRATEGY: "async",
    LOOPLAB_COST: "5",
    LOOPLAB_REQUEST_LOG: "r.jsonl",
    LOOPLAB_TOKEN_TTL: "120",
  });
  assert.equal(config.port, 9003);
  assert.equal(config.strategy, "async");
  assert.equal(config.cost, 5);
  assert.equal(config.requestLog, "r.jsonl");
  assert.equal(config.tokenTtlSeconds, 120);
});

Deno.test("parseConfig() lets a flag win over its environment variable", () => {
  const env = { LOOPLAB_PORT: "9004", LOOPLAB_COST: "6" };
  const config = parse(["--port", "9005"], env);
  assert.equal(config.port, 9005);
  assert.equal(config.cost, 6);
  // A bad variable does not matter when the flag replaces it.
  assert.equal(parse(["--cost", "7"], { LOOPLAB_COST: "x" }).cost, 7);
});

Deno.test("parseConfig() lets the last of a repeated flag win", () => {
  assert.equal(parse(["--port", "9006", "--port=9007"]).port, 9007);
});

Deno.test("parseConfig() returns help for --help and -h", () => {
  for (const flag of ["--help", "-h"]) {
    assert.deepEqual(parseConfig(["--port", "1", flag], () => undefined), {
      kind: "help",
    });
  }
});

Deno.test("parseConfig() throws ConfigError for bad values", () => {
  const bad: [string[], RegExp][] = [
    [["--port", "65536"], /--port/],
    [["--port", "-1"], /--port/],
    [["--port", "80.5"], /--port/],
    [["--port", "0x50"], /--port/],
    [["--port="], /--port/],
    [["--cost", "3"], /--cost: expected a whole number from 4 to 20/],
    [["--cost", "32"], /--cost/],
    [
      ["--strategy", "threads"],
      /--strategy: expected one of blocking, async, worker/,
    ],
    [["--pool-size", "0"], /--pool-size/],
    [["--queue-limit", "0"], /--queue-limit/],
    [["--loop-sample-ms", "0"], /--loop-sample-ms/],
    [["--token-ttl", "0"], /--token-ttl/],
    [["--db", " "], /--db: the value is empty/],
    [["--host", ""], /--host/],
  ];
  for (const [args, message] of bad) {
    assert.throws(
      () => parse(args),
      (error: Error) =>
        error instanceof ConfigError && message.test(error.message),
      args.join(" "),
    );
  }
});

Deno.test("parseConfig() names the variable of a bad environment value", () => {
  assert.throws(
    () => parse([], { LOOPLAB_STRATEGY: "fast" }),
    (error: Error) =>
      error instanceof ConfigError && /LOOPLAB_STRATEGY/.test(error.message),
  );
});

Deno.test("parseConfig() throws ConfigError for an unknown flag or a missing value", () => {
  assert.throws(
    () => parse(["--prot", "9000"]),
    /Cannot understand argument: "--prot"/,
  );
  assert.throws(() => parse(["9000"]), ConfigError);
  assert.throws(() => parse(["--port"]), /--port: it needs a value/);
});

Deno.test("helpText() lists every flag with its variable and default", () => {
  const text = helpText("deno task serve");
  for (
    const [flag, env] of [
      ["--host", "LOOPLAB_HOST"],
      ["--port", "LOOPLAB_PORT"],
      ["--strategy", "LOOPLAB_STRATEGY"],
      ["--cost", "LOOPLAB_COST"],
      ["--pool-size", "LOOPLAB_POOL_SIZE"],
      ["--queue-limit", "LOOPLAB_QUEUE_LIMIT"],
      ["--db", "LOOPLAB_DB"],
      ["--request-log", "LOOPLAB_REQUEST_LOG"],
      ["--loop-log", "LOOPLAB_LOOP_LOG"],
      ["--loop-sample-ms", "LOOPLAB_LOOP_SAMPLE_MS"],
      ["--token-ttl", "LOOPLAB_TOKEN_TTL"],
      ["--help", ""],
    ]
  ) {
    assert.match(text, new RegExp(`^  ${flag} +${env}`, "m"), flag);
  }
  assert.match(text, /\[default: 8000\]/);
  assert.match(text, /LOOPLAB_JWT_SECRET/);
});

Deno.test("describeConfig() shows the pool only for the worker strategy", () => {
  assert.doesNotMatch(describeConfig(DEFAULTS), /pool=/);
  const worker = describeConfig({ ...DEFAULTS, strategy: "worker" });
  assert.match(worker, /strategy=worker cost=10 pool=4 queue-limit=4096/);
  assert.match(worker, /request-log=off loop-log=off/);
});

Deno.test("parseConfig() treats an empty environment variable as unset", () => {
  const config = parse([], { LOOPLAB_PORT: "", LOOPLAB_STRATEGY: "" });
  assert.equal(config.port, DEFAULTS.port);
  assert.equal(config.strategy, DEFAULTS.strategy);
});
