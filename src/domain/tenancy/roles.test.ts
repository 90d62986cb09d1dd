import { describe, expect, it } from "vitest";
import { canAssignRole, hasTenantRole } from "./roles";
import { slugify } from "./slug";

describe("tenant roles", () => {
  it.each([
    ["owner", "admin", true],
    ["admin", "admin", true],
    ["member", "admin", false],
    ["viewer", "member", false],
    ["member", "viewer", true],
  ] as const)("%s has at least %s: %s", (actual, minimum, expected) => {
    expect(hasTenantRole(actual, minimum)).toBe(expected);
  });

  it("only owners can assign ownership", () => {
    expect(canAssignRole("owner", "owner")).toBe(true);
    expect(canAssignRole("admin", "owner")).toBe(false);
    expect(canAssignRole("admin", "member")).toBe(true);
    expect(canAssignRole("member", "viewer")).toBe(false);
  });
});

describe("slugify", () => {
  it("makes a URL-safe handle", () => {
    expect(slugify("Riverside Café Ltd")).toBe("riverside-cafe-ltd");
    expect(slugify("  --  ")).toBe("tenant");
  });
});
