import assert from "node:assert/strict";
import { LEGEND_CLASS, legendMarginRight, legendMarks } from "./legend.ts";
import { allMarks } from "./mark_queries.ts";

const items = [
  { label: "blocking, 1 thread", key: "blocking, 1 thread" },
  { label: "model", color: "gray", swatch: "dashed" as const },
];

Deno.test("legendMarks draws a swatch and a label per item, one row lower each", () => {
  const marks = allMarks({ marks: legendMarks(items) });
  assert.deepEqual(marks.map((mark) => mark.ariaLabel), [
    "dot",
    "text",
    "dot",
    "text",
  ]);
  assert.ok(marks.every((mark) => mark.className === LEGEND_CLASS));
  assert.ok(
    marks.every((mark) =>
      mark.facet === "super" && mark.frameAnchor === "top-left"
    ),
  );
  assert.deepEqual(marks.map((mark) => mark.dy), [8, 8, 22, 22]);
  assert.equal(marks[1].textAnchor, "start");
});

Deno.test("legendMarks colours a keyed swatch through the color scale, else with its colour", () => {
  const [keyed, , literal] = allMarks({ marks: legendMarks(items) });
  assert.equal(keyed.channels.fill.scale, "auto");
  assert.equal(keyed.fill, undefined, "the fill is a channel, not a constant");
  assert.equal(literal.stroke, "gray");
  assert.equal(literal.fill, "none");
  assert.equal(literal.strokeDasharray, "4,2");
});

Deno.test("legendMarks at the top right ends labels before the swatch; at the right it sits in the margin", () => {
  const [swatch, label] = allMarks({
    marks: legendMarks(items, { position: "top-right" }),
  });
  assert.equal(swatch.frameAnchor, "top-right");
  assert.ok((label.dx as number) < (swatch.dx as number));
  assert.equal(label.textAnchor, "end");
  const [outside] = allMarks({
    marks: legendMarks(items, { position: "right" }),
  });
  assert.ok((outside.dx as number) > 0);
});

Deno.test("legendMarginRight grows with the longest label", () => {
  assert.ok(
    legendMarginRight([{ label: "a much longer label" }]) >
      legendMarginRight([{ label: "a" }]),
  );
  assert.equal(legendMarks([]).length, 0);
});
