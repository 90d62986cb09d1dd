import { describe, expect, it } from "vitest";
import { decodeForm, FormDecodeError } from "./form-decode";

describe("decodeForm", () => {
  it("builds nested objects and arrays from bracket notation", () => {
    const body = "customer=cus_1&items[0][price]=p1&items[0][quantity]=5&items[1][price]=p2&metadata[tenant_id]=t%201&default_tax_rates[0]=txr_1";
    expect(decodeForm(body)).toEqual({
      customer: "cus_1",
      items: [{ price: "p1", quantity: "5" }, { price: "p2" }],
      metadata: { tenant_id: "t 1" },
      default_tax_rates: ["txr_1"],
    });
  });

  it("accepts percent-encoded brackets, '+' as space, empty-bracket arrays and empty values", () => {
    expect(decodeForm("lookup_keys%5B%5D=a&lookup_keys[]=b&name=Parish+council&description=")).toEqual({
      lookup_keys: ["a", "b"],
      name: "Parish council",
      description: "",
    });
  });

  it("orders array items by index", () => {
    expect(decodeForm("a[1]=second&a[0]=first")).toEqual({ a: ["first", "second"] });
  });

  it("rejects conflicting shapes, repeated keys and prototype keys", () => {
    expect(() => decodeForm("a=1&a[b]=2")).toThrow(FormDecodeError);
    expect(() => decodeForm("a=1&a=2")).toThrow(/more than once/);
    expect(() => decodeForm("metadata[__proto__]=x")).toThrow(FormDecodeError);
    expect(() => decodeForm("a[0]=1&a[x]=2")).toThrow(FormDecodeError);
  });
});
