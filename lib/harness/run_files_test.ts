import assert from "node:assert/strict";
import { runIdFor, toCsv, writeFileAtomic } from "./run_files.ts";

Deno.test("toCsv() quotes what needs quoting and leaves nulls empty", () => {
  const rows = [
    { name: 'say "hi", then go', value: 1.5, missing: null },
    { name: "plain", value: Number.NaN, missing: 2 },
  ];
  assert.equal(
    toCsv(rows, ["name", "value", "missing"]),
    'name,value,missing\n"say ""hi"", then go",1.5,\nplain,,2\n',
  );
});

Deno.test("writeFileAtomic() replaces the file whole and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/summary.csv`;
    await writeFileAtomic(path, "old\n");
    await writeFileAtomic(path, "new\n");
    assert.equal(await Deno.readTextFile(path), "new\n");
    const names = [...Deno.readDirSync(dir)].map((entry) => entry.name);
    assert.deepEqual(names, ["summary.csv"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeFileAtomic() throws and cleans up when the rename fails", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // A non-empty directory where the file should go makes rename fail.
    await Deno.mkdir(`${dir}/summary.csv`);
    await Deno.writeTextFile(`${dir}/summary.csv/keep`, "x");
    await assert.rejects(() => writeFileAtomic(`${dir}/summary.csv`, "new\n"));
    const names = [...Deno.readDirSync(dir)].map((entry) => entry.name);
    assert.deepEqual(names, ["summary.csv"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runIdFor() makes a sortable name without colons", () => {
  assert.equal(
    runIdFor(new Date("2026-12-04T15:40:11.123Z")),
    "2026-12-04T15-40-11.123Z",
  );
});
