/** The launcher starts the real server and never leaves it behind. */
import assert from "node:assert/strict";
import { launchServer, ServerStartError } from "../lib/harness/launcher.ts";

function isRunning(pid: number): boolean {
  try {
    // A zombie still has /proc/<pid>; its state letter is Z.
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

Deno.test("launchServer() stops the server when the using block throws", async () => {
  const workDir = await Deno.makeTempDir();
  let pid = 0;
  try {
    await assert.rejects(async () => {
      await using server = await launchServer({
        strategy: "worker",
        threads: 1,
        cost: 4,
        poolSize: 1,
        workDir,
      });
      pid = server.pid;
      const response = await fetch(`${server.baseUrl}/api/health/`);
      assert.deepEqual(await response.json(), { status: "OK" });
      throw new Error("a cell failed");
    }, /a cell failed/);
    assert.ok(pid > 0);
    assert.equal(isRunning(pid), false, `server ${pid} is still running`);
  } finally {
    await Deno.remove(workDir, { recursive: true });
  }
});

for (const threads of [1, 2]) {
  Deno.test(`launchServer() leaves no server behind when the harness is killed (${threads} thread${threads === 1 ? "" : "s"})`, async () => {
    const workDir = await Deno.makeTempDir();
    try {
      const { stdout } = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          new URL("./fixtures/launch_then_die.ts", import.meta.url).pathname,
          workDir,
          String(threads),
        ],
        stdout: "piped",
        stderr: "null",
      }).output();
      const pid = Number(new TextDecoder().decode(stdout).trim());
      assert.ok(pid > 0, "the fixture printed the server's pid");
      const deadline = Date.now() + 15_000;
      while (isRunning(pid) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const orphan = isRunning(pid);
      if (orphan) Deno.kill(pid, "SIGKILL");
      assert.equal(orphan, false, `server ${pid} outlived the harness`);
    } finally {
      await Deno.remove(workDir, { recursive: true });
    }
  });
}

Deno.test("launchServer() starts several threads under deno serve --parallel", async () => {
  const workDir = await Deno.makeTempDir();
  try {
    await using server = await launchServer({
      strategy: "blocking",
      threads: 2,
      cost: 4,
      poolSize: 1,
      workDir,
    });
    const response = await fetch(`${server.baseUrl}/api/health/`);
    await response.body?.cancel();
    assert.equal(response.status, 200);
    const status = await server.stop();
    assert.equal(status.code, 0, server.outputTail());
  } finally {
    await Deno.remove(workDir, { recursive: true });
  }
});

Deno.test("launchServer() reports a server that cannot start, with its output", async () => {
  const workDir = await Deno.makeTempDir();
  try {
    const error = await launchServer({
      strategy: "blocking",
      threads: 1,
      cost: 99, // refused by the server's own flag check
      poolSize: 1,
      workDir,
    }).then(() => null, (caught) => caught);
    assert.ok(error instanceof ServerStartError);
    assert.match(error.message, /it exited/);
    assert.match(error.message, /Cannot use --cost/);
  } finally {
    await Deno.remove(workDir, { recursive: true });
  }
});
