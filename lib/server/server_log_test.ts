// The server's own log lines on stderr.
import assert from "node:assert/strict";
import { createServerLog } from "./server_log.ts";

function capture(thread: string) {
  const lines: string[] = [];
  const printed: string[] = [];
  const log = createServerLog(
    thread,
    (line) => lines.push(line),
    (text) => printed.push(text),
  );
  return { log, lines, printed };
}

Deno.test("createServerLog() prefixes lines with the thread", () => {
  const { log, lines } = capture("t-ab12");
  log.info("listening");
  log.warn("careful");
  assert.deepEqual(lines, [
    "looplab[t-ab12] listening",
    "looplab[t-ab12] warning: careful",
  ]);
});

Deno.test("createServerLog() prints each warning once", () => {
  const { log, lines } = capture("main");
  log.warn("disk full");
  log.warn("disk full");
  log.warn("other");
  assert.deepEqual(lines, [
    "looplab[main] warning: disk full",
    "looplab[main] warning: other",
  ]);
});

Deno.test("createServerLog() prints help text as it is, apart from the log", () => {
  const { log, lines, printed } = capture("main");
  log.print("Usage: x");
  assert.deepEqual(printed, ["Usage: x"]);
  assert.deepEqual(lines, []);
});
