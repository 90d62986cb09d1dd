import { describe, expect, it } from "vitest";
import { penceAsPounds, toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes separators and quotes, and defuses formulas", () => {
    expect(toCsv(["a", "b"], [["Smith, J", 'say "hi"'], ["=HYPERLINK(1)", null], [-5, "@x"]])).toBe(
      'a,b\r\n"Smith, J","say ""hi"""\r\n\'=HYPERLINK(1),\r\n-5,\'@x\r\n',
    );
  });
});

describe("penceAsPounds", () => {
  it.each([[0, "0.00"], [5, "0.05"], [123456, "1234.56"], [-250, "-2.50"]])("%i → %s", (pence, text) => {
    expect(penceAsPounds(pence)).toBe(text);
  });
});
