/**
 * What an experiment runs: profiles, the matrix of hashing strategies and
 * server threads, and the list of points that a run measures one by one.
 * @module
 */
import type { StrategyName } from "../server/config.ts";

/**
 * Hashing strategies as the experiment compares them. `worker-spare` is
 * the worker pool one smaller than the core count, leaving a core to the
 * event loop.
 */
export const EXPERIMENT_STRATEGIES = [
  "blocking",
  "async",
  "worker",
  "worker-spare",
] as const;
export type ExperimentStrategy = typeof EXPERIMENT_STRATEGIES[number];

/** One server configuration of the matrix. */
export interface Variant {
  /** Stable id, such as "worker-p2-t1". */
  id: string;
  /** Human label, such as "worker pool ×2, 1 thread". */
  label: string;
  strategy: ExperimentStrategy;
  serverStrategy: StrategyName;
  threads: number;
  /** Workers per thread (worker strategies only; 1 otherwise). */
  poolSize: number;
  /** Hashes that can run at the same time, bounded by the cores. */
  usableCores: number;
}

/** Everything that decides what a run measures. */
export interface ExperimentParams {
  profile: string;
  /** bcrypt cost factor. */
  cost: number;
  strategies: ExperimentStrategy[];
  threads: number[];
  /** Concurrent registrations per batch. */
  levels: number[];
  /** Sequential requests per endpoint, per strategy at 1 thread; 0 skips. */
  sequentialCount: number;
  /** Constant-rate tests as fractions of the physical limit; [] skips. */
  rateFractions: number[];
  /** Length of each constant-rate test, ms. */
  rateDurationMs: number;
  /** Requests sent to a fresh server before measuring. */
  warmupRequests: number;
  /** Time between health probes, ms. */
  probeIntervalMs: number;
  /** Time the probe goes on after a batch ends, ms, to show recovery. */
  settleMs: number;
  /** Abort a request after this long, ms. */
  requestTimeoutMs: number;
  /** Time between CPU and memory samples, ms. */
  sampleIntervalMs: number;
  /** Time between the server's event-loop delay samples, ms. */
  loopSampleMs: number;
  /** Cores of the machine the plan is for. */
  cores: number;
}

/** The settings a profile fixes; the rest comes from the machine. */
export type ProfileSettings = Omit<ExperimentParams, "profile" | "cores">;

/**
 * The highest cost a run accepts: one hash takes about 4.5 s at 16 here,
 * so its batch of 1000 takes over an hour on one core.
 */
export const MAX_COST = 16;

const SHARED = {
  strategies: [...EXPERIMENT_STRATEGIES],
  threads: [1, 2],
  levels: [10, 100, 1000],
  warmupRequests: 5,
  probeIntervalMs: 20,
  settleMs: 500,
  sampleIntervalMs: 100,
  loopSampleMs: 10,
};

/** The profiles, by name. */
export const PROFILES: Record<string, ProfileSettings> = {
  /** The original's settings: cost 12, 100 sequential requests. 31 min on 2 cores. */
  seed: {
    ...SHARED,
    cost: 12,
    // Its blocking stalls last minutes: at 20 ms the probe would reach its
    // cap of requests in flight and hold the rest back as not sent.
    probeIntervalMs: 200,
    sequentialCount: 100,
    rateFractions: [0.5, 0.9],
    rateDurationMs: 10_000,
    requestTimeoutMs: 600_000,
  },
  /** Same levels at cost 9: about 5 minutes on 2 cores. */
  default: {
    ...SHARED,
    cost: 9,
    sequentialCount: 100,
    rateFractions: [],
    rateDurationMs: 5000,
    requestTimeoutMs: 120_000,
  },
  /** Cost 4 and few sequential requests: under a minute, for CI. */
  quick: {
    ...SHARED,
    cost: 4,
    sequentialCount: 20,
    rateFractions: [0.5],
    rateDurationMs: 1000,
    settleMs: 200,
    requestTimeoutMs: 30_000,
  },
};

/**
 * The parameters of a profile, with overrides.
 *
 * @throws {RangeError} for an unknown profile or an empty or invalid list.
 */
export function planParams(
  profile: string,
  overrides: Partial<ProfileSettings> = {},
  cores = navigator.hardwareConcurrency,
): ExperimentParams {
  if (!Object.hasOwn(PROFILES, profile)) {
    throw new RangeError(
      `Cannot find profile "${profile}": choose ${
        Object.keys(PROFILES).join(", ")
      }`,
    );
  }
  const defined = Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  );
  const params: ExperimentParams = {
    ...PROFILES[profile],
    ...defined,
    profile,
    cores,
  };
  // Repeats would give two points one id, and one would overwrite the other.
  params.levels = unique(params.levels);
  params.threads = unique(params.threads);
  params.strategies = unique(params.strategies);
  params.rateFractions = unique(params.rateFractions);
  for (
    const [name, list] of [["levels", params.levels], [
      "threads",
      params.threads,
    ]] as const
  ) {
    if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new RangeError(
        `Cannot plan: ${name} must be whole numbers ≥ 1, got ${list}`,
      );
    }
  }
  if (params.strategies.length === 0) {
    throw new RangeError("Cannot plan: no strategy chosen");
  }
  if (
    !Number.isInteger(params.cost) || params.cost < 4 || params.cost > MAX_COST
  ) {
    throw new RangeError(
      `Cannot plan: cost must be 4-${MAX_COST}, got ${params.cost}`,
    );
  }
  if (!Number.isInteger(params.sequentialCount) || params.sequentialCount < 0) {
    throw new RangeError(
      `Cannot plan: sequential must be a whole number ≥ 0, got ${params.sequentialCount}`,
    );
  }
  if (params.rateFractions.some((f) => !Number.isFinite(f) || f <= 0)) {
    throw new RangeError(
      `Cannot plan: rates must be fractions of the limit above 0, got ${params.rateFractions}`,
    );
  }
  return params;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function describe(
  strategy: ExperimentStrategy,
  pool: number,
  threads: number,
): string {
  const where = strategy.startsWith("worker")
    ? `worker pool ×${pool}`
    : strategy;
  return `${where}, ${threads} thread${threads === 1 ? "" : "s"}`;
}

/**
 * The variants of the matrix strategies × threads. Worker pools share the
 * cores among threads; two entries that would run the same server are one.
 */
export function planVariants(params: ExperimentParams): Variant[] {
  const variants = new Map<string, Variant>();
  for (const threads of params.threads) {
    for (const strategy of params.strategies) {
      const isWorker = strategy === "worker" || strategy === "worker-spare";
      const workers = strategy === "worker"
        ? params.cores
        : Math.max(1, params.cores - 1);
      const poolSize = isWorker
        ? Math.max(1, Math.floor(workers / threads))
        : 1;
      const serverStrategy: StrategyName = isWorker ? "worker" : strategy;
      const id = isWorker
        ? `worker-p${poolSize}-t${threads}`
        : `${strategy}-t${threads}`;
      if (variants.has(id)) continue;
      variants.set(id, {
        id,
        label: describe(strategy, poolSize, threads),
        strategy,
        serverStrategy,
        threads,
        poolSize,
        usableCores: Math.min(
          params.cores,
          isWorker ? poolSize * threads : threads,
        ),
      });
    }
  }
  return [...variants.values()];
}

/** One measurement of a run, with a fresh server and database. */
export type Point =
  | { kind: "sequential"; id: string; variant: Variant; count: number }
  | { kind: "batch"; id: string; variant: Variant; concurrency: number }
  | {
    kind: "rate";
    id: string;
    variant: Variant;
    fraction: number;
    durationMs: number;
  };

/** Every point of the plan, in the order a run measures them. */
export function planPoints(params: ExperimentParams): Point[] {
  const points: Point[] = [];
  for (const variant of planVariants(params)) {
    if (params.sequentialCount > 0 && variant.threads === 1) {
      points.push({
        kind: "sequential",
        id: `${variant.id}-sequential`,
        variant,
        count: params.sequentialCount,
      });
    }
    for (const concurrency of params.levels) {
      points.push({
        kind: "batch",
        id: `${variant.id}-c${concurrency}`,
        variant,
        concurrency,
      });
    }
    for (const fraction of params.rateFractions) {
      points.push({
        kind: "rate",
        id: `${variant.id}-rate${+(fraction * 100).toFixed(2)}`,
        variant,
        fraction,
        durationMs: params.rateDurationMs,
      });
    }
  }
  return points;
}

/**
 * A rough time a point takes, ms: the bcrypt work it asks for, spread over
 * the variant's usable cores, plus start-up. For progress estimates only.
 */
export function estimatePointMs(
  point: Point,
  hashMs: number,
  params: ExperimentParams,
): number {
  const startup = 1500 + params.settleMs;
  const cores = point.variant.usableCores;
  switch (point.kind) {
    case "sequential":
      return startup + point.count * (hashMs + 5);
    case "batch":
      return startup + (point.concurrency * hashMs) / cores;
    case "rate":
      return startup + point.durationMs;
  }
}
