import assert from "node:assert/strict";
import {
  parseProcPidStat,
  parseProcPidStatusRss,
  parseProcStat,
  parsePsLine,
} from "./proc_stats.ts";

// Captured on the 2-core Debian machine this project runs on, with the
// utime/stime/threads fields changed to recognisable values.
const PID_STAT =
  "4969 (deno) S 4963 4963 1088 0 -1 4194560 30512 0 12 0 250 37 0 0 20 0 9 0 144400 22549772288 31038 18446744073709551615 1 1 0 0 0 0 0 4096 17990 0 0 0 17 1 0 0 0 0 0";

Deno.test("parseProcPidStat() reads utime + stime and threads", () => {
  assert.deepEqual(parseProcPidStat(PID_STAT, 100), {
    cpuSeconds: 2.87, // (250 + 37) ticks at 100 per second
    threads: 9,
  });
});

Deno.test("parseProcPidStat() copes with spaces and parentheses in the name", () => {
  const odd = PID_STAT.replace("(deno)", "(a (weird) name)");
  assert.deepEqual(parseProcPidStat(odd, 100), {
    cpuSeconds: 2.87,
    threads: 9,
  });
});

Deno.test("parseProcPidStat() rejects text that is not a stat line", () => {
  assert.throws(() => parseProcPidStat("hello", 100), TypeError);
});

Deno.test("parseProcPidStatusRss() reads VmRSS in bytes, 0 when absent", () => {
  const status =
    "Name:\tdeno\nVmPeak:\t  200 kB\nVmRSS:\t    2080 kB\nThreads:\t9\n";
  assert.equal(parseProcPidStatusRss(status), 2080 * 1024);
  assert.equal(parseProcPidStatusRss("Name:\tkthreadd\nThreads:\t1\n"), 0);
});

Deno.test("parseProcStat() counts idle and iowait as not busy", () => {
  const text =
    "cpu  6079 0 3495 277943 310 0 82 48 0 0\ncpu0 3000 0 1700 139000 150 0 40 20 0 0\n";
  // busy = 6079 + 0 + 3495 + 0 + 82 + 48; total adds idle 277943 + iowait 310.
  assert.deepEqual(parseProcStat(text), { busy: 9704, total: 287957 });
});

Deno.test("parseProcStat() rejects text with no aggregate cpu line", () => {
  assert.throws(() => parseProcStat("cpu0 1 2 3 4\n"), TypeError);
});

Deno.test("parsePsLine() reads rss and the time formats of procps and BSD ps", () => {
  assert.deepEqual(parsePsLine("10160 00:00:04\n"), {
    cpuSeconds: 4,
    rssBytes: 10160 * 1024,
  });
  assert.deepEqual(parsePsLine("  512 1-02:03:04"), {
    cpuSeconds: 86_400 + 2 * 3600 + 3 * 60 + 4,
    rssBytes: 512 * 1024,
  });
  assert.equal(parsePsLine("2048 0:01.25").cpuSeconds, 1.25);
});

Deno.test("parsePsLine() rejects a line without rss and time", () => {
  assert.throws(() => parsePsLine(""), TypeError);
  assert.throws(() => parsePsLine("abc 00:00:01"), TypeError);
});
