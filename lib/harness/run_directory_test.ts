import assert from "node:assert/strict";
import { abandonRunSync } from "./run_directory.ts";

Deno.test("abandonRunSync() marks a running run interrupted and drops its unfinished point", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${dir}/points/finished`, { recursive: true });
    Deno.mkdirSync(`${dir}/points/half-measured`);
    Deno.writeTextFileSync(`${dir}/points/half-measured/users.db`, "x");
    Deno.writeTextFileSync(
      `${dir}/run.json`,
      JSON.stringify({
        status: "running",
        finishedPoints: ["finished"],
        finishedAt: null,
      }),
    );
    abandonRunSync(dir);
    const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/run.json`));
    assert.equal(manifest.status, "interrupted");
    assert.ok(manifest.finishedAt);
    const points = [...Deno.readDirSync(`${dir}/points`)].map((entry) =>
      entry.name
    );
    assert.deepEqual(points, ["finished"]);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "points",
      "run.json",
    ]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("abandonRunSync() leaves a run that already ended alone", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${dir}/points/extra`, { recursive: true });
    const text = JSON.stringify({ status: "complete", finishedPoints: [] });
    Deno.writeTextFileSync(`${dir}/run.json`, text);
    abandonRunSync(dir);
    assert.equal(Deno.readTextFileSync(`${dir}/run.json`), text);
    assert.ok(Deno.statSync(`${dir}/points/extra`).isDirectory);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
