import assert from "node:assert/strict";
import * as Plot from "@observablehq/plot";
import { svgTexts } from "./charts/mark_queries.ts";
import { renderSvg } from "./render_svg.ts";

Deno.test("renderSvg returns standalone SVG with its namespace and a white background", () => {
  const svg = renderSvg({
    marks: [Plot.text(["a < b & c"], { frameAnchor: "middle" })],
  });
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<\/svg>$/);
  assert.match(svg, /style="background:white;color:black"/);
  assert.deepEqual(svgTexts(svg), ["a < b & c"]);
});

Deno.test("renderSvg takes a style string and trims coordinates, not text", () => {
  const svg = renderSvg({
    style: "background: black",
    marks: [
      Plot.dot([1.123456], { x: (d: number) => d }),
      Plot.text(["0.123456"], { frameAnchor: "top" }),
    ],
  });
  assert.match(svg, /style="background: black"/);
  assert.doesNotMatch(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ""), /\.\d{3}/);
  assert.ok(svgTexts(svg).includes("0.123456"));
});

Deno.test("renderSvg throws when Plot would make an HTML figure", () => {
  assert.throws(() => renderSvg({ title: "A title", marks: [] }), TypeError);
  assert.throws(
    () =>
      renderSvg({
        color: { legend: true },
        marks: [Plot.dot([{ k: "a" }], { fill: "k" })],
      }),
    /Cannot render the chart as SVG: Plot made a <figure>/,
  );
});
