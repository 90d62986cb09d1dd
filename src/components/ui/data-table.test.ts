import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable } from "./data-table";

const row = createElement("tr", null, createElement("td", null, "x"));
const render = (props: Omit<ComponentProps<typeof DataTable>, "children">) => renderToStaticMarkup(createElement(DataTable, { ...props, children: row }));

describe("DataTable", () => {
  it("draws the markup the list pages used to write by hand", () => {
    expect(render({ caption: "Invoices", columns: [{ label: "Number" }, { label: "Total", numeric: true }, { label: "Actions", srOnly: true }], busy: false })).toBe(
      '<div class="overflow-x-auto"><table class="w-full text-left text-sm" aria-busy="false"><caption class="sr-only">Invoices</caption>' +
        '<thead class="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500"><tr>' +
        '<th scope="col" class="py-2 pr-4">Number</th><th scope="col" class="py-2 pr-4 text-right">Total</th><th scope="col" class="py-2"><span class="sr-only">Actions</span></th>' +
        '</tr></thead><tbody class="divide-y divide-slate-100"><tr><td>x</td></tr></tbody></table></div>',
    );
  });

  it("keeps the gap before a hidden last column, as that column's cells keep theirs", () => {
    const html = render({ caption: "Team members", columns: [{ label: "Name" }, { label: "Role" }, false] });
    expect(html).toContain('<th scope="col" class="py-2 pr-4">Role</th></tr>');
    expect(html).not.toContain("aria-busy");
  });

  it("leaves scrolling to a parent, and can keep the header in view there", () => {
    const html = render({ caption: "Import", columns: [{ label: "Row" }, { label: "Result" }], scrollable: false, stickyHeader: true, density: "compact", textSize: "xs" });
    expect(html).toMatch(/^<table class="w-full text-left text-xs">/);
    expect(html).toContain('<thead class="sticky top-0 bg-white border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">');
    expect(html).toContain('<th scope="col" class="py-2 pr-3">Row</th><th scope="col" class="py-2">Result</th>');
  });

  it("draws a footer after the rows", () => {
    const foot = createElement("tfoot", null, createElement("tr", null, createElement("td", null, "total")));
    expect(render({ caption: "Lines", columns: [{ label: "Line" }], foot })).toContain("</tbody><tfoot><tr><td>total</td></tr></tfoot></table>");
  });
});
