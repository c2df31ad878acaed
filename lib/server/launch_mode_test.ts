// How server.ts learns whether deno serve runs it.
import assert from "node:assert/strict";
import { detectLaunchMode } from "./launch_mode.ts";

Deno.test("detectLaunchMode() reads LOOPLAB_DENO_SERVE", () => {
  const modeFor = (value?: string) => detectLaunchMode(() => value);
  assert.deepEqual(modeFor(undefined), {
    underDenoServe: false,
    parallel: false,
  });
  assert.deepEqual(modeFor("1"), { underDenoServe: true, parallel: false });
  assert.deepEqual(modeFor("parallel"), {
    underDenoServe: true,
    parallel: true,
  });
  assert.deepEqual(modeFor("yes"), { underDenoServe: false, parallel: false });
});
