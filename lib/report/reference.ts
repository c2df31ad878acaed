/**
 * The original Python project's published figures (data/reference/), read
 * into records that can be set beside this project's results.
 * @module
 */

/** One locust result row of the original. Latencies in ms. */
export interface ReferenceLoadRow {
  /** "register-only" or "mixed" (health and register, 1:5 by weight). */
  test: "register-only" | "mixed";
  endpoint: "register" | "health";
  /** uvicorn worker processes. */
  workers: number;
  /** locust users, each waiting `waitFromS`-`waitToS` between requests. */
  users: number;
  requests: number;
  durationS: number;
  failed: number;
  rps: number;
  waitFromS: number;
  waitToS: number;
  min: number;
  max: number;
  avg: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The original's sequential means, server and client side. */
export interface ReferenceSequential {
  endpoint: "register" | "health";
  server_mean_ms: number;
  client_mean_ms: number;
}

/** Everything published by the original. */
export interface ReferenceData {
  /** bcrypt cost factor the original used. */
  cost: number;
  load: ReferenceLoadRow[];
  sequential: ReferenceSequential[];
}

const NAMES: Record<string, keyof ReferenceLoadRow> = {
  endpoint: "endpoint",
  n_workers: "workers",
  n_users: "users",
  n_requests: "requests",
  duration: "durationS",
  n_failed: "failed",
  rps: "rps",
  wait_from: "waitFromS",
  wait_to: "waitToS",
  min: "min",
  max: "max",
  avg: "avg",
  p50: "p50",
  p95: "p95",
  p99: "p99",
};

/**
 * Parses one of the original's CSV files (plain, no quoted cells).
 *
 * @throws {TypeError} on a column this reader does not know.
 */
export function parseReferenceCsv(
  text: string,
  test: ReferenceLoadRow["test"],
): ReferenceLoadRow[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = header.split(",").map((name) => {
    const key = NAMES[name.trim()];
    if (!key) throw new TypeError(`Cannot read reference column: "${name}"`);
    return key;
  });
  return lines.filter((line) => line.trim() !== "").map((line) => {
    const row: Record<string, unknown> = { test, endpoint: "register" };
    line.split(",").forEach((cell, i) => {
      const key = columns[i];
      row[key] = key === "endpoint"
        ? (cell.trim() === "registration" ? "register" : cell.trim())
        : Number(cell);
    });
    return row as unknown as ReferenceLoadRow;
  });
}

const REFERENCE_DIR = decodeURIComponent(
  new URL("../../data/reference", import.meta.url).pathname,
);

/** Reads the original's figures from data/reference/. */
export async function loadReference(
  dir = REFERENCE_DIR,
): Promise<ReferenceData> {
  const read = (name: string) => Deno.readTextFile(`${dir}/${name}`);
  const sequential = JSON.parse(await read("seed-sequential-baselines.json"));
  return {
    cost: sequential.cost,
    load: [
      ...parseReferenceCsv(
        await read("seed-register-under-load.csv"),
        "register-only",
      ),
      ...parseReferenceCsv(
        await read("seed-health-and-register-mixed.csv"),
        "mixed",
      ),
    ],
    sequential: sequential.endpoints,
  };
}
