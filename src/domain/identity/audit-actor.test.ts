import { expect, it } from "vitest";
import { auditActorLabel } from "./audit-actor";

it("names a person by email, an API key by its name, and otherwise the system", () => {
  expect(auditActorLabel({ actorEmail: "ann@example.com", actorApiKeyName: null })).toBe("ann@example.com");
  expect(auditActorLabel({ actorEmail: null, actorApiKeyName: "Asset system" })).toBe("API key “Asset system”");
  expect(auditActorLabel({ actorEmail: null, actorApiKeyName: null })).toBe("system");
});
