/**
 * This run beside the original Python project's published figures, with
 * the reasons the numbers differ. Every number comes from the run or from
 * data/reference/.
 * @module
 */
import type { SummaryRow } from "../harness/point_summary.ts";
import { batchSeries, sequentialRow } from "./analysis.ts";
import { duration, percentOf, perSecond, times } from "./format.ts";
import { markdownTable } from "./markdown.ts";
import type { ReferenceData, ReferenceLoadRow } from "./reference.ts";

/** The original's register rows of one worker count, most users last. */
function registerRows(
  reference: ReferenceData,
  workers: number,
): ReferenceLoadRow[] {
  return reference.load
    .filter((row) => row.endpoint === "register" && row.workers === workers)
    .sort((a, b) => a.users - b.users);
}

/** Sequential baselines: the original's and this run's. */
export function sequentialComparison(
  rows: readonly SummaryRow[],
  reference: ReferenceData,
  variant: string | undefined,
): string {
  const table = markdownTable(
    [
      "endpoint",
      "original server",
      "original client",
      "ours server",
      "ours client",
    ],
    reference.sequential.map((original) => {
      const ours = variant
        ? sequentialRow(rows, variant, original.endpoint)
        : undefined;
      return [
        original.endpoint,
        duration(original.server_mean_ms),
        duration(original.client_mean_ms),
        duration(ours?.server_mean_ms),
        duration(ours?.mean_ms),
      ];
    }),
  );
  return table;
}

/** Why the numbers differ, each reason with the numbers that show it. */
export function referenceDifferences(
  rows: readonly SummaryRow[],
  reference: ReferenceData,
  blocking: string | undefined,
): string {
  const any = rows[0];
  if (!any) return "_This run has no rows to compare._";
  const hashMs = any.hash_single_ms;
  const originalHashMs =
    reference.sequential.find((row) => row.endpoint === "register")!
      .server_mean_ms;
  // Each cost step doubles bcrypt's rounds, so time scales as 2^cost.
  const atOriginalCost = hashMs * 2 ** (reference.cost - any.cost);
  const mostWorkers = Math.max(...reference.load.map((row) => row.workers));
  const oneWorker = registerRows(reference, 1);
  const fourWorkers = registerRows(reference, mostWorkers);
  const lockFailures = reference.load.filter((row) => row.failed > 0);
  const levels = [
    ...new Set(
      rows.filter((row) => row.kind === "batch").map((row) => row.concurrency),
    ),
  ];
  const ourFailures = rows.reduce((sum, row) => sum + row.failed, 0);
  const peak = (list: ReferenceLoadRow[]) =>
    list.reduce((best, row) => (row.rps > best.rps ? row : best), list[0]);
  const peakOne = peak(oneWorker);
  const peakFour = peak(fourWorkers);
  const busiest = oneWorker[oneWorker.length - 1];
  const inFlight = busiest.rps * (busiest.avg / 1000);
  const ours = blocking
    ? batchSeries(rows, "register").get(blocking)
    : undefined;
  const oursTop = ours?.[ours.length - 1];
  const reasons = [
    `- **bcryptjs against native bcrypt.** One hash here took ${
      duration(hashMs)
    } at cost ` +
    `${any.cost}; doubling per cost step, cost ${reference.cost} would take about ` +
    `${duration(atOriginalCost)}, ${
      times(atOriginalCost / originalHashMs)
    } the original's ` +
    `${
      duration(originalHashMs)
    } per registration with native bcrypt. The profiles other than ` +
    `\`seed\` use a lower cost so that the largest batches finish in minutes; the shape of the ` +
    `results depends on S, not on the cost that produced it.`,
    `- **A burst against locust's think time.** The original's users each waited ` +
    `${busiest.waitFromS}-${busiest.waitToS} s between requests (a closed loop), so ${busiest.users} ` +
    `users never meant ${busiest.users} requests at once: by Little's law (throughput × mean ` +
    `latency) its busiest 1-worker run had about ${
      inFlight.toFixed(1)
    } requests in flight. Our ` +
    `batches start all c requests at the same instant (c = ${
      levels.join(", ")
    }), which is what ` +
    `the assignment asked for and the original never reached.`,
    `- **The same ceiling.** With 1 worker the original peaked at ${
      perSecond(peakOne.rps)
    } ` +
    `registrations (${peakOne.users} users), ${
      percentOf(peakOne.rps / (1000 / originalHashMs))
    } of ` +
    `the ${perSecond(1000 / originalHashMs)} one core can hash at ${
      duration(originalHashMs)
    } ` +
    `each; with ${mostWorkers} workers ${
      perSecond(peakFour.rps)
    }, the work of ` +
    `${(peakFour.rps * originalHashMs / 1000).toFixed(1)} cores.` +
    (oursTop
      ? ` Our blocking 1-thread server reached ${
        perSecond(oursTop.throughput_rps)
      } at ` +
        `c=${oursTop.concurrency}, ${
          percentOf(oursTop.throughput_rps / oursTop.physical_limit_rps)
        } ` +
        `of its ${perSecond(oursTop.physical_limit_rps)} limit.`
      : ""),
    `- **Processes against threads.** uvicorn's workers are processes, each with its own ` +
    `interpreter and loop; \`deno serve --parallel\` runs isolates as threads of one process, each ` +
    `with its own loop. Both give one loop per core; neither frees a loop from the hash it runs.`,
    `- **SQLite locking.** The original lost ` +
    lockFailures.map((row) =>
      `${row.failed} requests at ${row.users} users with ${row.workers} worker${
        row.workers === 1 ? "" : "s"
      } (${row.test} test)`
    ).join(" and ") +
    ` to database lock errors; this server uses WAL mode and a busy timeout, and this run had ` +
    `${ourFailures} failed requests in all, each counted in the failures section.`,
  ];
  return reasons.join("\n");
}
