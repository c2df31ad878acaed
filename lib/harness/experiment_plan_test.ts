import assert from "node:assert/strict";
import { planParams, planPoints, planVariants } from "./experiment_plan.ts";
import { parseOverrides } from "./plan_overrides.ts";

Deno.test("planParams() drops repeated levels, so no two points share an id", () => {
  const params = planParams("quick", {
    levels: [10, 10, 100],
    rateFractions: [0.5, 0.5],
  }, 2);
  assert.deepEqual(params.levels, [10, 100]);
  const ids = planPoints(params).map((point) => point.id);
  assert.equal(new Set(ids).size, ids.length);
});

Deno.test("planPoints() gives close rates their own ids", () => {
  const params = planParams("quick", {
    rateFractions: [0.501, 0.504],
    strategies: ["blocking"],
  }, 2);
  const rates = planPoints(params).filter((point) => point.kind === "rate").map(
    (p) => p.id,
  );
  assert.deepEqual(rates.slice(0, 2), [
    "blocking-t1-rate50.1",
    "blocking-t1-rate50.4",
  ]);
});

Deno.test("planParams() rejects what a run cannot use", () => {
  const cases: [string, Parameters<typeof planParams>[1]][] = [
    ["quick", { rateFractions: [0] }],
    ["quick", { rateFractions: [-0.5] }],
    ["quick", { sequentialCount: 1.5 }],
    ["quick", { cost: 17 }],
    ["quick", { levels: [0] }],
    ["quick", { strategies: [] }],
    ["constructor", {}],
    ["toString", {}],
  ];
  for (const [profile, overrides] of cases) {
    assert.throws(
      () => planParams(profile, overrides, 2),
      RangeError,
      JSON.stringify(overrides),
    );
  }
});

Deno.test("planVariants() shares the cores among threads and merges equal servers", () => {
  const params = planParams("default", {}, 2);
  assert.deepEqual(planVariants(params).map((variant) => variant.id), [
    "blocking-t1",
    "async-t1",
    "worker-p2-t1",
    "worker-p1-t1",
    "blocking-t2",
    "async-t2",
    "worker-p1-t2",
  ]);
});

Deno.test("parseOverrides() reads whole numbers and rejects other spellings", () => {
  assert.deepEqual(parseOverrides({ levels: "10, 100", cost: "9" }).levels, [
    10,
    100,
  ]);
  assert.deepEqual(parseOverrides({ rates: "0.5,.9" }).rateFractions, [
    0.5,
    0.9,
  ]);
  assert.deepEqual(parseOverrides({ rates: "none" }).rateFractions, []);
  for (
    const bad of [{ cost: "0x10" }, { cost: "1e1" }, { cost: "10,20" }, {
      levels: "ten",
    }]
  ) {
    assert.throws(() => parseOverrides(bad), RangeError, JSON.stringify(bad));
  }
});
