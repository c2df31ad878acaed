/**
 * Whether this module runs under `deno serve` (which reads the default
 * export and listens itself) or `deno run` (where the server must call
 * `Deno.serve`). Deno gives a module no way to ask (denoland/deno#25179):
 * `import.meta.main` is true in both, and /proc/self/cmdline is readable
 * only with --allow-all. So the `serve:parallel` task declares it in
 * LOOPLAB_DENO_SERVE.
 * @module
 */

/** How the process was started. */
export interface LaunchMode {
  underDenoServe: boolean;
  /** `deno serve --parallel`: several threads, each with its own loop. */
  parallel: boolean;
}

/**
 * The launch mode declared in LOOPLAB_DENO_SERVE: "1" for `deno serve`,
 * "parallel" for `deno serve --parallel`, unset for `deno run`.
 */
export function detectLaunchMode(
  env = (name: string) => Deno.env.get(name),
): LaunchMode {
  const declared = env("LOOPLAB_DENO_SERVE");
  return {
    underDenoServe: declared === "1" || declared === "parallel",
    parallel: declared === "parallel",
  };
}
