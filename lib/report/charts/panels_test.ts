import assert from "node:assert/strict";
import {
  colorDomain,
  distinct,
  isLoggable,
  panelLayout,
  panelOrder,
} from "./panels.ts";

Deno.test("colorDomain keeps every preferred value first, then the others present", () => {
  assert.deepEqual(colorDomain(["b", "c", "b"], ["x", "b"]), ["x", "b", "c"]);
  assert.deepEqual(distinct(["b", "a", "b"]), ["b", "a"]);
});

Deno.test("panelOrder keeps only present values, preferred order first", () => {
  assert.deepEqual(panelOrder(["c", "a", "b"], ["b", "x", "a"]), [
    "b",
    "a",
    "c",
  ]);
  assert.deepEqual(panelOrder([], ["x"]), []);
});

Deno.test("panelLayout leaves room for titles and hides the fy axis", () => {
  const layout = panelLayout(["a", "b"], 100);
  assert.equal(layout.fy?.axis, null);
  assert.deepEqual(layout.fy?.domain, ["a", "b"]);
  assert.equal(
    layout.height,
    (layout.marginTop ?? 0) + (layout.marginBottom ?? 0) + 200,
  );
  assert.ok((layout.fy?.paddingInner as number) > 0);
  assert.equal(panelLayout([], 100).height, panelLayout(["a"], 100).height);
});

Deno.test("isLoggable accepts positive finite numbers only", () => {
  assert.deepEqual(
    [1, 0.001, 0, -1, Number.NaN, Infinity, null, undefined].map(isLoggable),
    [
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ],
  );
});
