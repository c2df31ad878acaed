/**
 * Exact percentiles sort the raw samples; this shows what that costs for
 * the sample counts of a run (a 1000 batch, a long probe, a loop monitor).
 */
import { latencyStats } from "./latency_summary.ts";

for (const size of [1_000, 10_000, 100_000]) {
  const samples = Array.from({ length: size }, () => Math.random() * 10_000);
  Deno.bench({
    name: `latencyStats() of ${size.toLocaleString("en-US")} samples`,
    fn: () => {
      latencyStats(samples);
    },
  });
}
