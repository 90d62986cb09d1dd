import { describe, expect, it } from "vitest";
import { csvField, CsvSyntaxError, parseCsv } from "./csv";

const fieldsOf = (text: string) => parseCsv(text).map((r) => r.fields);

describe("parseCsv", () => {
  it("reads comma-separated records with LF or CRLF line ends", () => {
    expect(fieldsOf("a,b\n1,2\r\n3,4")).toEqual([["a", "b"], ["1", "2"], ["3", "4"]]);
  });

  it("reads quoted fields with commas, line breaks and doubled quotes", () => {
    expect(fieldsOf('name,description\n"Bin, 14","says ""hi""\nand more"\n')).toEqual([["name", "description"], ["Bin, 14", 'says "hi"\nand more']]);
  });

  it("numbers records by the line they start on", () => {
    expect(parseCsv('a\n"x\ny"\nz').map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it("ignores a byte-order mark and a final line break, keeps blank lines and empty fields", () => {
    expect(fieldsOf("\uFEFFa,b\n\n,\n")).toEqual([["a", "b"], [""], ["", ""]]);
  });

  it("keeps a final quoted empty field", () => {
    expect(fieldsOf('a\n""')).toEqual([["a"], [""]]);
  });

  it("refuses an unterminated quote, naming the line", () => {
    expect(() => parseCsv('a\n"never closed')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"never closed')).toThrow(/line 2/);
  });

  it("quotes only fields that need it", () => {
    expect(["plain", "a,b", 'say "x"', "two\nlines"].map(csvField)).toEqual(["plain", '"a,b"', '"say ""x"""', '"two\nlines"']);
    expect(fieldsOf(["a,b", 'say "x"'].map(csvField).join(","))).toEqual([["a,b", 'say "x"']]);
  });
});
