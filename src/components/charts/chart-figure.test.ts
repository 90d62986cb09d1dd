import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ChartFigure } from "./chart-figure";

describe("ChartFigure", () => {
  it("names the figure by its title, hides the drawing from assistive technology and gives the same figures as a table", () => {
    const html = renderToStaticMarkup(
      createElement(ChartFigure, {
        title: "Uplinks per hour",
        summary: "3 in all.",
        columns: ["Hour starting", "Uplinks"],
        rows: [{ key: 1, heading: "Mon 09:00", cells: ["2"] }, { key: 2, heading: "Mon 10:00", cells: ["1"] }],
        children: createElement("svg", null),
      }),
    );
    const titleId = /<figure aria-labelledby="([^"]+)"/.exec(html)?.[1];
    expect(titleId).toBeTruthy();
    expect(html).toContain(`<figcaption id="${titleId}" class="text-sm font-medium text-slate-800">Uplinks per hour</figcaption>`);
    expect(html).toContain('<p class="text-xs text-slate-500">3 in all.</p><div aria-hidden="true"><svg></svg></div>');
    expect(html).toContain(
      '<table class="sr-only"><caption>Uplinks per hour</caption><thead><tr><th scope="col">Hour starting</th><th scope="col">Uplinks</th></tr></thead>' +
        '<tbody><tr><th scope="row">Mon 09:00</th><td>2</td></tr><tr><th scope="row">Mon 10:00</th><td>1</td></tr></tbody></table>',
    );
  });
});
