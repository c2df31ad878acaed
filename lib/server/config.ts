/**
 * Server configuration from command-line flags and LOOPLAB_* environment
 * variables. A flag wins over its variable; a bad value is a ConfigError.
 * @module
 */

/** The ways the server can run bcrypt, chosen at start. */
export const STRATEGIES = ["blocking", "async", "worker"] as const;
export type StrategyName = typeof STRATEGIES[number];

/** Everything the server needs to start. Secrets are kept out of here. */
export interface ServerConfig {
  host: string;
  port: number;
  strategy: StrategyName;
  /** bcrypt cost factor: 2^cost rounds. */
  cost: number;
  /** Workers in the `worker` strategy's pool. */
  poolSize: number;
  /** Hash jobs that may wait for a worker before new ones get 503. */
  queueLimit: number;
  /** SQLite file, or ":memory:". */
  db: string;
  /** JSON-lines file for one record per request, if any. */
  requestLog?: string;
  /** JSON-lines file for event-loop delay samples, if any. */
  loopLog?: string;
  /** Interval of the event-loop delay monitor, in ms. */
  loopSampleMs: number;
  /** Lifetime of an access token, in seconds. */
  tokenTtlSeconds: number;
}

/** A configuration value that cannot be used; the process exits with 2. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

interface OptionSpec {
  key: keyof ServerConfig;
  flag: string;
  env: string;
  help: string;
  parse: (raw: string, flag: string) => ServerConfig[keyof ServerConfig];
}

function integerIn(min: number, max: number) {
  return (raw: string, flag: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new ConfigError(
        `Cannot use ${flag}: expected a whole number from ${min} to ${max}, got "${raw}"`,
      );
    }
    return value;
  };
}

function nonEmpty(raw: string, flag: string): string {
  if (raw.trim() === "") {
    throw new ConfigError(`Cannot use ${flag}: the value is empty`);
  }
  return raw;
}

function strategy(raw: string, flag: string): StrategyName {
  if (!(STRATEGIES as readonly string[]).includes(raw)) {
    throw new ConfigError(
      `Cannot use ${flag}: expected one of ${
        STRATEGIES.join(", ")
      }, got "${raw}"`,
    );
  }
  return raw as StrategyName;
}

const OPTIONS: OptionSpec[] = [
  {
    key: "host",
    flag: "--host",
    env: "LOOPLAB_HOST",
    help: "address to listen on",
    parse: nonEmpty,
  },
  {
    key: "port",
    flag: "--port",
    env: "LOOPLAB_PORT",
    help: "TCP port; 0 picks a free one",
    parse: integerIn(0, 65535),
  },
  {
    key: "strategy",
    flag: "--strategy",
    env: "LOOPLAB_STRATEGY",
    help: `where bcrypt runs: ${STRATEGIES.join(" | ")}`,
    parse: strategy,
  },
  {
    key: "cost",
    flag: "--cost",
    env: "LOOPLAB_COST",
    help: "bcrypt cost factor (4-20)",
    // bcrypt allows 31, but at 20 one hash already takes about a minute.
    parse: integerIn(4, 20),
  },
  {
    key: "poolSize",
    flag: "--pool-size",
    env: "LOOPLAB_POOL_SIZE",
    help: "workers in the worker strategy's pool",
    parse: integerIn(1, 256),
  },
  {
    key: "queueLimit",
    flag: "--queue-limit",
    env: "LOOPLAB_QUEUE_LIMIT",
    help: "hash jobs waiting for a worker before 503",
    parse: integerIn(1, 1_000_000),
  },
  {
    key: "db",
    flag: "--db",
    env: "LOOPLAB_DB",
    help: 'SQLite file, or ":memory:"',
    parse: nonEmpty,
  },
  {
    key: "requestLog",
    flag: "--request-log",
    env: "LOOPLAB_REQUEST_LOG",
    help: "JSON-lines file, one line per request",
    parse: nonEmpty,
  },
  {
    key: "loopLog",
    flag: "--loop-log",
    env: "LOOPLAB_LOOP_LOG",
    help: "JSON-lines file of event-loop delay samples",
    parse: nonEmpty,
  },
  {
    key: "loopSampleMs",
    flag: "--loop-sample-ms",
    env: "LOOPLAB_LOOP_SAMPLE_MS",
    help: "event-loop delay sampling interval in ms",
    parse: integerIn(1, 10_000),
  },
  {
    key: "tokenTtlSeconds",
    flag: "--token-ttl",
    env: "LOOPLAB_TOKEN_TTL",
    help: "access-token lifetime in seconds",
    parse: integerIn(1, 31_536_000),
  },
];

/** The configuration used when nothing is given. */
export function defaultConfig(
  cores = navigator.hardwareConcurrency,
): ServerConfig {
  return {
    host: "127.0.0.1",
    port: 8000,
    strategy: "blocking",
    cost: 10,
    poolSize: Math.max(1, cores),
    queueLimit: 4096,
    db: "data/looplab.db",
    loopSampleMs: 10,
    tokenTtlSeconds: 3600,
  };
}

/** The flags of the server, for `--help`. */
export function helpText(command = "deno task serve"): string {
  const defaults = defaultConfig();
  const rows = OPTIONS.map((option) => {
    const fallback = defaults[option.key];
    const shown = fallback === undefined ? "" : ` [default: ${fallback}]`;
    return `  ${option.flag.padEnd(17)} ${
      option.env.padEnd(24)
    } ${option.help}${shown}`;
  });
  return [
    `Usage: ${command} [flags]`,
    "",
    "Loop Lab auth server: registration hashes passwords with bcryptjs.",
    "",
    "  flag              environment variable     meaning",
    ...rows,
    `  ${"--help".padEnd(17)} ${"".padEnd(24)} show this text`,
    "",
    "LOOPLAB_JWT_SECRET signs access tokens; without it a random secret is",
    "made at start and tokens do not survive a restart.",
    "LOOPLAB_EXIT_WITH_STDIN=1 stops the server when its standard input closes",
    "(the experiment harness sets it, so no server outlives the harness).",
  ].join("\n");
}

/** What the command line asked for: a configuration, or the help text. */
export type ParsedCommandLine =
  | { kind: "run"; config: ServerConfig }
  | { kind: "help" };

/**
 * Reads the configuration from flags (`--port 9000` or `--port=9000`) and
 * environment variables, over the defaults.
 *
 * @throws {ConfigError} on an unknown flag, a missing value or a bad value.
 */
export function parseConfig(
  args: readonly string[],
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
  defaults: ServerConfig = defaultConfig(),
): ParsedCommandLine {
  const raw = new Map<OptionSpec, { value: string; source: string }>();
  for (const option of OPTIONS) {
    const value = env(option.env);
    // An empty variable counts as unset, as shells and CI files often leave it.
    if (value !== undefined && value !== "") {
      raw.set(option, { value, source: option.env });
    }
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    const [name, inline] = arg.split(/=(.*)/s, 2);
    const option = OPTIONS.find((candidate) => candidate.flag === name);
    if (!option) throw new ConfigError(`Cannot understand argument: "${arg}"`);
    const value = inline ?? args[++i];
    if (value === undefined) {
      throw new ConfigError(`Cannot use ${name}: it needs a value`);
    }
    raw.set(option, { value, source: name });
  }
  const config: ServerConfig = { ...defaults };
  for (const [option, { value, source }] of raw) {
    (config as unknown as Record<string, unknown>)[option.key] = option.parse(
      value,
      source,
    );
  }
  return { kind: "run", config };
}

/** One line that tells how the server runs; it never holds a secret. */
export function describeConfig(config: ServerConfig): string {
  const parts = [
    `strategy=${config.strategy}`,
    `cost=${config.cost}`,
    ...(config.strategy === "worker"
      ? [`pool=${config.poolSize}`, `queue-limit=${config.queueLimit}`]
      : []),
    `db=${config.db}`,
    `request-log=${config.requestLog ?? "off"}`,
    `loop-log=${config.loopLog ?? "off"}`,
  ];
  return parts.join(" ");
}
