/**
 * Renders chart options to standalone SVG markup with Observable Plot and a
 * linkedom document.
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

const SVG_NAMESPACE = "http://www.w3.org/2000/svg";

/**
 * A white background and black text unless `options.style` says otherwise,
 * so a chart stays readable on a dark notebook or GitHub theme.
 */
const DEFAULT_STYLE = { background: "white", color: "black" };

/** Decimals beyond the second, in the numbers of a tag's attributes. */
const EXTRA_DECIMALS = /(\.\d{2})\d+/g;

/**
 * Cuts coordinates to 0.01 px: Plot writes full doubles, which makes a
 * chart of a few thousand probes several times larger than it needs to be.
 * Only tags are touched, never text.
 */
function trimDecimals(markup: string): string {
  return markup.replace(/<[^>]+>/g, (tag) => tag.replace(EXTRA_DECIMALS, "$1"));
}

/**
 * The `<svg …>` markup of a plot, with `xmlns` set so it stands alone.
 *
 * @throws {TypeError} if Plot makes an HTML `<figure>` instead, as it does
 * for a title, subtitle, caption or one of its own legends.
 */
export function renderSvg(options: Plot.PlotOptions): string {
  const { document } = parseHTML(
    "<!DOCTYPE html><html><body></body></html>",
  ) as unknown as { document: Plot.PlotOptions["document"] };
  // linkedom cannot take a style string as a property: set it as an attribute.
  const { style = DEFAULT_STYLE, ...rest } = options;
  const inline = typeof style === "string" ? undefined : style;
  const node = Plot.plot({ ...rest, style: inline, document });
  if (node.tagName.toLowerCase() !== "svg") {
    throw new TypeError(
      `Cannot render the chart as SVG: Plot made a <${node.tagName.toLowerCase()}>; ` +
        "drop title, subtitle, caption and scale legends (use legend marks)",
    );
  }
  if (typeof style === "string") node.setAttribute("style", style);
  node.setAttribute("xmlns", SVG_NAMESPACE);
  return trimDecimals(node.outerHTML);
}
