/**
 * What one bcrypt hash costs in each strategy, and what 8 at once cost:
 * `deno task bench`. At cost 6 to keep the run short; each cost step
 * doubles the time.
 */
import { createHasher } from "./strategies.ts";
import type { PasswordHasher } from "./hasher.ts";

const COST = 6;
const hashers: PasswordHasher[] = [];

function hasher(strategy: "blocking" | "async" | "worker"): PasswordHasher {
  const made = createHasher({
    strategy,
    cost: COST,
    poolSize: navigator.hardwareConcurrency,
    queueLimit: 1000,
  });
  hashers.push(made);
  return made;
}

for (const strategy of ["blocking", "async", "worker"] as const) {
  const subject = hasher(strategy);
  Deno.bench({
    name: `${strategy}: one hash at cost ${COST}`,
    group: "one hash",
    baseline: strategy === "blocking",
    fn: async () => {
      await subject.hash("correct horse battery staple");
    },
  });
  Deno.bench({
    name: `${strategy}: 8 hashes at once at cost ${COST}`,
    group: "8 at once",
    baseline: strategy === "blocking",
    fn: async () => {
      await Promise.all(
        Array.from(
          { length: 8 },
          () => subject.hash("correct horse battery staple"),
        ),
      );
    },
  });
}

globalThis.addEventListener(
  "unload",
  () => hashers.forEach((made) => void made.close()),
);
