/**
 * `deno task notebook`: executes experiments.ipynb headless with Jupyter's
 * nbconvert and the Deno kernel, saves it with its outputs, and exports it
 * to HTML in data/. `--quick` runs the quick profile into data/quick/
 * instead, leaving the committed notebook alone (for CI).
 * @module
 */

const ROOT = decodeURIComponent(new URL("../../", import.meta.url).pathname);
const NOTEBOOK = "experiments.ipynb";
const INSTALL_JUPYTER =
  "sudo apt-get install -y jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel";

// deno-lint-ignore no-console -- command-line output
const say = (line: string) => console.error(line);

async function capture(
  command: string,
  args: string[],
): Promise<{ ok: boolean; stdout: string }> {
  try {
    const { success, stdout } = await new Deno.Command(command, {
      args,
      stdout: "piped",
      stderr: "null",
    }).output();
    return { ok: success, stdout: new TextDecoder().decode(stdout) };
  } catch {
    return { ok: false, stdout: "" };
  }
}

/** The reasons the notebook cannot run here, as instructions; [] if none. */
export async function missingPieces(): Promise<string[]> {
  const jupyter = await capture("jupyter", ["nbconvert", "--version"]);
  if (!jupyter.ok) {
    return [
      `Jupyter's nbconvert is missing. On Debian: ${INSTALL_JUPYTER} (or run "deno task setup")`,
    ];
  }
  const kernels = await capture("jupyter", ["kernelspec", "list", "--json"]);
  const names = kernels.ok
    ? Object.keys(JSON.parse(kernels.stdout).kernelspecs ?? {})
    : [];
  if (!names.includes("deno")) {
    return [
      'The Deno kernel is not installed for Jupyter: run "deno jupyter --install"',
    ];
  }
  return [];
}

async function nbconvert(
  args: string[],
  env: Record<string, string>,
): Promise<void> {
  const { success, code } = await new Deno.Command("jupyter", {
    args: ["nbconvert", ...args],
    cwd: ROOT,
    env,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!success) {
    throw new Error(
      `Cannot convert the notebook: nbconvert exited with ${code}`,
    );
  }
}

/** Prints the lines the kernel appends to `path`, every second, until stopped. */
function tailProgress(path: string): { stop(): void } {
  let printed = 0;
  const print = () => {
    try {
      const lines = Deno.readTextFileSync(path).split("\n").filter((line) =>
        line !== ""
      );
      lines.slice(printed).forEach((line) => say(`  ${line}`));
      printed = lines.length;
    } catch {
      // Not written yet, or already removed.
    }
  };
  const timer = setInterval(print, 1000);
  return {
    stop() {
      clearInterval(timer);
      print();
    },
  };
}

async function main(args: string[]): Promise<number> {
  const quick = args.includes("--quick");
  const unknown = args.filter((arg) => arg !== "--quick");
  if (unknown.length > 0) {
    say(
      `Cannot understand: ${
        unknown.join(" ")
      }\nUsage: deno task notebook [--quick]`,
    );
    return 2;
  }
  const missing = await missingPieces();
  if (missing.length > 0) {
    missing.forEach(say);
    return 1;
  }
  const outDir = quick ? "data/quick" : "data";
  await Deno.mkdir(`${ROOT}${outDir}`, { recursive: true });
  const progressFile = `${ROOT}${outDir}/.notebook-progress`;
  await Deno.writeTextFile(progressFile, "");
  const env: Record<string, string> = {
    LOOPLAB_PROGRESS_FILE: progressFile,
    ...(quick
      ? { LOOPLAB_PROFILE: "quick", LOOPLAB_RUNS_DIR: `${ROOT}data/quick/runs` }
      : {}),
  };
  const executed = quick ? `${outDir}/${NOTEBOOK}` : NOTEBOOK;
  const target = quick ? ["--output-dir", outDir] : ["--inplace"];
  const started = Date.now();
  say(
    `Running ${NOTEBOOK}${
      quick ? " with the quick profile" : ""
    }; progress shows in the notebook.`,
  );
  const tail = tailProgress(progressFile);
  try {
    // Executing a notebook stops at the first cell that throws, and fails.
    await nbconvert([
      "--to",
      "notebook",
      "--execute",
      "--ExecutePreprocessor.timeout=-1",
      "--ExecutePreprocessor.kernel_name=deno",
      ...target,
      NOTEBOOK,
    ], env);
  } finally {
    tail.stop();
    await Deno.remove(progressFile).catch(() => {});
  }
  // nbconvert rewraps the cells; keep the saved notebook as deno fmt has it.
  await new Deno.Command("deno", {
    // --no-config: deno.json keeps notebooks out of fmt --check (see
    // tests/notebook_format_test.ts), not out of formatting.
    args: ["fmt", "--quiet", "--no-config", executed],
    cwd: ROOT,
  }).output();
  await nbconvert([
    "--to",
    "html",
    `--TemplateExporter.extra_template_basedirs=${ROOT}lib/cli/nbconvert`,
    "--template",
    "looplab",
    "--output-dir",
    outDir,
    executed,
  ], env);
  const html = `${outDir}/${NOTEBOOK.replace(/\.ipynb$/, ".html")}`;
  say(
    `Done in ${
      Math.round((Date.now() - started) / 1000)
    } s: ${executed} and ${html}`,
  );
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
