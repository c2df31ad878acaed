/**
 * `deno task experiment` as a user runs it: bad options are refused, and a
 * run stopped by a signal (one Ctrl-C that arrives twice, or SIGTERM) is
 * saved as interrupted with no half-measured point and no server left.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url).pathname;
const CLI = `${ROOT}lib/cli/experiment.ts`;

function experiment(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function output(child: Deno.ChildProcess) {
  const { code, stdout, stderr } = await child.output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

Deno.test("experiment CLI refuses bad options with exit 2 and a message", async () => {
  const cases: [string[], RegExp][] = [
    [["--levels", ""], /Cannot use --levels: the value is empty/],
    [["--profile", "constructor"], /Cannot find profile "constructor"/],
    [["--rates", "0"], /rates must be fractions of the limit above 0/],
    [["--cost", "0x10"], /Cannot read cost/],
    [["--bogus"], /Unknown option '--bogus'/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await output(experiment(args));
    assert.equal(code, 2, args.join(" "));
    assert.match(stderr, message);
    assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
  }
});

async function waitForBatch(runsDir: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const entry of Deno.readDirSync(runsDir)) {
      try {
        const points = [...Deno.readDirSync(`${runsDir}/${entry.name}/points`)];
        if (points.some((point) => point.name.endsWith("-c400"))) {
          return `${runsDir}/${entry.name}`;
        }
      } catch {
        // Not created yet.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the batch never started");
}

function serversOf(runDir: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      if (cmdline.includes("server.ts") && cmdline.includes(runDir)) {
        found.push(entry.name);
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

for (
  const [name, signals] of [
    ["one Ctrl-C arriving twice", ["SIGINT", "SIGINT"]],
    ["SIGTERM", ["SIGTERM"]],
  ] as const
) {
  Deno.test(`experiment CLI stopped by ${name} saves an interrupted run and leaves no server`, async () => {
    const runsDir = await Deno.makeTempDir();
    const child = experiment([
      "--profile=quick",
      "--strategies=blocking",
      "--threads=1",
      "--levels=5,400",
      "--cost=8",
      "--sequential=0",
      "--rates=none",
      `--runs-dir=${runsDir}`,
    ]);
    try {
      const runDir = await waitForBatch(runsDir);
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const signal of signals) {
        child.kill(signal);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { code, stderr } = await output(child);
      assert.equal(code, 1, stderr);
      const manifest = JSON.parse(
        await Deno.readTextFile(`${runDir}/run.json`),
      );
      assert.equal(manifest.status, "interrupted");
      assert.deepEqual(manifest.finishedPoints, ["blocking-t1-c5"]);
      const points = [...Deno.readDirSync(`${runDir}/points`)].map((entry) =>
        entry.name
      );
      assert.deepEqual(points, ["blocking-t1-c5"]);
      assert.deepEqual(serversOf(runDir), []);
    } finally {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already ended.
      }
      await Deno.remove(runsDir, { recursive: true });
    }
  });
}
