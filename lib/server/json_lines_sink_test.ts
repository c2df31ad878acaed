// The JSON-lines file sink: one object per line, buffered until a flush,
// nothing lost on close, nothing written after it.
import assert from "node:assert/strict";
import { createJsonLinesFile, createMemorySink } from "./json_lines_sink.ts";

async function withTempDir(test: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "looplab-test-" });
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function readLines(path: string): Promise<unknown[]> {
  const text = await Deno.readTextFile(path);
  assert.ok(text.endsWith("\n"), "the file ends with a newline");
  return text.trimEnd().split("\n").map((line) => JSON.parse(line));
}

Deno.test("createJsonLinesFile() writes one JSON object per line on close", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/log.jsonl`;
    // A long interval: only close() can have written the lines.
    const sink = createJsonLinesFile(path, { flushEveryMs: 60_000 });
    sink.write({ n: 1, text: "line\nbreak" });
    sink.write({ n: 2 });
    await sink.close();
    assert.deepEqual(await readLines(path), [
      { n: 1, text: "line\nbreak" },
      { n: 2 },
    ]);
  });
});

Deno.test("createJsonLinesFile() appends across flushes and to an existing file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/log.jsonl`;
    await Deno.writeTextFile(path, '{"n":0}\n');
    const sink = createJsonLinesFile(path, { flushEveryMs: 60_000 });
    sink.write({ n: 1 });
    await sink.flush();
    sink.write({ n: 2 });
    sink.flushSync();
    sink.write({ n: 3 });
    await sink.close();
    assert.deepEqual(await readLines(path), [
      { n: 0 },
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
  });
});

Deno.test("createJsonLinesFile() flushes by itself on its interval", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/log.jsonl`;
    const sink = createJsonLinesFile(path, { flushEveryMs: 10 });
    try {
      sink.write({ n: 1 });
      // Waits for the timer's write, however long it takes to come.
      while (!(await Deno.stat(path).catch(() => null))?.size) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.deepEqual(await readLines(path), [{ n: 1 }]);
    } finally {
      await sink.close();
    }
  });
});

Deno.test("createJsonLinesFile() drops records written after close", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/log.jsonl`;
    const sink = createJsonLinesFile(path);
    sink.write({ n: 1 });
    await sink.close();
    sink.write({ n: 2 });
    await sink.flush();
    await sink.close();
    assert.deepEqual(await readLines(path), [{ n: 1 }]);
  });
});

Deno.test("createJsonLinesFile() reports a failed write once and keeps going", async () => {
  await withTempDir(async (dir) => {
    const errors: Error[] = [];
    const sink = createJsonLinesFile(`${dir}/missing/log.jsonl`, {
      onWriteError: (error) => errors.push(error),
    });
    sink.write({ n: 1 });
    await sink.flush();
    sink.write({ n: 2 });
    sink.flushSync();
    await sink.close();
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof Deno.errors.NotFound);
  });
});

Deno.test("createMemorySink() keeps the records in order", async () => {
  const sink = createMemorySink<{ n: number }>();
  sink.write({ n: 1 });
  sink.write({ n: 2 });
  await sink.close();
  assert.deepEqual(sink.records, [{ n: 1 }, { n: 2 }]);
});
