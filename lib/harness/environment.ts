/**
 * The machine and software a run was made on, saved beside its results so
 * that numbers from two runs can be compared knowingly.
 * @module
 */

/** What a run records about where it ran. */
export interface RunEnvironment {
  recordedAt: string;
  deno: string;
  v8: string;
  typescript: string;
  os: string;
  osRelease: string;
  arch: string;
  cpuModel: string | null;
  cores: number;
  memoryTotalBytes: number;
  /** Soft limit on open files of the harness, which the server inherits. */
  openFileLimit: number | null;
  gitCommit: string | null;
  /** Whether the code (not data/ or the notebook) had uncommitted changes. */
  gitDirty: boolean | null;
}

/** The "model name" of /proc/cpuinfo. */
export function parseCpuModel(cpuinfo: string): string | null {
  const match = /^model name\s*:\s*(.+)$/m.exec(cpuinfo);
  return match ? match[1].trim() : null;
}

/** The soft "Max open files" of /proc/<pid>/limits. */
export function parseOpenFileLimit(limits: string): number | null {
  const match = /^Max open files\s+(\S+)/m.exec(limits);
  if (!match) return null;
  return match[1] === "unlimited" ? Infinity : Number(match[1]);
}

function readOr<T>(path: string, parse: (text: string) => T): T | null {
  try {
    return parse(Deno.readTextFileSync(path));
  } catch {
    return null;
  }
}

async function git(args: string[], cwd: string): Promise<string | null> {
  try {
    const { success, stdout } = await new Deno.Command("git", {
      args,
      cwd,
      stdout: "piped",
      stderr: "null",
    }).output();
    return success ? new TextDecoder().decode(stdout).trim() : null;
  } catch {
    return null;
  }
}

const PROJECT_ROOT = decodeURIComponent(
  new URL("../../", import.meta.url).pathname,
);

/** The soft limit on open files of this process, if /proc tells it. */
export function openFileLimit(): number | null {
  return readOr(`/proc/${Deno.pid}/limits`, parseOpenFileLimit);
}

/** Collects the environment of this process and machine. */
export async function collectEnvironment(): Promise<RunEnvironment> {
  // Runs and the notebook are the outputs of runs, not the code that made
  // them: a run next to older results still records a clean tree.
  const status = await git(
    ["status", "--porcelain", "--", ".", ":!data", ":!experiments.ipynb"],
    PROJECT_ROOT,
  );
  return {
    recordedAt: new Date().toISOString(),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    os: Deno.build.os,
    osRelease: Deno.osRelease(),
    arch: Deno.build.arch,
    cpuModel: readOr("/proc/cpuinfo", parseCpuModel),
    cores: navigator.hardwareConcurrency,
    memoryTotalBytes: Deno.systemMemoryInfo().total,
    openFileLimit: openFileLimit(),
    gitCommit: await git(["rev-parse", "HEAD"], PROJECT_ROOT),
    gitDirty: status === null ? null : status !== "",
  };
}
