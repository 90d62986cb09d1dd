import { describe, expect, it } from "vitest";
import { deviceOptions } from "./device-options";

const bin = (n: number) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, name: `Bin ${n}` });

describe("the alert form's device options", () => {
  it("keep the rule's own device when it is not among those listed (or before any are loaded)", () => {
    const page = Array.from({ length: 100 }, (_, i) => bin(i));
    const own = bin(250);
    const options = deviceOptions(page, own);
    expect(options.slice(0, 2)).toEqual([{ value: "", label: "All devices" }, { value: own.id, label: "Bin 250" }]);
    expect(options).toHaveLength(102);
    expect(deviceOptions([], own)).toEqual([{ value: "", label: "All devices" }, { value: own.id, label: "Bin 250" }]);
  });

  it("list the found devices once each, in their order, with all devices first", () => {
    expect(deviceOptions([bin(2), bin(1)], bin(1)).map((o) => o.label)).toEqual(["All devices", "Bin 2", "Bin 1"]);
    expect(deviceOptions([bin(2), bin(1)], null).map((o) => o.value)).toEqual(["", bin(2).id, bin(1).id]);
  });
});
