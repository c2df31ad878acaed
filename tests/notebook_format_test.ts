/**
 * experiments.ipynb is kept as `deno fmt` writes it. Deno 2.9's
 * `fmt --check` flags every notebook with an empty diff (its formatter
 * reports a change even when there is none, as denoland/deno#25840 once did
 * for YAML), so deno.json keeps the notebook out of fmt, and this test
 * checks it instead: format a copy and compare.
 */
import assert from "node:assert/strict";

const NOTEBOOK = new URL("../experiments.ipynb", import.meta.url);

Deno.test("experiments.ipynb is formatted as deno fmt writes it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const copy = `${dir}/experiments.ipynb`;
    await Deno.copyFile(NOTEBOOK, copy);
    const { success } = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--quiet", "--no-config", copy],
      stdout: "null",
      stderr: "null",
    }).output();
    assert.ok(success, "deno fmt ran");
    const original = await Deno.readTextFile(NOTEBOOK);
    assert.ok(
      original === await Deno.readTextFile(copy),
      'run "deno fmt experiments.ipynb"',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
