import assert from "node:assert/strict";
import {
  collectEnvironment,
  parseCpuModel,
  parseOpenFileLimit,
} from "./environment.ts";

Deno.test("parseCpuModel() reads the first model name", () => {
  const cpuinfo =
    "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n" +
    "processor\t: 1\nmodel name\t: AMD EPYC 7B13\n";
  assert.equal(parseCpuModel(cpuinfo), "AMD EPYC 7B13");
  assert.equal(parseCpuModel("processor\t: 0\n"), null);
});

Deno.test("parseOpenFileLimit() reads the soft limit", () => {
  const limits =
    "Limit                     Soft Limit           Hard Limit           Units\n" +
    "Max open files            1024                 524288               files\n";
  assert.equal(parseOpenFileLimit(limits), 1024);
  assert.equal(
    parseOpenFileLimit(
      "Max open files            unlimited            unlimited            files\n",
    ),
    Infinity,
  );
  assert.equal(parseOpenFileLimit(""), null);
});

Deno.test("collectEnvironment() records versions, cores and memory", async () => {
  const environment = await collectEnvironment();
  assert.equal(environment.deno, Deno.version.deno);
  assert.equal(environment.cores, navigator.hardwareConcurrency);
  assert.ok(environment.memoryTotalBytes > 0);
  assert.match(environment.gitCommit ?? "0".repeat(40), /^[0-9a-f]{40}$/);
});
