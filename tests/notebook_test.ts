/**
 * experiments.ipynb, executed headless with the quick profile as
 * `deno task notebook:quick` does: every cell runs without error, every
 * chart is there as SVG, failures in the run are reported, and the HTML
 * export holds the charts. Needs Jupyter and the Deno kernel
 * (`deno task setup`).
 */
import assert from "node:assert/strict";
import type { SummaryRow } from "../lib/harness/point_summary.ts";
import { latestRunDir } from "../lib/report/run_data.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const TASK = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`))
  .tasks["notebook:quick"];

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
}

interface Cell {
  cell_type: "code" | "markdown";
  source: string | string[];
  outputs?: Output[];
}

const text = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join("") : value ?? "";

Deno.test("experiments.ipynb runs headless with the quick profile and reports its run", async () => {
  const command = (TASK.command as string).split(" ");
  const { code, stderr } = await new Deno.Command(command[0], {
    args: command.slice(1),
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const log = new TextDecoder().decode(stderr);
  assert.equal(
    code,
    0,
    `deno task notebook:quick failed:\n${log.slice(-3000)}`,
  );

  const notebook = JSON.parse(
    await Deno.readTextFile(`${ROOT}data/quick/experiments.ipynb`),
  );
  const code_cells = (notebook.cells as Cell[]).filter((cell) =>
    cell.cell_type === "code"
  );
  const errors = code_cells.flatMap((cell) => cell.outputs ?? [])
    .filter((output) => output.output_type === "error");
  assert.deepEqual(errors.map((e) => `${e.ename}: ${e.evalue}`), []);

  // Every code cell shows something: the kernel must not lose an output.
  const silent = code_cells.filter((cell) => (cell.outputs ?? []).length === 0);
  assert.deepEqual(silent.map((cell) => text(cell.source).slice(0, 60)), []);

  // One SVG chart per chart cell, standalone, with labelled axes.
  const chartCells = code_cells.filter((cell) =>
    text(cell.source).includes("lab.chart(")
  );
  const svgs = code_cells.flatMap((cell) => cell.outputs ?? [])
    .map((output) => text(output.data?.["image/svg+xml"]))
    .filter((svg) => svg !== "");
  assert.ok(chartCells.length >= 8, `${chartCells.length} chart cells`);
  assert.equal(svgs.length, chartCells.length);
  for (const svg of svgs) {
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<text[^>]*>[^<]*→/, "an axis label with its arrow");
  }

  // Failed requests in the run are reported, point by point.
  const runDir = await latestRunDir(`${ROOT}data/quick/runs`);
  assert.ok(runDir, "the run was saved");
  const rows: SummaryRow[] = JSON.parse(
    await Deno.readTextFile(`${runDir}/summary.json`),
  );
  const report = code_cells.filter((cell) =>
    text(cell.source).includes("failuresSection")
  )
    .flatMap((cell) => cell.outputs ?? []).map((output) =>
      text(output.data?.["text/markdown"])
    )
    .join("\n");
  const failed = rows.filter((row) => row.failed > 0);
  if (failed.length === 0) {
    assert.match(report, /No request failed in this run/);
  } else {
    for (const row of failed) {
      assert.ok(report.includes(row.point_id), row.point_id);
    }
  }

  const html = await Deno.readTextFile(`${ROOT}data/quick/experiments.html`);
  const htmlCharts = html.match(
    /<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*class="plot-/g,
  ) ?? [];
  assert.equal(
    htmlCharts.length,
    svgs.length,
    "every chart survives the HTML export",
  );
});
