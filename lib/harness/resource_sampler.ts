/**
 * Samples CPU and memory on a fixed interval while a batch runs: of the
 * server process (all its threads and workers together), of the machine,
 * and of the harness itself, so a reader can check that the client was not
 * the bottleneck. CPU is in percent of one core: 200 % is two cores busy.
 * @module
 */
import {
  type CounterSource,
  type MachineCpuTicks,
  type ProcessCounters,
  readMachineTicks,
  readProcCounters,
  readPsCounters,
} from "./proc_stats.ts";

/** One sample. A null is a counter that could not be read at that moment. */
export interface ResourceSample {
  /** Time of the sample, ms since the epoch. */
  t: number;
  serverCpuPercent: number | null;
  serverRssBytes: number | null;
  serverThreads: number | null;
  machineCpuPercent: number | null;
  machineMemoryUsedBytes: number;
  loadAverage1m: number;
  harnessCpuPercent: number | null;
  harnessRssBytes: number;
}

/** Options of {@linkcode startResourceSampler}. */
export interface ResourceSamplerOptions {
  /** The server's process id. */
  pid: number;
  /** Time between samples, ms. Default 100. */
  intervalMs?: number;
  /** "proc" on Linux; "ps" elsewhere (coarser CPU time). */
  source: CounterSource;
  /** /proc clock ticks per second. */
  ticksPerSecond: number;
}

/** A running sampler; `stop` ends it and returns every sample. */
export interface ResourceSampler {
  stop(): Promise<ResourceSample[]>;
}

/** CPU is not computed over a window shorter than this, ms. */
const MIN_WINDOW_MS = 50;

function cpuPercent(
  previous: { cpuSeconds: number; at: number } | undefined,
  current: ProcessCounters | null,
  at: number,
): number | null {
  if (!previous || !current || at - previous.at < MIN_WINDOW_MS) return null;
  return ((current.cpuSeconds - previous.cpuSeconds) /
    ((at - previous.at) / 1000)) * 100;
}

function machinePercent(
  previous: (MachineCpuTicks & { at: number }) | null,
  current: MachineCpuTicks | null,
  at: number,
  cores: number,
): number | null {
  if (!previous || !current || at - previous.at < MIN_WINDOW_MS) return null;
  if (current.total <= previous.total) return null;
  return ((current.busy - previous.busy) / (current.total - previous.total)) *
    100 * cores;
}

/** Starts sampling at once and then every `intervalMs`. */
export function startResourceSampler(
  options: ResourceSamplerOptions,
): ResourceSampler {
  const intervalMs = options.intervalMs ?? 100;
  if (!(intervalMs > 0)) {
    throw new RangeError(
      `Cannot sample resources: interval is ${intervalMs} ms`,
    );
  }
  const cores = navigator.hardwareConcurrency;
  const samples: ResourceSample[] = [];
  let lastServer: { cpuSeconds: number; at: number } | undefined;
  let lastHarness: { cpuSeconds: number; at: number } | undefined;
  let lastMachine: (MachineCpuTicks & { at: number }) | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: Promise<void> = Promise.resolve();

  // Counters and their timestamp are read together: an await between them
  // could let a long synchronous task run and skew the time base.
  interface Reading {
    server: ProcessCounters | null;
    harness: ProcessCounters | null;
    machine: MachineCpuTicks | null;
    at: number;
  }

  async function readAll(): Promise<Reading> {
    if (options.source === "proc") {
      const at = performance.timeOrigin + performance.now();
      return {
        server: readProcCounters(options.pid, options.ticksPerSecond),
        harness: readProcCounters(Deno.pid, options.ticksPerSecond),
        machine: readMachineTicks(),
        at,
      };
    }
    const [server, harness] = await Promise.all([
      readPsCounters(options.pid),
      readPsCounters(Deno.pid),
    ]);
    const at = performance.timeOrigin + performance.now();
    return { server, harness, machine: readMachineTicks(), at };
  }

  async function sample(): Promise<void> {
    const { server, harness, machine, at } = await readAll();
    const memory = Deno.systemMemoryInfo();
    const serverCpuPercent = cpuPercent(lastServer, server, at);
    const harnessCpuPercent = cpuPercent(lastHarness, harness, at);
    const machineCpuPercent = machinePercent(lastMachine, machine, at, cores);
    samples.push({
      t: at,
      serverCpuPercent,
      serverRssBytes: server?.rssBytes ?? null,
      serverThreads: server?.threads ?? null,
      machineCpuPercent,
      machineMemoryUsedBytes: memory.total - memory.available,
      loadAverage1m: Deno.loadavg()[0],
      harnessCpuPercent,
      harnessRssBytes: harness?.rssBytes ?? Deno.memoryUsage().rss,
    });
    // A baseline moves only once a window was long enough to measure.
    if (server && (serverCpuPercent !== null || !lastServer)) {
      lastServer = { cpuSeconds: server.cpuSeconds, at };
    }
    if (harness && (harnessCpuPercent !== null || !lastHarness)) {
      lastHarness = { cpuSeconds: harness.cpuSeconds, at };
    }
    if (machine && (machineCpuPercent !== null || !lastMachine)) {
      lastMachine = { ...machine, at };
    }
  }

  // Samples are due at multiples of the interval. One that is late does not
  // cause a burst of catch-up samples: CPU time is counted in 10 ms ticks,
  // so a 1 ms gap between two samples would read as 1000 %.
  let due = performance.now();
  const tick = () => {
    if (stopped) return;
    pending = sample().finally(() => {
      if (stopped) return;
      const now = performance.now();
      due += intervalMs;
      while (due < now + intervalMs / 2) due += intervalMs;
      timer = setTimeout(tick, due - now);
    });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pending;
      await sample();
      return samples;
    },
  };
}
