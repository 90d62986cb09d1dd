import { describe, expect, it } from "vitest";
import { auditEmptyState } from "./audit-empty-state";

describe("the audit log's empty state", () => {
  it("says nothing is recorded yet when no filter is set", () => {
    expect(auditEmptyState({ filtered: false, tenantScoped: false }).title).toBe("Nothing recorded yet");
    expect(auditEmptyState({ filtered: false, tenantScoped: true }).title).toBe("Nothing recorded for this tenant yet");
  });

  it("says no entries match when a filter is set, and how to see more", () => {
    expect(auditEmptyState({ filtered: true, tenantScoped: false })).toEqual({ title: "No entries match these filters", hint: "Clear a filter or widen the dates to see more." });
  });
});
