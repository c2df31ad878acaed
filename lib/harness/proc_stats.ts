/**
 * Parsers for Linux /proc files and `ps` output, and readers that use them.
 * CPU time comes as cumulative clock ticks; the sampler turns differences
 * into percentages.
 * @module
 */

/** Counters of one process at one moment. */
export interface ProcessCounters {
  /** User plus system CPU time so far, in s. */
  cpuSeconds: number;
  /** Resident memory, bytes. */
  rssBytes: number;
  /** Threads, if known. */
  threads?: number;
}

/** Cumulative CPU ticks of the whole machine, all cores together. */
export interface MachineCpuTicks {
  busy: number;
  total: number;
}

/** Where a sampler reads process counters from. */
export type CounterSource = "proc" | "ps";

/**
 * Parses /proc/<pid>/stat: utime, stime and num_threads. The command name
 * may hold spaces and parentheses, so fields are counted after the last ")".
 *
 * @throws {TypeError} if the text is not a stat line.
 */
export function parseProcPidStat(
  text: string,
  ticksPerSecond: number,
): { cpuSeconds: number; threads: number } {
  const afterName = text.slice(text.lastIndexOf(")") + 2).trim().split(/\s+/);
  // afterName[0] is field 3 (state); utime is field 14, stime 15, threads 20.
  const utime = Number(afterName[11]);
  const stime = Number(afterName[12]);
  const threads = Number(afterName[17]);
  if (!text.includes(")") || [utime, stime, threads].some(Number.isNaN)) {
    throw new TypeError(
      `Cannot parse /proc/<pid>/stat: "${text.slice(0, 80)}"`,
    );
  }
  return { cpuSeconds: (utime + stime) / ticksPerSecond, threads };
}

/**
 * Parses the VmRSS line of /proc/<pid>/status into bytes; 0 when absent
 * (a kernel thread, or a process that is exiting).
 */
export function parseProcPidStatusRss(text: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : 0;
}

/**
 * Parses the first line of /proc/stat. Busy is everything but idle and
 * iowait; guest time is already inside user time, so it is not added.
 *
 * @throws {TypeError} if there is no aggregate cpu line.
 */
export function parseProcStat(text: string): MachineCpuTicks {
  const line = text.split("\n").find((row) => row.startsWith("cpu "));
  if (!line) throw new TypeError("Cannot parse /proc/stat: no cpu line");
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim().split(/\s+/).slice(1, 9).map((field) => Number(field) || 0);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/**
 * Parses `ps -o rss=,time=` output: resident KiB and cumulative CPU time
 * as [[dd-]hh:]mm:ss[.cc].
 *
 * @throws {TypeError} if the line has not those two fields.
 */
export function parsePsLine(text: string): ProcessCounters {
  const [rss, time] = text.trim().split(/\s+/);
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(
    time ?? "",
  );
  if (!match || !/^\d+$/.test(rss)) {
    throw new TypeError(`Cannot parse ps output: "${text.trim()}"`);
  }
  const [, days, hours, minutes, seconds] = match;
  const cpuSeconds = Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3600 +
    Number(minutes) * 60 + Number(seconds);
  return { cpuSeconds, rssBytes: Number(rss) * 1024 };
}

/** Clock ticks per second of /proc CPU times (`getconf CLK_TCK`). */
export async function clockTicksPerSecond(): Promise<number> {
  try {
    const { stdout, success } = await new Deno.Command("getconf", {
      args: ["CLK_TCK"],
      stdout: "piped",
      stderr: "null",
    }).output();
    const ticks = Number(new TextDecoder().decode(stdout).trim());
    if (success && ticks > 0) return ticks;
  } catch {
    // No getconf: Linux has used 100 on every common architecture.
  }
  return 100;
}

/** Whether /proc can be read here (Linux, and --allow-all in Deno). */
export function procAvailable(): boolean {
  try {
    Deno.readTextFileSync("/proc/stat");
    return true;
  } catch {
    return false;
  }
}

/** Counters of a live process from /proc, or null once it has gone. */
export function readProcCounters(
  pid: number,
  ticksPerSecond: number,
): ProcessCounters | null {
  try {
    const stat = parseProcPidStat(
      Deno.readTextFileSync(`/proc/${pid}/stat`),
      ticksPerSecond,
    );
    const rssBytes = parseProcPidStatusRss(
      Deno.readTextFileSync(`/proc/${pid}/status`),
    );
    return { ...stat, rssBytes };
  } catch {
    return null;
  }
}

/** Counters of a live process from `ps`, where there is no /proc. */
export async function readPsCounters(
  pid: number,
): Promise<ProcessCounters | null> {
  try {
    const { stdout, success } = await new Deno.Command("ps", {
      args: ["-o", "rss=,time=", "-p", String(pid)],
      stdout: "piped",
      stderr: "null",
    }).output();
    const text = new TextDecoder().decode(stdout);
    return success && text.trim() ? parsePsLine(text) : null;
  } catch {
    return null;
  }
}

/** Machine CPU ticks from /proc/stat, or null where there is none. */
export function readMachineTicks(): MachineCpuTicks | null {
  try {
    return parseProcStat(Deno.readTextFileSync("/proc/stat"));
  } catch {
    return null;
  }
}
