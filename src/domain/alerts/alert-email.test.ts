import { describe, expect, it } from "vitest";
import { alertEmail } from "./alert-email";

const url = "https://iot.example.gov.uk/t/waste/alerts";
const full = { ruleName: "Bin full", message: "Bin 7: fillPercent is 90, above 80." };
const quiet = { ruleName: "Quiet sensor", message: "Bin 9: silent for 7 hours." };
const held = { startedAt: new Date("2026-11-20T09:00:00Z"), clearedAt: new Date("2026-11-20T11:30:00Z") };

describe("the alert email", () => {
  it("names one new alert in its subject, and lists every new one", () => {
    expect(alertEmail("Waste", [full], [], url)).toEqual({
      subject: "Waste: Bin full",
      text: ["New alerts for Waste:", "", "- Bin full: Bin 7: fillPercent is 90, above 80.", "", `See them in the portal: ${url}`].join("\n"),
    });
    expect(alertEmail("Waste", [full, quiet], [], url).subject).toBe("Waste: 2 new alerts");
  });

  it("says which alerts resolved and when they held, alone or after the new ones", () => {
    const resolved = alertEmail("Waste", [], [{ ...full, ...held }], url);
    expect(resolved.subject).toBe("Waste: resolved: Bin full");
    expect(resolved.text).toContain("Resolved for Waste (the condition no longer holds):\n\n- Bin full: Bin 7: fillPercent is 90, above 80. In force from 2026-11-20 09:00 UTC to 2026-11-20 11:30 UTC.");
    expect(alertEmail("Waste", [], [{ ...full, ...held }, { ...quiet, ...held }], url).subject).toBe("Waste: 2 alerts resolved");
    const both = alertEmail("Waste", [quiet], [{ ...full, ...held }], url);
    expect(both.subject).toBe("Waste: 1 new alert, 1 resolved");
    expect(both.text.indexOf("New alerts")).toBeLessThan(both.text.indexOf("Resolved"));
    expect(both.text.endsWith(`See them in the portal: ${url}`)).toBe(true);
  });
});
